// `medflow assess PROFILE (issue 6)`.
// STUB: to be implemented.
import type { Command } from 'commander';

export function registerAssessCommand(program: Command): void {
  void program;
}
