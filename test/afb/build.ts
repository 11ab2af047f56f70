// Test helper: builds small current-format (attack_flow_v2) .afb documents by hand, so edge cases
// (cycles, dangling lines, odd templates) can be stated in a few lines.
import { BLOCK_ANCHORS, CONDITION_ANCHORS } from '../../src/afb/templates.ts';

export interface BlockSpec {
  /** Instance id (a UUID unless the test wants otherwise). */
  id: string;
  template: string;
  props?: Array<[string, unknown]>;
}

export interface LineSpec {
  id: string;
  from?: string;
  to?: string;
  /** Anchor the line leaves by (default "270"; conditions: "branch:True" / "branch:False"). */
  via?: string;
}

export const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function v3Doc(blocks: BlockSpec[], lines: LineSpec[], canvasProps: Array<[string, unknown]> = [['name', 'Test flow'], ['scope', 'incident']]): Record<string, unknown> {
  const objects: Record<string, unknown>[] = [];
  const anchorOf = new Map<string, string>();
  const latches = new Map<string, string[]>();
  const canvas = { id: 'flow', instance: uuid(0xffff), properties: canvasProps, objects: [...blocks.map((b) => b.id), ...lines.map((l) => l.id)] };
  objects.push(canvas);
  for (const b of blocks) {
    const anchors: Record<string, string> = {};
    for (const [pos] of b.template === 'condition' ? CONDITION_ANCHORS : BLOCK_ANCHORS) {
      const a = `${b.id}:${pos}`;
      anchors[pos] = a;
      anchorOf.set(`${b.id}|${pos}`, a);
      latches.set(a, []);
    }
    objects.push({ id: b.template, instance: b.id, properties: b.props ?? [], anchors });
  }
  for (const l of lines) {
    const s = `${l.id}:s`, t = `${l.id}:t`;
    if (l.from) latches.get(anchorOf.get(`${l.from}|${l.via ?? '270'}`)!)!.push(s);
    if (l.to) latches.get(anchorOf.get(`${l.to}|90`)!)!.push(t);
    objects.push({ id: 'dynamic_line', instance: l.id, source: s, target: t, handles: [] }, { id: 'generic_latch', instance: s }, { id: 'generic_latch', instance: t });
  }
  for (const [a, ls] of latches) objects.push({ id: a.endsWith(':90') || a.includes('branch') ? 'vertical_anchor' : 'horizontal_anchor', instance: a, latches: ls });
  return { schema: 'attack_flow_v2', theme: 'dark_theme', objects, layout: {}, camera: { x: 0, y: 0, k: 1 } };
}

export const action = (id: string, name: string, tactic: string | null = null, technique: string | null = null): BlockSpec =>
  ({ id, template: 'action', props: [['name', name], ['ttp', [['tactic', tactic], ['technique', technique]]]] });
