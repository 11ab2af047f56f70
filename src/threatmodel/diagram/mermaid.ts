// Mermaid flowchart of an architecture's data-flow diagram: trust boundaries as nested subgraphs, DFD roles as
// shapes (process: rounded, store: cylinder, external entity: rectangle), safety-critical components in a red
// class, flows labelled with protocol and assets, boundary-crossing flows styled bold orange via linkStyle.
import type { Architecture, Component, DfdRole } from '../model.ts';
import { CROSSING_COLOR, SAFETY_COLOR } from './dot.ts';
import { diagramModel, type DiagramBoundary, type DiagramModel, type DiagramOptions } from './layout.ts';

/** Text inside a quoted Mermaid label: quotes and angle brackets as entity codes, newlines as <br/>. */
export function mermaidText(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\r?\n/g, '<br/>');
}

const SHAPES: Record<DfdRole, [string, string]> = { process: ['(', ')'], store: ['[(', ')]'], external: ['[', ']'] };

/** Allocates Mermaid-safe ids (letters, digits, underscores) for model ids, unique per prefix. */
class Ids {
  private map = new Map<string, string>();
  private used = new Set<string>();
  get(prefix: string, id: string): string {
    const k = `${prefix}:${id}`;
    let v = this.map.get(k);
    if (v) return v;
    const base = `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    v = base;
    for (let i = 2; this.used.has(v); i++) v = `${base}_${i}`;
    this.used.add(v);
    this.map.set(k, v);
    return v;
  }
}

function node(c: Component, d: DiagramModel, ids: Ids, indent: string): string {
  const [open, close] = SHAPES[d.role(c)];
  return `${indent}${ids.get('c', c.id)}${open}"${mermaidText(`${c.safety_critical ? '⚕ ' : ''}${c.name}`)}<br/><small>${mermaidText(c.kind)}</small>"${close}\n`;
}

function subgraph(n: DiagramBoundary, d: DiagramModel, ids: Ids, depth: number, out: string[]): void {
  const ind = '  '.repeat(depth);
  out.push(`${ind}subgraph ${ids.get('b', n.b.id)}["${mermaidText(`${n.b.name} (${n.b.type})`)}"]\n`);
  for (const c of n.members) out.push(node(c, d, ids, ind + '  '));
  for (const ch of n.children) subgraph(ch, d, ids, depth + 1, out);
  out.push(`${ind}end\n`);
}

/** Mermaid text of the model's data-flow diagram (or of one FDA view). */
export function renderMermaidDfd(model: Architecture, opts: DiagramOptions = {}): string {
  const d = diagramModel(model, opts);
  const ids = new Ids();
  const out: string[] = [];
  out.push(`---\ntitle: ${JSON.stringify(d.title)}\n---\n`);
  out.push(`flowchart ${opts.direction ?? 'LR'}\n`);
  for (const r of d.roots) subgraph(r, d, ids, 1, out);
  for (const c of d.loose) out.push(node(c, d, ids, '  '));
  const crossing: number[] = [];
  const showAssets = opts.assets !== false;
  d.flows.forEach(({ f, crossing: x }, i) => {
    const parts = [f.name, f.protocol, showAssets && f.assets?.length ? f.assets.map(d.assetName).join(', ') : undefined];
    const label = parts.filter((p): p is string => !!p).map(mermaidText).join('<br/>');
    out.push(`  ${ids.get('c', f.source)} ${f.bidirectional ? '<-->' : '-->'}|"${label}"| ${ids.get('c', f.target)}\n`);
    if (x) crossing.push(i);
  });
  out.push(`  classDef safety stroke:${SAFETY_COLOR},stroke-width:3px,color:${SAFETY_COLOR};\n`);
  out.push('  classDef outofscope stroke:#9ca3af,stroke-dasharray:4 3,color:#6b7280;\n');
  const safety = d.components.filter((c) => c.safety_critical && c.in_scope !== false).map((c) => ids.get('c', c.id));
  const oos = d.components.filter((c) => c.in_scope === false).map((c) => ids.get('c', c.id));
  if (safety.length) out.push(`  class ${safety.join(',')} safety;\n`);
  if (oos.length) out.push(`  class ${oos.join(',')} outofscope;\n`);
  if (crossing.length) out.push(`  linkStyle ${crossing.join(',')} stroke:${CROSSING_COLOR},stroke-width:2.5px;\n`);
  return out.join('');
}
