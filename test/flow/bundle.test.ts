import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readData } from '../../src/util/io.ts';
import { readBundle, writeBundle } from '../../src/flow/bundle.ts';
import { computeEntryPoints, edgesOf, flowOf } from '../../src/flow/model.ts';
import { SHARED } from '../helpers.ts';

const example = join(SHARED, 'attack-flow/stix/attack-flow-example.json');

test('reads the official example bundle into a typed graph', () => {
  const { graph, skipped } = readBundle(readData(example));
  assert.equal(skipped.length, 0);
  const flow = flowOf(graph)!;
  assert.equal(flow.name, 'Example Flow');
  const edges = edgesOf(graph);
  const kinds = (k: string) => edges.filter((e) => e.kind === k).length;
  assert.ok(kinds('effect_refs') > 0);
  assert.ok(kinds('on_true_refs') > 0);
  assert.deepEqual(computeEntryPoints(graph), [...flow.start_refs].sort());
});

test('writing is deterministic and independent of input order', () => {
  const raw = readData(example) as { objects: unknown[] };
  const a = writeBundle(readBundle(raw).graph);
  const b = writeBundle(readBundle({ ...raw, objects: [...raw.objects].reverse() }).graph);
  assert.equal(a, b);
  const again = writeBundle(readBundle(JSON.parse(a)).graph);
  assert.equal(again, a);
});

test('entries that are not STIX objects are reported, not fatal', () => {
  const { graph, skipped } = readBundle({ type: 'bundle', id: 'bundle--x', objects: [1, { type: 'x' }, { type: 'note', id: 'note--1' }] });
  assert.deepEqual(skipped.map((s) => s.index), [0, 1]);
  assert.equal(graph.objects.size, 1);
});
