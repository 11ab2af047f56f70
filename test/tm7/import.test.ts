import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTmtTriage, importTm7 } from '../../src/tm7/index.ts';
import { checkArchitecture, evaluate, parseArchitectureText } from '../../src/threatmodel/index.ts';
import { buildTm7, FLOW_ATTRS, HOME_DIAGRAM, homeModel, type FxThreat } from './fixture.ts';

const threat = (id: number, over: Partial<FxThreat> = {}): FxThreat => ({
  id, typeId: 'TS1', title: `Threat ${id}`, category: 'Spoofing', source: 'e2', flow: 'f2', target: 'e3', diagram: HOME_DIAGRAM, ...over,
});

test('stencils become components with kind, role, hosting, operator, security and the stencil kept', () => {
  const { model, report } = importTm7(homeModel(), { file: 'dir/home.tm7' });
  const brief = model.components.map((c) => [c.id, c.kind, c.dfd_role, c.hosting, c.operator, c.safety_critical ?? null, c.in_scope ?? null]);
  assert.deepEqual(brief, [
    ['pulse-sensor', 'sensor', 'process', 'on-device', 'hdo', true, null],
    ['home-hub', 'gateway', 'process', 'patient-home', 'patient', null, null],
    ['ingest-api', 'cloud-compute', 'process', 'cloud', 'mdm', null, null],
    ['readings-store', 'cloud-storage', 'store', 'cloud', 'mdm', null, null],
    ['clinician', 'human-actor', 'external', 'hdo-network', 'hdo', null, null],
    ['note', 'cloud-compute', 'external', 'cloud', 'mdm', null, false],
  ]);
  const store = model.components[3];
  assert.deepEqual(store.security, { encryption_at_rest: true });
  assert.deepEqual(store.stores, ['tm7-phi']);
  assert.equal(store.service_model, 'paas');
  assert.deepEqual(store.tags, ['tm7', 'tmt-stencil:Cloud Storage']);
  assert.deepEqual(model.components[2].security, { input_validation: true });
  assert.deepEqual(model.components[0].clinical_functions, ['diagnosis-monitoring']);
  assert.deepEqual(report.counts, {
    elements: 6, components: 5, annotations: 1, flows: 4, boundaries: 2, line_boundaries: 1, border_boundaries: 1, threats: 0, tracking_entries: 0,
  });
  assert.equal(model.id, 'home-monitor');
  assert.equal(report.source.file, 'home.tm7');
  assert.equal(report.source.template, 'Test Template 1.0');
});

test('connectors become flows: protocol, security attributes, inferred assets, ids from labels or ends', () => {
  const { model } = importTm7(homeModel());
  const brief = (model.data_flows ?? []).map((f) => [f.id, f.name ?? null, f.source, f.target, f.protocol, f.encryption ?? null, f.integrity ?? null, f.authentication ?? null, f.assets ?? null]);
  assert.deepEqual(brief, [
    ['pulse-readings', 'Pulse Readings', 'pulse-sensor', 'home-hub', 'http', 'none', 'none', null, ['tm7-telemetry']],
    ['home-hub-to-ingest-api', null, 'home-hub', 'ingest-api', 'http', 'none', 'none', 'none', null],
    ['store-readings', 'Store Readings', 'ingest-api', 'readings-store', 'https', 'transport', 'transport', 'token', null],
    ['dashboard', 'Dashboard', 'ingest-api', 'clinician', 'https', 'transport', 'transport', null, null],
  ]);
  const telemetry = model.data_assets!.find((a) => a.id === 'tm7-telemetry')!;
  assert.deepEqual(telemetry.patient_harm, { integrity: 'serious', availability: 'serious', description: 'Inferred: the asset reaches a safety-critical medical component.' });
  assert.equal(model.data_assets!.find((a) => a.id === 'tm7-phi')!.patient_harm, undefined);
});

test('boundaries: border membership by rectangle, line sides solved so that memberships reproduce the crossings', () => {
  const { model, report } = importTm7(homeModel());
  assert.deepEqual(model.trust_boundaries!.map((b) => [b.id, b.type, b.parent ?? null, b.members]), [
    ['home', 'patient-home', null, ['pulse-sensor', 'home-hub']],
    ['cloud-edge', 'cloud-network', null, ['ingest-api', 'readings-store', 'clinician', 'note']],
  ]);
  assert.deepEqual(report.crossings, [
    { flow: 'pulse-readings', geometric: [], model: [] },
    { flow: 'home-hub-to-ingest-api', geometric: ['home', 'cloud-edge'], model: ['home', 'cloud-edge'] },
    { flow: 'store-readings', geometric: [], model: [] },
    { flow: 'dashboard', geometric: [], model: [] },
  ]);
  assert.deepEqual(report.warnings, []);
});

test('a flow that goes around the end of a line boundary does not cross it, and the sides follow the flows', () => {
  const D = 'd2';
  const el = (guid: string, name: string, left: number, top: number) => ({ guid, name, stencil: 'Generic Process', generic: 'GE.P', left, top });
  const xml = buildTm7({
    name: 'Around',
    diagrams: [{
      guid: D, name: 'D',
      elements: [el('a', 'Alpha', 0, 0), el('b', 'Beta', 400, 0), el('c', 'Gamma', 0, 400), el('d', 'Delta', 400, 400)],
      lines: [
        // the line x=250 from y=-100 to y=250: a→b crosses it, c→d passes below its end
        { guid: 'l', name: 'Wall', stencil: 'Machine Trust Boundary', shape: 'LineBoundary', s: [250, -100], h: [250, 75], t: [250, 250] },
        { guid: 'f1', name: 'Over', stencil: 'Generic Data Flow', source: 'a', target: 'b', s: [100, 50], h: [250, 50], t: [400, 50] },
        { guid: 'f2', name: 'Under', stencil: 'Generic Data Flow', source: 'c', target: 'd', s: [100, 450], h: [250, 450], t: [400, 450] },
        { guid: 'f3', name: 'Down', stencil: 'Generic Data Flow', source: 'a', target: 'c', s: [50, 100], h: [50, 250], t: [50, 400] },
      ],
    }],
  });
  const { model, report } = importTm7(xml);
  assert.deepEqual(model.trust_boundaries!.map((b) => [b.id, b.type, b.members]), [['wall', 'device', ['beta']]]);
  assert.deepEqual(report.crossings.map((c) => [c.flow, c.geometric, c.model]), [
    ['over', ['wall'], ['wall']], ['under', [], []], ['down', [], []],
  ]);
  assert.deepEqual(report.warnings, []);
});

test('crossings the membership model cannot express are warned about, flow by flow', () => {
  // a→b crosses the wall, b→c and c→a go around it: no side assignment keeps all three
  const el = (guid: string, name: string, left: number, top: number) => ({ guid, name, stencil: 'Generic Process', generic: 'GE.P', left, top });
  const xml = buildTm7({
    name: 'Odd',
    diagrams: [{
      guid: 'd3', name: 'D',
      elements: [el('a', 'A', 0, 0), el('b', 'B', 400, 0), el('c', 'C', 200, 600)],
      lines: [
        { guid: 'l', name: 'Wall', stencil: 'Generic Trust Line Boundary', shape: 'LineBoundary', s: [250, -100], h: [250, 75], t: [250, 250] },
        { guid: 'f1', name: 'AB', stencil: 'Generic Data Flow', source: 'a', target: 'b', s: [100, 50], h: [250, 50], t: [400, 50] },
        { guid: 'f2', name: 'BC', stencil: 'Generic Data Flow', source: 'b', target: 'c', s: [450, 100], h: [350, 400], t: [300, 600] },
        { guid: 'f3', name: 'CA', stencil: 'Generic Data Flow', source: 'c', target: 'a', s: [200, 600], h: [100, 400], t: [50, 100] },
      ],
    }],
  });
  const { report } = importTm7(xml);
  assert.deepEqual(report.warnings.map((w) => w.code), ['tm7-boundary-sides', 'tm7-crossing-approximated']);
  assert.equal(report.crossings.filter((c) => c.geometric.join() !== c.model.join()).length, 1);
});

test('threats become tmt.* tracking entries with id, title, category, priority, state and justification', () => {
  const xml = homeModel([
    threat(7),
    threat(3, { typeId: 'c0ffee00-0000-4000-8000-000000000001', title: 'Device talks across a boundary', category: 'Patient Safety', state: 'NotApplicable', justification: 'Link is wired & sealed.' }),
    threat(9, { state: 'Mitigated', flow: 'f3', source: 'e3', target: 'e4', justification: 'mTLS' }),
    threat(10, { state: 'NeedsInvestigation', priority: 'Low', flow: 'f1', source: 'e1', target: 'e2' }),
  ]);
  const { model, report } = importTm7(xml);
  assert.deepEqual(model.threat_tracking, {
    'tmt.c0ffee00@home-hub-to-ingest-api': {
      status: 'false-positive',
      rationale: 'TMT threat 3 [Patient Safety, not a STRIDE category; priority High; state NotApplicable]: Device talks across a boundary. Justification: Link is wired & sealed.',
    },
    'tmt.ts1@home-hub-to-ingest-api': {
      status: 'open',
      rationale: 'TMT threat 7 [Spoofing; priority High; state AutoGenerated]: Threat 7. No justification recorded in TMT.',
    },
    'tmt.ts1@store-readings': {
      status: 'mitigated', strategy: 'mitigate',
      rationale: 'TMT threat 9 [Spoofing; priority High; state Mitigated]: Threat 9. Justification: mTLS',
    },
    'tmt.ts1@pulse-readings': {
      status: 'in-progress',
      rationale: 'TMT threat 10 [Spoofing; priority Low; state NeedsInvestigation]: Threat 10. No justification recorded in TMT.',
    },
  });
  assert.deepEqual(report.threats_by_category, { 'Patient Safety': 1, Spoofing: 3 });
  assert.deepEqual(report.threats_by_state, { NotApplicable: 1, AutoGenerated: 1, Mitigated: 1, NeedsInvestigation: 1 });
  assert.equal(report.counts.tracking_entries, 4);
  assert.equal(importTm7(xml, { threats: false }).model.threat_tracking, undefined);
});

test('triaged TMT threats give their status to the one matching medflow threat (same element, same STRIDE)', () => {
  const imported = importTm7(homeModel([
    threat(1, { state: 'Mitigated', justification: 'signed messages' }),
    threat(2, { state: 'AutoGenerated', flow: 'f1', source: 'e1', target: 'e2' }),
    threat(3, { state: 'NotApplicable', category: 'Tampering', flow: 'f4', source: 'e3', target: 'e5', justification: 'read only' }),
  ]));
  const medflow = [
    { id: 'spoof-rule@home-hub-to-ingest-api', element: 'home-hub-to-ingest-api', stride: 'spoofing' },
    { id: 'tamper-rule@home-hub-to-ingest-api', element: 'home-hub-to-ingest-api', stride: 'tampering' },
    { id: 'spoof-rule@pulse-readings', element: 'pulse-readings', stride: 'spoofing' },
    // two tampering candidates on the target: ambiguous, left alone
    { id: 'a@clinician', element: 'clinician', stride: 'tampering' },
    { id: 'b@clinician', element: 'clinician', stride: 'tampering' },
  ];
  const applied = applyTmtTriage(imported, medflow);
  assert.deepEqual(applied, [{ tmt: '1', threat: 'spoof-rule@home-hub-to-ingest-api', status: 'mitigated' }]);
  assert.deepEqual(imported.model.threat_tracking!['spoof-rule@home-hub-to-ingest-api'], {
    status: 'mitigated', strategy: 'mitigate',
    rationale: 'Carried over from TMT threat 1 [Spoofing; priority High; state Mitigated]: Threat 1. Justification: signed messages',
  });
});

test('the imported model validates against the schema and runs through the rules without rule errors', () => {
  const { model, yaml } = importTm7(homeModel([threat(1)]));
  const loaded = parseArchitectureText(yaml, 'home.yaml');
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.model, JSON.parse(JSON.stringify(model)));
  assert.deepEqual(checkArchitecture(JSON.parse(JSON.stringify(model))).errors, []);
  const result = evaluate(loaded.model);
  assert.deepEqual(result.rule_errors, []);
  assert.ok(result.threats.length > 0);
});

test('import is deterministic: same bytes twice, and the YAML starts with a provenance header', () => {
  const xml = homeModel([threat(1), threat(2, { flow: 'f1', source: 'e1', target: 'e2' })]);
  const a = importTm7(xml, { file: 'home.tm7' }).yaml;
  const b = importTm7(xml, { file: 'home.tm7' }).yaml;
  assert.equal(a, b);
  assert.equal(a.split('\n')[0], '# medflow architecture imported from home.tm7 (TMT format 4.3), template Test Template 1.0.');
  assert.equal(a.split('\n')[1], '# 6 elements, 4 flows, 2 boundaries, 2 TMT threats (as threat_tracking entries "tmt.*").');
});

test('ids are slugs of labels, made unique; flows without a label are named after their ends', () => {
  const el = (guid: string, name: string, left: number) => ({ guid, name, stencil: 'Generic Process', generic: 'GE.P', left, top: 0 });
  const xml = buildTm7({
    name: 'Ids',
    diagrams: [{
      guid: 'd4', name: 'D',
      elements: [el('a', 'Pump (A)', 0), el('b', 'Pump (A)', 200), el('c', '', 400)],
      lines: [
        { guid: 'f1', name: 'Generic Data Flow', stencil: 'Generic Data Flow', source: 'a', target: 'b', s: [0, 0], h: [100, 0], t: [200, 0], attrs: FLOW_ATTRS(1, 1, 2) },
        { guid: 'f2', name: '', stencil: 'Generic Data Flow', source: 'b', target: 'c', s: [200, 0], h: [300, 0], t: [400, 0] },
      ],
    }],
  });
  const { model, report } = importTm7(xml);
  assert.deepEqual(model.components.map((c) => [c.id, c.name]), [['pump-a', 'Pump (A)'], ['pump-a-2', 'Pump (A)'], ['generic-process', 'Generic Process']]);
  assert.deepEqual(model.data_flows!.map((f) => [f.id, f.encryption, f.integrity, f.authentication]), [
    ['pump-a-to-pump-a-2', 'transport', 'transport', 'token'],
    ['pump-a-2-to-generic-process', undefined, undefined, undefined],
  ]);
  assert.deepEqual(report.ids, { a: 'pump-a', b: 'pump-a-2', c: 'generic-process', f1: 'pump-a-to-pump-a-2', f2: 'pump-a-2-to-generic-process' });
});
