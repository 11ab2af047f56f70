import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliBatch } from './run-cli.ts';
import { parseArchitectureText } from '../../src/threatmodel/index.ts';
import { homeModel, HOME_DIAGRAM } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'medflow-tm7-cli-'));

writeFileSync(join(dir, 'home.tm7'), homeModel([
  { id: 1, typeId: 'TS1', title: 'Spoof hub', category: 'Spoofing', state: 'Mitigated', justification: 'mutual TLS', source: 'e2', flow: 'f2', target: 'e3', diagram: HOME_DIAGRAM },
]));
writeFileSync(join(dir, 'page.tm7'), '<!DOCTYPE html><html><body>GitHub</body></html>');
writeFileSync(join(dir, 'evil.tm7'), '<?xml version="1.0"?><!DOCTYPE ThreatModel [<!ENTITY x SYSTEM "file:///etc/passwd">]><ThreatModel><Notes>&x;</Notes></ThreatModel>');
const [r, a, b] = runCliBatch(dir, [
  ['import', 'tm7', 'home.tm7', '-o', 'home.yaml', '--json'],
  ['import', 'tm7', 'page.tm7', '-o', 'x.yaml'],
  ['import', 'tm7', 'evil.tm7'],
]);

test('medflow import tm7: writes a valid model, reports counts on stderr and the import report with --json', () => {
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^wrote home\.yaml\nhome\.tm7: 6 elements \(5 components, 1 annotations\), 4 flows, 2 boundaries \(1 line, 1 border\), 1 TMT threats \(Spoofing 1\)\n {2}1 flows cross a boundary; \d+ medflow threats/);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.counts.threats, 1);
  assert.equal(typeof report.medflow_threats, 'number');
  const yaml = readFileSync(join(dir, 'home.yaml'), 'utf8');
  assert.match(yaml, /^# medflow architecture imported from home\.tm7/);
  assert.match(yaml, /\n {2}tmt\.ts1@home-hub-to-ingest-api:\n {4}status: mitigated\n/);
  assert.deepEqual(parseArchitectureText(yaml, 'home.yaml').errors, []);
});

test('medflow import tm7: an HTML page or an XXE payload fails with exit status 2 and one clear line', () => {
  assert.equal(a.status, 2);
  assert.equal(a.stderr, 'medflow: error: page.tm7: this is an HTML page, not a Microsoft Threat Modeling Tool .tm7 model (was a web page saved instead of the raw file?)\n');
  assert.equal(b.status, 2);
  assert.match(b.stderr, /^medflow: error: evil\.tm7: refusing a DOCTYPE\/ENTITY declaration/);
  assert.equal(b.stdout, '');
});
