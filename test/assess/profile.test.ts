// Device profiles: each kind of bad input gives ONE clear error naming the file and the field (CLI exit 2,
// no stack trace); profiles on the user's own architecture; the evidence policy; unknown as worst case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssessSession, loadProfile, profileFromYaml } from '../../src/assess/index.ts';
import { controlCatalog } from '../../src/controls/index.ts';
import { YamlFile } from '../../src/library/source.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { ROOT } from '../helpers.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin/medflow.js'), 'assess', ...args], { encoding: 'utf8', cwd: ROOT });
}

const ERRORS: [string, string][] = [
  ['unknown-control', 'test/fixtures/assess/unknown-control.yaml: line 8: controls.MF-AUTH-99: unknown control id "MF-AUTH-99" (not in medflow-controls 92 (sha256:'],
  ['missing-architecture', 'test/fixtures/assess/missing-architecture.yaml: line 5: architecture: no architecture "infusion-pump": not a file (relative to test/fixtures/assess) and not a reference architecture; did you mean infusion-pumps?'],
  ['malformed', 'test/fixtures/assess/malformed.yaml: line 8: controls.MF-AUTH-02.status: must be one of: implemented, partial, not-implemented, unknown (device profile; see schemas/device-profile.schema.json)'],
  ['missing-sbom', 'test/fixtures/assess/missing-sbom.yaml: line 6: sbom: SBOM file not found: test/fixtures/assess/no-such-sbom.cdx.json'],
];

for (const [name, expected] of ERRORS) {
  test(`bad profile (${name}): one line naming the file and the field, exit 2, nothing on standard output`, () => {
    const r = cli(`test/fixtures/assess/${name}.yaml`, '-o', join(ROOT, '.tmp', 'never-written'));
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0].startsWith(`medflow: error: ${expected}`), lines[0]);
    assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+|Error:|internal error/);
  });
}

test('the unknown control error suggests the nearest id', () => {
  try {
    loadProfile('test/fixtures/assess/unknown-control.yaml', controlCatalog());
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(isMedflowError(e));
    assert.match(e.describe(), /; did you mean MF-AUTH-09\?\)$/);
  }
});

const parse = (text: string) => profileFromYaml(new YamlFile('mem.yaml', text), controlCatalog());
const expectError = (text: string, describe: string) => {
  try {
    parse(text);
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(isMedflowError(e), String(e));
    assert.equal(e.describe(), describe);
    assert.equal(e.exitCode, 2);
  }
};

test('malformed profiles: wrong format, missing field, unknown field, bad MDS2 id, bad override party', () => {
  expectError('format: medflow-device-profile/2\nid: x\nname: xyz\narchitecture: a\n',
    'mem.yaml: line 1: format: must be "medflow-device-profile/1" (device profile; see schemas/device-profile.schema.json)');
  expectError('format: medflow-device-profile/1\nid: x\nname: xyz\n',
    'mem.yaml: line 1: architecture: is required but missing (device profile; see schemas/device-profile.schema.json)');
  expectError('format: medflow-device-profile/1\nid: x\nname: xyz\narchitecture: a\ncontrol:\n  MF-AUTH-01: implemented\n',
    'mem.yaml: line 5: control: unknown property "control" (device profile; see schemas/device-profile.schema.json)');
  expectError('format: medflow-device-profile/1\nid: x\nname: xyz\narchitecture: a\nmds2:\n  DOC-8: maybe\n',
    'mem.yaml: line 6: mds2.DOC-8: must be one of: yes, no, n/a, see-note, Yes, No, N/A, See Note, see note, true, false (device profile; see schemas/device-profile.schema.json)');
  expectError('format: medflow-device-profile/1\nid: x\nname: xyz\narchitecture: a\nraci_overrides:\n  - control: MF-AUTH-06\n    accountable: hospital\n    rationale: the hospital runs it\n',
    'mem.yaml: line 7: raci_overrides[0].accountable: must be one of: csp, mdm, hdo, ehr-vendor, patient (device profile; see schemas/device-profile.schema.json)');
  expectError('format: medflow-device-profile/1\nid: x\nname: xyz\narchitecture: a\nraci_overrides:\n  - control: MF-ZZZ-01\n    accountable: hdo\n    rationale: the hospital runs it\n',
    'mem.yaml: line 6: raci_overrides[0].control: unknown control id "MF-ZZZ-01"');
  expectError('- just\n- a list\n', 'mem.yaml: a device profile must be a YAML mapping starting with "format: medflow-device-profile/1"');
});

test('invalid YAML in a profile names the file and the line', () => {
  try {
    loadProfile('test/fixtures/models/bad-yaml.yaml', controlCatalog());
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(isMedflowError(e));
    assert.match(e.describe(), /^test\/fixtures\/models\/bad-yaml\.yaml: \d+:\d+: invalid YAML/);
  }
});

test('shorthand statuses, evidence as text or objects, MDS2 answers normalised', () => {
  const p = parse(`format: medflow-device-profile/1
id: x
name: xyz
architecture: infusion-pumps
controls:
  MF-AUTH-02: implemented
  MF-AUTH-01: { status: partial, evidence: "White paper 2.1", effectiveness: minimal }
  MF-LOG-01: { status: implemented, evidence: [ { type: test, ref: "TR-9", date: 2026-01-02 }, "MDS2 AUDT-1" ] }
mds2: { DOC-8: Yes, SBOM-1: false, PAUT-4: See Note }
`);
  assert.deepEqual([...p.controls.keys()], ['MF-AUTH-01', 'MF-AUTH-02', 'MF-LOG-01']);
  assert.deepEqual(p.controls.get('MF-AUTH-01'), { status: 'partial', evidence: [{ ref: 'White paper 2.1' }], effectiveness: 'minimal' });
  assert.deepEqual(p.controls.get('MF-LOG-01')!.evidence, [{ type: 'test', ref: 'TR-9', date: '2026-01-02' }, { ref: 'MDS2 AUDT-1' }]);
  assert.deepEqual(p.mds2, { 'DOC-8': 'yes', 'PAUT-4': 'see-note', 'SBOM-1': 'no' });
  assert.equal(p.default_status, 'unknown');
  assert.equal(p.unevidenced, 'as-claimed');
});

test('a profile on its own architecture (path relative to the profile), with the strict evidence policy', () => {
  const r = new AssessSession().assessFile('test/fixtures/assess/own-architecture.yaml', { ttc: false, next: 0, threats: false });
  assert.equal(r.architecture.source, 'test/fixtures/raci/service-models.yaml');
  assert.equal(r.architecture.use_case, 'home-rpm');
  assert.ok(r.flows.length > 5);
  const st = Object.fromEntries(r.controls.filter((c) => c.listed).map((c) => [c.id, [c.declared, c.status]]));
  assert.deepEqual(st, {
    'MF-AUTH-01': ['implemented', 'partial'], // no evidence: counts as partial
    'MF-AUTH-02': ['implemented', 'implemented'],
    'MF-RES-01': ['partial', 'unknown'], // no evidence: partial counts as unknown
  });
  assert.equal(r.indicators.by_status['not-implemented'], r.indicators.applicable_controls - 3, 'default_status: not-implemented');
  assert.equal(r.threats, null);
  assert.match(r.findings.find((f) => f.code === 'unevidenced-claim')!.message, /^2 implemented or partial claims without evidence \(counted as partial\): MF-AUTH-01, MF-RES-01$/);
});

test('a reference architecture whose use case the library spells differently still gets its flows', () => {
  const s = new AssessSession();
  const file = join(ROOT, '.tmp', 'triage-profile.yaml');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(file, 'format: medflow-device-profile/1\nid: triage\nname: Triage SaMD\narchitecture: aiml-image-triage\ncontrols:\n  MF-INTEG-12: implemented\n');
  const r = s.assessFile(file, { ttc: false, next: 0, threats: false });
  assert.equal(r.architecture.use_case, 'ai-samd-imaging');
  assert.ok(r.flows.some((f) => f.id.startsWith('triage-')));
  assert.equal(r.findings.filter((f) => f.code === 'no-library-use-case').length, 0);
});

test('a control that applies to nothing in the architecture is a warning, not counted', () => {
  const file = join(ROOT, '.tmp', 'na-profile.yaml');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(file, 'format: medflow-device-profile/1\nid: na\nname: Not applicable\narchitecture: infusion-pumps\ncontrols:\n  MF-INTEG-13: implemented\n');
  const r = new AssessSession().assessFile(file, { ttc: false, next: 0, threats: false });
  const f = r.findings.find((x) => x.code === 'control-not-applicable')!;
  assert.equal(f.message, 'MF-INTEG-13 applies to no in-scope component of infusion-pumps; its status is not counted');
  assert.ok(!r.controls.some((c) => c.id === 'MF-INTEG-13'));
});

test('an architecture no library flow serves: a warning, flow-based sub-scores not measurable, headline from the rest', () => {
  const file = join(ROOT, '.tmp', 'oximeter-profile.yaml');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(file, 'format: medflow-device-profile/1\nid: oxi\nname: Oximeter\narchitecture: ../test/fixtures/models/small-oximeter.yaml\ncontrols:\n  MF-AUTH-01: { status: implemented, evidence: "report 1" }\n');
  const r = new AssessSession().assessFile(file, { ttc: false, next: 0, threats: false });
  assert.deepEqual(r.flows, []);
  assert.equal(r.findings.find((f) => f.code === 'no-library-use-case')!.severity, 'warning');
  assert.deepEqual(Object.values(r.score.sub_scores).map((s) => s.value), [null, null, null, r.score.value]);
  assert.equal(r.score.value, Math.round((1000 * 1) / r.indicators.applicable_controls) / 10);
});
