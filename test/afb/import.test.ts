import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { loadFlowFile, loadFlowText } from '../../src/flow/load.ts';
import { writeBundle } from '../../src/flow/bundle.ts';
import { flowOf, type StixObject } from '../../src/flow/model.ts';
import { flowStats, type FlowStats } from '../../src/flow/stats.ts';
import { importAfb } from '../../src/afb/import.ts';
import { catalog } from '../../src/catalog/index.ts';
import { AF_CREATOR_ID, AF_EXTENSION_ID } from '../../src/stix/attack-flow.ts';
import { MedflowError } from '../../src/util/errors.ts';
import type { Issue } from '../../src/util/issue.ts';
import { CORPUS, allCorpusFiles, corpusFiles } from '../helpers.ts';
import { officialErrors } from './official-schemas.ts';
import { action, uuid, v3Doc } from './build.ts';

const load = (rel: string) => loadFlowFile(join(CORPUS, rel));
const zeroRefs = { effect_refs: 0, on_true_refs: 0, on_false_refs: 0, asset_refs: 0, command_ref: 0, object_ref: 0, object_refs: 0, relationship: 0 };
const figures = (f: Omit<FlowStats, 'refs'> & { refs: Partial<FlowStats['refs']> }): FlowStats => ({ ...f, refs: { ...zeroRefs, ...f.refs } });
const codes = (ws: Issue[]) => ws.map((w) => w.code);

test('every file of the five corpus folders loads, each with the right generation', () => {
  const expected: Record<string, string> = {
    'attack-flow-v3': 'afb-v3', 'attack-flow-v2.1': 'afb-2.1.0', 'attack-flow-v0.1': 'afb-0.1.0', 'attack-flow-stix': 'stix', 'csa-afb': 'afb-2.0.0',
  };
  let n = 0;
  for (const [folder, format] of Object.entries(expected)) {
    for (const f of corpusFiles(folder)) {
      const loaded = loadFlowFile(f);
      n++;
      const want = basename(f) === 'Website Example Flows.afb' ? 'afb-v3' : format;
      assert.equal(loaded.format, want, f);
      assert.ok(flowOf(loaded.graph), `${f}: one attack-flow`);
    }
  }
  assert.equal(n, allCorpusFiles().length);
  assert.equal(n, 65);
});

test('pinned figures (format note §2.5 and the issue)', () => {
  const cases: Record<string, FlowStats> = {
    'attack-flow-v2.1/Conti Ransomware.afb': figures({ blocks: 37, actions: 19, assets: 3, conditions: 3, operators: 1, edges: 38, start_refs: 1,
      refs: { effect_refs: 21, asset_refs: 3, on_true_refs: 3, command_ref: 1, relationship: 10 } }),
    'attack-flow-v3/Conti CISA Alert.afb': figures({ blocks: 35, actions: 18, assets: 7, conditions: 7, operators: 3, edges: 41, start_refs: 5,
      refs: { effect_refs: 18, on_true_refs: 13, asset_refs: 10 } }),
    // 194 edges = 190 listed refs + 4 network-traffic src_ref (edges, but not a kind of the refs breakdown)
    'attack-flow-v3/Turla - Snake Emulation Plan.afb': figures({ blocks: 183, actions: 74, assets: 0, conditions: 19, operators: 10, edges: 194, start_refs: 1,
      refs: { effect_refs: 92, on_true_refs: 21, command_ref: 4, object_refs: 3, relationship: 70 } }),
    'attack-flow-v3/Black Basta Ransomware.afb': figures({ blocks: 65, actions: 38, assets: 1, conditions: 0, operators: 3, edges: 73, start_refs: 1,
      refs: { effect_refs: 48, command_ref: 5, asset_refs: 1, object_ref: 1, relationship: 18 } }),
    'csa-afb/AF2-12_Vendor_Access.afb': figures({ blocks: 4, actions: 2, assets: 2, conditions: 0, operators: 0, edges: 3, start_refs: 1,
      refs: { asset_refs: 2, object_ref: 1 } }),
    'csa-afb/AF2-13_Disrupt_Network.afb': figures({ blocks: 8, actions: 5, assets: 2, conditions: 1, operators: 0, edges: 7, start_refs: 1,
      refs: { asset_refs: 2, effect_refs: 1, on_true_refs: 1, on_false_refs: 1, object_ref: 2 } }),
    'csa-afb/Wifi Router Denial of Service attack flow (1).afb': figures({ blocks: 11, actions: 5, assets: 1, conditions: 3, operators: 2, edges: 13, start_refs: 1,
      refs: { effect_refs: 8, on_true_refs: 4, object_ref: 1 } }),
  };
  for (const [file, want] of Object.entries(cases)) assert.deepEqual(flowStats(load(file).graph), want, file);
  const site = flowStats(load('attack-flow-v0.1/Website Example Flows.afb').graph);
  assert.deepEqual([site.blocks, site.actions, site.start_refs], [81, 48, 20]);
  // the ten 0.1.0 documentation files: 36 blocks, 25 actions in all
  const legacy = corpusFiles('attack-flow-v0.1').filter((f) => !f.endsWith('Website Example Flows.afb')).map((f) => flowStats(loadFlowFile(f).graph));
  assert.deepEqual([legacy.length, legacy.reduce((s, x) => s + x.blocks, 0), legacy.reduce((s, x) => s + x.actions, 0)], [10, 36, 25]);
});

test('condition branches become on_true_refs / on_false_refs in every generation', () => {
  const conti = load('attack-flow-v2.1/Conti Ransomware.afb').graph; // legacy true_anchor
  const turla = load('attack-flow-v3/Turla - Snake Emulation Plan.afb').graph; // v3 branch:True
  for (const g of [conti, turla]) {
    for (const o of g.objects.values()) {
      if (o.type !== 'attack-condition') continue;
      for (const t of [...(o.on_true_refs as string[] ?? []), ...(o.on_false_refs as string[] ?? [])]) {
        assert.match(t, /^attack-(action|operator|condition)--/);
      }
    }
  }
  const fail = flowStats(load('attack-flow-v0.1/condition-false.afb').graph).refs;
  assert.deepEqual([fail.on_true_refs, fail.on_false_refs], [2, 1]);
  const solar = flowStats(load('attack-flow-v3/SolarWinds.afb').graph).refs;
  assert.deepEqual([solar.on_true_refs, solar.on_false_refs, solar.relationship], [8, 2, 10]);
});

test('the same flow saved as 2.1.0 and as v3 imports to the same bundle, byte for byte', () => {
  for (const f of ['Black Basta Ransomware', 'Ivanti Vulnerabilities', 'OceanLotus', 'Target Breach']) {
    assert.equal(writeBundle(load(`attack-flow-v2.1/${f}.afb`).graph), writeBundle(load(`attack-flow-v3/${f}.afb`).graph), f);
  }
});

test('ids follow the Builder (type--instance); generated ids are UUIDv5; output is deterministic', () => {
  const file = join(CORPUS, 'attack-flow-v3/Conti CISA Alert.afb');
  const a = loadFlowFile(file), b = loadFlowFile(file);
  assert.equal(writeBundle(a.graph), writeBundle(b.graph));
  const flow = flowOf(a.graph)!;
  assert.equal(flow.id, 'attack-flow--d2ec54a5-a9b4-44f2-b649-610ee72ccf2c');
  assert.ok(a.graph.objects.has('attack-action--2a8b2d9c-c1cb-44e8-9c18-e146fdb28c3b'));
  assert.match(String(flow.created_by_ref), /^identity--[0-9a-f]{8}-[0-9a-f]{4}-5/);
  assert.match(a.graph.bundleId, /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-5/);
  // SROs take the id of the line they come from
  const rel = [...load('attack-flow-v2.1/Conti Ransomware.afb').graph.objects.values()].filter((o) => o.type === 'relationship');
  assert.equal(rel.length, 10);
  assert.ok(rel.every((r) => r.relationship_type === 'related-to' && /^relationship--[0-9a-f-]{36}$/.test(r.id)));
});

test('flow metadata is carried over: name, description, scope, author, references, created', () => {
  const g = load('attack-flow-v3/Conti CISA Alert.afb').graph;
  const flow = flowOf(g)!;
  assert.equal(flow.name, 'Conti CISA Alert');
  assert.equal(flow.description, 'Conti ransomware flow based on CISA alert.');
  assert.equal(flow.scope, 'malware');
  assert.equal(flow.created, '2022-10-27T02:44:54.520Z');
  assert.equal(flow.modified, '2022-10-27T02:44:54.520Z');
  assert.deepEqual(flow.external_references, [{ source_name: 'CISA', description: 'Alert', url: 'https://www.cisa.gov/news-events/alerts/2021/09/22/conti-ransomware' }]);
  const author = g.objects.get(flow.created_by_ref as string)!;
  assert.deepEqual({ type: author.type, name: author.name, contact_information: author.contact_information },
    { type: 'identity', name: 'Dr. Desiree Beck', contact_information: 'dbeck@mitre.org' });
  assert.ok(g.objects.has(AF_EXTENSION_ID) && g.objects.has(AF_CREATOR_ID));
  for (const o of g.objects.values()) {
    if (o.type.startsWith('attack-')) assert.deepEqual(o.extensions, { [AF_EXTENSION_ID]: { extension_type: 'new-sdo' } }, o.id);
  }
  // a {time, zone} date (Website Example Flows) is normalised to UTC
  assert.equal(flowOf(load('attack-flow-v0.1/Website Example Flows.afb').graph)!.created, '2025-06-25T20:27:08.132Z');
});

test('2.0.0 (CSA) files: MD5-encoded enums are decoded', () => {
  for (const f of corpusFiles('csa-afb')) assert.equal(flowOf(loadFlowFile(f).graph)!.scope, 'incident', f);
  const g = load('csa-afb/AF2-12_Vendor_Access.afb').graph;
  const flow = flowOf(g)!;
  assert.equal(g.objects.get(flow.created_by_ref as string)!.identity_class, 'organization');
  const actions = [...g.objects.values()].filter((o) => o.type === 'attack-action');
  assert.deepEqual(actions.map((a) => a.confidence), [0, 0]); // md5("speculative")
  // 0.1.0 files too: md5("incident")
  assert.equal(flowOf(load('attack-flow-v0.1/action.afb').graph)!.scope, 'incident');
});

test('CSA data problems are repaired where unambiguous and reported', () => {
  const cat = catalog();
  const disrupt = load('csa-afb/AF2-13_Disrupt_Network.afb');
  const repaired = disrupt.warnings.filter((w) => w.code === 'afb-id-repaired');
  assert.deepEqual(repaired.map((w) => [w.property, w.message]), [['tactic_id', 'tactic_id "TA008" repaired to "TA0008"']]);
  const lateral = disrupt.graph.objects.get(repaired[0].object!)!;
  assert.equal(lateral.tactic_id, 'TA0008');
  assert.equal(lateral.tactic_ref, cat.tactic('TA0008')!.stix_id);
  assert.equal(lateral.technique_ref, cat.technique('T1021')!.stix_id);
  // names where STIX ids belong are dropped (8 in this file) and never reach the bundle
  const names = disrupt.warnings.filter((w) => w.code === 'afb-name-in-ref');
  assert.equal(names.length, 8);
  assert.ok(names.some((w) => w.message.includes('"Initial Access"') && w.property === 'tactic_ref'));
  for (const o of disrupt.graph.objects.values()) {
    if (o.tactic_ref !== undefined) assert.match(String(o.tactic_ref), /^x-mitre-tactic--/);
    if (o.technique_ref !== undefined) assert.match(String(o.technique_ref), /^attack-pattern--/);
  }

  const wifi = load('csa-afb/Wifi Router Denial of Service attack flow (1).afb');
  // the stray character is a no-break space, shown escaped
  assert.deepEqual(wifi.warnings.filter((w) => w.code === 'afb-id-repaired').map((w) => w.message), ['tactic_id "\\u00a0TA0040" repaired to "TA0040"']);
  assert.deepEqual(wifi.warnings.filter((w) => w.code === 'afb-invalid-pair').map((w) => w.message),
    ['technique T1110.003 is not listed under tactic TA0001 in ATT&CK / ATLAS']);
  // an author with no field at all: no identity, no created_by_ref, one warning
  assert.equal(flowOf(wifi.graph)!.created_by_ref, undefined);
  assert.ok(codes(wifi.warnings).includes('afb-no-author'));
  assert.equal([...wifi.graph.objects.values()].filter((o) => o.type === 'identity').length, 1); // the extension's creator only

  const mgmt = load('csa-afb/AF2-3_Compromise_of_Management_System.afb');
  assert.deepEqual(mgmt.warnings.filter((w) => w.code === 'afb-invalid-pair').map((w) => w.message),
    ['technique T1056.001 is not listed under tactic TA0001 in ATT&CK / ATLAS']);
});

test('other id repairs: picker labels, ids in the wrong field, stray whitespace', () => {
  const claw = load('attack-flow-v3/OpenClaw.afb');
  const labels = claw.warnings.filter((w) => w.code === 'afb-label-in-id');
  assert.equal(labels.length, 2);
  assert.equal(claw.graph.objects.get(labels[0].object!)!.technique_id, 'AML.T0095.000');
  const paths = load('attack-flow-v0.1/attack-paths.afb');
  assert.equal(paths.warnings.filter((w) => w.code === 'afb-id-moved').length, 3);
  for (const o of paths.graph.objects.values()) if (o.type === 'attack-action') assert.equal(o.tactic_id, undefined);
  const ac = load('attack-flow-v0.1/action-condition.afb');
  const moved = [...ac.graph.objects.values()].filter((o) => o.type === 'attack-action').map((o) => o.technique_id).sort();
  assert.deepEqual(moved, ['T1003.001', 'T1110.002', 'T1547.001']);
});

test('every bundle imported from an .afb passes the official schemas (bare or defanged url values are reported)', () => {
  let urls = 0;
  for (const f of allCorpusFiles().filter((x) => x.endsWith('.afb'))) {
    const loaded = loadFlowFile(f);
    const badUrl = new Set(loaded.warnings.filter((w) => w.code === 'afb-bad-url').map((w) => w.object));
    for (const o of loaded.graph.objects.values()) {
      const errors = officialErrors(o);
      if (errors === '') continue;
      assert.ok(o.type === 'url' && errors === '/value must match format "uri"' && badUrl.has(o.id), `${f}: ${o.id}: ${errors}`);
      urls++;
    }
  }
  assert.equal(urls, 22);
});

test('cycles: start_refs from in-degree 0 when there is one, a deterministic fallback otherwise', () => {
  const target = load('attack-flow-v3/Target Breach.afb'); // contains a directed cycle
  assert.equal(flowStats(target.graph).start_refs, 2);
  assert.ok(!codes(target.warnings).includes('afb-no-entry-point'));
  const doc = v3Doc([action(uuid(2), 'B'), action(uuid(1), 'A'), action(uuid(3), 'C')],
    [{ id: uuid(10), from: uuid(1), to: uuid(2) }, { id: uuid(11), from: uuid(2), to: uuid(1) }, { id: uuid(12), from: uuid(2), to: uuid(3) }]);
  const r = importAfb(doc, 'cycle.afb');
  assert.deepEqual(flowOf(r.graph)!.start_refs, [`attack-action--${uuid(1)}`]);
  assert.deepEqual(codes(r.warnings).filter((c) => c === 'afb-no-entry-point'), ['afb-no-entry-point']);
  assert.equal(writeBundle(importAfb(doc, 'cycle.afb').graph), writeBundle(r.graph));
});

test('dangling lines, unknown templates, duplicates and missing fields become warnings', () => {
  const doc = v3Doc([
    action(uuid(1), 'A', ' TA0001', 'T1566'),
    { id: uuid(2), template: 'action', props: [['name', null], ['ttp', [['tactic', null], ['technique', 'T1059']]]] },
    { id: uuid(3), template: 'Not A Template!', props: [] },
    { id: uuid(4), template: 'x_custom_thing', props: [['label', 'custom']] },
    { id: uuid(5), template: 'condition', props: [['description', null]] },
  ], [
    { id: uuid(10), from: uuid(1), to: uuid(2) },
    { id: uuid(11), from: uuid(1), to: uuid(2) }, // same effect again
    { id: uuid(12), from: uuid(1) }, // dangling
    { id: uuid(13), from: uuid(2), to: uuid(3) }, // to a skipped block
    { id: uuid(14), from: uuid(2), to: uuid(4) },
  ], [['name', null], ['scope', 'nonsense']]);
  const r = importAfb(doc, 'edge-cases.afb');
  const c = codes(r.warnings);
  for (const code of ['afb-dangling-line', 'afb-unknown-template', 'afb-duplicate-line', 'afb-missing-required', 'afb-unknown-scope', 'afb-id-repaired']) {
    assert.ok(c.includes(code), code);
  }
  const flow = flowOf(r.graph)!;
  assert.equal(flow.name, 'edge-cases');
  assert.equal(flow.scope, 'other');
  assert.equal(r.graph.objects.get(`attack-action--${uuid(2)}`)!.name, 'Command and Scripting Interpreter');
  assert.equal(r.graph.objects.get(`attack-condition--${uuid(5)}`)!.description, '(no description)');
  assert.equal(r.graph.objects.get(`x-custom-thing--${uuid(4)}`)!.label, 'custom');
  assert.deepEqual(r.graph.objects.get(`attack-action--${uuid(1)}`)!.effect_refs, [`attack-action--${uuid(2)}`]);
  const s = flowStats(r.graph);
  assert.deepEqual([s.blocks, s.edges, s.refs.relationship], [4, 2, 1]);
});

test('legacy files with cycles in children or missing parts do not hang or crash', () => {
  const legacy = (objects: unknown[]) => JSON.stringify({ version: '2.1.0', id: 'page', objects });
  const page = { id: 'page', template: 'flow', x: 0, y: 0, attrs: 0, properties: [['name', 'x']], children: ['page', 'a', 'a', 'missing', 'l'] };
  const a = { id: 'a', template: 'action', children: ['a', 'page', 'anc'], properties: [['name', 'A']] };
  const anc = { id: 'anc', template: '@__builtin__anchor', children: ['anc', 'src'] };
  const line = { id: 'l', template: '@__builtin__line_vertical_elbow', children: ['src', 'l', 'tgt'] };
  const src = { id: 'src', template: '@__builtin__line_source', children: ['src'] };
  const r = loadFlowText(legacy([page, a, anc, line, src, { id: 'tgt', template: '@__builtin__line_target' }]), 'loop.afb');
  assert.equal(flowStats(r.graph).blocks, 1);
  assert.ok(codes(r.warnings).includes('afb-dangling-line'));
  assert.ok(codes(r.warnings).includes('afb-missing-object'));
});

test('input that is not an Attack Flow gives a clear MedflowError', () => {
  for (const text of ['', '[]', '42', '{"schema":"attack_flow_v2"}', '{"version":"2.1.0","objects":{}}', '{"objects":[]}', '{"version": 3, "objects": []}']) {
    assert.throws(() => loadFlowText(text, 'bad.afb'), MedflowError, text);
  }
  // an empty but well-formed document imports, with warnings
  const r = loadFlowText('{"schema":"attack_flow_v2","objects":[]}', 'empty.afb');
  assert.deepEqual(codes(r.warnings).filter((c) => c.startsWith('afb-no')), ['afb-no-canvas', 'afb-no-author', 'afb-no-actions']);
  assert.equal((r.graph.objects.size), 3); // extension, its creator, the flow
});

test('hash types use the STIX algorithm names (the Builder stores sha-256, STIX wants SHA-256)', () => {
  const seen = new Set<string>();
  for (const f of corpusFiles('attack-flow-v3')) {
    for (const o of loadFlowFile(f).graph.objects.values()) if (o.hashes) for (const k of Object.keys(o.hashes as object)) seen.add(k);
  }
  assert.deepEqual([...seen].sort(), ['MD5', 'SHA-1', 'SHA-256', 'SHA3-256']);
});

test('actions get the catalog STIX ids of their tactic and technique', () => {
  const cat = catalog();
  const g = load('attack-flow-v2.1/Conti Ransomware.afb').graph;
  for (const o of g.objects.values() as IterableIterator<StixObject>) {
    if (o.type !== 'attack-action') continue;
    if (typeof o.technique_id === 'string' && cat.technique(o.technique_id)) assert.equal(o.technique_ref, cat.technique(o.technique_id)!.stix_id, o.id);
    if (typeof o.tactic_id === 'string' && cat.tactic(o.tactic_id)) assert.equal(o.tactic_ref, cat.tactic(o.tactic_id)!.stix_id, o.id);
  }
});
