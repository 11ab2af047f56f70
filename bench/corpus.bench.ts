// Import + validate the whole shared corpus (65 flows: 4 .afb generations and STIX bundles) in one
// process, after a warm-up: median milliseconds per flow and the total per pass. Files are read once
// up front; each pass parses, imports and validates every text (what `medflow flow validate` does
// after reading the file).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadFlowText } from '../src/flow/load.ts';
import { validateFlow } from '../src/validate/index.ts';
import { exportAfb } from '../src/afb/export.ts';
import { allCorpusFiles } from '../test/helpers.ts';
// Types only: run.ts imports this file from its top-level await, so importing its values would deadlock.
import type { Benchmark, Measurement } from './run.ts';
import { median, percentile } from './measure.ts';

const PASSES = 9;
const WARMUP = 2;

function corpus(): Array<{ name: string; text: string }> {
  return allCorpusFiles().map((f) => ({ name: basename(f), text: readFileSync(f, 'utf8') }));
}

export const benchmarks: Benchmark[] = [
  {
    name: 'corpus import + validate',
    run(): Measurement[] {
      const files = corpus();
      const perFlow = new Map<string, number[]>(files.map((f) => [f.name, []]));
      const totals: number[] = [];
      for (let pass = 0; pass < WARMUP + PASSES; pass++) {
        const t0 = performance.now();
        for (const f of files) {
          const s = performance.now();
          validateFlow(loadFlowText(f.text, f.name));
          if (pass >= WARMUP) perFlow.get(f.name)!.push(performance.now() - s);
        }
        if (pass >= WARMUP) totals.push(performance.now() - t0);
      }
      const medians = [...perFlow.values()].map(median);
      const slowest = [...perFlow].map(([name, xs]) => ({ name, ms: median(xs) })).sort((a, b) => b.ms - a.ms)[0];
      const perFlowMedian = median(medians);
      const total = median(totals);
      return [
        { metric: 'median ms per flow', value: round(perFlowMedian), unit: 'ms', target: '< 5 ms', met: perFlowMedian < 5,
          details: { flows: files.length, passes: PASSES, warmup: WARMUP, p95_ms: round(percentile(medians, 95)), slowest } },
        { metric: 'whole corpus per pass', value: round(total), unit: 'ms', target: '< 1000 ms', met: total < 1000,
          details: { flows: files.length, min_ms: round(Math.min(...totals)), max_ms: round(Math.max(...totals)) } },
      ];
    },
  },
  {
    name: 'corpus .afb export',
    run(): Measurement[] {
      const graphs = corpus().map((f) => loadFlowText(f.text, f.name).graph);
      const times: number[] = [];
      for (let pass = 0; pass < 1 + 3; pass++) {
        for (const g of graphs) {
          const t0 = performance.now();
          exportAfb(g);
          if (pass >= 1) times.push(performance.now() - t0);
        }
      }
      return [{ metric: 'median ms per flow (layout + self-check)', value: round(median(times)), unit: 'ms',
        details: { flows: graphs.length, p95_ms: round(percentile(times, 95)) } }];
    },
  },
];

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
