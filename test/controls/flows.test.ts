// Flow → control and threat → control mapping: exact guarding controls per step of a library flow, the
// component-kind rule, the simulation control set it gives (and that it lowers harm), and threat mapping
// through techniques, the rule's FDA categories and triage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  controlCatalog, controlsForThreat, flowControlMap, flowSimulationControls, type Control,
} from '../../src/controls/index.ts';
import { findFlow, loadLibrary } from '../../src/library/index.ts';
import { buildModel, emptyParams, evaluateControlSet } from '../../src/simulate/index.ts';
import { resolveArchitecture } from '../../src/raci/index.ts';
import { evaluate } from '../../src/threatmodel/index.ts';

const lib = loadLibrary(undefined, { validate: false });
const flow = findFlow(lib, 'infusion-pump-wireless-session-disruption')!;

test('flowControlMap: the controls guarding each step of a library flow', () => {
  const m = flowControlMap(flow.compiled.graph, controlCatalog());
  const byName = Object.fromEntries(m.actions.map((a) => [a.name, [a.resolved, a.component_kind, a.controls]]));
  assert.deepEqual(byName, {
    'The central infusion view and alarm forwarding go dark': ['T0815', 'clinician-workstation', ['MF-LOG-09', 'MF-RES-04', 'MF-RES-11', 'MF-RES-12']],
    'Return altered configuration headers': ['T0814', 'medical-device', ['MF-RES-02', 'MF-RES-06']],
    'EHR auto-programming and library updates stop': ['T0813', 'actuator', ['MF-RES-01', 'MF-RES-05']],
    // T0814 is covered by device controls, but none applies to a network device: the step stays unguarded.
    'Flood the pumps with de-authentication frames': ['T0814', 'network-device', []],
    "Redirect the pumps' authentication requests": ['T0830', 'gateway', [
      'MF-AUTH-01', 'MF-AUTH-02', 'MF-AUTH-03', 'MF-AUTH-04', 'MF-AUTHZ-02', 'MF-CRYPTO-05', 'MF-CRYPTO-08', 'MF-INTEG-06',
      'MF-LOG-01', 'MF-LOG-02', 'MF-LOG-04', 'MF-LOG-05', 'MF-RES-01', 'MF-RES-08']],
    "Capture the pumps' session set-up with their server": ['T0842', 'network-device', ['MF-AUTH-12', 'MF-AUTHZ-04', 'MF-RES-08']],
  });
  assert.equal(m.controls.length, 23);
  assert.equal(m.unguarded.length, 1);
  assert.deepEqual(m.controls, [...new Set(m.actions.flatMap((a) => a.controls))].sort((a, b) => {
    const [pa, na] = [a.replace(/\d+$/, ''), Number(a.match(/\d+$/)![0])], [pb, nb] = [b.replace(/\d+$/, ''), Number(b.match(/\d+$/)![0])];
    return pa < pb ? -1 : pa > pb ? 1 : na - nb;
  }));
});

test('flowControlMap: kinds leave out controls with nowhere to be implemented', () => {
  const m = flowControlMap(flow.compiled.graph, controlCatalog(), { kinds: ['medical-device'] });
  const dark = m.actions.find((a) => a.name.startsWith('The central infusion view'))!;
  assert.deepEqual(dark.controls, ['MF-LOG-09', 'MF-RES-04', 'MF-RES-11']);
  assert.deepEqual(m.actions.find((a) => a.name.startsWith('Capture'))!.controls, ['MF-AUTH-12', 'MF-RES-08']);
});

test('flowSimulationControls: one control per guarding control, mitigating the action ids it guards; it lowers harm', () => {
  const cs = controlCatalog();
  const m = flowControlMap(flow.compiled.graph, cs);
  const sim = flowSimulationControls(m, cs, (id) => (id === 'MF-RES-08' ? 'implemented' : 'not-implemented'));
  const res08 = sim.find((c) => c.id === 'MF-RES-08')!;
  assert.equal(res08.status, 'implemented');
  assert.equal(res08.effectiveness, cs.find((c) => c.id === 'MF-RES-08')!.default_effectiveness.level);
  assert.deepEqual(res08.mitigates, m.actions.filter((a) => a.controls.includes('MF-RES-08')).map((a) => a.action).sort());
  assert.ok(sim.filter((c) => c.id !== 'MF-RES-08').every((c) => c.status === 'not-implemented'));
  const params = emptyParams();
  params.controls = flowSimulationControls(m, cs);
  const model = buildModel(flow.compiled.graph, params);
  assert.deepEqual(model.warnings.filter((w) => w.code !== 'dead-false-branch'), [], 'every mitigates id resolves');
  const none = evaluateControlSet(model, {});
  const all = evaluateControlSet(model, Object.fromEntries(m.controls.map((id) => [id, 'implemented' as const])));
  assert.equal(none.method, 'exact');
  assert.ok(all.variant.p < none.baseline.p / 10, `${all.variant.p} vs ${none.baseline.p}`);
  assert.throws(() => flowSimulationControls(m, cs.slice(0, 3)), /is not in the control list/);
});

test('flowControlMap: an action with an unknown technique is unguarded', () => {
  const g = structuredClone(flow.compiled.graph);
  const a = [...g.objects.values()].find((o) => o.type === 'attack-action')!;
  (a as { technique_id?: string }).technique_id = 'T9999';
  const m = flowControlMap(g, controlCatalog());
  const row = m.actions.find((x) => x.action === a.id)!;
  assert.deepEqual([row.technique, row.resolved, row.controls], ['T9999', undefined, []]);
  assert.ok(m.unguarded.includes(a.id));
});

const arch = resolveArchitecture('infusion-pumps').model;
const threats = evaluate(arch).threats;

test('controlsForThreat: through the techniques, on the involved components, rule categories first', () => {
  const t = threats.find((x) => x.id === 'alarm-path-unprotected@legacy-pump-to-server')!;
  assert.deepEqual(t.techniques, ['T0878', 'T1565.002']);
  const got = controlsForThreat(t, controlCatalog(), { architecture: arch });
  assert.deepEqual(got.map((x) => [x.control, x.in_rule_category]), [
    ['MF-INTEG-05', true], ['MF-INTEG-06', true], ['MF-AUTHZ-02', false], ['MF-CRYPTO-01', false], ['MF-CRYPTO-02', false],
    ['MF-CRYPTO-03', false], ['MF-CRYPTO-05', false], ['MF-LOG-09', false], ['MF-RES-01', false], ['MF-RES-08', false], ['MF-RES-11', false],
  ]);
  assert.deepEqual(got[0], { control: 'MF-INTEG-05', techniques: ['T1565.002'], applies: true, in_rule_category: true, tracked: false });
});

test('controlsForThreat: controls named in the triage come first; controls for other component kinds are left out', () => {
  const t = threats.find((x) => x.id === 'alarm-path-unprotected@legacy-pump-to-server')!;
  const tracked = { ...t, tracking: { key: t.id, status: 'mitigated' as const, controls: ['MF-LOG-13'] } };
  const got = controlsForThreat(tracked, controlCatalog(), { architecture: arch });
  assert.deepEqual(got[0], { control: 'MF-LOG-13', techniques: [], applies: false, in_rule_category: false, tracked: true });
  const onlyCloud: Control[] = controlCatalog().filter((c) => c.id === 'MF-CRYPTO-01').map((c) => ({ ...c, applies_to: ['cloud-storage'] }));
  assert.deepEqual(controlsForThreat(t, onlyCloud, { architecture: arch }), []);
  assert.equal(controlsForThreat(t, onlyCloud).length, 1, 'without an architecture every technique match applies');
});
