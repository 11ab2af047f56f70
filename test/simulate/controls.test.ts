// Control analysis: direction of effects, reliance, joint evaluation, minimal control sets (exact
// and greedy), and Monte Carlo what-ifs with common random numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadFlowFile } from '../../src/flow/load.ts';
import {
  analyze, buildModel, controlSetsFrom, evaluateControlSet, minimalControlSets, parseParams, rankControls, syntheticFlow,
} from '../../src/simulate/index.ts';
import { ROOT } from '../helpers.ts';

const graph = loadFlowFile(join(ROOT, 'test/fixtures/simulate/worked-example.json')).graph;
const P = { T1566: 0.5, T1190: 0.2, 'T1078.004': 0.7, T0831: 0.9 };

test('implementing a control lowers harm; removing an implemented one raises it', () => {
  const base = analyze(graph, parseParams({ actions: P }), { ttc: false }).harm.p;
  for (const effectiveness of ['minimal', 'partial', 'significant'] as const) {
    const withCtl = (status: string) => analyze(graph, parseParams({ actions: P, controls: [{ id: 'c', mitigates: ['T1078'], status, effectiveness }] }), { ttc: false });
    const impl = withCtl('implemented'), part = withCtl('partial'), none = withCtl('not-implemented');
    assert.ok(impl.harm.p < part.harm.p && part.harm.p < none.harm.p, effectiveness);
    assert.equal(none.harm.p, base);
    assert.equal(impl.controls[0].delta_p, 0);
    assert.ok(impl.controls[0].reliance > 0);
    assert.equal(Math.round((none.harm.p - impl.harm.p) * 1e12) / 1e12, impl.controls[0].reliance);
    assert.equal(none.controls[0].reliance, 0);
    assert.equal(none.controls[0].delta_p, impl.controls[0].reliance);
    assert.ok(part.controls[0].delta_p > 0 && part.controls[0].reliance > 0);
  }
  // more effective controls remove more
  const delta = (effectiveness: string) => analyze(graph, parseParams({ actions: P, controls: [{ id: 'c', mitigates: ['T1078'], status: 'not-implemented', effectiveness }] }), { ttc: false }).controls[0].delta_p;
  assert.ok(delta('significant') > delta('partial') && delta('partial') > delta('minimal'));
});

test('controls lengthen time to compromise (bypass time added when in force)', () => {
  const params = (status: string) => parseParams({
    actions: { T1566: { ttc: { dist: 'exponential', rate: 1 } }, T1190: { ttc: { dist: 'exponential', rate: 1 } }, 'T1078.004': { ttc: { dist: 'exponential', rate: 1 } } },
    controls: [{ id: 'waf', mitigates: ['T1566', 'T1190', 'T1078'], status, effectiveness: 'minimal' }],
  });
  const off = analyze(graph, params('not-implemented'), { samples: 20_000 });
  const on = analyze(graph, params('implemented'), { samples: 20_000 });
  assert.ok(on.harm.ttc.p50! > off.harm.ttc.p50! + 5, `${on.harm.ttc.p50} vs ${off.harm.ttc.p50}`);
  assert.ok(on.harm.within_horizon! < off.harm.within_horizon!);
});

test('minimal control sets: exact, uncuttable flows, and the greedy fallback with its bound', () => {
  const model = buildModel(graph, parseParams({
    actions: P,
    controls: [
      { id: 'email', mitigates: ['T1566'] },
      { id: 'mfa', mitigates: ['T1078'] },
      { id: 'patch', mitigates: ['T1190'] },
      { id: 'pump', mitigates: ['T0831'] },
      { id: 'nothing', mitigates: ['T1040'] },
    ],
  }));
  const r = analyze(graph, parseParams({ actions: P, controls: model.controls.map((c) => c.spec) }), { ttc: false });
  assert.deepEqual(r.minimal_control_sets, { method: 'exact', sets: [['email'], ['pump'], ['mfa', 'patch']], total: 3 });
  const greedy = controlSetsFrom(model, undefined, r.minimal_attacks!);
  assert.deepEqual(minimalControlSets(model), r.minimal_control_sets);
  assert.equal(greedy.method, 'greedy');
  assert.equal(greedy.sets.length, 1);
  assert.equal(greedy.sets[0].length, 1, 'greedy finds a single control hitting both attacks');
  assert.ok(greedy.lower_bound! <= greedy.sets[0].length && greedy.approximation_factor! >= 1);
  const partial = buildModel(graph, parseParams({ controls: [{ id: 'mfa', mitigates: ['T1078'] }] }));
  const u = controlSetsFrom(partial, undefined, r.minimal_attacks!);
  assert.deepEqual(u.sets, []);
  assert.match(u.note!, /no set of the given controls cuts every path/);
  const ue = analyze(graph, parseParams({ controls: [{ id: 'mfa', mitigates: ['T1078'] }] }), { ttc: false }).minimal_control_sets!;
  assert.equal(ue.method, 'exact');
  assert.match(ue.note!, /no set of the given controls/);
});

test('Monte Carlo what-ifs: common random numbers give low-noise, deterministic differences', () => {
  const model = buildModel(graph, parseParams({ actions: P, controls: [{ id: 'mfa', mitigates: ['T1078'], status: 'not-implemented', multiplier: 0.2 }] }));
  const a = evaluateControlSet(model, { mfa: 'implemented' }, { method: 'mc', samples: 20_000, seed: 9 });
  const b = evaluateControlSet(model, { mfa: 'implemented' }, { method: 'mc', samples: 20_000, seed: 9 });
  assert.deepEqual(a, b);
  assert.equal(a.method, 'mc');
  // with CRN the paired difference is far more precise than either estimate (sd of .2016 diff ≈ .0028 here)
  assert.ok(Math.abs(a.delta_p - 0.2016) < 0.012, String(a.delta_p));
  assert.ok(a.variant.p <= a.baseline.p, 'coupled samples: lowering a probability never adds a success');
  assert.throws(() => evaluateControlSet(model, { nope: 'implemented' }), /unknown control "nope"/);
});

test('ranking 50 controls on a large flow uses Monte Carlo with common random numbers', () => {
  const g = syntheticFlow(300, 4);
  const controls = Array.from({ length: 50 }, (_, i) => ({
    id: `C${String(i).padStart(2, '0')}`,
    mitigates: [`T${1000 + ((i * 12) % 600)}`, `T${1000 + ((i * 12 + 7) % 600)}`, `T${1000 + ((i * 37 + 3) % 600)}`],
    status: (['implemented', 'partial', 'not-implemented'] as const)[i % 3],
    effectiveness: (['minimal', 'partial', 'significant'] as const)[i % 3],
  }));
  const model = buildModel(g, parseParams({ controls }));
  const ranked = rankControls(model, { method: 'mc', samples: 8192, seed: 3 });
  assert.equal(ranked.length, 50);
  for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].delta_p >= ranked[i].delta_p);
  for (const c of ranked) {
    const spec = controls.find((x) => x.id === c.id)!;
    if (spec.status === 'implemented') assert.equal(c.delta_p, 0);
    if (spec.status === 'not-implemented') assert.equal(c.reliance, 0);
    assert.ok(c.delta_p >= 0 && c.reliance >= 0, 'coupled samples never reverse the direction');
  }
  assert.deepEqual(rankControls(model, { method: 'mc', samples: 8192, seed: 3 }), ranked);
});
