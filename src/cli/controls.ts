// `medflow controls list|show|coverage (issue 6)`.
// STUB: to be implemented.
import type { Command } from 'commander';

export function registerControlsCommands(program: Command): void {
  void program;
}
