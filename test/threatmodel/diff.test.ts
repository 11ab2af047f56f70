import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Architecture } from '../../src/threatmodel/model.ts';
import { diffModels, fieldChanges, formatModelDiff } from '../../src/threatmodel/diff.ts';
import { MODEL, THREATS, mkThreat } from './report/fixture.ts';

const NEW: Architecture = structuredClone(MODEL);
NEW.version = '1.1';
NEW.components[0].security = { secure_boot: true };
NEW.components[1].name = 'Gateway 2';
NEW.components.push({ id: 'app', name: 'Patient App', kind: 'mobile-app', operator: 'patient', hosting: 'patient-home' });
NEW.data_assets!.push({ id: 'tel', name: 'Telemetry', type: 'telemetry', confidentiality: 'high', integrity: 'high', availability: 'medium' });
NEW.data_flows = NEW.data_flows!.filter((f) => f.id !== 'nurse-gw');
NEW.data_flows[0].protocol = 'ble';
NEW.data_flows[0].assets = ['tel', 'cmd'];
NEW.data_flows.push({ id: 'app-cloud', source: 'app', target: 'cloud', protocol: 'https' });
NEW.trust_boundaries![1].name = 'Pump body';
delete NEW.threat_tracking!['tmt.d4@cloud-gw'];
NEW.threat_tracking!['r-spoof@nurse'] = { status: 'false-positive', rationale: 'Badge login.' };

const NEW_THREATS = [
  { ...THREATS[0], risk: { level: 'high' as const, matrix: 'm' }, techniques: ['T0831', 'T0806'] },
  THREATS[1],
  { ...THREATS[3], status: 'false-positive' as const, tracking: { key: 'r-spoof@nurse', status: 'false-positive' as const, rationale: 'Badge login.' } },
  THREATS[4],
  mkThreat('r-new', 'app-cloud', { risk: 'high', title: 'New exposure' }),
];

test('diff: elements, flows, boundaries, assets and tracking entries added, removed and changed, field by field', () => {
  const d = diffModels({ model: MODEL, threats: THREATS, file: 'v1.yaml' }, { model: NEW, threats: NEW_THREATS, file: 'v2.yaml' });
  assert.deepEqual(d.old, { id: 'pump-lab', name: 'Pump <Lab> & Co', version: '1.0', file: 'v1.yaml' });
  assert.deepEqual(d.model, [{ path: 'version', old: '1.0', new: '1.1' }]);
  assert.deepEqual(d.components, {
    added: [{ id: 'app', name: 'Patient App', detail: 'mobile-app' }],
    removed: [],
    changed: [
      { id: 'gw', name: 'Gateway 2', detail: 'gateway', changes: [{ path: 'name', old: 'Gateway', new: 'Gateway 2' }] },
      { id: 'pump', name: 'Infusion Pump', detail: 'medical-device', changes: [{ path: 'security.secure_boot', new: true }] },
    ],
  });
  assert.deepEqual(d.flows, {
    added: [{ id: 'app-cloud', name: 'app → cloud', detail: 'https' }],
    removed: [{ id: 'nurse-gw', name: 'nurse → gw', detail: 'local-ui' }],
    changed: [{ id: 'gw-pump', name: 'Program pump', detail: 'ble', changes: [{ path: 'assets', added: ['tel'] }, { path: 'protocol', old: 'wifi', new: 'ble' }] }],
  });
  assert.deepEqual(d.boundaries.changed, [{ id: 'device', name: 'Pump body', detail: 'device', changes: [{ path: 'name', old: 'Pump', new: 'Pump body' }] }]);
  assert.deepEqual(d.assets.added, [{ id: 'tel', name: 'Telemetry', detail: 'telemetry' }]);
  assert.deepEqual(d.tracking, {
    added: [{ id: 'r-spoof@nurse', detail: 'false-positive' }],
    removed: [{ id: 'tmt.d4@cloud-gw', detail: 'open' }],
    changed: [],
  });
});

test('diff: threats added, removed, changed (risk, techniques) and status changes, with the net change per risk', () => {
  const d = diffModels({ model: MODEL, threats: THREATS }, { model: NEW, threats: NEW_THREATS });
  assert.deepEqual(d.threats.added.map((t) => [t.id, t.risk]), [['r-new@app-cloud', 'high']]);
  assert.deepEqual(d.threats.removed.map((t) => [t.id, t.risk, t.status]), [['r-dos@cloud', 'critical', 'accepted']]);
  assert.deepEqual(d.threats.changed, [
    { id: 'r-cmd@gw-pump', title: 'Commands <unsigned> | replayable', element: 'gw-pump', changes: [{ path: 'risk', old: 'critical', new: 'high' }, { path: 'techniques', added: ['T0806'], removed: ['T0855'] }] },
    { id: 'r-spoof@nurse', title: 'Title of r-spoof', element: 'nurse', changes: [{ path: 'status', old: 'untriaged', new: 'false-positive' }] },
  ]);
  assert.deepEqual(d.status_changes, [{ id: 'r-spoof@nurse', title: 'Title of r-spoof', old: 'untriaged', new: 'false-positive', tracking: 'r-spoof@nurse' }]);
  assert.deepEqual(d.summary, {
    changed: true, components: [1, 0, 2], flows: [1, 1, 1], boundaries: [0, 0, 1], assets: [1, 0, 0], tracking: [1, 1, 0], threats: [1, 1, 2],
    status_changes: 1, risk_delta: { low: 0, medium: 0, high: 2, critical: -2 },
  });
});

test('diff: human-readable output', () => {
  const text = formatModelDiff(diffModels({ model: MODEL, threats: THREATS, file: 'v1.yaml' }, { model: NEW, threats: NEW_THREATS, file: 'v2.yaml' }));
  assert.equal(text, [
    'medflow model diff: v1.yaml (1.0) → v2.yaml (1.1)',
    '',
    'Model: ~1',
    '  ~ version: 1.0 → 1.1',
    'Components: +1 −0 ~2',
    '  + app (Patient App, mobile-app)',
    '  ~ gw: name: Gateway → Gateway 2',
    '  ~ pump: security.secure_boot: ∅ → true',
    'Data flows: +1 −1 ~1',
    '  + app-cloud (app → cloud, https)',
    '  − nurse-gw (nurse → gw, local-ui)',
    '  ~ gw-pump: assets: +tel; protocol: wifi → ble',
    'Trust boundaries: +0 −0 ~1',
    '  ~ device: name: Pump → Pump body',
    'Data assets: +1 −0 ~0',
    '  + tel (Telemetry, telemetry)',
    'Threat tracking entries: +1 −1 ~0',
    '  + r-spoof@nurse (false-positive)',
    '  − tmt.d4@cloud-gw (open)',
    'Threats: +1 −1 ~2  (net: critical -2, high +2)',
    '  + [high] r-new@app-cloud  New exposure',
    '  − [critical] r-dos@cloud  Title of r-dos',
    '  ~ r-cmd@gw-pump: risk: critical → high; techniques: +T0806 −T0855',
    '  ~ r-spoof@nurse: status: untriaged → false-positive',
    'Status changes: 1',
    '  r-spoof@nurse: untriaged → false-positive  [r-spoof@nurse]',
    '',
  ].join('\n'));
});

test('diff: identical models, architecture-only comparison, and list reordering', () => {
  const same = diffModels({ model: MODEL, threats: THREATS }, { model: structuredClone(MODEL), threats: THREATS });
  assert.equal(same.summary.changed, false);
  assert.match(formatModelDiff(same), /No differences\.\n$/);
  const arch = diffModels({ model: MODEL }, { model: NEW });
  assert.equal(arch.threats.compared, false);
  assert.match(formatModelDiff(arch), /\(threats not compared\)\n/);
  assert.deepEqual(fieldChanges({ tags: ['a', 'b'] }, { tags: ['b', 'a'] }), [{ path: 'tags', old: ['a', 'b'], new: ['b', 'a'] }]);
  assert.deepEqual(fieldChanges({ a: { b: 1 } }, { a: 2 }), [{ path: 'a', new: 2 }, { path: 'a.b', old: 1 }]);
});
