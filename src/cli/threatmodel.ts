// `medflow model validate|render|lint|diff and medflow threats (issue 5)`.
// STUB: to be implemented.
import type { Command } from 'commander';

export function registerThreatModelCommands(program: Command): void {
  void program;
}
