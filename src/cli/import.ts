// `medflow import tm7 FILE -o MODEL.yaml (issue 5)`.
// STUB: to be implemented.
import type { Command } from 'commander';

export function registerImportCommands(program: Command): void {
  void program;
}
