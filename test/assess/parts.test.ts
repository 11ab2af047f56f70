// The parts of an assessment: SBOM reading, MDS2 hard-fails and the cap, RACI gaps, the minimum hitting
// set behind "smallest set of controls closing every path", the policies' checks and level rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AssessSession, assessProfile, exploitabilityLevel, loadAcceptance, loadScoreDefinition, minHittingSet, prepare, reductionCredit,
  requiresGuardedPaths, summariseSbom, type AssessContext, type DeviceProfile,
} from '../../src/assess/index.ts';
import { resolveArchitecture } from '../../src/raci/index.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { ROOT } from '../helpers.ts';

const TMP = join(ROOT, '.tmp', 'assess-parts');
mkdirSync(TMP, { recursive: true });

test('SBOM: nested components, identification, support levels, end of support against the profile date, open vulnerabilities', () => {
  const doc = {
    bomFormat: 'CycloneDX', specVersion: '1.5',
    metadata: { component: { name: 'Pump', version: '2.0' } },
    components: [
      { name: 'fw', version: '2.0', supplier: { name: 'Maker' }, properties: [{ name: 'medflow:support-level', value: 'maintained' }], components: [
        { name: 'rtos', version: '10.0', purl: 'pkg:generic/rtos@10.0', properties: [{ name: 'cdx:lifecycle:milestone:endOfSupport', value: '2025-12-31' }] },
        { name: 'tls', purl: 'pkg:generic/tls', properties: [{ name: 'support-level', value: 'Abandoned' }] },
      ] },
      { name: 'os', version: '7', cpe: 'cpe:2.3:o:x:os:7', properties: [{ name: 'endOfSupport', value: '2030-01-01' }] },
    ],
    vulnerabilities: [{ id: 'EXAMPLE-1', analysis: { state: 'not_affected' } }, { id: 'EXAMPLE-2', analysis: { state: 'exploitable' } }, { id: 'EXAMPLE-3' }],
  };
  const s = summariseSbom(doc, 'x.cdx.json', '2026-06-01');
  assert.deepEqual(s, {
    file: 'x.cdx.json', spec_version: '1.5', subject: { name: 'Pump', version: '2.0' },
    components: 4, with_version: 3, with_identifier: 3, with_supplier: 1,
    support_levels: { maintained: 1, unmaintained: 0, abandoned: 1, unstated: 2 }, with_end_of_support: 2, as_of: '2026-06-01',
    unsupported: [{ name: 'rtos', version: '10.0', purl: 'pkg:generic/rtos@10.0', reason: 'end of support 2025-12-31' }, { name: 'tls', purl: 'pkg:generic/tls', reason: 'abandoned' }],
    vulnerabilities: { listed: 3, open: 2 },
  });
  assert.equal(summariseSbom(doc, 'x.cdx.json').unsupported.length, 1, 'without a date only the support level counts');
});

test('SBOM errors name the file and the field', () => {
  const err = (doc: unknown) => {
    try {
      summariseSbom(doc, 's.json');
      return '';
    } catch (e) {
      assert.ok(isMedflowError(e));
      return e.describe();
    }
  };
  assert.equal(err({ bomFormat: 'SPDX' }), 's.json: bomFormat: bomFormat is "SPDX"; only CycloneDX JSON SBOMs are read');
  assert.equal(err({ bomFormat: 'CycloneDX', components: {} }), 's.json: components: must be a list of components');
  assert.equal(err({ bomFormat: 'CycloneDX', components: [{ name: 'a', components: [{ version: '1' }] }] }), 's.json: components[0].components[0].name: a component needs a name');
  assert.equal(err({ bomFormat: 'CycloneDX', components: [{ name: 'a', properties: [{ name: 'medflow:support-level', value: 'sort of' }] }] }),
    's.json: components[0].properties: support level "sort of" is not one of maintained, unmaintained, abandoned');
});

const session = new AssessSession();
const prep = prepare(resolveArchitecture('infusion-pumps'), session.controls, session.library);
const ctx: AssessContext = { acceptance: loadAcceptance(), score: loadScoreDefinition(), ttc: false, next: 0, sensitivity: false };
const profile = (over: Partial<DeviceProfile> = {}): DeviceProfile => ({
  file: 'p.yaml', id: 'p', name: 'profile', architecture: 'infusion-pumps', architecture_at: 'architecture', default_status: 'unknown',
  unevidenced: 'as-claimed', controls: new Map(prep.applicable.map((c) => [c.id, { status: 'implemented' as const, evidence: [{ ref: 'e' }] }])),
  parties: {}, raci_overrides: [], mds2: {}, ...over,
});

test('MDS2: a hard-fail answer caps the score and contradicts a control claimed implemented; see-note needs review', () => {
  const clean = assessProfile(profile({ mds2: { 'DOC-8': 'yes', 'SBOM-1': 'yes', 'PAUT-4': 'yes', 'PAUT-5': 'yes', 'SAHD-3.2': 'yes' } }), prep, ctx);
  assert.deepEqual(clean.mds2.hard_fails, []);
  assert.ok(clean.score.value > 90);
  const bad = assessProfile(profile({ mds2: { 'DOC-8': 'no', 'SBOM-1': 'n/a', 'PAUT-4': 'see-note' } }), prep, ctx);
  assert.deepEqual(bad.mds2.hard_fails.map((h) => [h.item, h.answer]), [['DOC-8', 'no'], ['SBOM-1', 'n/a']]);
  assert.deepEqual(bad.mds2.unanswered_hard_fail_items, ['PAUT-5', 'SAHD-3.2']);
  assert.equal(bad.score.value, 50);
  assert.equal(bad.score.uncapped, clean.score.uncapped);
  assert.deepEqual(bad.score.caps, ['MDS2 hard-fail: capped at 50']);
  assert.equal(bad.score.grade, 'D');
  const contradictions = bad.findings.filter((f) => f.code === 'mds2-contradiction').map((f) => f.control);
  assert.deepEqual(contradictions, ['MF-LOG-11', 'MF-UPD-04', 'MF-UPD-06']);
  assert.ok(bad.findings.some((f) => f.code === 'mds2-see-note'));
  const none = assessProfile(profile(), prep, ctx);
  assert.equal(none.mds2.provided, false);
  assert.ok(none.findings.some((f) => f.code === 'mds2-not-provided'));
});

test('RACI gaps: an accountable party that has not taken its part on', () => {
  const r = assessProfile(profile({ parties: { mdm: { engaged: false, basis: 'no service contract' } } }), prep, ctx);
  // Every control the manufacturer is accountable for, and the EHR vendor's one (it operates nothing here).
  assert.equal(r.raci.gaps.length, r.controls.filter((c) => c.accountable[0] === 'mdm').length + 1);
  assert.ok(r.raci.gaps.length > 40);
  assert.match(r.raci.gaps[0].reason, /^mdm is Accountable but has not taken it on \(parties\.mdm: engaged false: no service contract\)$/);
  assert.ok(r.indicators.accountability < 50);
  assert.ok(!r.raci.engaged.includes('mdm'));
  const ok = assessProfile(profile({ parties: { 'ehr-vendor': { engaged: true } } }), prep, ctx);
  assert.deepEqual(ok.raci.gaps, []);
  assert.equal(ok.indicators.accountability, 100);
  // By default a party that operates nothing here (the EHR vendor in this architecture) is not engaged.
  assert.deepEqual(assessProfile(profile(), prep, ctx).raci.gaps.map((g) => [g.control, g.accountable[0]]), [['MF-AUTHZ-07', 'ehr-vendor']]);
});

test('profile RACI overrides apply after the architecture\'s own', () => {
  const r = assessProfile(profile({ raci_overrides: [{ control: 'MF-AUTHZ-07', accountable: ['hdo'], rationale: 'The hospital owns the interface.' }] }), prep, ctx);
  assert.deepEqual(r.raci.gaps, []);
  assert.deepEqual(r.controls.find((c) => c.id === 'MF-AUTHZ-07')!.accountable, ['hdo']);
});

test('an effectiveness judgement changes the harm probability of the flows the control guards, nothing else', () => {
  const base = profile({ controls: new Map([['MF-AUTH-04', { status: 'implemented', evidence: [{ ref: 'e' }] }]]) });
  const weak = profile({ controls: new Map([['MF-AUTH-04', { status: 'implemented', evidence: [{ ref: 'e' }], effectiveness: 'minimal' }]]) });
  const a = assessProfile(base, prep, ctx), b = assessProfile(weak, prep, ctx);
  const guarded = new Set(prep.flows.filter((f) => f.map.controls.includes('MF-AUTH-04')).map((f) => f.id));
  assert.ok(guarded.size > 0);
  for (const f of a.flows) {
    const g = b.flows.find((x) => x.id === f.id)!;
    if (guarded.has(f.id)) assert.ok(g.harm.p >= f.harm.p, f.id);
    else assert.equal(g.harm.p, f.harm.p, f.id);
  }
  assert.ok(b.harm_index.value > a.harm_index.value);
});

test('minimum hitting set: exact, deterministic, greedy when over budget', () => {
  const sets = [['B', 'C'], ['A', 'C'], ['A', 'B'], ['D'], ['C', 'D']];
  assert.deepEqual(minHittingSet(sets), { set: ['A', 'C', 'D'], method: 'exact' });
  assert.deepEqual(minHittingSet([]), { set: [], method: 'exact' });
  assert.equal(minHittingSet(sets, 1).method, 'greedy');
  assert.deepEqual(minHittingSet([['X', 'Y'], ['Y', 'Z']]), { set: ['Y'], method: 'exact' });
});

test('acceptance matrix: levels, guarded-path rule, and a matrix naming an unknown level is rejected', () => {
  const m = loadAcceptance();
  assert.equal(m.id, 'medflow-default');
  assert.deepEqual([0, 0.01, 0.0100001, 0.05, 0.2, 0.5, 0.51, 1].map((p) => exploitabilityLevel(m, p)), ['very-low', 'very-low', 'low', 'low', 'medium', 'high', 'very-high', 'very-high']);
  assert.deepEqual(['serious', 'critical', 'catastrophic'].map((s) => requiresGuardedPaths(m, s as 'serious')), [false, true, true]);
  const bad = join(TMP, 'bad-matrix.yaml');
  writeFileSync(bad, `format: medflow-acceptance/1
id: bad
version: 1.0.0
exploitability_levels: [{ id: low, max: 0.1 }, { id: high, max: 1 }]
acceptable:
  single-patient: { negligible: high, minor: high, serious: low, critical: low, catastrophic: low }
  multi-patient: { negligible: high, minor: high, serious: low, critical: low, catastrophic: tiny }
  fleet: { negligible: high, minor: high, serious: low, critical: low, catastrophic: low }
`);
  assert.throws(() => loadAcceptance(bad), (e: unknown) => isMedflowError(e) && e.describe() === '.tmp/assess-parts/bad-matrix.yaml: line 7: acceptable.multi-patient.catastrophic: "tiny" is not an exploitability level (low, high)');
});

test('score definition: weights must add up to 1 and status credits must not reward less implementation', () => {
  const d = loadScoreDefinition();
  assert.equal(Object.values(d.weights).reduce((a, b) => a + b, 0), 1);
  const text = (credit: string) => `format: medflow-score/1
id: s
version: 1.0.0
weights: { harm_reduction: 0.25, path_closure: 0.25, acceptance: 0.25, control_implementation: 0.25 }
harm_reduction_orders: 3
path_closure_layers: 2
flow_weights:
  negligible: { single-patient: 1, multi-patient: 1, fleet: 1 }
  minor: { single-patient: 1, multi-patient: 1, fleet: 1 }
  serious: { single-patient: 1, multi-patient: 1, fleet: 1 }
  critical: { single-patient: 1, multi-patient: 1, fleet: 1 }
  catastrophic: { single-patient: 1, multi-patient: 1, fleet: 1 }
status_credit: ${credit}
grades: [{ grade: A, min: 0 }]
`;
  const f = join(TMP, 'score.yaml');
  writeFileSync(f, text('{ implemented: 1, partial: 0.5, not-implemented: 0, unknown: 0 }'));
  assert.equal(loadScoreDefinition(f).id, 's');
  writeFileSync(f, text('{ implemented: 1, partial: 0.5, not-implemented: 0, unknown: 0.2 }'));
  assert.throws(() => loadScoreDefinition(f), /status credits must not increase/);
});

test('harm reduction credit: orders of magnitude, capped', () => {
  assert.equal(reductionCredit(0.5, 0.5, 3), 0);
  assert.equal(reductionCredit(0.5, 0.0005, 3), 1);
  assert.ok(Math.abs(reductionCredit(1, 0.1, 3) - 1 / 3) < 1e-12);
  assert.equal(reductionCredit(0, 0, 3), 1);
  assert.equal(reductionCredit(0.5, 0, 3), 1);
});
