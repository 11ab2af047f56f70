// Threat-model engine at scale: seeded synthetic models of 1,000 components / 1,500 flows and 10,000 /
// 15,000, validated, indexed and run through every rule. Reports medians and the growth factor between the
// two sizes (10 means linear). Report writers (Markdown, HTML, SARIF) add their own figures here later.
// Only types from run.ts (its values would re-enter the runner while it awaits this module); helpers from measure.ts.
import type { Benchmark, Measurement } from './run.ts';
import { median, timeRunsSync as timeRuns } from './measure.ts';
import { syntheticArchitecture } from '../src/threatmodel/synthetic.ts';
import { checkArchitecture } from '../src/threatmodel/load.ts';
import { buildIndex } from '../src/threatmodel/graph.ts';
import { evaluate } from '../src/threatmodel/engine.ts';
import { lintModel } from '../src/threatmodel/lint.ts';
import { builtinRules } from '../src/threatmodel/rules.ts';
import { canonicalJson } from '../src/util/json.ts';

async function measure(n: number, repeats: number) {
  const m = syntheticArchitecture(n, 42);
  const rules = builtinRules();
  const flows = m.data_flows!.length;
  const valid = checkArchitecture(m);
  if (valid.errors.length) throw new Error(`synthetic model invalid: ${valid.errors[0].path}: ${valid.errors[0].message}`);
  let threats = 0;
  const evalMs = median(timeRuns(() => { threats = evaluate(buildIndex(m), { rules }).threats.length; }, repeats));
  const validateMs = median(timeRuns(() => checkArchitecture(m), repeats));
  const result = evaluate(m, { rules });
  const lintMs = median(timeRuns(() => lintModel(m, { rules, result }), repeats));
  const jsonMs = median(timeRuns(() => canonicalJson(result), repeats));
  return { n, flows, threats, evalMs, validateMs, lintMs, jsonMs };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'threatmodel rules (synthetic)',
    async run(): Promise<Measurement[]> {
      const small = await measure(1000, 7);
      const large = await measure(10000, 3);
      const growth = large.evalMs / small.evalMs;
      const details = (x: typeof small) => ({ components: x.n, flows: x.flows, threats: x.threats, rules: builtinRules().rules.length });
      return [
        { metric: `index + all rules, ${small.n} components / ${small.flows} flows`, value: small.evalMs, unit: 'ms', target: '< 1000 ms', met: small.evalMs < 1000, details: details(small) },
        { metric: `index + all rules, ${large.n} components / ${large.flows} flows`, value: large.evalMs, unit: 'ms', target: '< 10000 ms', met: large.evalMs < 10000, details: details(large) },
        { metric: 'growth 10x model (10 = linear)', value: Math.round(growth * 100) / 100, unit: 'x', target: '<= 13', met: growth <= 13 },
        { metric: `schema + semantic validation, ${small.n} components`, value: small.validateMs, unit: 'ms' },
        { metric: `schema + semantic validation, ${large.n} components`, value: large.validateMs, unit: 'ms' },
        { metric: `lint, ${small.n} components`, value: small.lintMs, unit: 'ms' },
        { metric: `lint, ${large.n} components`, value: large.lintMs, unit: 'ms' },
        { metric: `canonical JSON of ${small.threats} threats`, value: small.jsonMs, unit: 'ms' },
        { metric: `canonical JSON of ${large.threats} threats`, value: large.jsonMs, unit: 'ms' },
      ];
    },
  },
];
