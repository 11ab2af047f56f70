// Scenario composition: one connected Attack Flow bundle whose states chain as the rule says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeBundle } from '../../src/flow/bundle.ts';
import { computeEntryPoints, edgesOf, flowOf, objectsOfType, REACH_EDGE_KINDS } from '../../src/flow/model.ts';
import { stixId } from '../../src/stix/ids.ts';
import { medicalProps, type FlowMedicalProps } from '../../src/stix/medflow-extension.ts';
import { components, findScenario, formatSourceIssue, keyIndex, loadLibrary, startKeys } from '../../src/library/index.ts';
import { ROOT } from '../helpers.ts';

const lib = loadLibrary();
const mini = loadLibrary(join(ROOT, 'test/fixtures/library/mini'));
const act = (flow: string, key: string) => stixId('attack-action', `${flow}/${key}`);

test('every shipped scenario composes into one connected, valid bundle', () => {
  assert.deepEqual(lib.issues.map(formatSourceIssue), []);
  for (const s of lib.scenarios) {
    const g = s.composed!.graph;
    assert.equal(objectsOfType(g, 'attack-flow').length, 1, s.scenario.id);
    assert.equal(components(g), 1, `${s.scenario.id} is connected`);
    assert.deepEqual([...flowOf(g)!.start_refs].sort(), computeEntryPoints(g), s.scenario.id);
    // Every object of every member flow is present under its own id.
    for (const id of s.scenario.flows) {
      const f = lib.flows.find((x) => x.source.id === id)!;
      for (const o of f.compiled.graph.objects.values()) if (o.type !== 'attack-flow') assert.ok(g.objects.has(o.id), `${s.scenario.id}: ${o.id}`);
    }
  }
});

test('states chain: each consumer becomes an effect of its producer, or of an OR joining several producers', () => {
  for (const s of lib.scenarios) {
    const g = s.composed!.graph;
    const edges = edgesOf(g).filter((e) => REACH_EDGE_KINDS.includes(e.kind));
    const has = (a: string, b: string) => edges.some((e) => e.source === a && e.target === b);
    for (const j of s.composed!.joins) {
      assert.ok(j.producers.length > 0 && j.consumers.length > 0, `${s.scenario.id}: ${j.state}`);
      for (const c of j.consumers) {
        if (j.operator) {
          assert.ok(has(j.operator, c));
          for (const p of j.producers) assert.ok(has(p, j.operator));
        } else assert.ok(has(j.producers[0], c));
        assert.ok(!flowOf(g)!.start_refs.includes(c), 'a linked consumer is no longer a start point');
      }
    }
  }
});

test('a chain from a staging module to a harm flow: exact joins, start points and metadata', () => {
  const s = findScenario(lib, 'vendor-phish-to-robot-motion')!;
  const g = s.composed!.graph;
  const op = stixId('attack-operator', 'scenario/vendor-phish-to-robot-motion/robot-firmware-via-vendor-tunnel/credential:vendor-remote-access');
  assert.deepEqual(s.composed!.joins, [{
    to: 'robot-firmware-via-vendor-tunnel',
    state: 'credential:vendor-remote-access',
    from: ['vendor-remote-access-credential-phish'],
    producers: [act('vendor-remote-access-credential-phish', 'relay-one-time-code'), act('vendor-remote-access-credential-phish', 'steal-vpn-certificate')].sort(),
    consumers: [act('robot-firmware-via-vendor-tunnel', 'open-service-tunnel')],
    operator: op,
  }]);
  assert.equal(g.objects.get(op)?.operator, 'OR');
  const flow = flowOf(g)!;
  assert.equal(flow.id, stixId('attack-flow', 'scenario/vendor-phish-to-robot-motion'));
  assert.deepEqual(flow.start_refs, [act('vendor-remote-access-credential-phish', 'identify-service-engineers')]);
  const m = medicalProps<FlowMedicalProps>(flow)!;
  assert.deepEqual([m.harm_severity, m.reach, m.patient_safety_goal, m.provenance], ['catastrophic', 'fleet', 'device-integrity', 'theoretical']);
  assert.deepEqual(m.use_cases, ['telesurgery']);
  assert.equal(m.entry_states, undefined, 'nothing is assumed');
});

test('two upstream branches meeting in one flow: robot sabotage with cover-up', () => {
  const s = findScenario(lib, 'robot-sabotage-with-cover-up')!;
  const flow = flowOf(s.composed!.graph)!;
  assert.deepEqual([...flow.start_refs].sort(), [
    act('cloud-tenant-credential-theft', 'search-public-repos'),
    act('hdo-clinician-phishing-foothold', 'collect-staff-addresses'),
    act('vendor-remote-access-credential-phish', 'identify-service-engineers'),
  ].sort());
  const m = medicalProps<FlowMedicalProps>(flow)!;
  assert.equal(m.harm_severity, 'catastrophic');
  assert.equal(m.entry_states, undefined);
  const into = s.composed!.joins.filter((j) => j.to === 'robot-event-log-erasure').map((j) => j.state).sort();
  assert.deepEqual(into, ['access:cloud-tenant', 'foothold:surgical-network']);
});

test('two realized flows compose into a realized scenario citing both sources', () => {
  const s = findScenario(lib, 'portal-credentials-to-theatre-shutdown')!;
  const flow = flowOf(s.composed!.graph)!;
  assert.equal(medicalProps<FlowMedicalProps>(flow)!.provenance, 'realized');
  const urls = (flow.external_references as { url?: string }[]).map((r) => r.url).filter(Boolean);
  assert.equal(urls.length, 2, 'the HSE report is cited once though two flows rest on it');
});

test('fixture: an unlinked entry state stays a start point and is listed as assumed; single producer links directly', () => {
  assert.deepEqual(mini.issues.map(formatSourceIssue), []);
  const s = findScenario(mini, 'mini-chain')!;
  const g = s.composed!.graph;
  const m = medicalProps<FlowMedicalProps>(flowOf(g)!)!;
  assert.deepEqual(m.entry_states, ['credential:hdo-clinician']);
  assert.deepEqual(m.use_cases, ['telesurgery'], 'staging modules do not widen the use cases');
  assert.deepEqual([...flowOf(g)!.start_refs].sort(), [
    act('mini-harm', 'use-account'), act('mini-stage', 'scan-edge'), act('mini-stage', 'send-lure'),
  ].sort());
  const [j] = s.composed!.joins;
  assert.equal(j.producers.length, 2);
  assert.ok(j.operator);
  const harmFlow = mini.flows.find((f) => f.source.id === 'mini-harm')!.source;
  assert.deepEqual(startKeys(harmFlow), ['scan-or', 'use-account']);
  assert.equal(keyIndex(harmFlow).get('scan-or')!.id, act('mini-harm', 'scan-or'));
});

test('composition is deterministic', () => {
  const again = loadLibrary();
  for (const s of lib.scenarios) {
    assert.equal(writeBundle(findScenario(again, s.scenario.id)!.composed!.graph), writeBundle(s.composed!.graph));
  }
});
