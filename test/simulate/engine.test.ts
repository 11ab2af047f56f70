// Engine building blocks: bulk random streams equal src/util/rng.ts, BDD/ZBDD operations, Wilson
// intervals, probability quantisation, the exact engine's budget and its Monte Carlo fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MedflowError } from '../../src/util/errors.ts';
import { mixSeed, sfc32 } from '../../src/util/rng.ts';
import { fillFloat, fillU32, newStates, seedStream } from '../../src/simulate/streams.ts';
import { Bdd, BudgetExceeded, FALSE, TRUE, Zdd } from '../../src/simulate/bdd.ts';
import { percentileOrNull, wilson } from '../../src/simulate/stats.ts';
import { quantise } from '../../src/simulate/kernels.ts';
import { analyze, syntheticFlow } from '../../src/simulate/index.ts';

test('bulk streams produce exactly the sfc32 sequence of src/util/rng.ts', () => {
  for (const seed of [0, 1, 0xffffffff, mixSeed(1, 2, 3, 4)]) {
    const ref = sfc32(seed);
    const st = newStates(2);
    seedStream(st, 1, seed);
    const out = new Int32Array(1000);
    fillU32(st, 1, out, 0, 700);
    fillU32(st, 1, out, 700, 300);
    for (let i = 0; i < 1000; i++) assert.equal(out[i] >>> 0, ref.u32());
    const f = new Float64Array(10);
    fillFloat(st, 1, f, 0, 10);
    for (let i = 0; i < 10; i++) assert.equal(f[i], ref.float());
  }
});

test('BDD: canonical forms, probabilities, quantification, duals, minimal solutions', () => {
  const b = new Bdd(1000);
  const [x, y, z] = [0, 1, 2].map((v) => b.variable(v));
  const f = b.and(x, b.or(y, z)); // x(y ∨ z)
  assert.equal(b.or(b.and(x, y), b.and(x, z)), f, 'equal functions are the same node');
  assert.equal(b.and(x, b.not(x)), FALSE);
  assert.equal(b.or(y, b.not(y)), TRUE);
  const p = b.probabilities([0.5, 0.7, 0.2]);
  assert.ok(Math.abs(p[f] - 0.5 * (1 - 0.3 * 0.8)) < 1e-15);
  assert.equal(b.exists(f, (v) => v === 0), b.or(y, z));
  assert.equal(b.minTrueCost(f), 2);
  const z1 = new Zdd(1000);
  const sols = z1.smallest(z1.minsol(b, f), 10);
  assert.deepEqual(sols, [[0, 1], [0, 2]]);
  const cuts = z1.smallest(z1.minsol(b, b.dual(f)), 10);
  assert.deepEqual(cuts, [[0], [1, 2]]);
  assert.equal(z1.count(z1.minsol(b, b.dual(f))), 2);
  const small = new Bdd(4);
  assert.throws(() => {
    let acc = TRUE;
    for (let v = 0; v < 10; v++) acc = small.and(acc, small.or(small.variable(v), small.variable(v + 10)));
  }, BudgetExceeded);
});

test('Wilson intervals and percentiles', () => {
  const w = wilson(0, 10);
  assert.equal(w.low, 0);
  assert.ok(Math.abs(w.high - 0.2775327998628892) < 1e-12);
  const h = wilson(50, 100);
  assert.ok(Math.abs(h.low - 0.4038315303659956) < 1e-12 && Math.abs(h.high - 0.5961684696340044) < 1e-12);
  const xs = Float64Array.from([1, 2, 3, Infinity]);
  assert.equal(percentileOrNull(xs, 0.5), 2);
  assert.equal(percentileOrNull(xs, 0.75), 3);
  assert.equal(percentileOrNull(xs, 0.76), null);
});

test('probabilities are quantised to 16 bits for the bit-parallel kernel', () => {
  assert.equal(quantise(0), 0);
  assert.equal(quantise(1), 65536);
  assert.equal(quantise(0.5), 32768);
  assert.ok(Math.abs(quantise(0.342) / 65536 - 0.342) <= 2 ** -17);
});

test('auto falls back to Monte Carlo when the BDD exceeds its budget; exact refuses clearly', () => {
  const g = syntheticFlow(60, 1);
  const r = analyze(g, undefined, { bddBudget: 50, samples: 4096, ttc: false });
  assert.equal(r.method, 'mc');
  assert.ok(r.warnings.some((w) => w.code === 'exact-budget-exceeded'));
  assert.ok(r.warnings.some((w) => w.code === 'structure-skipped'));
  assert.equal(r.minimal_attacks, null);
  assert.throws(() => analyze(g, undefined, { method: 'exact', bddBudget: 50 }), (e: unknown) => e instanceof MedflowError && /too large for the exact engine/.test(e.message));
  assert.equal(analyze(g, undefined, { ttc: false }).method, 'exact');
});
