// Score properties on seeded random device profiles: implementing a control never lowers the score or any
// sub-score and never raises a harm probability; removing one never does the opposite. Plus determinism
// (same profile and seed → byte-identical JSON) and the two bundled example devices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssessSession, assessProfile, assessmentJson, loadAcceptance, loadScoreDefinition, prepare, ASSESS_STATUSES,
  type AssessContext, type AssessStatus, type AssessmentResult, type DeviceProfile,
} from '../../src/assess/index.ts';
import { resolveArchitecture } from '../../src/raci/index.ts';
import { sfc32 } from '../../src/util/rng.ts';

const session = new AssessSession();
const acceptance = loadAcceptance();
const score = loadScoreDefinition();

function profileOf(arch: string, statuses: Map<string, AssessStatus>, extra: Partial<DeviceProfile> = {}): DeviceProfile {
  return {
    file: 'random.yaml', id: 'random', name: 'random profile', architecture: arch, architecture_at: 'architecture',
    default_status: 'unknown', unevidenced: 'as-claimed',
    controls: new Map([...statuses].map(([id, status]) => [id, { status, evidence: [{ ref: 'test evidence' }] }])),
    parties: {}, raci_overrides: [], mds2: {}, ...extra,
  };
}

/** Every number that must move one way when a control is implemented. */
function assertNotWorse(better: AssessmentResult, worse: AssessmentResult, what: string) {
  assert.ok(better.score.value >= worse.score.value, `${what}: score ${better.score.value} < ${worse.score.value}`);
  assert.ok(better.score.uncapped >= worse.score.uncapped, `${what}: uncapped score`);
  for (const k of Object.keys(better.score.sub_scores) as (keyof AssessmentResult['score']['sub_scores'])[]) {
    assert.ok(better.score.sub_scores[k].value! >= worse.score.sub_scores[k].value!, `${what}: ${k} ${better.score.sub_scores[k].value} < ${worse.score.sub_scores[k].value}`);
  }
  assert.ok(better.harm_index.value <= worse.harm_index.value, `${what}: harm index`);
  const w = new Map([...worse.flows, ...worse.staging].map((f) => [f.id, f]));
  for (const f of [...better.flows, ...better.staging]) {
    const o = w.get(f.id)!;
    assert.ok(f.harm.p <= o.harm.p, `${what}: P(harm) of ${f.id} ${f.harm.p} > ${o.harm.p}`);
    assert.ok(f.harm.ci_high <= o.harm.ci_high, `${what}: upper bound of ${f.id}`);
    assert.ok(!(f.label === 'uncontrolled' && o.label === 'controlled'), `${what}: ${f.id} became uncontrolled`);
    assert.ok((f.structure.open_attacks ?? 0) <= (o.structure.open_attacks ?? 0), `${what}: open attacks of ${f.id}`);
  }
}

for (const archId of ['infusion-pumps', 'home-rpm', 'insulin-closed-loop']) {
  test(`score properties on seeded random profiles (${archId})`, () => {
    const prep = prepare(resolveArchitecture(archId), session.controls, session.library, { threats: false });
    const ctx: AssessContext = { acceptance, score, ttc: false, next: 0, sensitivity: false, seed: 7 };
    const ids = prep.applicable.map((c) => c.id);
    const rng = sfc32(archId.length * 1000 + 17);
    const run = (s: Map<string, AssessStatus>, extra?: Partial<DeviceProfile>) => assessProfile(profileOf(archId, s, extra), prep, ctx);
    for (let i = 0; i < 8; i++) {
      const s = new Map<string, AssessStatus>();
      const bias = rng.float();
      for (const id of ids) s.set(id, rng.float() < bias ? 'implemented' : ASSESS_STATUSES[1 + rng.int(3)]);
      const extra: Partial<DeviceProfile> = i % 3 === 0 ? { mds2: { 'DOC-8': 'no' } } : {};
      const base = run(s, extra);
      // Implement one control that is not implemented.
      const open = ids.filter((id) => s.get(id) !== 'implemented');
      if (open.length) {
        const c = open[rng.int(open.length)];
        const up = run(new Map(s).set(c, 'implemented'), extra);
        assertNotWorse(up, base, `implementing ${c} (was ${s.get(c)})`);
        if (s.get(c) !== 'partial') {
          const half = run(new Map(s).set(c, 'partial'), extra);
          assertNotWorse(half, base, `partly implementing ${c} (was ${s.get(c)})`);
          assertNotWorse(up, half, `completing ${c}`);
        }
      }
      // Remove one control that is implemented or partial.
      const held = ids.filter((id) => s.get(id) === 'implemented' || s.get(id) === 'partial');
      if (held.length) {
        const c = held[rng.int(held.length)];
        const down = run(new Map(s).set(c, 'not-implemented'), extra);
        assertNotWorse(base, down, `removing ${c} (was ${s.get(c)})`);
        const unknown = run(new Map(s).set(c, 'unknown'), extra);
        assert.equal(unknown.score.value, down.score.value, 'unknown counts as not implemented');
        assert.equal(unknown.harm_index.value, down.harm_index.value, 'unknown counts as not implemented');
        assert.deepEqual(unknown.flows.map((f) => [f.harm.p, f.label]), down.flows.map((f) => [f.harm.p, f.label]));
      }
    }
  });
}

test('implementing every applicable control is the best a profile can do; none is the worst', () => {
  const prep = prepare(resolveArchitecture('infusion-pumps'), session.controls, session.library, { threats: false });
  const ctx: AssessContext = { acceptance, score, ttc: false, next: 0, sensitivity: false };
  const all = assessProfile(profileOf('infusion-pumps', new Map(prep.applicable.map((c) => [c.id, 'implemented' as const]))), prep, ctx);
  const none = assessProfile(profileOf('infusion-pumps', new Map()), prep, ctx);
  assert.equal(none.harm_index.value, none.harm_index.unprotected);
  assert.equal(none.score.sub_scores.harm_reduction.value, 0);
  assert.equal(none.score.sub_scores.path_closure.value, 0);
  assert.equal(none.score.sub_scores.control_implementation.value, 0);
  assert.equal(all.score.sub_scores.control_implementation.value, 100);
  assert.ok(all.score.value > 95, String(all.score.value));
  assert.ok(all.flows.every((f) => f.label === 'controlled'));
  assert.ok(none.flows.every((f) => f.label === 'uncontrolled'));
});

test('same profile and seed give byte-identical JSON, from fresh sessions', () => {
  const a = assessmentJson(new AssessSession().assessFile('examples/devices/lvp3-as-deployed.yaml', { seed: 3 }));
  const b = assessmentJson(new AssessSession().assessFile('examples/devices/lvp3-as-deployed.yaml', { seed: 3 }));
  assert.equal(a, b);
  assert.doesNotMatch(a, /20\d\d-\d\d-\d\dT\d\d:/, 'no timestamps');
  const doc = JSON.parse(a);
  assert.deepEqual(Object.keys(doc).sort(), [
    'acceptance', 'architecture', 'controls', 'coverage', 'findings', 'flows', 'format', 'harm_index', 'horizon_days', 'indicators', 'mds2',
    'next_controls', 'outcomes', 'profile', 'raci', 'sbom', 'score', 'seed', 'staging', 'threats', 'versions',
  ]);
  assert.deepEqual(Object.keys(doc.versions).sort(), ['acceptance', 'assess', 'catalog', 'controls', 'library', 'medflow', 'raci', 'score', 'simulate', 'threatmodel']);
  assert.equal(doc.seed, 3);
});

test('the bundled examples: the hardened pump deployment beats the one as first found, the way an engineer expects', () => {
  const s = new AssessSession();
  const poor = s.assessFile('examples/devices/lvp3-as-deployed.yaml');
  const good = s.assessFile('examples/devices/lvp3-hardened.yaml');
  assert.equal(poor.architecture.id, good.architecture.id);
  assert.deepEqual([poor.score.value, poor.score.grade], [40.1, 'D']);
  assert.deepEqual([good.score.value, good.score.grade], [98.8, 'A']);
  assert.ok(good.harm_index.value < poor.harm_index.value / 100);
  const uncontrolled = (r: AssessmentResult) => r.flows.filter((f) => f.label === 'uncontrolled').map((f) => f.id);
  assert.deepEqual(uncontrolled(poor), [
    'cloud-drug-library-limit-tampering', 'pharmacist-phish-to-drug-library-and-gateway-implant', 'infusion-autoprogramming-order-tampering',
    'infusion-status-spoofing', 'clinician-phish-to-infusion-blackout', 'infusion-cloud-service-extortion', 'infusion-patient-data-exposure',
  ]);
  assert.deepEqual(uncontrolled(good), []);
  assert.deepEqual(poor.mds2.hard_fails.map((h) => h.item), ['DOC-8', 'PAUT-4']);
  assert.equal(poor.sbom!.unsupported.length, 7);
  assert.equal(good.sbom!.unsupported.length, 0);
  assert.deepEqual(poor.raci.gaps.map((g) => g.control), ['MF-AUTHZ-07']);
  assert.deepEqual(poor.next_controls.map((n) => n.control), ['MF-RES-03', 'MF-RES-04', 'MF-CRYPTO-02', 'MF-AUTHZ-04', 'MF-LOG-05']);
  // The next controls are evaluated jointly: each lowers the harm index further, the score never drops.
  let h = poor.harm_index.value, sc = poor.score.value;
  for (const n of poor.next_controls) {
    assert.ok(n.harm_index_after < h && n.score_after >= sc, n.control);
    [h, sc] = [n.harm_index_after, n.score_after];
    assert.ok(n.accountable.length === 1 && n.responsible.length >= 1, `${n.control} has an owner`);
  }
  assert.ok(good.next_controls.every((n) => n.reduction < 0.001));
});
