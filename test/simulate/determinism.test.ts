// Determinism: the same seed gives byte-identical JSON, whatever the number of threads, in the API
// and through the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { analyze, analyzeAsync, parseParams, syntheticFlow, WorkerPool } from '../../src/simulate/index.ts';
import { resultJsonText } from '../../src/simulate/report.ts';
import { ROOT } from '../helpers.ts';

const FIX = join(ROOT, 'test/fixtures/simulate');

test('same seed, same bytes; another seed, other numbers', () => {
  const g = syntheticFlow(150, 2);
  const opts = { method: 'mc' as const, samples: 10_000, seed: 42 };
  const a = resultJsonText(analyze(g, undefined, opts));
  const b = resultJsonText(analyze(g, undefined, opts));
  assert.equal(a, b);
  assert.notEqual(resultJsonText(analyze(g, undefined, { ...opts, seed: 43 })), a);
  // adaptive stopping is deterministic too
  assert.equal(resultJsonText(analyze(g, undefined, { method: 'mc', seed: 5 })), resultJsonText(analyze(g, undefined, { method: 'mc', seed: 5 })));
});

test('worker threads give the same bytes as one thread (Monte Carlo, TTC, controls, adaptive stop)', async () => {
  const g = syntheticFlow(400, 3);
  const controls = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, mitigates: [`T${1000 + i * 90}`, `T${1050 + i * 90}`], status: 'partial' as const }));
  const params = parseParams({ controls });
  const opts = { method: 'mc' as const, seed: 7, structure: false, maxSamples: 30_000 };
  const one = resultJsonText(analyze(g, params, opts));
  const pool = new WorkerPool(2);
  try {
    const two = resultJsonText(await analyzeAsync(g, params, { ...opts, pool }));
    assert.equal(two, one);
    const again = resultJsonText(await analyzeAsync(g, params, { ...opts, samples: 12_345, pool }));
    assert.equal(again, resultJsonText(analyze(g, params, { ...opts, samples: 12_345 })));
  } finally {
    await pool.close();
  }
});

function cli(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin/medflow.js'), 'simulate', ...args], { encoding: 'utf8', cwd: ROOT });
}

test('medflow simulate --json: identical bytes for --threads 1 and --threads 2', () => {
  const args = [join(FIX, 'worked-example.json'), '-p', join(FIX, 'worked-example.params.yaml'), '--method', 'mc', '--json', '--seed', '3', '-n', '50000'];
  const one = cli([...args, '--threads', '1']);
  const two = cli([...args, '--threads', '2']);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  assert.equal(two.stdout, one.stdout);
  const doc = JSON.parse(one.stdout);
  assert.equal(doc.method, 'mc');
  assert.equal(doc.samples, 50_000);
  assert.equal(doc.seed, 3);
});
