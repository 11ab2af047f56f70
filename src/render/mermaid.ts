// Mermaid flowchart text of an attack flow: actions (with technique and tactic), conditions with
// true/false labelled branches, AND/OR operators, assets and other objects. Pure and deterministic;
// GitHub and other Markdown viewers render it.
import type { FlowGraph } from '../flow/model.ts';
import { diagramOf, type DiagramNode, type EdgeStyle, type NodeKind } from './diagram.ts';

/** Text inside a quoted Mermaid label: entity codes for the characters Mermaid would interpret. */
export function mermaidText(s: string): string {
  return s
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/%/g, '#37;')
    .replace(/[\r\n]+/g, ' ');
}

const SHAPES: Record<NodeKind, [string, string]> = {
  action: ['("', '")'],
  condition: ['{{"', '"}}'],
  operator: ['(("', '"))'],
  asset: ['(["', '"])'],
  object: ['["', '"]'],
};

const CLASS_DEFS = [
  'classDef action fill:#dbeafe,stroke:#1d4ed8,color:#0f172a',
  'classDef condition fill:#fef3c7,stroke:#b45309,color:#0f172a',
  'classDef operator fill:#fdba74,stroke:#c2410c,color:#0f172a',
  'classDef asset fill:#dcfce7,stroke:#15803d,color:#0f172a',
  'classDef object fill:#f3f4f6,stroke:#6b7280,color:#0f172a,stroke-dasharray:3 3',
  'classDef start stroke-width:3px',
];

const ARROWS: Record<EdgeStyle, string> = { effect: '-->', true: '-->', false: '-->', asset: '-.->', context: '-.->' };
const EDGE_COLORS: Partial<Record<EdgeStyle, string>> = { true: '#15803d', false: '#b91c1c' };

function label(n: DiagramNode): string {
  const lines = n.title.map(mermaidText);
  if (n.detail) lines.push(`<small>${mermaidText(n.detail)}</small>`);
  return lines.join('<br/>');
}

export function renderMermaid(graph: FlowGraph): string {
  const d = diagramOf(graph);
  const short = new Map(d.nodes.map((n, i) => [n.id, `n${i + 1}`]));
  const out: string[] = [
    '---',
    `title: ${JSON.stringify(d.title)}`,
    '---',
    'flowchart TB',
    `  %% medflow drawing of ${d.flowId ?? 'an attack flow'}; node ids n1… follow the STIX ids listed below`,
  ];
  for (const n of d.nodes) {
    const [open, close] = SHAPES[n.kind];
    out.push(`  ${short.get(n.id)}${open}${label(n)}${close}`);
  }
  const colored: string[] = [];
  d.edges.forEach((e, i) => {
    const text = e.label ? `|${mermaidText(e.label)}|` : '';
    out.push(`  ${short.get(e.source)} ${ARROWS[e.style]}${text} ${short.get(e.target)}`);
    const c = EDGE_COLORS[e.style];
    if (c) colored.push(`  linkStyle ${i} stroke:${c},color:${c}`);
  });
  out.push(...colored);
  out.push(...CLASS_DEFS.map((c) => `  ${c}`));
  for (const kind of ['action', 'condition', 'operator', 'asset', 'object'] as NodeKind[]) {
    const ids = d.nodes.filter((n) => n.kind === kind).map((n) => short.get(n.id));
    if (ids.length) out.push(`  class ${ids.join(',')} ${kind}`);
  }
  const starts = d.nodes.filter((n) => n.start).map((n) => short.get(n.id));
  if (starts.length) out.push(`  class ${starts.join(',')} start`);
  for (const n of d.nodes) out.push(`  %% ${short.get(n.id)} = ${n.id}`);
  return out.join('\n') + '\n';
}
