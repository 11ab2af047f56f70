// SVG drawing (Graphviz WASM, no browser) of an attack flow.
// STUB: to be implemented (issue 2, item 7).
import { MedflowError } from '../util/errors.ts';
import type { FlowGraph } from '../flow/model.ts';

export async function renderSvg(graph: FlowGraph): Promise<string> {
  void graph;
  throw new MedflowError('svg output is not implemented yet');
}
