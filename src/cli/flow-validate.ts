// `medflow flow validate FILE... [--json]`.
// STUB: to be implemented (issue 2, item 4).
import type { Command } from 'commander';

export function registerFlowValidate(flow: Command): void {
  void flow;
}
