import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layeredLayout, type LayoutNode } from '../../src/afb/layout.ts';
import { exportAfbDocument } from '../../src/afb/export.ts';
import { loadFlowFile } from '../../src/flow/load.ts';
import { allCorpusFiles } from '../helpers.ts';

const box = (id: string, width = 300, height = 120): LayoutNode => ({ id, width, height });

function overlaps(nodes: LayoutNode[], pos: Map<string, { x: number; y: number }>): string[] {
  const out: string[] = [];
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
    const a = nodes[i], b = nodes[j], pa = pos.get(a.id)!, pb = pos.get(b.id)!;
    if (Math.abs(pa.x - pb.x) < (a.width + b.width) / 2 && Math.abs(pa.y - pb.y) < (a.height + b.height) / 2) out.push(`${a.id}/${b.id}`);
  }
  return out;
}

test('a chain with a branch is drawn top-down, children under their parent', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((id) => box(id));
  const pos = layeredLayout(nodes, [{ source: 'a', target: 'b' }, { source: 'a', target: 'c' }, { source: 'b', target: 'd' }, { source: 'c', target: 'd' }]);
  const y = (id: string) => pos.get(id)!.y, x = (id: string) => pos.get(id)!.x;
  assert.ok(y('a') < y('b') && y('b') === y('c') && y('c') < y('d'));
  assert.ok(x('b') !== x('c'));
  assert.equal(x('a'), x('d')); // centred over / under the pair
  assert.deepEqual(overlaps(nodes, pos), []);
  assert.ok([...pos.values()].every((p) => p.x >= 0 && p.y >= 0 && p.x % 10 === 0 && p.y % 10 === 0));
});

test('cycles, self loops, isolated nodes and unknown endpoints are laid out without overlap', () => {
  const nodes = ['a', 'b', 'c', 'lonely'].map((id) => box(id, 200, 80));
  const pos = layeredLayout(nodes, [
    { source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'a' }, { source: 'b', target: 'b' }, { source: 'a', target: 'ghost' },
  ]);
  assert.equal(pos.size, 4);
  assert.deepEqual(overlaps(nodes, pos), []);
});

test('sources sit just above what they feed', () => {
  const nodes = ['s', 'a', 'b', 'c', 'asset'].map((id) => box(id));
  const pos = layeredLayout(nodes, [{ source: 's', target: 'a' }, { source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'asset', target: 'c' }]);
  assert.equal(pos.get('asset')!.y, pos.get('b')!.y);
});

test('every corpus flow exports to a layout without overlapping blocks (estimated sizes), deterministically', () => {
  for (const f of allCorpusFiles().filter((x) => x.endsWith('.afb')).slice(0, 40)) {
    const g = loadFlowFile(f).graph;
    const doc = exportAfbDocument(g) as { layout: Record<string, [number, number]> };
    const again = exportAfbDocument(g) as { layout: Record<string, [number, number]> };
    assert.deepEqual(again.layout, doc.layout, f);
    const points = Object.values(doc.layout).map(([x, y]) => `${x},${y}`);
    assert.equal(new Set(points).size, points.length, `${f}: two blocks at one position`);
  }
});

test('a large random graph lays out quickly and without overlap', () => {
  const n = 400;
  const nodes = Array.from({ length: n }, (_, i) => box(`n${i}`, 100 + (i % 5) * 40, 60 + (i % 7) * 20));
  const edges = [];
  let s = 7;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n * 1.5; i++) edges.push({ source: `n${Math.floor(r() * n)}`, target: `n${Math.floor(r() * n)}` });
  const pos = layeredLayout(nodes, edges);
  assert.equal(pos.size, n);
  assert.deepEqual(overlaps(nodes, pos), []);
});
