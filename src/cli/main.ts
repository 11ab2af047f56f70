// The medflow command line: one program, one sub-command group per feature folder.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerFlowCommands } from './flow.ts';
import { registerSimulateCommand } from './simulate.ts';
import { registerLibraryCommands } from './library.ts';
import { registerThreatModelCommands } from './threatmodel.ts';
import { registerThreatModelExtras } from './threatmodel-extra.ts';
import { registerImportCommands } from './import.ts';
import { registerControlsCommands } from './controls.ts';
import { registerRaciCommand } from './raci.ts';
import { registerAssessCommand } from './assess.ts';
import { reportError } from './run.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('medflow')
    .description(
      'Security toolkit for cloud-connected medical devices: patient-safety attack flows (MITRE Attack Flow), ' +
        'attack simulation, threat models, controls with five-party RACI, and device security assessment.',
    )
    .version(pkg.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false });
  registerFlowCommands(program);
  registerSimulateCommand(program);
  registerLibraryCommands(program);
  registerThreatModelCommands(program);
  registerThreatModelExtras(program);
  registerImportCommands(program);
  registerControlsCommands(program);
  registerRaciCommand(program);
  registerAssessCommand(program);
  return program;
}

// Quiet exit when the reader of our output goes away (e.g. `medflow … | head`).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

buildProgram().parseAsync(process.argv).catch(reportError);
