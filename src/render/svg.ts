// SVG drawing of an attack flow: the DOT drawing laid out by Graphviz compiled to WebAssembly
// (@viz-js/viz), so no browser and no system Graphviz is needed. Deterministic for a given input.
import { instance, type Viz } from '@viz-js/viz';
import { MedflowError } from '../util/errors.ts';
import type { FlowGraph } from '../flow/model.ts';
import { renderDot } from './dot.ts';

let viz: Promise<Viz> | undefined;

/** The Graphviz instance, created once per process. */
function graphviz(): Promise<Viz> {
  viz ??= instance();
  return viz;
}

/** Lays out DOT text as SVG. */
export async function dotToSvg(dot: string): Promise<string> {
  const result = (await graphviz()).render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    const why = result.errors.map((e) => e.message).join('; ') || 'unknown Graphviz error';
    throw new MedflowError(`cannot lay out the drawing: ${why}`);
  }
  return result.output;
}

export async function renderSvg(graph: FlowGraph): Promise<string> {
  return dotToSvg(renderDot(graph));
}
