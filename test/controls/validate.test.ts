// Broken controls files give clear findings naming file, line, control and property; the loader
// refuses them with one MedflowError; the CLI reports and exits non-zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { registerControlsCommands } from '../../src/cli/controls.ts';
import { isAbsolute, join, relative } from 'node:path';
import { checkControls, checkControlTexts, formatControlIssue, loadControls } from '../../src/controls/index.ts';
import { MedflowError } from '../../src/util/errors.ts';
import { ROOT, CORPUS } from '../helpers.ts';

const FIX = join(ROOT, 'test/fixtures/controls');
const fx = (...p: string[]) => join(FIX, ...p);
/** File names appear in findings relative to the working folder when inside it. */
const shown = (file: string) => {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : file;
};
const brief = (set: ReturnType<typeof checkControls>, which: 'errors' | 'warnings' = 'errors') =>
  set[which].map((i) => [i.line, i.issue.object, i.issue.property, i.issue.code]);

test('unknown, revoked, deprecated and non-mitigation ids are errors with the catalog name', () => {
  const set = checkControls([fx('bad', 'bad-fields.yaml')]);
  const first = set.errors.filter((e) => e.issue.object === 'TEST-BAD-01').map(formatControlIssue);
  const file = shown(fx('bad', 'bad-fields.yaml'));
  assert.deepEqual(first, [
    `${file}:10: TEST-BAD-01: controls[0].attack_mitigations[0]: error: M1099 is not a mitigation in ATT&CK 18 + ATLAS 5.6.0 [unknown-mitigation]`,
    `${file}:10: TEST-BAD-01: controls[0].attack_mitigations[1]: error: M1056 (Pre-compromise) marks techniques ATT&CK says cannot be mitigated; it is not a control mapping [non-mitigation]`,
    `${file}:10: TEST-BAD-01: controls[0].attack_mitigations[2]: error: M1005 (Application Vetting) is deprecated in ATT&CK; map to a current mitigation [deprecated-mitigation]`,
    `${file}:11: TEST-BAD-01: controls[0].techniques[0]: error: T1002 (Data Compressed) is revoked; use T1560 (Archive Collected Data) [revoked-technique]`,
    `${file}:11: TEST-BAD-01: controls[0].techniques[1]: error: T1034 (Path Interception) is deprecated; map to a current technique [deprecated-technique]`,
    `${file}:11: TEST-BAD-01: controls[0].techniques[2]: error: T9999 is not a technique in ATT&CK 18 + ATLAS 5.6.0 [unknown-technique]`,
  ]);
});

test('schema and vocabulary problems name the control and property, with suggestions', () => {
  const set = checkControls([fx('bad', 'bad-fields.yaml')]);
  assert.deepEqual(brief(set).filter((b) => b[1] !== 'TEST-BAD-01'), [
    [17, 'TEST-BAD-02', 'controls[1]', 'missing-property'],
    [18, 'TEST-BAD-02', 'controls[1].titel', 'unknown-property'],
    [19, 'TEST-BAD-02', 'controls[1].category', 'not-in-vocabulary'],
    [22, 'TEST-BAD-02', 'controls[1].applies_to[0]', 'not-in-vocabulary'],
    [23, 'TEST-BAD-02', 'controls[1].nist_800_53[0]', 'bad-id-format'],
    [24, 'TEST-BAD-02', 'controls[1].hipaa[0]', 'unknown-hipaa-citation'],
    [24, 'TEST-BAD-02', 'controls[1].hipaa[1]', 'bad-id-format'],
    [25, 'TEST-BAD-02', 'controls[1].attack_mitigations[0]', 'bad-id-format'],
    [27, 'TEST-BAD-02', 'controls[1].evidence[0]', 'missing-property'],
    [31, 'TEST-BAD-02', 'controls[1].evidence[1].mds2[0]', 'unknown-mds2-section'],
    [32, 'TEST-BAD-02', 'controls[1].default_effectiveness.level', 'not-in-vocabulary'],
    [33, 'TEST-BAD-02', 'controls[1].owner', 'owner-incomplete'],
    [33, 'TEST-BAD-02', 'controls[1].owner.cloud', 'unknown-hosting-model'],
    [34, 'TEST-BAD-03', 'controls[2]', 'no-mapping'],
  ]);
  const msg = (prop: string) => set.errors.find((e) => e.issue.property === prop)!.issue.message;
  assert.equal(msg('controls[1].titel'), 'unknown property "titel" (did you mean "title"?)');
  assert.match(msg('controls[1].category'), /^"authentification" is not allowed \(did you mean "authentication"\?\); use one of: authentication, /);
  assert.equal(msg('controls[1].nist_800_53[0]'), '"IA2" is not a NIST SP 800-53 Rev. 5 control id such as IA-2 or IA-2(1)');
  assert.equal(msg('controls[1].hipaa[0]'), '164.312(f) is not a HIPAA Security Rule standard or implementation specification (did you mean "164.312(b)"?)');
  assert.equal(msg('controls[1].evidence[0]'), 'a questionnaire-item evidence must list the MDS2 item ids it corresponds to in "mds2"');
  assert.equal(msg('controls[1].owner'), 'owner has no "default" and does not name: patient-home, hdo-network, cloud-iaas, cloud-paas, cloud-saas');
  assert.equal(msg('controls[2]'), 'must name at least one of attack_mitigations, atlas_mitigations or techniques');
  assert.deepEqual(brief(set, 'warnings'), [[29, 'TEST-BAD-02', 'controls[1].evidence[1].type', 'mds2-on-non-questionnaire']]);
  assert.equal(set.controls.length, 0);
});

test('duplicate ids across files name the first file', () => {
  const set = checkControls([fx('dup')]);
  assert.equal(set.controls.length, 1);
  assert.deepEqual(brief(set), [[2, 'TEST-DUP-01', 'controls[0].id', 'duplicate-id']]);
  assert.equal(set.errors[0].file, shown(fx('dup', 'b.yaml')));
  assert.equal(set.errors[0].issue.message, `id TEST-DUP-01 is already used in ${shown(fx('dup', 'a.yaml'))}`);
});

test('YAML syntax errors give the line; empty and wrongly shaped files are refused', () => {
  const set = checkControls([fx('syntax')]);
  assert.deepEqual(brief(set), [[4, undefined, undefined, 'parse-error']]);
  assert.match(set.errors[0].issue.message, /^invalid YAML: /);
  const empty = checkControlTexts([{ file: 'empty.yaml', text: '# nothing\n' }]);
  assert.deepEqual(empty.errors.map((e) => e.issue.code), ['empty-file']);
  const list = checkControlTexts([{ file: 'list.yaml', text: '- id: X\n' }]);
  assert.deepEqual(list.errors.map((e) => [e.issue.code, e.issue.message]), [['wrong-type', 'must be a mapping']]);
  const json = checkControlTexts([{ file: 'c.json', text: '{"controls": [}' }]);
  assert.deepEqual(json.errors.map((e) => [e.line, e.issue.code]), [[1, 'parse-error']]);
});

test('warnings: category filed in another category file, mitigation that covers nothing', () => {
  const set = checkControls([fx('mismatch')]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(brief(set, 'warnings'), [
    [4, 'TEST-LOG-01', 'controls[0].category', 'category-file-mismatch'],
    [9, 'TEST-LOG-01', 'controls[0].attack_mitigations[1]', 'mitigation-without-techniques'],
    [11, 'TEST-LOG-01', 'controls[0].evidence[0].type', 'mds2-on-non-questionnaire'],
  ]);
  assert.equal(set.controls.length, 1);
});

test('loadControls throws one MedflowError naming file, line, control and property', () => {
  assert.throws(
    () => loadControls([fx('bad')]),
    (e: unknown) => {
      assert.ok(e instanceof MedflowError);
      assert.equal(e.file, shown(fx('bad', 'bad-fields.yaml')));
      assert.equal(e.at, 'line 10: TEST-BAD-01: controls[0].attack_mitigations[0]');
      assert.equal(e.message, 'M1099 is not a mitigation in ATT&CK 18 + ATLAS 5.6.0 (and 19 more; run `medflow controls validate`)');
      return true;
    },
  );
  assert.throws(() => loadControls([fx('nope')]), /file or folder not found/);
  assert.equal(loadControls([fx('good')]).controls.length, 2);
});

/** Runs `medflow …` in this process (fast), capturing output and the exit status it sets. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const program = new Command('medflow').exitOverride();
  registerControlsCommands(program);
  let stdout = '';
  let stderr = '';
  const [out, err, cwd] = [process.stdout.write, process.stderr.write, process.cwd()];
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  process.chdir(ROOT);
  try {
    await program.parseAsync(['node', 'medflow', ...args]);
  } finally {
    [process.stdout.write, process.stderr.write] = [out, err];
    process.chdir(cwd);
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout, stderr };
}

test('CLI: validate reports problems and exits 1; the shipped catalog passes', async () => {
  const bad = await cli('controls', 'validate', 'test/fixtures/controls/bad');
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /^test\/fixtures\/controls\/bad\/bad-fields\.yaml:10: TEST-BAD-01: controls\[0\]\.attack_mitigations\[0\]: error: /m);
  assert.match(bad.stdout, /FAILED: 0 valid control\(s\) in 1 file\(s\), 20 error\(s\), 1 warning\(s\)/);
  const ok = await cli('controls', 'validate');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^ok: \d+ valid control\(s\) in 8 file\(s\), 0 error\(s\), 0 warning\(s\)/m);
});

test('CLI: list, show, coverage and params', async () => {
  const list = await cli('controls', 'list', '--technique', 'AML.T0020');
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(list.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['MF-CONF-02', 'MF-CONF-04', 'MF-INTEG-12', 'MF-INTEG-13']);
  const ml = await cli('controls', 'list', '--component', 'ml-service', '--category', 'integrity', '--json');
  assert.deepEqual(JSON.parse(ml.stdout).map((c: { id: string }) => c.id), ['MF-INTEG-10', 'MF-INTEG-12', 'MF-INTEG-13']);

  const show = await cli('controls', 'show', 'MF-AUTH-04', '--json');
  assert.equal(show.status, 0, show.stderr);
  const card = JSON.parse(show.stdout);
  assert.equal(card.owner_by_hosting['cloud-saas'], 'mdm');
  assert.ok(card.covers.includes('T0831'));
  assert.equal(card.source.file, 'content/controls/authentication.yaml');
  assert.equal(card.source.line, 80);

  const missing = await cli('controls', 'show', 'MF-AUTH-99');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^medflow: error: no control with id "MF-AUTH-99"; ids in that group: MF-AUTH-01, /);

  const flow = join(CORPUS, 'attack-flow-stix', 'Tesla Kubernetes Breach.json');
  const cov = await cli('controls', 'coverage', '--flows', flow, '--format', 'json', '--fail-on-gaps');
  assert.equal(cov.status, 1);
  assert.deepEqual(JSON.parse(cov.stdout).gaps.map((g: { technique: string }) => g.technique), ['T1583.004']);
  const md = await cli('controls', 'coverage', '--flows', flow);
  assert.equal(md.status, 0);
  assert.match(md.stdout, /^7 of 8 techniques are mitigated by at least one of \d+ controls \(87\.5%\); 1 is not, all pre-compromise \(reconnaissance or resource development\)\./m);
  // Without input, the report covers every technique of the shipped flow library.
  const lib = await cli('controls', 'coverage', '--format', 'json');
  assert.equal(lib.status, 0, lib.stderr);
  const libReport = JSON.parse(lib.stdout);
  assert.ok(libReport.techniques >= 100, `${libReport.techniques} library techniques`);
  assert.ok(libReport.gaps.every((g: { sources: string[] }) => g.sources.every((s) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(s))));
  // Every technique the library uses on the defenders' systems is mitigated; what is left happens before compromise.
  assert.deepEqual(libReport.gaps.filter((g: { pre_compromise: boolean }) => !g.pre_compromise), []);
  assert.equal(libReport.pre_compromise_gap_count, libReport.gap_count);

  const params = await cli('controls', 'params', '--flows', flow, '--status', 'partial', '--json');
  assert.equal(params.status, 0, params.stderr);
  const sim = JSON.parse(params.stdout).controls;
  assert.equal(sim.length, 31);
  assert.ok(sim.every((c: { status: string }) => c.status === 'partial'));
});

test('CLI end to end: the medflow binary reports a broken controls file on one line and exits 2', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/medflow.js'), 'controls', 'list', '--controls', 'test/fixtures/controls/dup'], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    'medflow: error: test/fixtures/controls/dup/b.yaml: line 2: TEST-DUP-01: controls[0].id: id TEST-DUP-01 is already used in test/fixtures/controls/dup/a.yaml\n',
  );
});
