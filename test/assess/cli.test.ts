// `medflow assess` end to end, as `npm start` runs it: the side-by-side summary, the reports it writes,
// byte-identical JSON for the same profile and seed across runs, and --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../src/util/json.ts';
import { ROOT } from '../helpers.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin/medflow.js'), 'assess', ...args], { encoding: 'utf8', cwd: ROOT });
}

test('medflow assess examples/devices --compare -o DIR: summary, reports, byte-identical JSON on a second run', () => {
  const a = mkdtempSync(join(tmpdir(), 'medflow-assess-a-'));
  const b = mkdtempSync(join(tmpdir(), 'medflow-assess-b-'));
  const r1 = cli('examples/devices', '--compare', '-o', a);
  assert.equal(r1.status, 0, r1.stderr);
  assert.equal(r1.stderr, '');
  const lines = r1.stdout.split('\n');
  assert.equal(lines[0], 'medflow assess: 2 device profiles');
  const row = (label: string, ...cells: string[]) => assert.match(r1.stdout, new RegExp(`^${label}\\s+${cells.join('\\s+')}$`, 'm'), label);
  row('', 'lvp3-as-deployed', 'lvp3-hardened');
  row('score \\(grade\\)', '40\\.1 \\(D\\)', '98\\.8 \\(A\\)');
  row('uncontrolled flows', '7 of 12', '0 of 12');
  row('MDS2 hard-fails', 'DOC-8, PAUT-4', 'none');
  row('RACI gaps \\(nobody accountable\\)', '1', '0');
  assert.match(r1.stdout, /^Uncontrolled in lvp3-as-deployed, controlled in lvp3-hardened: cloud-drug-library-limit-tampering,/m);
  assert.match(r1.stdout, /^ {2}1\. MF-RES-03 Isolation of safety-critical functions: R mdm, A mdm\n {5}harm index → 0\.045 \(−60 %\), score → 50 \(capped; 53\.5 uncapped\)$/m);
  assert.deepEqual(readdirSync(a).sort(), [
    'lvp3-as-deployed.assessment.html', 'lvp3-as-deployed.assessment.json', 'lvp3-as-deployed.assessment.md',
    'lvp3-hardened.assessment.html', 'lvp3-hardened.assessment.json', 'lvp3-hardened.assessment.md', 'summary.txt',
  ]);
  const r2 = cli('examples/devices', '-o', b, '--format', 'json');
  assert.equal(r2.status, 0, r2.stderr);
  assert.deepEqual(readdirSync(b).sort(), ['lvp3-as-deployed.assessment.json', 'lvp3-hardened.assessment.json', 'summary.txt']);
  for (const f of ['lvp3-as-deployed.assessment.json', 'lvp3-hardened.assessment.json']) {
    assert.equal(readFileSync(join(a, f), 'utf8'), readFileSync(join(b, f), 'utf8'), `${f} differs between runs`);
  }
  const md = readFileSync(join(a, 'lvp3-as-deployed.assessment.md'), 'utf8');
  assert.match(md, /^# Device security assessment: Northgate LVP-3 infusion pumps, as deployed before remediation$/m);
  assert.match(md, /^\*\*40\.1 \/ 100, grade D\*\*\.$/m);
  for (const k of ['catalog', 'controls', 'library', 'simulate', 'acceptance', 'score', 'assess']) assert.match(md, new RegExp(`^- ${k}: `, 'm'));
});

test('medflow assess --json: one canonical JSON document; a different seed is stamped', () => {
  const r = cli('examples/devices/lvp3-as-deployed.yaml', '--json', '--seed', '42', '--next', '2', '--no-ttc');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.format, 'medflow-assessment/1');
  assert.equal(doc.seed, 42);
  assert.equal(doc.next_controls.length, 2);
  assert.ok(doc.flows.every((f: { within_horizon: unknown }) => f.within_horizon === null));
  assert.equal(r.stdout, canonicalJson(doc), 'canonical: sorted keys, two-space indent');
  const two = cli('examples/devices', '--json');
  assert.equal(two.status, 2);
  assert.equal(two.stderr, 'medflow: error: --json prints one report; 2 profiles were given (use -o DIR)\n');
});
