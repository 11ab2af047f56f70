// Cycles: least fixed point (a loop reached only from itself stays unreached), exact = enumeration,
// Monte Carlo and time to compromise terminate and agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadFlowFile } from '../../src/flow/load.ts';
import { analyze, buildModel, parseParams, syntheticFlow } from '../../src/simulate/index.ts';
import { ROOT } from '../helpers.ts';
import { refProbabilities } from './reference.ts';

const graph = loadFlowFile(join(ROOT, 'test/fixtures/simulate/cyclic.json')).graph;
const byName = (r: { labels: Record<string, { name: string }> }, n: string) => Object.keys(r.labels).find((k) => r.labels[k].name === n)!;

test('least fixed point: a loop entered from outside is reached, a loop reached only from itself is not', () => {
  const model = buildModel(graph);
  assert.ok(model.circuit.blockCyclic.some((x) => x === 1));
  const r = analyze(graph, undefined, { ttc: false });
  assert.equal(r.nodes[byName(r, 'Orphan loop A')].p, 0);
  assert.equal(r.nodes[byName(r, 'Orphan loop B')].p, 0);
  assert.equal(r.nodes[byName(r, 'Lateral Tool Transfer')].p, 1);
  assert.equal(r.nodes[byName(r, 'Exploit Remote Services')].p, 0, 'the false branch of a q = 1 condition is never taken');
  assert.ok(r.warnings.some((w) => w.code === 'unreachable-steps'));
  assert.ok(r.warnings.some((w) => w.code === 'dead-false-branch'));
});

test('with parameters, exact equals enumeration and Monte Carlo agrees (cycles included)', () => {
  const model = buildModel(graph);
  const p: Record<string, number> = {};
  model.actions.forEach((a, i) => (p[a.id] = [0.9, 0.6, 0.75, 0.5, 0.8, 0.35, 0.95, 0.7, 0.4][i % 9]));
  const q = Object.fromEntries(model.conditions.map((c) => [c.id, 0.6]));
  const params = parseParams({ actions: p, conditions: q });
  const r = analyze(graph, params, { ttc: false });
  const ref = refProbabilities(graph, p, q);
  for (const [id, v] of ref.nodes) assert.ok(Math.abs(r.nodes[id].p - v) < 1e-12, id);
  assert.ok(Math.abs(r.harm.p - ref.harm) < 1e-12);
  const mc = analyze(graph, params, { method: 'mc', samples: 50_000, ttc: false });
  const se = Math.sqrt((r.harm.p * (1 - r.harm.p)) / 50_000);
  assert.ok(Math.abs(mc.harm.p - r.harm.p) < 4 * se);
});

test('time to compromise terminates on cycles and follows the shortest way round', () => {
  const exp = (rate: number) => ({ ttc: { dist: 'exponential', rate } });
  const params = parseParams({ actions: { T1566: exp(1), T1570: exp(1), 'T1557.001': exp(1), 'T1074.002': exp(1), T1078: exp(0.5), T0836: exp(2) } });
  const r = analyze(graph, params, { samples: 20_000 });
  assert.ok(r.harm.ttc.p50! > 3 && r.harm.ttc.p50! < 8, String(r.harm.ttc.p50));
  assert.equal(r.harm.within_horizon, 1);
});

test('synthetic flows with cycles simulate with every engine', () => {
  const g = syntheticFlow(120, 7, { cycles: 6 });
  const model = buildModel(g);
  assert.ok(model.circuit.blockCyclic.filter((x) => x === 1).length >= 3);
  const exact = analyze(g, undefined, { ttc: false });
  const mc = analyze(g, undefined, { method: 'mc', samples: 30_000, ttc: false, structure: false });
  assert.equal(exact.method, 'exact');
  for (const [id, e] of Object.entries(exact.nodes)) {
    const se = Math.sqrt(Math.max(e.p * (1 - e.p), 1e-6) / 30_000);
    assert.ok(Math.abs(mc.nodes[id].p - e.p) < 4 * se + 2e-5, id);
  }
  assert.ok(analyze(g, undefined, { samples: 4096, structure: false }).harm.within_horizon! >= 0);
});
