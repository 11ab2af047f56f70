// Parameters files: strict checking with errors naming the file and the field, warnings for ids
// that match nothing, the precedence of parameter sources, and how controls resolve to steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MedflowError } from '../../src/util/errors.ts';
import {
  analyze, buildModel, flowFromSpec, loadParams, parseParams, DEFAULT_CONTROL_MODEL, type FlowSpec,
} from '../../src/simulate/index.ts';
import { specId } from '../../src/simulate/synthetic.ts';
import { ROOT } from '../helpers.ts';

const FIX = join(ROOT, 'test/fixtures/simulate');

function throwsAt(fn: () => unknown, at: string, pattern: RegExp, file?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MedflowError, String(e));
    assert.equal(e.at, at);
    if (file) assert.equal(e.file, file);
    assert.match(e.message, pattern);
    return true;
  });
}

test('bad values are errors naming the file and the field', () => {
  const f = join(FIX, 'bad-p.params.yaml');
  throwsAt(() => loadParams(f), 'actions.T1190.p', /at most 1, got 1\.5/, f);
  throwsAt(() => parseParams({ actions: { T1: { prob: 0.5 } } }, 'x.yaml'), 'actions.T1.prob', /unknown field "prob"/);
  throwsAt(() => parseParams({ actions: { T1: { band: 'Hard' } } }), 'actions.T1.band', /expected one of EasyAndCertain/);
  throwsAt(() => parseParams({ actions: { T1: { band: 'HardAndCertain', p: 0.3 } } }), 'actions.T1', /either "band" or "p"/);
  throwsAt(() => parseParams({ actions: { T1: { ttc: { dist: 'exponential' } } } }), 'actions.T1.ttc', /exactly one of "rate"/);
  throwsAt(() => parseParams({ actions: { T1: { ttc: { dist: 'erlang', k: 1.5, rate: 1 } } } }), 'actions.T1.ttc.k', /whole number/);
  throwsAt(() => parseParams({ conditions: { c: { q: -0.1 } } }), 'conditions.c.q', /at least 0/);
  throwsAt(() => parseParams({ controls: { id: 'x' } }), 'controls', /expected a list/);
  throwsAt(() => parseParams({ controls: [{ id: 'x', mitigates: ['T1'], status: 'done' }] }), 'controls[0].status', /implemented, partial, not-implemented/);
  throwsAt(() => parseParams({ controls: [{ id: 'x', mitigates: [] }] }), 'controls[0].mitigates', /non-empty list/);
  throwsAt(() => parseParams({ controls: [{ id: 'x', mitigates: ['T1'] }, { id: 'x', mitigates: ['T2'] }] }), 'controls[1].id', /duplicate/);
  throwsAt(() => parseParams({ horizon_days: 0 }), 'horizon_days', /greater than 0/);
  throwsAt(() => parseParams({ control_model: { bypass: { huge: 'HardAndCertain' } } }), 'control_model.bypass.huge', /unknown field/);
  throwsAt(() => parseParams({ horizon: 3 }), 'horizon', /unknown field "horizon"/);
  const syntax = join(FIX, 'bad-syntax.params.yaml');
  assert.throws(() => loadParams(syntax), (e: unknown) => e instanceof MedflowError && e.file === syntax && /^\d+:\d+$/.test(e.at ?? '') && /invalid YAML/.test(e.message));
  assert.throws(() => loadParams(join(FIX, 'missing.yaml')), /file not found/);
});

test('accepted forms: shorthand numbers and bands, distributions, an empty file', () => {
  const p = parseParams({
    horizon_days: 14,
    actions: { A: 0.4, B: 'HardAndCertain', C: { ttc: { dist: 'gamma', shape: 2, mean: 4 } }, D: { p: 0.5, ttc: { dist: 'lognormal', median: 3, sigma: 0.5 } } },
    conditions: { c1: 0.25, c2: { q: 0.75 } },
    control_model: { status_weight: { partial: 0.25 }, bypass: { significant: 0.05, minimal: { band: 'EasyAndCertain' } } },
  });
  assert.equal(p.horizonDays, 14);
  assert.deepEqual(p.actions.A, { p: 0.4 });
  assert.deepEqual(p.actions.B, { band: 'HardAndCertain' });
  assert.deepEqual(p.actions.C.ttc, { kind: 'gamma', shape: 2, rate: 0.5 });
  assert.deepEqual(p.actions.D.ttc, { kind: 'lognormal', mu: Math.log(3), sigma: 0.5 });
  assert.deepEqual(p.conditions, { c1: { q: 0.25 }, c2: { q: 0.75 } });
  assert.equal(p.controlModel.statusWeight.partial, 0.25);
  assert.equal(p.controlModel.statusWeight.implemented, 1);
  assert.deepEqual(p.controlModel.bypass.significant, { p: 0.05 });
  assert.deepEqual(p.controlModel.bypass.partial, DEFAULT_CONTROL_MODEL.bypass.partial);
  assert.deepEqual(parseParams(null).actions, {});
});

const SPEC: FlowSpec = {
  name: 'precedence',
  nodes: [
    { key: 'a', kind: 'action', technique: 'T1078.004', effects: ['b'], band: 'EasyAndCertain' },
    { key: 'b', kind: 'action', technique: 'T1078.004', effects: ['c'], band: 'VeryHardAndCertain' },
    { key: 'c', kind: 'action', technique: 'T1190', effects: ['d'], band: 'HardAndCertain' },
    { key: 'd', kind: 'action', technique: 'T1566', effects: ['e'] },
    { key: 'e', kind: 'action', technique: '1021.001', effects: ['k'] },
    { key: 'k', kind: 'condition', onTrue: ['f'] },
    { key: 'f', kind: 'action' },
  ],
  start: ['a'],
};
const g = flowFromSpec(SPEC);
const id = (k: string) => specId(SPEC, k);

test('precedence: STIX id > technique id > parent technique > flow band > worst case', () => {
  const m = buildModel(g, parseParams({ actions: { [id('a')]: 0.9, 'T1078.004': 0.8, T1078: 0.7, T1021: 0.6 } }));
  const src = Object.fromEntries(m.actions.map((a) => [a.id, [a.source.kind, a.pExist]]));
  assert.deepEqual(src[id('a')], ['params-id', 0.9]);
  assert.deepEqual(src[id('b')], ['params-technique', 0.8]);
  assert.deepEqual(src[id('c')], ['flow-band', 1]);
  assert.deepEqual(src[id('d')], ['worst-case', 1]);
  assert.deepEqual(src[id('e')], ['params-technique', 0.6], '"1021.001" is repaired to T1021.001, whose parent T1021 matches');
  assert.deepEqual(m.unparameterized, [id('d'), id('f')].sort());
  assert.deepEqual(m.warnings.filter((w) => w.code === 'shadowed-parameter').map((w) => w.property), ['actions.T1078']);
});

test('ids that match nothing are warned about, not fatal', () => {
  const m = buildModel(g, parseParams({
    actions: { T9999: 0.5, [id('k')]: 0.5 },
    conditions: { 'attack-condition--00000000-0000-4000-8000-000000000000': 0.5 },
    controls: [{ id: 'x', mitigates: ['M9999', 'T8888', 'M1032'] }, { id: 'y', mitigates: ['T1040'] }],
  }, 'p.yaml'));
  const codes = m.warnings.map((w) => `${w.code} ${w.property ?? w.object ?? ''}`).sort();
  assert.deepEqual(codes, [
    'control-covers-nothing controls[1]',
    `misplaced-parameter ${id('k')}`,
    'unknown-mitigation controls[0].mitigates[0]',
    'unknown-parameter-id actions.T9999',
    'unknown-parameter-id conditions.attack-condition--00000000-0000-4000-8000-000000000000',
    'unknown-technique controls[0].mitigates[1]',
  ].sort());
  assert.ok(m.warnings.every((w) => !w.message.includes('p.yaml') || w.message.startsWith('p.yaml: ') || !w.message.includes('actions')));
});

test('control coverage: parent covers sub-techniques, mitigation ids follow ATT&CK, action ids allowed', () => {
  const m = buildModel(g, parseParams({
    controls: [
      { id: 'parent', mitigates: ['T1078'] },
      { id: 'sub', mitigates: ['T1566.001'] },
      { id: 'mit', mitigates: ['M1032'] },
      { id: 'byid', mitigates: [id('f')] },
      { id: 'rdp', mitigates: ['T1021.001'] },
    ],
  }));
  const covers = Object.fromEntries(m.controls.map((c) => [c.spec.id, c.covers.map((i) => m.actions[i].id).sort()]));
  assert.deepEqual(covers.parent, [id('a'), id('b')].sort());
  assert.deepEqual(covers.sub, [], 'a sub-technique does not cover an action tagged with the parent technique');
  assert.deepEqual(covers.mit, [id('a'), id('b'), id('e')].sort(), 'M1032 (MFA) lists T1078.004 and T1021.001');
  assert.deepEqual(covers.byid, [id('f')]);
  assert.deepEqual(covers.rdp, [id('e')]);
});

test('default control mapping (published, a modelling choice) and its override', () => {
  const r = analyze(g, parseParams({ controls: [{ id: 'x', mitigates: ['T1190'], status: 'partial', effectiveness: 'significant' }] }), { ttc: false });
  const mapping = (r.provenance.control_model as { multiplier_at_horizon: Record<string, Record<string, number>> }).multiplier_at_horizon;
  const b = (pExist: number, rate: number) => pExist * (1 - Math.exp(-rate * 30));
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  assert.deepEqual(mapping, {
    implemented: { minimal: r6(b(1, 0.1)), partial: r6(b(0.5, 0.1)), significant: r6(b(0.5, 0.01)) },
    partial: { minimal: r6(0.5 + 0.5 * b(1, 0.1)), partial: r6(0.5 + 0.5 * b(0.5, 0.1)), significant: r6(0.5 + 0.5 * b(0.5, 0.01)) },
    'not-implemented': { minimal: 1, partial: 1, significant: 1 },
  });
  assert.equal(mapping.implemented.significant, 0.129591);
  const o = buildModel(g, parseParams({
    control_model: { status_weight: { partial: 0.2 }, bypass: { significant: 0.1 } },
    controls: [{ id: 'x', mitigates: ['T1190'], status: 'partial', effectiveness: 'significant' }, { id: 'y', mitigates: ['T1190'], multiplier: 0.3 }],
  }));
  assert.equal(o.controls[0].weight, 0.2);
  assert.equal(o.controls[0].bypassP, 0.1);
  assert.equal(o.controls[1].bypassP, 0.3);
});
