// Benchmark runner: discovers bench/*.bench.ts, runs each benchmark several times, prints a table of
// medians and writes bench/results.json with the machine it ran on.
//
//   npm run bench                 all benchmarks
//   npm run bench -- simulate     only files whose name contains "simulate"
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { writeText } from '../src/util/io.ts';

/** One measured figure. */
export interface Measurement {
  /** What was measured, e.g. "median ms per flow". */
  metric: string;
  value: number;
  unit: string;
  /** The target from the issue, as text (e.g. "< 5 ms"), and whether it was met. */
  target?: string;
  met?: boolean;
  details?: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  /** Runs the workload and returns its figures (the benchmark itself takes medians over repeats). */
  run(): Promise<Measurement[]> | Measurement[];
}

function machine(): Record<string, unknown> {
  let cpuMax: string | undefined;
  try {
    if (existsSync('/sys/fs/cgroup/cpu.max')) cpuMax = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim();
  } catch { /* not on cgroup v2 */ }
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    cgroup_cpu_max: cpuMax,
  };
}

async function main(): Promise<void> {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const filter = process.argv[2];
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
  const results: Record<string, Measurement[]> = {};
  const rows: string[][] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { benchmarks: Benchmark[] };
    for (const b of mod.benchmarks) {
      process.stderr.write(`running ${b.name}…\n`);
      const ms = await b.run();
      results[b.name] = ms;
      for (const m of ms) {
        rows.push([b.name, m.metric, `${fmt(m.value)} ${m.unit}`, m.target ?? '', m.met === undefined ? '' : m.met ? 'yes' : 'NO']);
      }
    }
  }
  const head = ['benchmark', 'metric', 'median', 'target', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const m = machine();
  console.log(`\nmachine: ${m.cpu}, ${m.cores} cores, node ${m.node}, load ${(m.loadavg as number[]).join(' ')}`);
  const out = join(dir, 'results.json');
  const previous = existsSync(out) && filter ? JSON.parse(readFileSync(out, 'utf8')).results ?? {} : {};
  writeText(out, JSON.stringify({ date: new Date().toISOString(), machine: m, results: { ...previous, ...results } }, fourDigits, 2) + '\n');
  console.log(`wrote ${out}`);
}

/** Timings are not more precise than four significant digits; the file should not pretend otherwise. */
function fourDigits(_key: string, v: unknown): unknown {
  return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v;
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
