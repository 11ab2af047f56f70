// The output formats a FlowGraph can be written in, by name and file extension. `medflow flow convert`
// and `medflow library export` use this one registry.
import { writeBundle } from './bundle.ts';
import type { FlowGraph } from './model.ts';
import { exportAfb } from '../afb/export.ts';
import { renderMermaid } from '../render/mermaid.ts';
import { renderDot } from '../render/dot.ts';
import { renderSvg } from '../render/svg.ts';
import { renderNavigator } from '../render/navigator.ts';

export interface OutputFormat {
  name: string;
  /** File extensions that select this format (first is the default). */
  extensions: string[];
  description: string;
  write(graph: FlowGraph): Promise<string> | string;
}

export const OUTPUT_FORMATS: OutputFormat[] = [
  { name: 'stix', extensions: ['.json'], description: 'STIX 2.1 bundle with the Attack Flow extension', write: writeBundle },
  { name: 'afb', extensions: ['.afb'], description: 'Attack Flow Builder file (current format) with automatic layout', write: exportAfb },
  { name: 'mermaid', extensions: ['.mmd', '.mermaid'], description: 'Mermaid flowchart', write: renderMermaid },
  { name: 'dot', extensions: ['.dot', '.gv'], description: 'Graphviz DOT', write: renderDot },
  { name: 'svg', extensions: ['.svg'], description: 'SVG drawing', write: renderSvg },
  { name: 'navigator', extensions: ['.layer.json'], description: 'ATT&CK Navigator layer(s) JSON', write: renderNavigator },
];

export function formatByName(name: string): OutputFormat | undefined {
  return OUTPUT_FORMATS.find((f) => f.name === name);
}

/** Picks the format from a file name (longest matching extension wins, so .layer.json beats .json). */
export function formatForFile(file: string): OutputFormat | undefined {
  const lower = file.toLowerCase();
  let best: { f: OutputFormat; len: number } | undefined;
  for (const f of OUTPUT_FORMATS) for (const ext of f.extensions) {
    if (lower.endsWith(ext) && (!best || ext.length > best.len)) best = { f, len: ext.length };
  }
  return best?.f;
}
