import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFlowFile, loadFlowText } from '../../src/flow/load.ts';
import { readBundle, writeBundle } from '../../src/flow/bundle.ts';
import { edgesOf, flowOf } from '../../src/flow/model.ts';
import { flowStats } from '../../src/flow/stats.ts';
import { exportAfb, exportAfbDocument } from '../../src/afb/export.ts';
import { importAfb } from '../../src/afb/import.ts';
import { MEDFLOW_EXTENSION_ID } from '../../src/stix/medflow-extension.ts';
import type { Issue } from '../../src/util/issue.ts';
import { ROOT, SHARED, allCorpusFiles, corpusFiles } from '../helpers.ts';

const afbFiles = allCorpusFiles().filter((f) => f.endsWith('.afb'));
const stixFiles = [...corpusFiles('attack-flow-stix'), join(SHARED, 'attack-flow/stix/attack-flow-example.json'), join(ROOT, 'test/fixtures/afb/medflow-extension.json')];
type Obj = Record<string, unknown>;
/** Import warnings about data that has no unambiguous fix (so they come back on every import). */
const UNFIXABLE = new Set(['afb-bad-url', 'afb-invalid-pair', 'afb-unknown-tactic', 'afb-unknown-technique', 'afb-no-author']);
const where = (w: Issue) => `${w.code} ${w.object ?? ''} ${w.property ?? ''}`;

test('afb → STIX → afb → STIX preserves the graph exactly, for every .afb in the corpus', () => {
  for (const f of afbFiles) {
    const loaded = loadFlowFile(f);
    const first = loaded.graph;
    const bundle = writeBundle(first);
    const afb = exportAfb(first);
    const again = loadFlowText(afb, 'again.afb');
    assert.equal(writeBundle(again.graph), bundle, f);
    // what was repaired stays repaired; only problems that have no fix are reported again
    const before = new Set(loaded.warnings.map(where));
    assert.deepEqual(again.warnings.filter((w) => !before.has(where(w)) || !UNFIXABLE.has(w.code)), [], f);
    // exporting the re-imported graph gives the same file: export is deterministic and idempotent
    assert.equal(exportAfb(again.graph), afb, f);
  }
});

test('STIX → afb → STIX is exact for STIX bundles, the official example and a medflow bundle with extensions', () => {
  for (const f of stixFiles) {
    const graph = loadFlowFile(f).graph;
    const back = loadFlowText(exportAfb(graph), 'back.afb');
    assert.equal(writeBundle(back.graph), writeBundle(graph), f);
    assert.deepEqual(back.warnings.filter((w) => !UNFIXABLE.has(w.code)), [], f);
  }
});

test('flow stats are the same for an .afb, the STIX it imports to, and the re-exported .afb', () => {
  for (const f of afbFiles) {
    const g = loadFlowFile(f).graph;
    const fromStix = readBundle(JSON.parse(writeBundle(g))).graph;
    const fromAfb = importAfb(JSON.parse(exportAfb(g)), 'x.afb').graph;
    assert.deepEqual(flowStats(fromStix), flowStats(g), f);
    assert.deepEqual(flowStats(fromAfb), flowStats(g), f);
  }
});

test('stats of a v3 file match a direct count of its blocks and attached lines', () => {
  for (const f of corpusFiles('attack-flow-v3')) {
    const doc = JSON.parse(readFileSync(f, 'utf8')) as { objects: Obj[] };
    const byInstance = new Map(doc.objects.map((o) => [o.instance as string, o]));
    const anchored = new Set<string>();
    for (const o of doc.objects) if (o.anchors) for (const a of Object.values(o.anchors as Obj)) for (const l of (byInstance.get(a as string)?.latches as string[]) ?? []) anchored.add(l);
    const blocks = doc.objects.filter((o) => o.anchors && o.id !== 'flow').length;
    const lines = doc.objects.filter((o) => o.id === 'dynamic_line' && anchored.has(o.source as string) && anchored.has(o.target as string)).length;
    const s = flowStats(loadFlowFile(f).graph);
    assert.deepEqual([s.blocks, s.edges], [blocks, lines], f);
  }
});

test('exported files are built as the Builder expects', () => {
  for (const f of [...afbFiles.filter((x) => x.includes('attack-flow-v3')), ...stixFiles]) {
    const g = loadFlowFile(f).graph;
    const doc = exportAfbDocument(g);
    assert.equal(doc.schema, 'attack_flow_v2');
    const objects = doc.objects as Obj[];
    const byInstance = new Map(objects.map((o) => [o.instance as string, o]));
    assert.equal(byInstance.size, objects.length, `${f}: instance ids are unique`);
    const canvas = objects[0];
    assert.equal(canvas.id, 'flow');
    assert.equal(canvas.instance, flowOf(g)!.id.slice('attack-flow--'.length));
    const layout = doc.layout as Record<string, [number, number]>;
    const latchOwner = new Map<string, [Obj, string]>();
    for (const child of canvas.objects as string[]) {
      const o = byInstance.get(child)!;
      if (o.id === 'dynamic_line') continue;
      const anchors = Object.keys(o.anchors as Obj);
      if (o.id === 'condition') assert.deepEqual(anchors, ['0', '30', '60', '90', '120', '150', '180', '210', '330', 'branch:True', 'branch:False']);
      else assert.equal(anchors.length, 12);
      assert.ok(Array.isArray(layout[child]) && layout[child].every(Number.isFinite), `${f}: ${child} has a position`);
      for (const [pos, a] of Object.entries(o.anchors as Record<string, string>)) {
        const anchor = byInstance.get(a)!;
        assert.match(String(anchor.id), /^(horizontal|vertical)_anchor$/);
        for (const l of anchor.latches as string[]) latchOwner.set(l, [o, pos]);
      }
    }
    const lines = (canvas.objects as string[]).map((i) => byInstance.get(i)!).filter((o) => o.id === 'dynamic_line');
    for (const line of lines) {
      const [src, via] = latchOwner.get(line.source as string)!;
      const [, to] = latchOwner.get(line.target as string)!;
      assert.ok(src && to === '90', `${f}: line ${String(line.instance)} is attached at both ends`);
      assert.equal((line.handles as string[]).length, 1);
      if (via.startsWith('branch:')) assert.equal(src.id, 'condition');
    }
    // one line per edge between drawn blocks (medflow bundles may hold edges to objects without a block)
    if (!f.endsWith('.json')) assert.equal(lines.length, flowStats(g).edges, f);
  }
});

test('branches are drawn from the branch anchors, and the Builder fields carry what they can', () => {
  const g = loadFlowFile(join(ROOT, 'test/fixtures/afb/medflow-extension.json')).graph;
  const doc = exportAfbDocument(g);
  const objects = doc.objects as Obj[];
  const byInstance = new Map(objects.map((o) => [o.instance as string, o]));
  const cond = byInstance.get('00000000-0000-4000-8000-000000000012')!;
  const anchors = cond.anchors as Record<string, string>;
  assert.equal((byInstance.get(anchors['branch:True'])!.latches as string[]).length, 1);
  assert.equal((byInstance.get(anchors['branch:False'])!.latches as string[]).length, 1);
  const props = (o: Obj) => Object.fromEntries(o.properties as Array<[string, unknown]>);
  const phish = props(byInstance.get('00000000-0000-4000-8000-000000000010')!);
  assert.equal(phish.name, 'Phish vendor support engineer');
  assert.deepEqual(phish.ttp, [['tactic', 'TA0001'], ['technique', 'T1566.002']]);
  assert.equal(phish.confidence, null); // 85 is not a Builder confidence level: kept by the medflow section
  assert.equal(props(byInstance.get('00000000-0000-4000-8000-000000000014')!).confidence, 'doubtful');
  assert.equal(byInstance.get('00000000-0000-4000-8000-000000000013')!.id, 'AND_operator');
  const canvas = props(objects[0]);
  assert.deepEqual(canvas.author, [['name', 'medflow fixture author'], ['identity_class', 'organization'], ['contact_information', 'security@example.org']]);
  assert.equal(canvas.scope, 'attack-tree');
  // the medical metadata travels in the medflow section
  const patch = doc.medflow as { set: Record<string, Obj>; add: Obj[] };
  assert.ok(JSON.stringify(patch.set).includes(MEDFLOW_EXTENSION_ID));
  assert.ok(patch.add.some((o) => o.type === 'incident'));
});

test('a medflow section that no longer matches its drawing is ignored with a warning', () => {
  const g = loadFlowFile(join(ROOT, 'test/fixtures/afb/medflow-extension.json')).graph;
  const doc = exportAfbDocument(g) as { objects: Obj[]; medflow: Obj };
  const edited = structuredClone(doc);
  const block = edited.objects.find((o) => o.instance === '00000000-0000-4000-8000-000000000010')!;
  (block.properties as Array<[string, unknown]>)[0][1] = 'Renamed in the Builder';
  const r = importAfb(edited, 'edited.afb');
  assert.deepEqual(r.warnings.map((w) => w.code), ['afb-patch-ignored']);
  assert.equal(r.graph.objects.get('attack-action--00000000-0000-4000-8000-000000000010')!.name, 'Renamed in the Builder');
  for (const bad of [{ ...doc.medflow, version: 2 }, 'x', { ...doc.medflow, set: [] }]) {
    const r2 = importAfb({ ...doc, medflow: bad }, 'bad.afb');
    assert.deepEqual(r2.warnings.map((w) => w.code), ['afb-patch-ignored']);
  }
});

test('Builder-native flows need little or no medflow section', () => {
  const extra = new Set<string>();
  let withPatch = 0;
  for (const f of corpusFiles('attack-flow-v3')) {
    const doc = exportAfbDocument(loadFlowFile(f).graph) as { medflow?: { set?: Record<string, Obj>; add?: unknown; remove?: unknown; bundle?: unknown } };
    if (!doc.medflow) continue;
    withPatch++;
    assert.deepEqual([doc.medflow.add, doc.medflow.remove, doc.medflow.bundle], [undefined, undefined, undefined], f);
    for (const props of Object.values(doc.medflow.set ?? {})) for (const k of Object.keys(props)) extra.add(k);
  }
  // only properties the current Builder has no field for: refs of ids the catalog does not know, user_id
  assert.deepEqual([withPatch, [...extra].sort()], [4, ['tactic_ref', 'technique_ref', 'user_id']]);
});

test('every edge of an exported flow comes back with its kind', () => {
  const g = loadFlowFile(join(ROOT, 'test/fixtures/afb/medflow-extension.json')).graph;
  const drawn = importAfb(exportAfbDocument(g), 'x.afb').graph;
  const key = (e: { source: string; target: string; property: string }) => `${e.source} ${e.property} ${e.target}`;
  assert.deepEqual(edgesOf(drawn).map(key), edgesOf(g).map(key));
});

test('odd graphs still round-trip exactly: no flow, two flows, shared UUIDs, uppercase ids, self loops', () => {
  const text = readFileSync(join(ROOT, 'test/fixtures/afb/medflow-extension.json'), 'utf8');
  const variants: Array<(b: { objects: Obj[] }) => void> = [
    (b) => { b.objects = b.objects.filter((o) => o.type !== 'attack-flow'); },
    (b) => { b.objects.push({ ...b.objects.find((o) => o.type === 'attack-flow')!, id: 'attack-flow--00000000-0000-4000-8000-0000000000ff', name: 'second' }); },
    (b) => { b.objects.push({ type: 'relationship', id: 'relationship--00000000-0000-4000-8000-000000000010', spec_version: '2.1', created: 'x', modified: 'x', relationship_type: 'related-to', source_ref: 'attack-action--00000000-0000-4000-8000-000000000014', target_ref: 'attack-action--00000000-0000-4000-8000-000000000015' }); },
    (b) => { const o = b.objects.find((x) => x.type === 'attack-action')!; o.id = String(o.id).toUpperCase().replace('ATTACK-ACTION', 'attack-action'); },
    (b) => { const o = b.objects.find((x) => x.type === 'attack-action')!; (o.effect_refs as string[]).push(o.id as string); },
    (b) => { for (const o of b.objects) if (o.type === 'attack-condition') o.on_true_refs = ['attack-asset--00000000-0000-4000-8000-000000000020', 'file--00000000-0000-4000-8000-000000000099']; },
  ];
  for (const [i, change] of variants.entries()) {
    const bundle = JSON.parse(text) as { objects: Obj[] };
    change(bundle);
    const graph = readBundle(bundle).graph;
    const doc = exportAfbDocument(graph) as { objects: Obj[] };
    assert.equal(new Set(doc.objects.map((o) => o.instance)).size, doc.objects.length, `variant ${i}: unique instances`);
    assert.equal(writeBundle(importAfb(doc, 'odd.afb').graph), writeBundle(graph), `variant ${i}`);
  }
});
