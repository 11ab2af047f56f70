// Data-flow diagram outputs of an architecture: DOT, SVG (Graphviz compiled to WebAssembly, no browser) and
// Mermaid, by name, for `medflow model render`.
import { instance } from '@viz-js/viz';
import { MedflowError } from '../../util/errors.ts';
import type { Architecture } from '../model.ts';
import { renderDot } from './dot.ts';
import type { DiagramOptions } from './layout.ts';
import { renderMermaidDfd } from './mermaid.ts';

export { renderDot } from './dot.ts';
export { renderMermaidDfd } from './mermaid.ts';
export { diagramModel, viewNames, type DiagramOptions, type DiagramView } from './layout.ts';

let viz: Awaited<ReturnType<typeof instance>> | undefined;

/** SVG text of DOT, laid out by Graphviz `dot` (WASM). */
export async function dotToSvg(dot: string): Promise<string> {
  viz ??= await instance();
  const r = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (r.status !== 'success') {
    throw new MedflowError(`Graphviz could not lay out the diagram: ${r.errors.map((e) => e.message).join('; ')}`);
  }
  return r.output;
}

export async function renderSvgDfd(model: Architecture, opts: DiagramOptions = {}): Promise<string> {
  return dotToSvg(renderDot(model, opts));
}

export type DiagramFormatName = 'dot' | 'svg' | 'mermaid';

export const DIAGRAM_FORMATS: Record<DiagramFormatName, { extensions: string[]; render(m: Architecture, o?: DiagramOptions): string | Promise<string> }> = {
  dot: { extensions: ['.dot', '.gv'], render: renderDot },
  svg: { extensions: ['.svg'], render: renderSvgDfd },
  mermaid: { extensions: ['.mmd', '.mermaid'], render: renderMermaidDfd },
};

/** Format from an output file name. */
export function diagramFormatForFile(file: string): DiagramFormatName | undefined {
  const lower = file.toLowerCase();
  for (const [name, f] of Object.entries(DIAGRAM_FORMATS)) if (f.extensions.some((e) => lower.endsWith(e))) return name as DiagramFormatName;
  return undefined;
}
