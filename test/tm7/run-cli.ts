// Runs medflow command lines for tests. A tsx process costs seconds to start, so a batch of command lines runs
// in one child process (cli-driver.ts), each with the command definitions of src/cli/main.ts, its standard
// output and error captured and its exit status returned.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

const DRIVER = fileURLToPath(new URL('./cli-driver.ts', import.meta.url));

/** Runs each `medflow ARGS` of `runs` in order, in `cwd`. */
export function runCliBatch(cwd: string, runs: string[][]): CliRun[] {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), DRIVER], {
    cwd, input: JSON.stringify(runs), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`cli driver failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliRun[];
}
