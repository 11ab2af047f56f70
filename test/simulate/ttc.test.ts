// Time to compromise: Monte Carlo medians against closed forms (Erlang-2, max and min of two
// exponentials), band feasibility within the horizon, distributions, and "null when less likely".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, flowFromSpec, parseParams, type FlowSpec } from '../../src/simulate/index.ts';
import { BANDS, cdf, mean, regularizedGammaP, normalCdf, sample, type Dist } from '../../src/simulate/distributions.ts';
import { specId } from '../../src/simulate/synthetic.ts';
import { sfc32 } from '../../src/util/rng.ts';

const EXP1 = { ttc: { dist: 'exponential', rate: 1 } };
const N = 100_000;

function median(spec: FlowSpec, actions: Record<string, unknown>, seed = 11) {
  const r = analyze(flowFromSpec(spec), parseParams({ actions }), { samples: N, seed });
  return r;
}

test('a chain of two Exp(1) steps: median 1.678 (Erlang-2)', () => {
  const spec: FlowSpec = { name: 'chain', nodes: [{ key: 'A', kind: 'action', effects: ['B'] }, { key: 'B', kind: 'action' }], start: ['A'] };
  const r = median(spec, { [specId(spec, 'A')]: EXP1, [specId(spec, 'B')]: EXP1 });
  assert.ok(Math.abs(r.harm.ttc.p50! - 1.67835) < 0.02, `median ${r.harm.ttc.p50}`);
  assert.ok(Math.abs(r.harm.p - (1 - Math.exp(-30)) ** 2) < 1e-12, 'static: both steps feasible within 30 days');
  // P(T ≤ 30) for Erlang-2 is 1 − 31·e^−30 ≈ 1
  assert.equal(r.harm.within_horizon, 1);
});

test('AND of two Exp(1) steps: median 1.228; OR: 0.347', () => {
  const mk = (op: 'AND' | 'OR'): FlowSpec => ({
    name: `join-${op}`,
    nodes: [
      { key: 'A', kind: 'action', effects: ['J'] },
      { key: 'B', kind: 'action', effects: ['J'] },
      { key: 'J', kind: 'operator', operator: op, effects: ['G'] },
      { key: 'G', kind: 'action' },
    ],
    start: ['A', 'B'],
  });
  const and = mk('AND'), or = mk('OR');
  const ra = median(and, { [specId(and, 'A')]: EXP1, [specId(and, 'B')]: EXP1 });
  const ro = median(or, { [specId(or, 'A')]: EXP1, [specId(or, 'B')]: EXP1 });
  assert.ok(Math.abs(ra.harm.ttc.p50! - 1.22795) < 0.02, `AND median ${ra.harm.ttc.p50}`);
  assert.ok(Math.abs(ro.harm.ttc.p50! - 0.34657) < 0.02, `OR median ${ro.harm.ttc.p50}`);
  // 5th and 95th percentiles of the AND: (1 − e^−t)² = q
  const andQ = (q: number) => -Math.log(1 - Math.sqrt(q));
  assert.ok(Math.abs(ra.harm.ttc.p5! - andQ(0.05)) < 0.02);
  assert.ok(Math.abs(ra.harm.ttc.p95! - andQ(0.95)) < 0.1);
});

test('percentiles are null when harm is less likely than that level', () => {
  const spec: FlowSpec = { name: 'rare', nodes: [{ key: 'A', kind: 'action' }], start: ['A'] };
  const r = analyze(flowFromSpec(spec), parseParams({ actions: { [specId(spec, 'A')]: { p: 0.3, ttc: { dist: 'constant', value: 2 } } } }), { samples: 20_000 });
  assert.equal(r.harm.ttc.p5, 2);
  assert.equal(r.harm.ttc.p50, null);
  assert.equal(r.harm.ttc.p95, null);
  assert.ok(Math.abs(r.harm.within_horizon! - 0.3) < 0.015);
});

test('bands: per-step feasibility within 30 days (method note values)', () => {
  const H = 30;
  const f = (b: keyof typeof BANDS) => BANDS[b].pExist * cdf(BANDS[b].dist, H);
  assert.ok(Math.abs(f('HardAndCertain') - 0.9502) < 1e-4);
  assert.ok(Math.abs(f('VeryHardAndCertain') - 0.2592) < 1e-4);
  assert.ok(Math.abs(f('HardAndUncertain') - 0.4751) < 1e-4);
  assert.ok(Math.abs(f('VeryHardAndUncertain') - 0.1296) < 1e-4);
  assert.ok(f('EasyAndCertain') > 0.999999);
  // the engine uses the band of a step's flow metadata, then the horizon
  const spec: FlowSpec = { name: 'band', nodes: [{ key: 'A', kind: 'action', band: 'HardAndUncertain' }], start: ['A'] };
  const r = analyze(flowFromSpec(spec), undefined, { samples: 50_000, horizonDays: 30 });
  assert.equal(r.harm.p, Math.round(0.5 * (1 - Math.exp(-3)) * 1e12) / 1e12);
  assert.deepEqual(r.unparameterized, []);
  // TTC: P(exists) · P(Exp(0.1) ≤ 30) = .4751; median null (below 50%)
  assert.ok(Math.abs(r.harm.within_horizon! - 0.4751) < 0.01);
  assert.equal(r.harm.ttc.p50, null);
  assert.ok(Math.abs(r.harm.ttc.p5! - -Math.log(1 - 0.1) / 0.1) < 0.1, `p5 ${r.harm.ttc.p5}`);
});

test('distributions: CDFs and sample means', () => {
  assert.ok(Math.abs(regularizedGammaP(2, 1.67835) - 0.5) < 1e-5, 'Erlang-2 median');
  assert.ok(Math.abs(normalCdf(1.959963984540054) - 0.975) < 1e-12);
  assert.ok(Math.abs(normalCdf(-1) - 0.15865525393145707) < 1e-12);
  const dists: Dist[] = [
    { kind: 'exponential', rate: 0.5 },
    { kind: 'gamma', shape: 2.5, rate: 1.5 },
    { kind: 'gamma', shape: 0.5, rate: 1 },
    { kind: 'lognormal', mu: 0.2, sigma: 0.5 },
    { kind: 'uniform', min: 1, max: 3 },
    { kind: 'weibull', shape: 1.5, scale: 2 },
    { kind: 'constant', value: 4 },
  ];
  const rng = sfc32(3);
  for (const d of dists) {
    const xs = Array.from({ length: 40_000 }, () => sample(d, rng.float));
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(m - mean(d)) < 0.03 * Math.max(1, mean(d)), `${d.kind} mean ${m} vs ${mean(d)}`);
    if (d.kind !== 'constant') {
      const t = mean(d);
      const frac = xs.filter((x) => x <= t).length / xs.length;
      assert.ok(Math.abs(frac - cdf(d, t)) < 0.01, `${d.kind} cdf at mean: ${frac} vs ${cdf(d, t)}`);
    }
  }
});
