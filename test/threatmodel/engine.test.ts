// The engine: exact threats on a small model, determinism, harm/reach/exploitability/risk derivation,
// tracking resolution and the technique → library-flow link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import cvss from 'ae-cvss-calculator';
import { ROOT } from '../helpers.ts';
import { canonicalJson } from '../../src/util/json.ts';
import { HARM_SEVERITIES } from '../../src/vocab/index.ts';
import { loadValidArchitecture } from '../../src/threatmodel/load.ts';
import { buildFlowIndex, evaluate } from '../../src/threatmodel/engine.ts';
import { buildIndex } from '../../src/threatmodel/graph.ts';
import { checkRiskMatrix, defaultRiskMatrix, exploitabilityScore, riskLevel } from '../../src/threatmodel/risk.ts';
import { comp, device, flow, model, sec } from './build.ts';

const SMALL = join(ROOT, 'test/fixtures/models/small-oximeter.yaml');

test('exact threats on the small oximeter model', () => {
  const r = evaluate(loadValidArchitecture(SMALL).model);
  assert.deepEqual(r.rule_errors, []);
  assert.deepEqual(r.threats.map((t) => `${t.id} ${t.stride} ${t.harm.severity}/${t.harm.reach} ${t.exploitability.vector} ${t.risk.level} ${t.status}`), [
    'link-layer-encryption-only@oxi-to-hub information-disclosure minor/single-patient AV:A/AC:L/PR:N/UI:N medium untriaged',
    'no-update-path@oximeter elevation-of-privilege critical/single-patient AV:A/AC:L/PR:N/UI:N critical untriaged',
    'short-range-radio-unauthenticated@oxi-to-hub spoofing critical/single-patient AV:A/AC:L/PR:N/UI:N critical accepted',
    'wireless-jamming@oxi-to-hub denial-of-service serious/single-patient AV:A/AC:L/PR:N/UI:N high untriaged',
  ]);
  const jam = r.threats.find((t) => t.rule === 'wireless-jamming')!;
  assert.equal(jam.description, 'Pulse oximeter → Home hub carries SpO2 readings and desaturation alarms over radio (ble). A cheap jammer or deauthentication flood in radio range interrupts it without touching any system.');
  assert.deepEqual(jam.techniques, ['T1464', 'T0814']);
  assert.deepEqual(jam.involved, { components: ['hub', 'oximeter'], flows: ['oxi-to-hub'], assets: ['spo2'], boundaries: [] });
  assert.equal(r.threats.find((t) => t.rule === 'short-range-radio-unauthenticated')!.tracking?.recipient, 'Head of quality');
});

test('same model, same bytes', () => {
  const a = canonicalJson(evaluate(loadValidArchitecture(SMALL).model, { file: 'm.yaml' }));
  const b = canonicalJson(evaluate(loadValidArchitecture(SMALL).model, { file: 'm.yaml' }));
  assert.equal(a, b);
  const arch = loadValidArchitecture(join(ROOT, 'content/architectures/infusion-pumps.yaml')).model;
  assert.equal(canonicalJson(evaluate(arch)), canonicalJson(evaluate(structuredClone(arch))));
});

test('threats link to library flows through the injected technique index (parents find sub-techniques)', () => {
  const index = buildFlowIndex([
    { flow: 'flow--jam', techniques: ['T1464'] },
    { flow: 'flow--mitm-ble', techniques: ['T1557.002', 'T0860'] },
  ]);
  assert.deepEqual(index.get('T1557'), ['flow--mitm-ble']);
  const r = evaluate(loadValidArchitecture(SMALL).model, { flowIndex: index });
  assert.deepEqual(r.threats.find((t) => t.rule === 'wireless-jamming')!.flows, ['flow--jam']);
  assert.deepEqual(r.threats.find((t) => t.rule === 'short-range-radio-unauthenticated')!.flows, ['flow--mitm-ble']);
  assert.deepEqual(evaluate(loadValidArchitecture(SMALL).model).threats[0].flows, [], 'default index is empty');
});

test('exploitability sub-scores match ae-cvss-calculator for every AV/AC/PR/UI combination', () => {
  for (const av of ['N', 'A', 'L', 'P'] as const) for (const ac of ['L', 'H'] as const)
    for (const pr of ['N', 'L', 'H'] as const) for (const ui of ['N', 'R'] as const) {
      const ref = new cvss.Cvss3P1(`CVSS:3.1/AV:${av}/AC:${ac}/PR:${pr}/UI:${ui}/S:U/C:H/I:H/A:H`).calculateExactExploitabilityScore();
      assert.equal(exploitabilityScore(av, ac, pr, ui), Math.round(ref * 10) / 10, `${av}/${ac}/${pr}/${ui}`);
    }
});

test('risk levels come from the declared matrix, raised one level for multi-patient reach of serious harm', () => {
  const m = defaultRiskMatrix();
  assert.equal(`${m.id}@${m.version}`, 'medflow-risk-matrix@1.0.0');
  assert.equal(riskLevel('serious', 'single-patient', 'medium', m), 'medium');
  assert.equal(riskLevel('serious', 'fleet', 'medium', m), 'high');
  assert.equal(riskLevel('minor', 'fleet', 'high', m), 'medium', 'minor harm is not escalated');
  assert.equal(riskLevel('catastrophic', 'fleet', 'high', m), 'critical', 'capped');
  // monotone in severity and exploitability
  for (let i = 1; i < HARM_SEVERITIES.length; i++) {
    for (const e of ['low', 'medium', 'high'] as const) {
      const order = ['low', 'medium', 'high', 'critical'];
      assert.ok(order.indexOf(riskLevel(HARM_SEVERITIES[i], 'single-patient', e, m)) >= order.indexOf(riskLevel(HARM_SEVERITIES[i - 1], 'single-patient', e, m)));
    }
  }
  const bad = structuredClone(m) as unknown as { matrix: Record<string, string[]> };
  bad.matrix.minor = ['high', 'low', 'low'];
  assert.throws(() => checkRiskMatrix(bad), /decreases with exploitability/);
});

test('harm: severity from the assets involved, safety-critical floor, repudiation cap; reach from shared components', () => {
  const m = model({
    components: [comp('cloud'), device('pump', { instances: 300, hosting: 'patient-home', kind: 'actuator', clinical_functions: ['therapy-delivery'] })],
    flows: [flow('cmds', 'cloud', 'pump', { assets: ['cmd'], encryption: 'transport' })],
    assets: ['cmd'],
  });
  const r = evaluate(m);
  const get = (id: string) => r.threats.find((t) => t.id === id)!;
  const replay = get('safety-command-replay@cmds');
  assert.equal(replay.harm.severity, 'catastrophic');
  assert.deepEqual(replay.harm.assets, ['cmd']);
  assert.equal(replay.harm.reach, 'fleet', '300 pumps depend on the cloud end of the flow');
  assert.equal(replay.exploitability.vector, 'AV:N/AC:L/PR:N/UI:N');
  assert.equal(replay.risk.level, 'critical');
  const push = get('multi-patient-push-without-approval@cloud');
  assert.equal(push.harm.reach, 'fleet');
  const logs = get('safety-device-without-logging@pump');
  assert.equal(logs.harm.severity, 'minor', 'repudiation is capped at minor unless a rule says otherwise');
  assert.equal(get('no-secure-boot@pump').harm.reach, 'single-patient');
  // a safety-critical element with no harmful asset still scores at least serious for integrity/availability
  const bare = evaluate(model({ components: [device('d')] })).threats.find((t) => t.id === 'no-secure-boot@d')!;
  assert.equal(bare.harm.severity, 'serious');
  assert.match(bare.harm.basis, /safety-critical/);
});

test('exposure follows the end that accepts the connection', () => {
  const base = model({
    components: [comp('api'), device('d', { hosting: 'patient-home', kind: 'sensor' })],
    flows: [flow('down', 'api', 'd', { assets: ['cfg'], encryption: 'transport', authentication: 'token' })],
    assets: ['cfg'],
  });
  const pushed = buildIndex(base);
  assert.equal(pushed.component.get('d')!.exposure, 'N', 'the device listens for the cloud');
  const pulled = structuredClone(base);
  pulled.data_flows![0].initiated_by = 'target';
  const ix = buildIndex(pulled);
  assert.equal(ix.component.get('d')!.exposure, 'A', 'the device polls: only its home network reaches it');
  assert.equal(ix.flow.get('down')!.senderAuthentication, 'certificate', 'the polling device authenticates the server by TLS');
});

test('tracking: exact entries win over rule@* wildcards', () => {
  const m = model({
    components: [device('a'), device('b')],
    tracking: {
      'no-secure-boot@*': { status: 'accepted', strategy: 'accept', rationale: 'r', recipient: 'x' },
      'no-secure-boot@b': { status: 'mitigated', strategy: 'mitigate' },
    },
  });
  const r = evaluate(m);
  const a = r.threats.find((t) => t.id === 'no-secure-boot@a')!;
  const b = r.threats.find((t) => t.id === 'no-secure-boot@b')!;
  assert.equal(a.status, 'accepted');
  assert.equal(a.tracking?.key, 'no-secure-boot@*');
  assert.equal(b.status, 'mitigated');
});

test('out-of-scope components are not examined, but flows touching them are', () => {
  const m = model({
    components: [comp('x', { in_scope: false, out_of_scope_reason: 'third party' }), comp('y')],
    flows: [flow('f', 'y', 'x', { assets: ['cred'], encryption: 'none' })],
    assets: ['cred'],
  });
  sec(m, 'y');
  const r = evaluate(m);
  assert.ok(!r.threats.some((t) => t.element === 'x'));
  assert.ok(r.threats.some((t) => t.id === 'cleartext-sensitive-flow@f'));
});
