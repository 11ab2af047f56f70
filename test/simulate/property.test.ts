// Property test: on random small flows (shared nodes, AND/OR operators, conditions with both
// branches, cycles) the exact engine equals brute-force enumeration of every outcome, the Monte
// Carlo engine lands within 4 standard errors, and the structural results equal enumeration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, buildModel, flowFromSpec, parseParams } from '../../src/simulate/index.ts';
import { randomSpec, refProbabilities, refStructure } from './reference.ts';

const TRIALS = 60;

test(`exact engine equals brute-force enumeration on ${TRIALS} random flows (to 1e-9)`, () => {
  let cyclic = 0, withConditions = 0, withAnd = 0;
  for (let seed = 1; seed <= TRIALS; seed++) {
    const { spec, p, q } = randomSpec(seed);
    const g = flowFromSpec(spec);
    const params = parseParams({ actions: p, conditions: q });
    const model = buildModel(g, params);
    if (model.circuit.blockCyclic.some((x) => x === 1)) cyclic++;
    if (model.conditions.length > 0) withConditions++;
    if (spec.nodes.some((n) => n.operator === 'AND')) withAnd++;
    const r = analyze(g, params, { method: 'exact', ttc: false });
    const ref = refProbabilities(g, p, q);
    const msg = `seed ${seed}`;
    assert.equal(r.method, 'exact', msg);
    for (const [id, v] of ref.nodes) assert.ok(Math.abs(r.nodes[id].p - v) < 1e-9, `${msg}: node ${id}: ${r.nodes[id].p} vs ${v}`);
    for (const [id, v] of ref.assets) assert.ok(Math.abs(r.assets[id].p - v) < 1e-9, `${msg}: asset ${id}`);
    assert.ok(Math.abs(r.harm.p - ref.harm) < 1e-9, `${msg}: harm ${r.harm.p} vs ${ref.harm}`);
  }
  // the generator really exercises what the test claims
  assert.ok(cyclic >= 5, `cyclic flows: ${cyclic}`);
  assert.ok(withConditions >= 20, `flows with conditions: ${withConditions}`);
  assert.ok(withAnd >= 15, `flows with AND: ${withAnd}`);
});

test('minimal attacks, cut sets, fewest steps and fewest techniques equal enumeration', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const { spec } = randomSpec(seed, 12);
    const g = flowFromSpec(spec);
    const r = analyze(g, undefined, { method: 'exact', ttc: false });
    const techniqueOf = (id: string) => r.labels[id]?.technique ?? id;
    const ref = refStructure(g, techniqueOf);
    const msg = `seed ${seed}`;
    assert.deepEqual(r.minimal_attacks, ref.attacks, `${msg}: minimal attacks`);
    assert.deepEqual(r.minimal_cut_sets, ref.cuts, `${msg}: minimal cut sets`);
    assert.equal(r.min_steps_to_harm, ref.minSteps, `${msg}: fewest steps`);
    assert.equal(r.min_techniques_to_harm, ref.minTech, `${msg}: fewest techniques`);
  }
});

test('Monte Carlo lands within 4 standard errors of the exact values on random flows', () => {
  for (let seed = 101; seed <= 115; seed++) {
    const { spec, p, q } = randomSpec(seed);
    const g = flowFromSpec(spec);
    const params = parseParams({ actions: p, conditions: q });
    const exact = analyze(g, params, { method: 'exact', ttc: false, structure: false });
    const n = 1 << 15;
    const mc = analyze(g, params, { method: 'mc', samples: n, seed, ttc: false, structure: false });
    assert.equal(mc.samples, n);
    for (const [id, e] of Object.entries(exact.nodes)) {
      const se = Math.sqrt(Math.max(e.p * (1 - e.p), 1 / n) / n);
      assert.ok(Math.abs(mc.nodes[id].p - e.p) <= 4 * se + 2e-5, `seed ${seed}: ${id}: mc ${mc.nodes[id].p} exact ${e.p}`);
      assert.ok(mc.nodes[id].ci_low <= mc.nodes[id].p && mc.nodes[id].p <= mc.nodes[id].ci_high);
    }
  }
});
