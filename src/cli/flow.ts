// `medflow flow …`: validate, convert, stats and draw Attack Flow files (.json STIX bundles, .afb).
import type { Command } from 'commander';
import { registerFlowValidate } from './flow-validate.ts';
import { registerFlowConvert } from './flow-convert.ts';

export function registerFlowCommands(program: Command): void {
  const flow = program
    .command('flow')
    .description('read, check, convert and draw Attack Flow files (.json STIX bundles and .afb)');
  registerFlowValidate(flow);
  registerFlowConvert(flow);
}
