// Export of a FlowGraph to a current-format (attack_flow_v2) .afb file with an automatic layout.
// STUB: to be implemented (issue 2, item 6).
import { MedflowError } from '../util/errors.ts';
import type { FlowGraph } from '../flow/model.ts';

export function exportAfb(graph: FlowGraph): string {
  void graph;
  throw new MedflowError('.afb export is not implemented yet');
}
