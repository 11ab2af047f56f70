// The playbook's "did we do a good job?" checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { lintModel } from '../../src/threatmodel/lint.ts';
import { loadRules } from '../../src/threatmodel/rules.ts';
import { loadValidArchitecture } from '../../src/threatmodel/load.ts';
import { comp, device, flow, model } from './build.ts';

const codes = (issues: { code: string; object?: string }[]) => issues.map((i) => `${i.code}:${i.object ?? ''}`);

test('the small fixture lints without errors and lists its untriaged threats', () => {
  const m = loadValidArchitecture(join(ROOT, 'test/fixtures/models/small-oximeter.yaml')).model;
  const l = lintModel(m);
  assert.deepEqual(l.errors, []);
  assert.deepEqual(l.untriaged, ['link-layer-encryption-only@oxi-to-hub', 'no-update-path@oximeter', 'wireless-jamming@oxi-to-hub']);
  assert.deepEqual(l.warnings.filter((w) => w.code === 'untriaged').map((w) => w.object), l.untriaged);
  assert.equal(l.summary.triaged, 1);
  const hv = Object.fromEntries(l.high_value_flows.map((h) => [h.id, h.flows.length ? h.flows.join(',') : `exempt=${!!h.exempt}`]));
  assert.deepEqual(hv, {
    authentication: 'exempt=true', programming: 'exempt=true', updates: 'fw-to-hub', 'patient-data': 'hub-to-cloud',
    alarms: 'exempt=true', 'backup-restore': 'exempt=true',
  });
  // every element × applicable STRIDE category was examined
  const oxi = l.coverage.find((c) => c.element === 'oximeter')!;
  assert.deepEqual(Object.keys(oxi.categories).sort(), ['denial-of-service', 'elevation-of-privilege', 'information-disclosure', 'repudiation', 'spoofing', 'tampering']);
  assert.equal(oxi.categories['elevation-of-privilege'], 1);
});

test('tracking that no longer matches a threat, and unjustified accept/transfer, are errors', () => {
  const m = model({
    components: [device('pump', { security: { secure_boot: true } }), comp('srv')],
    flows: [flow('f', 'srv', 'pump', { purposes: ['command', 'update', 'patient-data', 'alarm', 'backup', 'authentication'] })],
    tracking: {
      'no-secure-boot@pump': { status: 'mitigated', strategy: 'mitigate' },
      'no-secure-boot@ghost': { status: 'open', owner: 'x' },
      'no-such-rule@pump': { status: 'open', owner: 'x' },
      'public-storage-access@*': { status: 'false-positive', rationale: 'n/a' },
      'open-debug-ports@pump': { status: 'accepted', strategy: 'mitigate' },
      'no-sbom@pump': { status: 'transferred', rationale: 'the hospital keeps the inventory', recipient: 'Biomed' },
      'safety-device-without-logging@pump': { status: 'in-progress', strategy: 'mitigate' },
    },
  });
  const l = lintModel(m);
  assert.deepEqual(codes(l.errors), [
    'transfer-without-party:no-sbom@pump',
    'tracking-orphaned:no-secure-boot@ghost',
    'tracking-orphaned:no-secure-boot@pump',
    'tracking-unknown-rule:no-such-rule@pump',
    'accept-without-rationale:open-debug-ports@pump',
    'accept-without-recipient:open-debug-ports@pump',
    'tracking-inconsistent:open-debug-ports@pump',
    'tracking-orphaned:public-storage-access@*',
  ]);
  assert.ok(codes(l.warnings).includes('tracking-without-owner:safety-device-without-logging@pump'));
  assert.equal(l.ok, false);
});

test('missing high-value flows are errors unless exempted with a reason; stale exemptions warn', () => {
  const m = model({ components: [comp('a'), comp('b')], flows: [flow('f', 'a', 'b', { purposes: ['update'], encryption: 'transport', authentication: 'token' })] });
  const l = lintModel(m);
  assert.deepEqual(l.errors.filter((e) => e.code === 'high-value-flow-missing').map((e) => e.object),
    ['alarms', 'authentication', 'backup-restore', 'patient-data', 'programming']);
  m.high_value_exemptions = { alarms: 'no alarms', authentication: 'a', 'backup-restore': 'b', 'patient-data': 'c', programming: 'd', updates: 'e' };
  const l2 = lintModel(m);
  assert.deepEqual(l2.errors, []);
  assert.deepEqual(codes(l2.warnings.filter((w) => w.code === 'high-value-exemption-stale')), ['high-value-exemption-stale:updates']);
  assert.ok(codes(l2.warnings).includes('high-value-flow-without-use-case:f'));
});

test('STRIDE coverage fails when the active rules leave a category unexamined', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medflow-lint-'));
  writeFileSync(join(dir, 'only-tampering.yaml'), [
    'rules:',
    '  - { id: t-proc, title: T, stride: tampering, applies_to: component, when: { kind: sensor }, techniques: [T1565], explanation: e, mitigation: m }',
    '  - { id: t-flow, title: T, stride: tampering, applies_to: flow, when: { protocol: usb }, techniques: [T1565], explanation: e, mitigation: m }',
  ].join('\n'));
  const rules = loadRules([dir]);
  const m = model({ components: [comp('a'), comp('s', { kind: 'cloud-storage' }), comp('h', { kind: 'human-actor', hosting: 'hdo-network' })], flows: [flow('f', 'h', 'a')] });
  const l = lintModel(m, { rules });
  const stride = l.errors.filter((e) => e.code === 'stride-not-covered').map((e) => `${e.object}: ${e.message.replace(/^.*examined for (.*?):.*$/, '$1')}`);
  assert.deepEqual(stride, [
    'a: spoofing, repudiation, information-disclosure, denial-of-service, elevation-of-privilege',
    'f: information-disclosure, denial-of-service',
    'h: spoofing, repudiation',
    's: repudiation, information-disclosure, denial-of-service',
  ]);
});

test('out-of-scope elements need a reason; unstated flow security and missing views warn', () => {
  const m = model({ components: [comp('a', { in_scope: false }), comp('b')], flows: [flow('f', 'a', 'b')] });
  const l = lintModel(m);
  assert.ok(codes(l.errors).includes('out-of-scope-without-reason:a'));
  assert.ok(codes(l.warnings).includes('flow-security-unstated:f'));
  assert.ok(codes(l.warnings).includes('view-missing:views'));
});

test('every reference architecture lints without errors', async () => {
  const { readdirSync } = await import('node:fs');
  const dir = join(ROOT, 'content/architectures');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
    const l = lintModel(loadValidArchitecture(join(dir, f)).model);
    assert.deepEqual(l.errors, [], f);
    assert.ok(!l.warnings.some((w) => /view-missing|view-incomplete|exemption-stale|without-use-case|isolated/.test(w.code)), `${f}: ${codes(l.warnings.filter((w) => /view|exemption|use-case|isolated/.test(w.code)))}`);
  }
});
