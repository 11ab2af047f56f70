// ATT&CK Navigator layer JSON (one layer per domain) of an attack flow.
// STUB: to be implemented (issue 2, item 7).
import { MedflowError } from '../util/errors.ts';
import type { FlowGraph } from '../flow/model.ts';

export async function renderNavigator(graph: FlowGraph): Promise<string> {
  void graph;
  throw new MedflowError('navigator output is not implemented yet');
}
