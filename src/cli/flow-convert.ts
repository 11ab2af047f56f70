// `medflow flow convert IN -o OUT [--to FORMAT]` and `medflow flow stats FILE [--json]`.
// STUB: to be implemented (issue 2, items 6-8).
import type { Command } from 'commander';

export function registerFlowConvert(flow: Command): void {
  void flow;
}
