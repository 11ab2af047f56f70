// The method note's worked example: exact values, the naive-multiplication regression guard,
// structure, control what-ifs, Monte Carlo accuracy and deterministic time to compromise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadFlowFile } from '../../src/flow/load.ts';
import { edgesOf, type FlowGraph } from '../../src/flow/model.ts';
import { analyze, buildModel, evaluateControlSet, loadParams } from '../../src/simulate/index.ts';
import { specId } from '../../src/simulate/synthetic.ts';
import { ROOT } from '../helpers.ts';
import { WORKED } from './worked.ts';

const FIX = join(ROOT, 'test/fixtures/simulate');
const graph = loadFlowFile(join(FIX, 'worked-example.json')).graph;
const params = loadParams(join(FIX, 'worked-example.params.yaml'));
const id = (k: string) => specId(WORKED, k);
const [S, D, B, OR1, AND1, G] = ['S', 'D', 'B', 'OR1', 'AND1', 'G'].map(id);

test('exact: P(G) = 0.342 and every intermediate value', () => {
  const r = analyze(graph, params, { ttc: false });
  assert.equal(r.method, 'exact');
  const p = (x: string) => r.nodes[x].p;
  assert.equal(p(S), 0.5);
  assert.equal(p(D), 0.2);
  assert.equal(p(B), 0.35);
  assert.equal(p(OR1), 0.48);
  assert.equal(p(AND1), 0.38);
  assert.equal(p(G), 0.342);
  assert.equal(r.harm.p, 0.342);
  assert.deepEqual(r.harm.ci_low, 0.342);
  assert.deepEqual(r.harm.ci_high, 0.342);
  assert.deepEqual(Object.values(r.assets).map((e) => e.p), [0.342]);
  assert.deepEqual(r.unparameterized, []);
});

/** Naive propagation (independence assumed): what the engine must never do. */
function naive(g: FlowGraph, p: Record<string, number>): Map<string, number> {
  const ins = new Map<string, string[]>();
  for (const e of edgesOf(g)) if (e.kind === 'effect_refs') ins.set(e.target, [...(ins.get(e.target) ?? []), e.source]);
  const memo = new Map<string, number>();
  const val = (x: string): number => {
    if (memo.has(x)) return memo.get(x)!;
    const o = g.objects.get(x)!;
    const parents = (ins.get(x) ?? []).map(val);
    let v: number;
    if (o.type === 'attack-operator') v = o.operator === 'AND' ? parents.reduce((a, b) => a * b, 1) : 1 - parents.reduce((a, b) => a * (1 - b), 1);
    else v = (parents.length ? 1 - parents.reduce((a, b) => a * (1 - b), 1) : 1) * p[x];
    memo.set(x, v);
    return v;
  };
  for (const x of g.objects.keys()) if (g.objects.get(x)!.type.startsWith('attack-') && g.objects.get(x)!.type !== 'attack-flow' && g.objects.get(x)!.type !== 'attack-asset') val(x);
  return memo;
}

test('naive multiplication gives 0.216, 37% too low; the engine does not', () => {
  const nv = naive(graph, { [S]: 0.5, [D]: 0.2, [B]: 0.7, [G]: 0.9 });
  assert.ok(Math.abs(nv.get(G)! - 0.216) < 1e-12);
  const r = analyze(graph, params, { ttc: false });
  assert.notEqual(r.harm.p, nv.get(G));
  assert.ok(Math.abs(1 - nv.get(G)! / r.harm.p - 0.3684) < 1e-3);
});

test('structure: minimal attacks {S,B,G},{S,D,G}; cut sets {S},{G},{B,D}; 3 steps', () => {
  const r = analyze(graph, undefined, { ttc: false });
  const sorted = (sets: string[][]) => sets.map((s) => [...s].sort()).sort((a, b) => a.length - b.length || (a.join() < b.join() ? -1 : 1));
  assert.deepEqual(r.minimal_attacks, sorted([[S, B, G], [S, D, G]]));
  assert.deepEqual(r.minimal_cut_sets, sorted([[S], [G], [B, D]]));
  assert.equal(r.min_steps_to_harm, 3);
  assert.equal(r.min_techniques_to_harm, 3);
  // structure does not depend on parameters
  const rp = analyze(graph, params, { ttc: false });
  assert.deepEqual(rp.minimal_attacks, r.minimal_attacks);
  assert.deepEqual(rp.minimal_cut_sets, r.minimal_cut_sets);
});

test('controls: B→.14 gives .1404, D→.04 gives .3204, both .07848 (jointly, not additively)', () => {
  const model = buildModel(graph, params);
  const r = analyze(graph, params, { ttc: false });
  const ctl = Object.fromEntries(r.controls.map((c) => [c.id, c]));
  assert.equal(ctl.MFA.delta_p, 0.2016);
  assert.equal(ctl.patch.delta_p, 0.0216);
  assert.equal(ctl.training.delta_p, 0.171);
  assert.deepEqual(r.controls.map((c) => c.id), ['MFA', 'training', 'patch'], 'ranked by delta_p');
  for (const c of r.controls) assert.equal(c.reliance, 0, 'not-implemented controls carry no reliance');
  const mfa = evaluateControlSet(model, { MFA: 'implemented' });
  assert.equal(mfa.variant.p, 0.1404);
  assert.equal(evaluateControlSet(model, { patch: 'implemented' }).variant.p, 0.3204);
  const both = evaluateControlSet(model, { MFA: 'implemented', patch: 'implemented' });
  assert.equal(both.method, 'exact');
  assert.equal(both.variant.p, 0.07848);
  assert.equal(both.delta_p, 0.26352);
  assert.ok(both.delta_p > ctl.MFA.delta_p + ctl.patch.delta_p, 'complementary controls: joint effect exceeds the sum');
  assert.deepEqual(r.minimal_control_sets, { method: 'exact', sets: [['training'], ['MFA', 'patch']], total: 2 });
});

test('Monte Carlo with 10^5 samples lands within 4 standard errors of every exact value', () => {
  const exact = analyze(graph, params, { ttc: false });
  const mc = analyze(graph, params, { method: 'mc', samples: 100_000, seed: 2026, ttc: false });
  assert.equal(mc.method, 'mc');
  assert.equal(mc.samples, 100_000);
  const n = 100_000;
  const check = (name: string, m: number, e: number) => {
    const se = Math.sqrt((e * (1 - e)) / n);
    assert.ok(Math.abs(m - e) <= 4 * se + 1e-5, `${name}: mc ${m} exact ${e} (4σ = ${4 * se})`);
  };
  for (const [k, e] of Object.entries(exact.nodes)) check(k, mc.nodes[k].p, e.p);
  check('harm', mc.harm.p, exact.harm.p);
  assert.ok(mc.harm.ci_low < 0.342 && 0.342 < mc.harm.ci_high, 'the Wilson interval covers the exact value');
  // control differences with common random numbers
  const ex = Object.fromEntries(exact.controls.map((c) => [c.id, c.delta_p]));
  for (const c of mc.controls) assert.ok(Math.abs(c.delta_p - ex[c.id]) < 0.006, `${c.id}: ${c.delta_p} vs ${ex[c.id]}`);
  // TTC: steps take no time here, so P(harm within the horizon) estimates the same 0.342
  const t = analyze(graph, params, { samples: 100_000, seed: 5 });
  check('within horizon', t.harm.within_horizon!, 0.342);
});

test('time to compromise with fixed step times: max(min(1+2, 10), 1) + 0.5 = 3.5 days', () => {
  const ttc = loadParams(join(FIX, 'ttc.params.yaml'));
  const r = analyze(graph, ttc, { samples: 4096 });
  assert.deepEqual(r.harm.ttc, { p5: 3.5, p50: 3.5, p95: 3.5 });
  assert.equal(r.harm.within_horizon, 1);
  assert.equal(analyze(graph, ttc, { samples: 4096, horizonDays: 3 }).harm.within_horizon, 0);
});
