// The drawing model shared by the Mermaid and DOT renderers: which objects become nodes, what their
// labels say, and which references and relationships become (labelled) edges. Pure and deterministic.
import { catalog } from '../catalog/index.ts';
import { edgesOf, flowOf, type FlowEdge, type FlowGraph, type StixObject } from '../flow/model.ts';

export type NodeKind = 'action' | 'condition' | 'operator' | 'asset' | 'object';
export type EdgeStyle = 'effect' | 'true' | 'false' | 'asset' | 'context';

export interface DiagramNode {
  /** STIX id. */
  id: string;
  kind: NodeKind;
  /** Main text, already wrapped into lines. */
  title: string[];
  /** Second, smaller text (technique and tactic of an action, type of other objects). */
  detail?: string;
  /** Listed in the flow's start_refs. */
  start: boolean;
}

export interface DiagramEdge {
  source: string;
  target: string;
  style: EdgeStyle;
  label?: string;
}

export interface Diagram {
  title: string;
  /** The attack-flow id, when there is one. */
  flowId?: string;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const KIND_RANK: Record<NodeKind, number> = { action: 0, condition: 1, operator: 2, asset: 3, object: 4 };
/** Objects that describe the bundle rather than the attack; never drawn. */
const NOT_DRAWN = new Set(['attack-flow', 'extension-definition', 'marking-definition', 'relationship', 'language-content']);

function kindOf(type: string): NodeKind {
  switch (type) {
    case 'attack-action': return 'action';
    case 'attack-condition': return 'condition';
    case 'attack-operator': return 'operator';
    case 'attack-asset': return 'asset';
    default: return 'object';
  }
}

/** Word-wraps text into lines of at most `width` characters (long words are cut), at most `maxLines`. */
export function wrap(text: string, width = 30, maxLines = 4): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let w of words) {
    while (w.length > width) {
      if (line) lines.push(line), (line = '');
      lines.push(w.slice(0, width - 1) + '-');
      w = w.slice(width - 1);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else lines.push(line), (line = w);
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = kept[maxLines - 1].replace(/.{0,1}$/, '…');
    return kept;
  }
  return lines.length ? lines : [''];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function actionDetail(o: StixObject): string | undefined {
  const technique = text(o.technique_id);
  const tacticId = text(o.tactic_id);
  const tactic = tacticId ? (catalog().tactic(tacticId)?.name ?? tacticId) : undefined;
  return [technique, tactic].filter(Boolean).join(' · ') || undefined;
}

function nodeOf(o: StixObject, starts: Set<string>): DiagramNode {
  const kind = kindOf(o.type);
  let title: string;
  let detail: string | undefined;
  switch (kind) {
    case 'action':
      title = text(o.name) ?? '(unnamed action)';
      detail = actionDetail(o);
      break;
    case 'condition':
      title = text(o.description) ?? '(condition)';
      break;
    case 'operator':
      title = text(o.operator) ?? '?';
      break;
    case 'asset':
      title = text(o.name) ?? '(unnamed asset)';
      break;
    default:
      title = text(o.name) ?? text(o.value) ?? text(o.path) ?? text(o.command_line) ?? text(o.content) ?? text(o.relationship_type) ?? o.type;
      detail = o.type;
  }
  return { id: o.id, kind, title: kind === 'operator' ? [title] : wrap(title, 30, kind === 'condition' ? 5 : 4), detail, start: starts.has(o.id) };
}

function edgeOf(e: FlowEdge): DiagramEdge {
  switch (e.kind) {
    case 'effect_refs': return { source: e.source, target: e.target, style: 'effect' };
    case 'on_true_refs': return { source: e.source, target: e.target, style: 'true', label: 'true' };
    case 'on_false_refs': return { source: e.source, target: e.target, style: 'false', label: 'false' };
    case 'asset_refs': return { source: e.source, target: e.target, style: 'asset', label: 'asset' };
    case 'command_ref': return { source: e.source, target: e.target, style: 'context', label: 'command' };
    case 'object_ref': return { source: e.source, target: e.target, style: 'context', label: 'object' };
    case 'relationship': return { source: e.source, target: e.target, style: 'context', label: e.relationship?.type || 'related-to' };
    default: return { source: e.source, target: e.target, style: 'context', label: e.property.replace(/_refs?$/, '').replace(/_/g, ' ') };
  }
}

/** The drawing of a flow: nodes ordered by kind then id, edges in the model's stable order. */
export function diagramOf(g: FlowGraph): Diagram {
  const flow = flowOf(g);
  const starts = new Set(Array.isArray(flow?.start_refs) ? flow.start_refs : []);
  const edges = edgesOf(g);
  const touched = new Set<string>();
  for (const e of edges) touched.add(e.source), touched.add(e.target);
  const nodes: DiagramNode[] = [];
  for (const o of g.objects.values()) {
    if (NOT_DRAWN.has(o.type)) continue;
    // Authors and other identities appear only when something in the drawing points at them.
    if (o.type === 'identity' && !touched.has(o.id)) continue;
    nodes.push(nodeOf(o, starts));
  }
  nodes.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const drawn = new Set(nodes.map((n) => n.id));
  const seen = new Set<string>();
  const out: DiagramEdge[] = [];
  for (const e of edges) {
    if (!drawn.has(e.source) || !drawn.has(e.target)) continue;
    const d = edgeOf(e);
    const key = `${d.source}\u0000${d.target}\u0000${d.style}\u0000${d.label ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return { title: text(flow?.name) ?? 'Attack flow', flowId: flow?.id, nodes, edges: out };
}
