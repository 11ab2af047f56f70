// `medflow simulate FLOW … (issue 3)`.
// STUB: to be implemented.
import type { Command } from 'commander';

export function registerSimulateCommand(program: Command): void {
  void program;
}
