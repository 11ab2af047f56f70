// `medflow simulate FLOW …` (issue 3): loads a flow and optional parameters file, runs the
// simulation engine and prints readable tables or the JSON document.
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadFlowArgument } from './flow-input.ts';
import { flowOf } from '../flow/model.ts';
import { formatIssue, type Issue } from '../util/issue.ts';
import { analyzeModelAsync, buildModel, emptyParams, loadParams, type Method } from '../simulate/index.ts';
import { formatResult, resultJsonText } from '../simulate/report.ts';
import { action, emit, intOption, progress, progressDone } from './run.ts';

interface SimulateOptions {
  params?: string;
  method: Method;
  samples?: number;
  seed: number;
  horizon?: number;
  threads?: number | 'auto';
  ciWidth?: number;
  ttc: boolean;
  json?: boolean;
  output?: string;
}

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = value === 'inf' || value === 'infinity' ? Infinity : Number(value);
    if (!(n > 0)) throw new InvalidArgumentError(`${name} must be a positive number, got "${value}"`);
    return n;
  };
}

function threadsOption(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  return intOption('--threads', 1, 64)(value);
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .summary('simulate attacks on a flow: probability of patient harm, time to compromise, cut sets, value of controls')
    .description(
      'Simulate attacks on a flow: probability of reaching patient harm (exact or Monte Carlo), time to ' +
        'compromise, minimal attacks and cut sets, and what each control is worth. Estimates are ' +
        'exploitability-weighted, not calibrated probabilities; unknown step probabilities default to 1. ' +
        'See docs/simulation.md.',
    )
    .argument('<flow>', 'Attack Flow file (STIX 2.1 bundle .json or Attack Flow Builder .afb), or a library flow or scenario id')
    .option('-p, --params <file>', 'parameters file (YAML or JSON): horizon_days, actions, conditions, controls, control_model')
    .addOption(new Option('-m, --method <method>', 'engine for P(reach)').choices(['auto', 'exact', 'mc']).default('auto'))
    .option('-n, --samples <n>', 'Monte Carlo samples (default: adaptive until the 95% interval is narrow enough)', intOption('--samples', 1, 100_000_000))
    .option('-s, --seed <seed>', 'PRNG seed (same seed, same output)', intOption('--seed', 0, 0xffffffff), 1)
    .option('-H, --horizon <days>', 'attacker horizon in days (overrides horizon_days; default 30)', positiveNumber('--horizon'))
    .option('-t, --threads <n>', 'worker threads for Monte Carlo, or "auto" (output does not depend on it)', threadsOption, 'auto')
    .option('--ci-width <w>', 'adaptive stop: full width of the 95% interval (default 0.01)', positiveNumber('--ci-width'))
    .option('--no-ttc', 'skip time-to-compromise Monte Carlo')
    .option('--json', 'print the JSON document instead of tables')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .addHelpText('after', `
Exit status: 0 done, 2 unusable input (the message names the file and the place).

Examples:
  $ medflow simulate infusion-pump-unauthenticated-command         a library flow, worst case (every step p = 1)
  $ medflow simulate retired-pump-wifi-to-ward-overdose-cover-up   a composed library scenario
  $ medflow simulate incident.afb --params my-controls.yaml        your flow with your step and control parameters
  $ medflow simulate flow.json --method mc --seed 7 --threads 2 --json > result.json
                                                                   same seed, same bytes, whatever the thread count`)
    .action(action(async (file: string, opts: SimulateOptions) => {
      const loaded = loadFlowArgument(file, { repair: true });
      const params = opts.params ? loadParams(opts.params) : emptyParams();
      const model = buildModel(loaded.graph, params, { horizonDays: opts.horizon });
      // auto: threads only when the Monte Carlo work outweighs starting workers (about a second)
      const work = model.circuit.nGates * (opts.samples ?? 50_000) * (opts.ttc ? 1 : 0.1);
      const threads = opts.threads === 'auto' || opts.threads === undefined
        ? (work >= 4e7 ? Math.min(4, availableParallelism()) : 1)
        : opts.threads;
      const started = performance.now();
      const result = await analyzeModelAsync(model, {
        method: opts.method,
        seed: opts.seed,
        samples: opts.samples,
        threads,
        ttc: opts.ttc,
        ...(opts.ciWidth !== undefined ? { targetHalfWidth: opts.ciWidth / 2 } : {}),
        onProgress: (done, total) => {
          if (performance.now() - started > 1000) progress(`simulating: ${done.toLocaleString('en-US')} samples (up to ${total.toLocaleString('en-US')})`);
        },
      });
      progressDone();
      result.provenance.flow_file = file;
      result.provenance.flow_format = loaded.format;
      if (opts.params) result.provenance.parameters_file = opts.params;
      printWarnings([...loaded.warnings, ...result.warnings], file);
      const name = flowOf(loaded.graph)?.name ?? file;
      emit(opts.json ? resultJsonText(result) : formatResult(result, { title: name, file }), opts.output);
    }));
}

/** Warnings on standard error, at most five per kind (the JSON document keeps them all). */
function printWarnings(list: Issue[], file: string): void {
  const seen = new Map<string, number>();
  for (const w of list) {
    const n = (seen.get(w.code) ?? 0) + 1;
    seen.set(w.code, n);
    if (n <= 5) process.stderr.write(`medflow: ${formatIssue(w, 'warning', file)}\n`);
  }
  for (const [code, n] of seen) {
    if (n > 5) process.stderr.write(`medflow: ${file}: warning: … and ${n - 5} more [${code}] (all are listed in --json output)\n`);
  }
}
