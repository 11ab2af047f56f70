// RACI as an Excel workbook (round trip, byte-identical writes) and the `medflow raci` command: formats,
// findings on standard error, and one clear error for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlCatalog } from '../../src/controls/index.ts';
import { deriveRaci, raciCsv, raciTable, raciXlsx, readRaciXlsx, resolveArchitecture, RACI_COLUMNS } from '../../src/raci/index.ts';
import { ROOT } from '../helpers.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin/medflow.js'), 'raci', ...args], { encoding: 'utf8', cwd: ROOT });
}

test('xlsx round trip: the RACI sheet reads back as the CSV table, and two writes are byte-identical', async () => {
  const m = deriveRaci(resolveArchitecture('home-rpm').model, controlCatalog());
  const a = await raciXlsx(m);
  const back = await readRaciXlsx(a);
  assert.deepEqual(back.header, [...RACI_COLUMNS]);
  assert.deepEqual(back.rows, raciTable(m));
  await new Promise((r) => setTimeout(r, 1100)); // a zip entry time would change within this
  const b = await raciXlsx(m);
  assert.equal(Buffer.compare(Buffer.from(a), Buffer.from(b)), 0);
});

test('medflow raci: csv to standard output, patient warnings on standard error', () => {
  const r = cli('home-rpm', '--format', 'csv');
  assert.equal(r.status, 0, r.stderr);
  const m = deriveRaci(resolveArchitecture('home-rpm').model, controlCatalog());
  assert.equal(r.stdout, raciCsv(m));
  assert.deepEqual(r.stderr.trim().split('\n').map((l) => l.replace(/: the task needs.*$/, '')), [
    'medflow: content/architectures/home-rpm.yaml: MF-CONF-05: warning: the patient is Responsible (on rpm-app)',
    'medflow: content/architectures/home-rpm.yaml: MF-LOG-13: warning: the patient is Responsible (on rpm-app, patient)',
    'medflow: content/architectures/home-rpm.yaml: MF-UPD-09: warning: the patient is Responsible (on rpm-app)',
  ]);
});

test('medflow raci: an xlsx file by extension; xlsx needs -o', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medflow-raci-'));
  const x = cli('test/fixtures/raci/service-models.yaml', '-o', join(dir, 'r.xlsx'));
  assert.equal(x.status, 0, x.stderr);
  const back = await readRaciXlsx(readFileSync(join(dir, 'r.xlsx')));
  assert.equal(back.rows.length, deriveRaci(resolveArchitecture('test/fixtures/raci/service-models.yaml').model, controlCatalog()).rows.length);
  const bad = cli('infusion-pumps', '--format', 'xlsx');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'medflow: error: xlsx output needs -o FILE (it is a binary format)\n');
});

test('medflow raci: a missing architecture is one clear error, exit 2', () => {
  const r = cli('no-such-architecture');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'medflow: error: no-such-architecture: no architecture "no-such-architecture": not a file and not a reference architecture (aiml-image-triage, home-rpm, infusion-pumps, insulin-closed-loop, telesurgery)\n');
});

test('medflow raci: an override file breaking the rules exits 1 with the finding', () => {
  const r = cli('infusion-pumps', '--overrides', 'test/fixtures/raci/two-accountable.raci.yaml', '--format', 'csv');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /MF-AUTH-06: error: 2 parties are Accountable \(mdm, hdo\); exactly one must be \[raci-several-accountable\]/);
});
