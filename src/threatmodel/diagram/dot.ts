// Graphviz DOT of an architecture's data-flow diagram: nested trust boundaries as nested clusters, DFD roles as
// shapes (process: ellipse, store: cylinder, external entity: box), safety-critical components outlined in red
// and marked ⚕, out-of-scope ones dashed and grey, flows labelled with protocol and data assets, and flows that
// cross a trust boundary drawn bold in orange. Linear in model size; output is deterministic.
import type { Architecture, Component, DfdRole } from '../model.ts';
import { diagramModel, type DiagramBoundary, type DiagramModel, type DiagramOptions } from './layout.ts';

/** A DOT double-quoted string. */
export function dotString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n') + '"';
}

const SHAPE: Record<DfdRole, string> = { process: 'ellipse', store: 'cylinder', external: 'box' };
const FILL: Record<DfdRole, string> = { process: '#eef4ff', store: '#f3f0ff', external: '#f6f8fa' };
const BOUNDARY_COLOR: Record<string, string> = {
  device: '#7a1111', 'execution-environment': '#9a3412', 'patient-home': '#15803d', 'hdo-network': '#1d4ed8',
  'network-segment': '#475569', 'vendor-network': '#7c3aed', 'cloud-account': '#0369a1', 'cloud-network': '#0e7490', 'third-party': '#a16207',
};
export const CROSSING_COLOR = '#c2410c';
export const SAFETY_COLOR = '#b91c1c';

const nodeId = (id: string) => dotString(`c:${id}`);

function nodeLine(c: Component, d: DiagramModel, indent: string): string {
  const role = d.role(c);
  const attrs = [
    `label=${dotString(`${c.safety_critical ? '⚕ ' : ''}${c.name}\n${c.kind}`)}`,
    `shape=${SHAPE[role]}`,
    `style=${dotString(c.in_scope === false ? 'dashed' : 'filled')}`,
    ...(c.in_scope === false ? ['color="#9ca3af"', 'fontcolor="#6b7280"'] : [`fillcolor="${FILL[role]}"`]),
    ...(c.safety_critical ? [`color="${SAFETY_COLOR}"`, 'penwidth=2.5'] : []),
    `tooltip=${dotString(`${c.id} (${role}, ${c.hosting}, operated by ${c.operator})`)}`,
  ];
  return `${indent}${nodeId(c.id)} [${attrs.join(', ')}];\n`;
}

function cluster(n: DiagramBoundary, d: DiagramModel, depth: number, out: string[]): void {
  const ind = '  '.repeat(depth);
  const color = BOUNDARY_COLOR[n.b.type] ?? '#475569';
  out.push(`${ind}subgraph ${dotString(`cluster_${n.b.id}`)} {\n`);
  out.push(`${ind}  label=${dotString(`${n.b.name} (${n.b.type})`)}; style="dashed,rounded"; color="${color}"; fontcolor="${color}"; penwidth=1.5;\n`);
  for (const c of n.members) out.push(nodeLine(c, d, ind + '  '));
  for (const ch of n.children) cluster(ch, d, depth + 1, out);
  out.push(`${ind}}\n`);
}

/** DOT text of the model's data-flow diagram (or of one FDA view). */
export function renderDot(model: Architecture, opts: DiagramOptions = {}): string {
  const d = diagramModel(model, opts);
  const out: string[] = [];
  out.push(`digraph ${dotString(model.id)} {\n`);
  out.push(`  graph [label=${dotString(d.title)}, labelloc=t, fontsize=14, fontname="Helvetica", rankdir=${opts.direction ?? 'LR'}, ` +
    'newrank=true, nodesep=0.4, ranksep=0.7];\n');
  out.push('  node [fontname="Helvetica", fontsize=10];\n');
  out.push('  edge [fontname="Helvetica", fontsize=9, color="#57606a", fontcolor="#424a53"];\n');
  for (const r of d.roots) cluster(r, d, 1, out);
  for (const c of d.loose) out.push(nodeLine(c, d, '  '));
  const showAssets = opts.assets !== false;
  for (const { f, crossing } of d.flows) {
    const assets = showAssets && f.assets?.length ? `\n${f.assets.map(d.assetName).join(', ')}` : '';
    const label = `${f.name ? `${f.name}\n` : ''}${f.protocol}${assets}`;
    const attrs = [
      `label=${dotString(label)}`,
      ...(crossing ? [`color="${CROSSING_COLOR}"`, 'penwidth=2', `fontcolor="${CROSSING_COLOR}"`] : []),
      ...(f.bidirectional ? ['dir=both'] : []),
      `tooltip=${dotString(`${f.id}${crossing ? ' (crosses a trust boundary)' : ''}`)}`,
    ];
    out.push(`  ${nodeId(f.source)} -> ${nodeId(f.target)} [${attrs.join(', ')}];\n`);
  }
  out.push('}\n');
  return out.join('');
}
