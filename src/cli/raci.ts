// `medflow raci MODEL (issue 6)`.
// STUB: to be implemented.
import type { Command } from 'commander';

export function registerRaciCommand(program: Command): void {
  void program;
}
