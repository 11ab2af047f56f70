// Threat reports at scale: seeded synthetic models of 1,000 components / ~1,500 flows and 10,000 / ~15,000
// run through every rule, then written as JSON and HTML (the targets: < 1 s and < 10 s end to end),
// plus Markdown, SARIF and the DOT diagram; medians, and the growth factor between the two sizes (10 = linear).
// Also the CSA Telesurgery .tm7 import when the shared corpus is present.
// Only types from run.ts (its values would re-enter the runner while it awaits this module); helpers from measure.ts.
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { devNull } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, Measurement } from './run.ts';
import { median, timeRunsSync as timeRuns } from './measure.ts';
import { syntheticArchitecture } from '../src/threatmodel/synthetic.ts';
import { buildIndex } from '../src/threatmodel/graph.ts';
import { evaluate } from '../src/threatmodel/engine.ts';
import { builtinRules } from '../src/threatmodel/rules.ts';
import { THREAT_REPORT_FORMATS, type ThreatReportInput } from '../src/threatmodel/report/index.ts';
import { renderDot } from '../src/threatmodel/diagram/dot.ts';
import { importTm7 } from '../src/tm7/index.ts';
import { CORPUS } from '../test/helpers.ts';

/** Writes the chunks to /dev/null one by one (UTF-8 encoding and the write included), returning the bytes. */
function drain(chunks: Iterable<string>): number {
  const fd = openSync(devNull, 'w');
  let n = 0;
  try {
    for (const c of chunks) n += writeSync(fd, c);
  } finally {
    closeSync(fd);
  }
  return n;
}

function measure(n: number, repeats: number) {
  const model = syntheticArchitecture(n, 42);
  const rules = builtinRules();
  const evalOnce = () => evaluate(buildIndex(model), { rules });
  // The end-to-end pipeline first, as `medflow threats` runs it: nothing else is alive on the heap
  // (holding a second set of threats while timing it made the large run pay for twice the heap).
  const pipelineMs = median(timeRuns(() => {
    const r = evalOnce();
    const i: ThreatReportInput = { model, threats: r.threats, rules: rules.rules, file: `synthetic-${n}.yaml`, engine: r.engine };
    drain(THREAT_REPORT_FORMATS.json.chunks(i));
    drain(THREAT_REPORT_FORMATS.html.chunks(i));
  }, repeats));
  const evalMs = median(timeRuns(evalOnce, repeats));
  const result = evalOnce();
  const input: ThreatReportInput = { model, threats: result.threats, rules: rules.rules, file: `synthetic-${n}.yaml`, engine: result.engine };
  const size: Record<string, number> = {};
  const fmtMs = (name: 'json' | 'html' | 'md' | 'sarif') => median(timeRuns(() => { size[name] = drain(THREAT_REPORT_FORMATS[name].chunks(input)); }, repeats));
  const jsonMs = fmtMs('json');
  const htmlMs = fmtMs('html');
  const mdMs = fmtMs('md');
  const sarifMs = fmtMs('sarif');
  const dotMs = median(timeRuns(() => renderDot(model), repeats));
  return {
    n, flows: model.data_flows?.length ?? 0, threats: result.threats.length, evalMs, jsonMs, htmlMs, mdMs, sarifMs, pipelineMs, dotMs,
    mb: Object.fromEntries(Object.entries(size).map(([k, v]) => [k, Math.round(v / 1e5) / 10])),
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

export const benchmarks: Benchmark[] = [
  {
    name: 'threat reports (synthetic)',
    run(): Measurement[] {
      const small = measure(1000, 7);
      const large = measure(10000, 3);
      const d = (x: typeof small) => ({ components: x.n, flows: x.flows, threats: x.threats, generator: 'src/threatmodel/synthetic.ts', output_mb: x.mb });
      const label = (x: typeof small) => `${x.n} components / ${x.flows} flows / ${x.threats} threats`;
      const out: Measurement[] = [];
      for (const x of [small, large]) {
        const target = x.n === 1000 ? 1000 : 10000;
        out.push({ metric: `all rules + JSON + HTML reports, ${label(x)}`, value: round(x.pipelineMs), unit: 'ms', target: `< ${target} ms`, met: x.pipelineMs < target, details: d(x) });
        out.push({ metric: `rules only, ${x.n} components`, value: round(x.evalMs), unit: 'ms' });
        out.push({ metric: `JSON report, ${x.threats} threats`, value: round(x.jsonMs), unit: 'ms' });
        out.push({ metric: `HTML report, ${x.threats} threats`, value: round(x.htmlMs), unit: 'ms' });
        out.push({ metric: `Markdown report, ${x.threats} threats`, value: round(x.mdMs), unit: 'ms' });
        out.push({ metric: `SARIF 2.1.0, ${x.threats} threats`, value: round(x.sarifMs), unit: 'ms' });
        out.push({ metric: `DOT diagram, ${x.n} components`, value: round(x.dotMs), unit: 'ms' });
      }
      const growth = large.pipelineMs / small.pipelineMs;
      const perThreat = (x: typeof small) => (x.jsonMs + x.htmlMs) / x.threats;
      out.push({ metric: 'growth of rules + JSON + HTML for a 10x model (10 = linear)', value: round(growth * 10) / 10, unit: 'x', target: '<= 13', met: growth <= 13 });
      out.push({
        metric: 'JSON + HTML time per threat, 10k vs 1k model (1 = linear)', value: Math.round((perThreat(large) / perThreat(small)) * 100) / 100, unit: 'x',
        details: { small_us_per_threat: round(perThreat(small) * 1000), large_us_per_threat: round(perThreat(large) * 1000) },
      });
      return out;
    },
  },
  {
    name: 'tm7 import (CSA Telesurgery)',
    run(): Measurement[] {
      const file = join(CORPUS, 'csa-tm7', 'Telesurgery_Threat_Model.tm7');
      if (!existsSync(file)) return [{ metric: 'CSA .tm7 import (corpus not found, skipped)', value: 0, unit: 'ms' }];
      const xml = readFileSync(file, 'utf8');
      let r: ReturnType<typeof importTm7> | undefined;
      const ms = median(timeRuns(() => { r = importTm7(xml, { file }); }, 7));
      return [{
        metric: `import ${Math.round(xml.length / 1e4) / 100} MB .tm7 (parse, geometry, YAML)`, value: round(ms), unit: 'ms',
        details: { elements: r!.report.counts.elements, flows: r!.report.counts.flows, boundaries: r!.report.counts.boundaries, threats: r!.report.counts.threats },
      }];
    },
  },
];
