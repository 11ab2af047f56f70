// Technique → control mapping, sub-technique rules, coverage/gap reports on real corpus flows, and the
// simulation engine's control parameters, with exact expected values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  controlCatalog, controlsForTechnique, controlsForTechniques, coverageBasis, coverageReport, resolveTechnique,
  techniqueUsesOfFlow, techniquesCoveredBy, toSimulationControls, parseTechniqueList, type Control,
} from '../../src/controls/index.ts';
import { loadFlowFile } from '../../src/flow/load.ts';
import { CORPUS, corpusFiles } from '../helpers.ts';

const ids = (cs: readonly Control[]) => cs.map((c) => c.id);
const stix = (name: string) => join(CORPUS, 'attack-flow-stix', name);
const usesOf = (file: string) => techniqueUsesOfFlow(loadFlowFile(file).graph, file.split('/').pop()!);

const mini = (over: Partial<Control>): Control => ({
  id: 'TEST-X-01',
  title: 'test',
  category: 'authentication',
  function: 'prevent',
  objective: 'test control',
  applies_to: ['medical-device'],
  nist_800_53: ['IA-2'],
  evidence: [{ type: 'document', description: 'test document' }],
  default_effectiveness: { level: 'partial', rationale: 'test' },
  owner: { default: 'mdm' },
  ...over,
});

test('controls covering T1078.004 (cloud accounts)', () => {
  assert.deepEqual(ids(controlsForTechnique('T1078.004', controlCatalog())), [
    'MF-AUTH-05', 'MF-AUTH-06', 'MF-AUTH-07', 'MF-AUTH-08', 'MF-AUTH-09', 'MF-AUTH-11', 'MF-AUTH-12',
    'MF-AUTHZ-03', 'MF-AUTHZ-04', 'MF-AUTHZ-05', 'MF-AUTHZ-06', 'MF-LOG-04', 'MF-LOG-12', 'MF-LOG-13',
  ]);
  const mfa = controlCatalog().find((c) => c.id === 'MF-AUTH-06')!;
  assert.deepEqual(coverageBasis(mfa, 'T1078.004'), { explicit: true, mitigations: ['M1032'] });
});

test('controls covering T0831 (ICS manipulation of control)', () => {
  assert.deepEqual(ids(controlsForTechnique('T0831', controlCatalog())), [
    'MF-AUTH-01', 'MF-AUTH-02', 'MF-AUTH-03', 'MF-AUTH-04', 'MF-AUTHZ-09', 'MF-INTEG-06', 'MF-LOG-09',
    'MF-RES-01', 'MF-RES-03', 'MF-RES-04', 'MF-RES-05', 'MF-RES-10', 'MF-RES-11', 'MF-RES-12',
  ]);
});

test('controls covering AML.T0020 (poison training data)', () => {
  assert.deepEqual(ids(controlsForTechnique('AML.T0020', controlCatalog())), ['MF-CONF-02', 'MF-CONF-04', 'MF-INTEG-12', 'MF-INTEG-13']);
  const prov = controlCatalog().find((c) => c.id === 'MF-INTEG-12')!;
  assert.deepEqual(coverageBasis(prov, 'AML.T0020'), { explicit: true, mitigations: ['AML.M0007', 'AML.M0025', 'AML.M0023'] });
});

test('controlsForTechniques maps each input id, unknown ids to nothing', () => {
  const m = controlsForTechniques(['AML.T0020', 'T9999', 'AML.T0020'], controlCatalog());
  assert.deepEqual([...m.keys()], ['AML.T0020', 'T9999']);
  assert.equal(m.get('AML.T0020')!.length, 4);
  assert.deepEqual(m.get('T9999'), []);
});

test('a listed parent technique covers its sub-techniques; a listed sub-technique only itself', () => {
  const parent = techniquesCoveredBy(mini({ techniques: ['T1566'] }));
  assert.deepEqual(parent, ['T1566', 'T1566.001', 'T1566.002', 'T1566.003', 'T1566.004']);
  assert.deepEqual(techniquesCoveredBy(mini({ techniques: ['T1566.002'] })), ['T1566.002']);
});

test('mitigation links are taken exactly as ATT&CK gives them, without expansion', () => {
  // ATT&CK links M1013 (Application Developer Guidance) to T1078 but not to T1078.004.
  const dev = techniquesCoveredBy(mini({ attack_mitigations: ['M1013'] }));
  assert.ok(dev.includes('T1078'));
  assert.ok(!dev.includes('T1078.004'));
  assert.equal(dev.length, 24);
  // A parent query does not match a control that covers only a sub-technique.
  const sub = [mini({ id: 'TEST-SUB-01', techniques: ['T1078.004'] })];
  assert.deepEqual(ids(controlsForTechnique('T1078.004', sub)), ['TEST-SUB-01']);
  assert.deepEqual(ids(controlsForTechnique('T1078', sub)), []);
  const r = coverageReport(['T1078'], sub);
  assert.deepEqual(r.gaps.map((g) => [g.technique, g.subtechnique_controls]), [['T1078', ['TEST-SUB-01']]]);
});

test('technique ids are trimmed, repaired and followed through revocation', () => {
  assert.equal(resolveTechnique(' T1105 ').technique?.id, 'T1105');
  assert.equal(resolveTechnique(' T1105 ').change, undefined);
  assert.deepEqual([resolveTechnique('T1218/011').technique?.id, resolveTechnique('T1218/011').change], ['T1218.011', 'repaired']);
  assert.deepEqual([resolveTechnique('t1059.1').technique?.id, resolveTechnique('t1059.1').change], ['T1059.001', 'repaired']);
  assert.deepEqual([resolveTechnique('T1002').technique?.id, resolveTechnique('T1002').change], ['T1560', 'revoked']);
  assert.equal(resolveTechnique('T1034').problem, 'T1034 (Path Interception) is deprecated in ATT&CK 18 + ATLAS 5.6.0');
  assert.equal(resolveTechnique('N/A').problem, '"N/A" is not an ATT&CK or ATLAS technique id');
  assert.equal(resolveTechnique('T9999').problem, '"T9999" is not a technique in ATT&CK 18 + ATLAS 5.6.0');
  // A revoked id is covered by the controls of its replacement.
  assert.deepEqual(ids(controlsForTechnique('T1002', controlCatalog())), ids(controlsForTechnique('T1560', controlCatalog())));
});

test('coverage of the Tesla Kubernetes breach flow: one gap, a pre-compromise technique', () => {
  const r = coverageReport(usesOf(stix('Tesla Kubernetes Breach.json')), controlCatalog());
  assert.equal(r.techniques, 8);
  assert.deepEqual(r.covered.map((c) => c.technique), ['T1078.004', 'T1090', 'T1133', 'T1496', 'T1530', 'T1552.001', 'T1610']);
  assert.deepEqual(r.gaps, [
    {
      technique: 'T1583.004',
      name: 'Server',
      domains: ['enterprise'],
      sources: ['Tesla Kubernetes Breach.json'],
      subtechnique_controls: [],
      catalog_mitigations: ['M1056'],
      pre_compromise: true,
    },
  ]);
  assert.deepEqual(r.covered.find((c) => c.technique === 'T1496')!.controls, ['MF-LOG-12']);
  assert.deepEqual([r.resolved, r.unresolved], [[], []]);
});

test('coverage of NotPetya: gaps, a repaired id and an id that is not a technique', () => {
  const r = coverageReport(usesOf(stix('NotPetya.json')), controlCatalog());
  assert.deepEqual(r.gaps.map((g) => g.technique), ['T1016', 'T1518.001', 'T1529']);
  assert.ok(r.gaps.every((g) => g.catalog_mitigations.length === 0));
  assert.deepEqual(r.resolved, [{ input: 'T1218/011', technique: 'T1218.011', change: 'repaired', sources: ['NotPetya.json'] }]);
  assert.deepEqual(r.unresolved, [{ input: 'N/A', problem: '"N/A" is not an ATT&CK or ATLAS technique id', sources: ['NotPetya.json'] }]);
  assert.equal(r.covered_count + r.gap_count, r.techniques);
});

test('coverage of the whole STIX corpus: exact gap list', () => {
  const uses = corpusFiles('attack-flow-stix').flatMap(usesOf);
  const r = coverageReport(uses, controlCatalog());
  assert.deepEqual([r.techniques, r.covered_count, r.gap_count, r.pre_compromise_gap_count], [116, 91, 25, 7]);
  assert.deepEqual(r.gaps.map((g) => g.technique), [
    'T1012', 'T1016', 'T1018', 'T1027.004', 'T1036.003', 'T1049', 'T1056', 'T1057', 'T1082', 'T1112',
    'T1135', 'T1140', 'T1497', 'T1497.003', 'T1518.001', 'T1529', 'T1547.001', 'T1564.001',
    'T1583.004', 'T1586', 'T1589.001', 'T1590', 'T1590.004', 'T1595.001', 'T1595.002',
  ]);
  assert.deepEqual(r.gaps.filter((g) => g.pre_compromise).map((g) => g.technique), [
    'T1583.004', 'T1586', 'T1589.001', 'T1590', 'T1590.004', 'T1595.001', 'T1595.002',
  ]);
  // The gap on T1056 (Input Capture) is partly addressed through its sub-techniques.
  assert.ok(r.gaps.find((g) => g.technique === 'T1056')!.subtechnique_controls.length > 0);
  assert.deepEqual(r.unresolved.map((u) => u.input), ['B0019', 'B0023', 'B0030.002', 'E1059', 'E1204', 'E1608', 'F0007', 'N/A']);
});

test('coverage of an empty technique set is complete', () => {
  const r = coverageReport([], controlCatalog());
  assert.deepEqual([r.techniques, r.coverage, r.gaps.length], [0, 1, 0]);
});

test('simulation control parameters: technique ids, status, effectiveness, restriction to a flow', () => {
  const all = toSimulationControls(controlCatalog());
  assert.equal(all.length, controlCatalog().length);
  const auth04 = all.find((c) => c.id === 'MF-AUTH-04')!;
  assert.deepEqual(auth04, {
    id: 'MF-AUTH-04',
    mitigates: techniquesCoveredBy(controlCatalog().find((c) => c.id === 'MF-AUTH-04')!),
    status: 'implemented',
    effectiveness: 'significant',
  });
  assert.ok(auth04.mitigates.every((t) => /^T\d{4}/.test(t)));

  const flow = usesOf(stix('Tesla Kubernetes Breach.json')).map((u) => u.technique);
  const sim = toSimulationControls(controlCatalog(), {
    techniques: flow,
    status: { 'MF-LOG-12': 'partial' },
    defaultStatus: 'not-implemented',
    effectiveness: { 'MF-LOG-12': 'minimal' },
  });
  assert.deepEqual(sim.find((c) => c.id === 'MF-LOG-12'), {
    id: 'MF-LOG-12', mitigates: ['T1078.004', 'T1496', 'T1530', 'T1552.001', 'T1610'], status: 'partial', effectiveness: 'minimal',
  });
  assert.ok(sim.every((c) => c.mitigates.length > 0 && c.mitigates.every((t) => flow.includes(t))));
  assert.ok(sim.filter((c) => c.id !== 'MF-LOG-12').every((c) => c.status === 'not-implemented'));
  assert.equal(sim.length, 31);
});

test('technique list files: text with comments, JSON and YAML lists', () => {
  const text = parseTechniqueList('T1078.004  # cloud\nT0831, AML.T0020\n\n# only a comment\n', 'list.txt');
  assert.deepEqual(text.map((u) => u.technique), ['T1078.004', 'T0831', 'AML.T0020']);
  assert.deepEqual(parseTechniqueList('["T1078"]', 'x.json').map((u) => u.technique), ['T1078']);
  assert.deepEqual(parseTechniqueList('techniques:\n  - T0831\n', 'x.yaml').map((u) => u.technique), ['T0831']);
  assert.throws(() => parseTechniqueList('{"techniques": [1]}', 'x.json'), /technique ids must be text/);
});
