// Compiling flow sources into STIX bundles: determinism, ids, extension objects, medical properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeBundle } from '../../src/flow/bundle.ts';
import { flowOf, actionsOf, assetsOf, computeEntryPoints } from '../../src/flow/model.ts';
import { stixId } from '../../src/stix/ids.ts';
import { AF_EXTENSION_ID, AF_CREATOR_ID } from '../../src/stix/attack-flow.ts';
import { MEDFLOW_EXTENSION_ID, MEDFLOW_IDENTITY_ID, medicalProps } from '../../src/stix/medflow-extension.ts';
import { CONTENT_DIR, YamlFile, compileFlow, loadLibrary, type FlowSource } from '../../src/library/index.ts';

const file = join(CONTENT_DIR, 'flows/telesurgery/robot-firmware-via-vendor-tunnel.yaml');
const src = () => structuredClone(YamlFile.read(file).data) as FlowSource;

test('compiling is deterministic: same bytes every time, whatever the order of entries in the source', () => {
  const a = writeBundle(compileFlow(src()).graph);
  assert.equal(writeBundle(compileFlow(src()).graph), a);
  const shuffled = src();
  shuffled.actions.reverse();
  shuffled.assets!.reverse();
  for (const x of shuffled.actions) x.effects?.reverse();
  assert.equal(writeBundle(compileFlow(shuffled).graph), a);
  const again = loadLibrary().flows.find((f) => f.source.id === 'robot-firmware-via-vendor-tunnel')!;
  assert.equal(writeBundle(again.compiled.graph), a);
});

test('ids derive from the flow id and the keys', () => {
  const g = compileFlow(src()).graph;
  assert.equal(g.flowId, stixId('attack-flow', 'robot-firmware-via-vendor-tunnel'));
  assert.equal(g.bundleId, stixId('bundle', 'robot-firmware-via-vendor-tunnel'));
  const tunnel = stixId('attack-action', 'robot-firmware-via-vendor-tunnel/open-service-tunnel');
  assert.equal(g.objects.get(tunnel)?.name, "Open the remote-service tunnel to the hospital's robot");
  assert.deepEqual(flowOf(g)!.start_refs, [tunnel]);
  assert.deepEqual(computeEntryPoints(g), [tunnel]);
});

test('every bundle carries both extension definitions, their identities and the flow metadata', () => {
  const g = compileFlow(src()).graph;
  for (const id of [AF_EXTENSION_ID, AF_CREATOR_ID, MEDFLOW_EXTENSION_ID, MEDFLOW_IDENTITY_ID]) assert.ok(g.objects.has(id), id);
  const flow = flowOf(g)!;
  assert.equal((flow.extensions as Record<string, unknown>)[AF_EXTENSION_ID] !== undefined, true);
  assert.deepEqual(medicalProps(flow), {
    extension_type: 'property-extension',
    use_cases: ['telesurgery'],
    patient_safety_goal: 'device-integrity',
    harm_severity: 'catastrophic',
    reach: 'multi-patient',
    provenance: 'theoretical',
    clinical_functions: ['surgery'],
    entry_states: ['credential:vendor-remote-access'],
    exit_states: ['control:device-firmware', 'control:surgical-robot'],
  });
  assert.deepEqual((flow.external_references as unknown[])[0], { source_name: 'medflow-flow', external_id: 'robot-firmware-via-vendor-tunnel' });
  const flash = actionsOf(g).find((a) => a.technique_id === 'T0857')!;
  assert.equal(flash.tactic_id, 'TA0110');
  assert.match(String(flash.technique_ref), /^attack-pattern--/);
  assert.deepEqual(medicalProps(flash), {
    extension_type: 'property-extension',
    component_kind: 'actuator',
    difficulty: { band: 'VeryHardAndUncertain', rationale: 'Needs reverse engineering of the controller image and a test rig; only feasible if signatures are not checked.' },
    exit_states: ['control:device-firmware'],
  });
  const harm = assetsOf(g).filter((a) => medicalProps<{ patient_harm?: boolean }>(a)?.patient_harm);
  assert.deepEqual(harm.map((a) => a.name), ['Instrument motion inside the patient']);
  for (const o of g.objects.values()) if (o.type.startsWith('attack-')) assert.equal(o.created, '2026-11-25T00:00:00.000Z');
});

test('empty lists are left out (STIX forbids them)', () => {
  const lib = loadLibrary();
  for (const f of lib.flows) for (const o of f.compiled.graph.objects.values()) {
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) assert.ok(v.length > 0, `${f.source.id}: ${o.id} ${path}`);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(o, '');
  }
});
