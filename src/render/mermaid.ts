// Mermaid flowchart text of an attack flow.
// STUB: to be implemented (issue 2, item 7).
import { MedflowError } from '../util/errors.ts';
import type { FlowGraph } from '../flow/model.ts';

export async function renderMermaid(graph: FlowGraph): Promise<string> {
  void graph;
  throw new MedflowError('mermaid output is not implemented yet');
}
