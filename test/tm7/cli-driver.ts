// Child process of run-cli.ts: reads a JSON list of argument lists on standard input, runs each as
// `medflow ARGS` in this process and prints a JSON list of {status, stdout, stderr}.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerThreatModelCommands } from '../../src/cli/threatmodel.ts';
import { registerThreatModelExtras } from '../../src/cli/threatmodel-extra.ts';
import { registerImportCommands } from '../../src/cli/import.ts';

const runs = JSON.parse(readFileSync(0, 'utf8')) as string[][];
const results: { status: number; stdout: string; stderr: string }[] = [];
const ow = process.stdout.write.bind(process.stdout);
for (const args of runs) {
  const program = new Command('medflow').exitOverride();
  registerThreatModelCommands(program);
  registerThreatModelExtras(program);
  registerImportCommands(program);
  const out: string[] = [];
  const err: string[] = [];
  process.exitCode = undefined;
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  let status = 0;
  try {
    await program.parseAsync(['node', 'medflow', ...args]);
    status = Number(process.exitCode ?? 0);
  } catch (e) {
    status = (e as { exitCode?: number }).exitCode ?? 70;
    err.push(String(e));
  }
  results.push({ status, stdout: out.join(''), stderr: err.join('') });
}
process.exitCode = 0;
ow(JSON.stringify(results));
