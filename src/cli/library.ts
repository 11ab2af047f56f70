// `medflow library list|show|validate|compose|export|coverage (issue 4)`.
// STUB: to be implemented.
import type { Command } from 'commander';

export function registerLibraryCommands(program: Command): void {
  void program;
}
