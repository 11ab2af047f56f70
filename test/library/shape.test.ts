// The shape of the shipped flow library: counts, metadata, patient harm, techniques, states, quality bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLibrary, formatSourceIssue, SHARED_FOLDER, MIN_ACTIONS, type Library } from '../../src/library/index.ts';
import { catalog } from '../../src/catalog/index.ts';
import {
  CLINICAL_FUNCTIONS, COMPONENT_KINDS, DIFFICULTY_BANDS, HARM_SEVERITIES, PROVENANCES, REACHES, SAFETY_GOALS, USE_CASES, isOneOf,
} from '../../src/vocab/index.ts';

const lib: Library = loadLibrary();
const flows = lib.flows.map((f) => f.source);
const cat = catalog();

test('the shipped library validates without errors or warnings', () => {
  assert.deepEqual(lib.issues.map(formatSourceIssue), []);
  assert.equal(lib.flows.length, lib.flowFiles, 'every flow file compiled');
});

test('library size: flows per use case, staging modules, scenarios', () => {
  const per = (uc: string) => flows.filter((f) => f.use_cases.includes(uc) && f.patient_safety_goal !== 'staging').length;
  assert.ok(flows.length >= 26, `${flows.length} flows`);
  assert.ok(per('telesurgery') >= 9, `telesurgery: ${per('telesurgery')}`);
  assert.ok(per('home-rpm') >= 10, `home-rpm: ${per('home-rpm')}`);
  const staging = flows.filter((f) => f.patient_safety_goal === 'staging');
  assert.ok(staging.length >= 7, `${staging.length} staging modules`);
  assert.ok(lib.scenarios.length >= 8, `${lib.scenarios.length} scenarios`);
  for (const uc of USE_CASES) assert.ok(flows.some((f) => f.use_cases.includes(uc)), `use case ${uc} has a flow`);
});

test('every flow carries complete metadata from the shared vocabularies', () => {
  for (const f of flows) {
    const at = f.id;
    assert.ok(f.use_cases.length > 0 && f.use_cases.every((u) => isOneOf(USE_CASES, u)), at);
    assert.ok(isOneOf(SAFETY_GOALS, f.patient_safety_goal), at);
    assert.ok(isOneOf(HARM_SEVERITIES, f.harm_severity), at);
    assert.ok(isOneOf(REACHES, f.reach), at);
    assert.ok(isOneOf(PROVENANCES, f.provenance), at);
    assert.ok(f.clinical_functions.length > 0 && f.clinical_functions.every((c) => isOneOf(CLINICAL_FUNCTIONS, c)), at);
    assert.ok(f.description.length >= 200, `${at}: description tells the story`);
    for (const a of f.actions) {
      assert.ok(isOneOf(DIFFICULTY_BANDS, a.difficulty.band) && a.difficulty.rationale.length >= 10, `${at}/${a.key}`);
      assert.ok(isOneOf(COMPONENT_KINDS, a.component_kind), `${at}/${a.key}`);
    }
  }
});

test('every non-staging flow has a patient-harm asset with its harm described; staging flows exit in a state', () => {
  for (const f of flows) {
    if (f.patient_safety_goal === 'staging') {
      assert.ok(f.exit_states.length > 0, f.id);
      continue;
    }
    const harm = (f.assets ?? []).filter((a) => a.patient_harm);
    assert.ok(harm.length > 0, `${f.id} has a patient-harm asset`);
    for (const a of harm) assert.ok((a.harm ?? '').length >= 40, `${f.id}/${a.key} describes the harm`);
  }
});

test('every technique id exists, is current and is paired with a tactic ATT&CK or ATLAS lists it under', () => {
  let n = 0;
  for (const f of flows) for (const a of f.actions) {
    const t = cat.technique(a.technique);
    assert.ok(t, `${f.id}/${a.key}: ${a.technique} exists`);
    assert.ok(!t.revoked && !t.deprecated, `${f.id}/${a.key}: ${a.technique} is current`);
    assert.ok(cat.isValidPair(a.tactic, a.technique), `${f.id}/${a.key}: ${a.tactic} × ${a.technique}`);
    n++;
  }
  assert.ok(n >= 26 * MIN_ACTIONS);
});

test('harm flows name their harm mechanism with ICS impact or ATLAS impact techniques where they fit', () => {
  const impact = new Set(['TA0105', 'AML.TA0011']);
  const withImpact = flows.filter((f) => f.patient_safety_goal !== 'staging' && f.actions.some((a) => impact.has(a.tactic)));
  const harmFlows = flows.filter((f) => f.patient_safety_goal !== 'staging');
  assert.ok(withImpact.length >= Math.ceil(harmFlows.length * 0.75), `${withImpact.length} of ${harmFlows.length}`);
  const domains = new Set(flows.flatMap((f) => f.actions.map((a) => cat.technique(a.technique)!.domains[0])));
  assert.deepEqual([...domains].sort(), ['atlas', 'enterprise', 'ics', 'mobile']);
});

test('quality bar: ≥ 4 actions with deployment-specific descriptions, at least half branch, ≥ 4 realized with URLs', () => {
  for (const f of flows) {
    assert.ok(f.actions.length >= MIN_ACTIONS, f.id);
    const descriptions = new Set(f.actions.map((a) => a.description));
    assert.equal(descriptions.size, f.actions.length, `${f.id}: descriptions are distinct`);
  }
  const branching = flows.filter((f) => (f.conditions ?? []).length + (f.operators ?? []).length > 0);
  assert.ok(branching.length * 2 >= flows.length, `${branching.length} of ${flows.length} branch`);
  const realized = flows.filter((f) => f.provenance === 'realized');
  assert.ok(realized.length >= 4, `${realized.length} realized`);
  for (const f of realized) assert.ok((f.external_references ?? []).some((r) => /^https?:\/\//.test(r.url ?? '')), f.id);
});

test('ids are unique, flows live in their use-case folder, shared modules serve several use cases', () => {
  assert.equal(new Set(flows.map((f) => f.id)).size, flows.length);
  assert.equal(new Set(lib.flows.map((f) => f.compiled.graph.flowId)).size, flows.length);
  for (const f of lib.flows) {
    const folder = f.file.split('/').slice(-2)[0];
    assert.ok(folder === SHARED_FOLDER ? f.source.use_cases.length >= 2 : f.source.use_cases.includes(folder), f.file);
  }
});

test('states: every state used is defined, and staging exits feed at least one other flow', () => {
  const used = new Set(flows.flatMap((f) => [...f.entry_states, ...f.exit_states]));
  for (const s of used) assert.ok(lib.states.states.has(s), s);
  const entries = new Set(flows.flatMap((f) => f.entry_states));
  for (const f of flows.filter((x) => x.patient_safety_goal === 'staging')) {
    assert.ok(f.exit_states.some((s) => entries.has(s)), `${f.id} feeds another flow`);
  }
});
