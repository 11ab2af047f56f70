// Graphviz DOT text of an attack flow, with the same semantics as the Mermaid drawing: actions (technique
// and tactic), conditions with green "true" and red "false" branches, AND/OR operators, assets and other
// objects; entry points drawn with a heavier border. Node ids are the STIX ids. Pure and deterministic.
import type { FlowGraph } from '../flow/model.ts';
import { diagramOf, type Diagram, type DiagramEdge, type DiagramNode, type NodeKind } from './diagram.ts';

/** A double-quoted DOT string. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** Text inside a DOT HTML-like label. */
export function dotHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\r\n]+/g, ' ');
}

const NODE_STYLE: Record<NodeKind, string> = {
  action: 'shape=box, style="rounded,filled", fillcolor="#dbeafe", color="#1d4ed8", fontcolor="#0f172a"',
  condition: 'shape=hexagon, style=filled, fillcolor="#fef3c7", color="#b45309"',
  operator: 'shape=circle, style=filled, fillcolor="#fdba74", color="#c2410c", fontsize=11, width=0.6, fixedsize=true',
  asset: 'shape=box, style="rounded,filled", fillcolor="#dcfce7", color="#15803d", peripheries=2',
  object: 'shape=box, style="filled,dashed", fillcolor="#f3f4f6", color="#6b7280"',
};

function nodeLine(n: DiagramNode): string {
  // Titles stay in the regular weight: Graphviz sizes nodes with regular-weight font metrics.
  const body = n.kind === 'operator' ? `<B>${dotHtml(n.title[0])}</B>` : n.title.map((l) => dotHtml(l)).join('<BR/>');
  const detail = n.detail ? `<BR/><FONT POINT-SIZE="9" COLOR="#475569">${dotHtml(n.detail)}</FONT>` : '';
  const start = n.start ? ', penwidth=2.5' : '';
  return `  ${dotString(n.id)} [${NODE_STYLE[n.kind]}${start}, label=<${body}${detail}>];`;
}

function edgeLine(e: DiagramEdge): string {
  const attrs: string[] = [];
  if (e.label) attrs.push(`label=${dotString(e.label)}`);
  if (e.style === 'true') attrs.push('color="#15803d"', 'fontcolor="#15803d"');
  if (e.style === 'false') attrs.push('color="#b91c1c"', 'fontcolor="#b91c1c"');
  if (e.style === 'asset' || e.style === 'context') attrs.push('style=dashed', 'arrowhead=vee');
  return `  ${dotString(e.source)} -> ${dotString(e.target)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`;
}

export function dotOf(d: Diagram): string {
  const lines = [
    `// medflow drawing of ${d.flowId ?? 'an attack flow'}`,
    `digraph ${dotString(d.flowId ?? 'attack-flow')} {`,
    `  graph [label=${dotString(d.title)}, labelloc=t, fontname="Helvetica", fontsize=16, rankdir=TB, nodesep=0.35, ranksep=0.45];`,
    '  node [fontname="Helvetica", fontsize=10, margin="0.2,0.08"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#475569", fontcolor="#475569"];',
    ...d.nodes.map(nodeLine),
    ...d.edges.map(edgeLine),
    '}',
  ];
  return lines.join('\n') + '\n';
}

export function renderDot(graph: FlowGraph): string {
  return dotOf(diagramOf(graph));
}
