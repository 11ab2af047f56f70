// The five-party RACI: the derivation rule for each hosting and cloud service model (on a fixture with one
// component per model and hand-written owner hints), the checks on every reference architecture,
// overrides, and exact CSV / Markdown content on a small model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { controlCatalog, type Control } from '../../src/controls/index.ts';
import {
  checkRaci, deriveRaci, loadRaciOverrides, raciCell, raciCsv, raciMarkdown, raciHtml, resolveArchitecture, type RaciMatrix, type RaciRow,
} from '../../src/raci/index.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { PARTIES } from '../../src/vocab/index.ts';
import { ROOT } from '../helpers.ts';

const FIX = join(ROOT, 'test/fixtures/raci');
const svc = resolveArchitecture(join(FIX, 'service-models.yaml')).model;

const mini = (id: string, owner: Control['owner'], applies: Control['applies_to'], title = `Test control ${id}`): Control => ({
  id, title, category: 'authentication', function: 'prevent', objective: 'test', applies_to: applies, nist_800_53: ['IA-2'],
  techniques: ['T1078'], evidence: [{ type: 'document', description: 'test' }], default_effectiveness: { level: 'partial', rationale: 'test' }, owner,
});

const CONTROLS: Control[] = [
  mini('T-BUILT-01', { default: 'mdm' }, ['medical-device', 'gateway']),
  mini('T-CLOUD-01', { 'cloud-iaas': 'operator', 'cloud-paas': 'operator', 'cloud-saas': 'csp', default: 'operator' }, ['cloud-compute', 'cloud-iot-ingestion']),
  mini('T-PAAS-01', { 'cloud-paas': 'csp', default: 'operator' }, ['cloud-iot-ingestion']),
  mini('T-PAT-01', { 'patient-home': 'patient', 'on-device': 'mdm', default: 'hdo' }, ['mobile-app', 'gateway']),
  mini('T-PAT-02', { default: 'patient' }, ['gateway']),
  mini('T-SUP-01', { default: 'hdo' }, ['human-actor']),
  mini('T-EHR-01', { default: 'ehr-vendor', 'cloud-saas': 'csp' }, ['ehr']),
  mini('T-NONE-01', { default: 'mdm' }, ['ml-service']),
];

const roles = (r: RaciRow) => Object.fromEntries(PARTIES.map((p) => [p, raciCell(r, p)]).filter(([, v]) => v));
const m = deriveRaci(svc, CONTROLS);
const row = (id: string) => m.rows.find((r) => r.control === id)!;

test('built into the product (on-device, patient-home, hdo-network): the manufacturer is R and A; operators are consulted', () => {
  assert.deepEqual(roles(row('T-BUILT-01')), { mdm: 'A/R', hdo: 'C', patient: 'I' });
  assert.deepEqual(row('T-BUILT-01').components.map((c) => [c.component, c.hosting_model, c.owner]), [
    ['implant', 'on-device', 'mdm'], ['home-hub', 'patient-home', 'mdm'], ['ward-gw', 'hdo-network', 'mdm'],
  ]);
});

test('IaaS and PaaS: the operator configures; SaaS: the provider runs it, accountability stays with its customer', () => {
  const r = row('T-CLOUD-01');
  assert.deepEqual(r.components.map((c) => [c.component, c.hosting_model, c.owner, c.answerable]), [
    ['vm', 'cloud-iaas', 'hdo', 'hdo'], ['ingest', 'cloud-paas', 'mdm', 'mdm'], ['portal', 'cloud-saas', 'csp', 'mdm'],
  ]);
  assert.deepEqual(roles(r), { csp: 'R', mdm: 'A/R', hdo: 'R', 'ehr-vendor': 'I', patient: 'I' });
  assert.match(r.basis, /mdm is answerable on the most components \(mdm 2 components, hdo 1 component\)/);
});

test('PaaS where the provider runs the platform: csp is R, the operator A', () => {
  assert.deepEqual(roles(row('T-PAAS-01')), { csp: 'R', mdm: 'A', patient: 'I' });
});

test('patient home: the patient can be R (with a warning), never A; a patient hint elsewhere falls back to the operator', () => {
  assert.deepEqual(roles(row('T-PAT-01')), { mdm: 'A', hdo: 'R', patient: 'R' });
  assert.deepEqual(row('T-PAT-01').components.map((c) => [c.component, c.owner, c.answerable]), [
    ['phone', 'patient', 'mdm'], ['home-hub', 'patient', 'mdm'], ['ward-gw', 'hdo', 'hdo'],
  ]);
  const two = row('T-PAT-02');
  assert.deepEqual(two.components.map((c) => [c.component, c.hint, c.owner]), [['home-hub', 'patient', 'patient'], ['ward-gw', 'patient', 'hdo']]);
  assert.deepEqual(roles(two), { mdm: 'A', hdo: 'R', patient: 'R' });
  assert.match(two.basis, /tie with hdo broken by precedence mdm > hdo > ehr-vendor > csp > patient/);
  const warnings = m.findings.filter((f) => f.code === 'patient-responsible').map((f) => f.control);
  assert.deepEqual(warnings, ['T-PAT-01', 'T-PAT-02']);
  assert.ok(m.findings.every((f) => f.severity === 'warning'));
});

test('vendor network: the operator owns the work; an EHR as SaaS: csp R, the EHR vendor A', () => {
  assert.deepEqual(roles(row('T-SUP-01')), { mdm: 'A/R' });
  assert.equal(row('T-SUP-01').components[0].hosting_model, null);
  assert.deepEqual(roles(row('T-EHR-01')), { csp: 'R', mdm: 'I', 'ehr-vendor': 'A' });
});

test('controls that apply to no in-scope component are left out; rows follow catalog order', () => {
  assert.deepEqual(m.not_applicable, ['T-NONE-01']);
  assert.deepEqual(m.rows.map((r) => r.control), ['T-BUILT-01', 'T-CLOUD-01', 'T-EHR-01', 'T-PAAS-01', 'T-PAT-01', 'T-PAT-02', 'T-SUP-01']);
  assert.deepEqual(m.summary.mdm, { R: 3, A: 6, C: 0, I: 1 });
});

const REFERENCE = readdirSync(join(ROOT, 'content/architectures')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace('.yaml', '')).sort();
const EXPECTED: Record<string, { rows: number; patientR: string[] }> = {
  'aiml-image-triage': { rows: 90, patientR: [] },
  'home-rpm': { rows: 86, patientR: ['MF-CONF-05', 'MF-LOG-13', 'MF-UPD-09'] },
  'infusion-pumps': { rows: 90, patientR: [] },
  'insulin-closed-loop': { rows: 92, patientR: ['MF-CONF-05', 'MF-LOG-13', 'MF-UPD-09'] },
  telesurgery: { rows: 90, patientR: [] },
};

for (const id of REFERENCE) {
  test(`reference architecture ${id}: exactly one A and at least one R per control, patient-R warnings`, () => {
    const arch = resolveArchitecture(id);
    const mx = deriveRaci(arch.model, controlCatalog());
    assert.equal(mx.rows.length, EXPECTED[id]?.rows, 'rows');
    for (const r of mx.rows) {
      assert.equal(r.accountable.length, 1, `${r.control}: one A`);
      assert.ok(r.responsible.length >= 1, `${r.control}: an R`);
      assert.ok(!r.accountable.includes('patient'), `${r.control}: patient never A`);
      for (const p of r.consulted) assert.ok(!r.responsible.includes(p) && !r.accountable.includes(p));
      for (const p of r.informed) assert.ok(!r.responsible.includes(p) && !r.accountable.includes(p) && !r.consulted.includes(p));
      // R is exactly the owners on the components, A one of the answerable parties.
      assert.deepEqual(new Set(r.responsible), new Set(r.components.map((c) => c.owner)));
      assert.ok(r.components.some((c) => c.answerable === r.accountable[0]));
    }
    assert.deepEqual(mx.findings.filter((f) => f.severity === 'error'), []);
    assert.deepEqual(mx.findings.filter((f) => f.code === 'patient-responsible').map((f) => f.control), EXPECTED[id]?.patientR);
    assert.equal(mx.rows.length + mx.not_applicable.length, controlCatalog().length);
  });
}

test('the derivation is deterministic', () => {
  const a = deriveRaci(resolveArchitecture('home-rpm').model, controlCatalog());
  const b = deriveRaci(resolveArchitecture('home-rpm').model, controlCatalog());
  assert.equal(raciCsv(a), raciCsv(b));
  assert.equal(raciMarkdown(a), raciMarkdown(b));
});

test('overrides: per-component owner (roles derived again) and role replacement, with rationale', () => {
  const mx = deriveRaci(svc, CONTROLS, {
    overrides: [{
      source: 'test.raci.yaml', architecture: 'service-models', overrides: [
        { control: 'T-CLOUD-01', component: 'portal', owner: 'mdm', rationale: 'The manufacturer configures the portal tenant itself.' },
        { control: 'T-BUILT-01', accountable: ['hdo'], rationale: 'Hospital contract clause 7.' },
      ],
    }],
  });
  const cloud = mx.rows.find((r) => r.control === 'T-CLOUD-01')!;
  assert.deepEqual(roles(cloud), { mdm: 'A/R', hdo: 'R', 'ehr-vendor': 'I', patient: 'I' });
  assert.equal(cloud.components.find((c) => c.component === 'portal')!.overridden, true);
  assert.deepEqual(cloud.override, { rationale: 'The manufacturer configures the portal tenant itself.', fields: ['components'], source: 'test.raci.yaml' });
  const built = mx.rows.find((r) => r.control === 'T-BUILT-01')!;
  assert.deepEqual(roles(built), { mdm: 'R', hdo: 'A', patient: 'I' });
  assert.equal(built.basis, 'set by override (test.raci.yaml)');
  assert.deepEqual(mx.findings.filter((f) => f.severity === 'error'), []);
});

test('overrides that break the rules are errors: two A, conflicting roles, unknown control or component, wrong architecture', () => {
  const mx = deriveRaci(svc, CONTROLS, {
    overrides: [
      {
        source: 'o.yaml', overrides: [
          { control: 'T-BUILT-01', accountable: ['hdo', 'mdm'], rationale: 'two on purpose' },
          { control: 'T-SUP-01', consulted: ['mdm'], rationale: 'conflict on purpose' },
          { control: 'T-NOPE-01', accountable: ['hdo'], rationale: 'unknown control' },
          { control: 'T-SUP-01', component: 'nowhere', owner: 'hdo', rationale: 'unknown component' },
          { control: 'T-NONE-01', accountable: ['hdo'], rationale: 'not applicable' },
        ],
      },
      { source: 'other.yaml', architecture: 'home-rpm', overrides: [] },
    ],
  });
  assert.deepEqual(mx.findings.filter((f) => f.severity === 'error').map((f) => `${f.control ?? ''}:${f.code}`).sort(), [
    ':raci-override-architecture', 'T-BUILT-01:raci-several-accountable', 'T-NONE-01:raci-override-not-applicable',
    'T-NOPE-01:raci-override-unknown-control', 'T-SUP-01:raci-override-unknown-component', 'T-SUP-01:raci-role-conflict',
  ]);
});

test('checkRaci: no A and no R are errors', () => {
  const r: RaciRow = { ...row('T-SUP-01'), responsible: [], accountable: [] };
  assert.deepEqual(checkRaci([r]).map((f) => f.code), ['raci-no-accountable', 'raci-no-responsible']);
});

test('an override file with a bad party gives one error naming the file, line and field', () => {
  try {
    loadRaciOverrides(join(FIX, 'bad-party.raci.yaml'));
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(isMedflowError(e));
    assert.equal(e.describe(), `${join('test/fixtures/raci', 'bad-party.raci.yaml')}: line 6: overrides[0].accountable: must be one of: csp, mdm, hdo, ehr-vendor, patient (RACI overrides; see schemas/raci-overrides.schema.json)`);
  }
});

// A small model for exact renderings: two controls on the service-models fixture.
const small: RaciMatrix = deriveRaci(svc, [CONTROLS[0], CONTROLS[5]]);

test('CSV: exact content', () => {
  assert.equal(raciCsv(small), [
    'control,title,category,csp,mdm,hdo,ehr-vendor,patient,components,override',
    'T-BUILT-01,Test control T-BUILT-01,authentication,,A/R,C,,I,implant home-hub ward-gw,',
    'T-SUP-01,Test control T-SUP-01,authentication,,A/R,,,,support,',
    '',
  ].join('\r\n'));
});

test('Markdown: exact content', () => {
  const md = raciMarkdown(small);
  const v = small.versions;
  assert.equal(md, [
    '# RACI: Every hosting and service model once',
    '',
    'Architecture `service-models`. 2 controls apply; 0 apply to no in-scope component and are left out.',
    '',
    `Versions: raci ${v.raci}; controls ${v.controls}; catalog ${v.catalog}.`,
    '',
    'R = Responsible (does the work), A = Accountable (answers for it; exactly one), C = Consulted, I = Informed. Parties: csp = Cloud service provider, mdm = Medical device manufacturer, hdo = Healthcare delivery organization, ehr-vendor = EHR vendor, patient = Patient.',
    '',
    '## Checks',
    '',
    'Every control has exactly one Accountable and at least one Responsible party. 0 warnings.',
    '',
    '## Matrix',
    '',
    '| control | title | csp | mdm | hdo | ehr-vendor | patient | components |',
    '|---|---|:-:|:-:|:-:|:-:|:-:|---|',
    '| T-BUILT-01 | Test control T-BUILT-01 |  | A/R | C |  | I | implant, home-hub, ward-gw |',
    '| T-SUP-01 | Test control T-SUP-01 |  | A/R |  |  |  | support |',
    '',
    '## Per party',
    '',
    '| party | R | A | C | I |',
    '|---|--:|--:|--:|--:|',
    '| csp (Cloud service provider) | 0 | 0 | 0 | 0 |',
    '| mdm (Medical device manufacturer) | 2 | 2 | 0 | 0 |',
    '| hdo (Healthcare delivery organization) | 0 | 0 | 1 | 0 |',
    '| ehr-vendor (EHR vendor) | 0 | 0 | 0 | 0 |',
    '| patient (Patient) | 0 | 0 | 0 | 1 |',
    '',
    '## How each row was derived',
    '',
    '- **T-BUILT-01** (Authentication): mdm is answerable on every component it applies to. implant (on-device, operated by hdo): hint mdm → mdm; home-hub (patient-home, operated by mdm): hint mdm → mdm; ward-gw (hdo-network, operated by hdo): hint mdm → mdm.',
    '- **T-SUP-01** (Authentication): mdm is answerable on every component it applies to. support (vendor-network, operated by mdm): hint operator → mdm.',
    '',
  ].join('\n'));
});

test('HTML is self-contained: no scripts, no external resources', () => {
  const html = raciHtml(deriveRaci(resolveArchitecture('insulin-closed-loop').model, controlCatalog()));
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.doesNotMatch(html, /<script|<link|<img|@import|url\(/i);
  assert.doesNotMatch(html, /(src|href)="https?:/i);
});
