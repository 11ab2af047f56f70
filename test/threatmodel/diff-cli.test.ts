// CLI of the report half of issue 5: `medflow model render`, `medflow model diff`, `medflow threats --format md|html|sarif`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliBatch } from '../tm7/run-cli.ts';
import { MODEL_YAML } from './report/fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'medflow-tm-cli-'));
// the fixture's tracking entries name hand-made rules: keep only the architecture for CLI runs
const ARCH = MODEL_YAML.slice(0, MODEL_YAML.indexOf('threat_tracking:'));
writeFileSync(join(dir, 'v1.yaml'), ARCH);
writeFileSync(join(dir, 'v2.yaml'), ARCH.replace('protocol: wifi', 'protocol: ble').replace('version: "1.0"', 'version: "1.1"'));
const [a, b, mmd, svg, bad, html, s] = runCliBatch(dir, [
  ['model', 'diff', 'v1.yaml', 'v2.yaml'],
  ['model', 'diff', 'v1.yaml', 'v2.yaml', '--json'],
  ['model', 'render', 'v1.yaml', '--format', 'mermaid', '--view', 'multi-patient-harm'],
  ['model', 'render', 'v1.yaml', '-o', 'dfd.svg'],
  ['model', 'render', 'v1.yaml', '--view', 'nope'],
  ['threats', 'v1.yaml', '--format', 'html'],
  ['threats', 'v1.yaml', '-o', 'out.sarif'],
]);

test('medflow model diff: human output and --json, exit 0', () => {
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /^medflow model diff: v1\.yaml \(1\.0\) → v2\.yaml \(1\.1\)\n\nModel: ~1\n {2}~ version: 1\.0 → 1\.1\nData flows: \+0 −0 ~1\n {2}~ gw-pump: protocol: wifi → ble\n/);
  assert.equal(b.status, 0, b.stderr);
  const d = JSON.parse(b.stdout);
  assert.equal(d.format, 'medflow-model-diff/1');
  assert.deepEqual(d.flows.changed[0].changes, [{ path: 'protocol', old: 'wifi', new: 'ble' }]);
  assert.equal(d.threats.compared, true);
});

test('medflow model render: Mermaid of one view, SVG to a file, unknown view', () => {
  assert.match(mmd.stdout, /^---\ntitle: "Pump <Lab> & Co: multi-patient harm"\n---\nflowchart LR\n/);
  assert.equal(svg.status, 0, svg.stderr);
  assert.match(readFileSync(join(dir, 'dfd.svg'), 'utf8'), /<svg /);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^medflow: error: v1\.yaml: the model has no view "nope" \(it has: global-system, multi-patient-harm, security-use-case:programming\)\n$/);
});

test('medflow threats --format html|sarif: reports from the registry, SARIF lines point into the YAML', () => {
  assert.equal(html.status, 0, html.stderr);
  assert.match(html.stdout, /^<!DOCTYPE html>\n/);
  assert.equal(s.status, 0, s.stderr);
  const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
  assert.equal(log.version, '2.1.0');
  const results = log.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[]; fingerprints?: Record<string, string> }[];
  assert.ok(results.length > 0);
  const lines = ARCH.split('\n');
  for (const r of results.filter((x) => x.fingerprints)) {
    const el = r.fingerprints!['medflow/threat/v1'].split('@')[1];
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'v1.yaml');
    assert.equal(lines[r.locations[0].physicalLocation.region!.startLine - 1], `  - id: ${el}`);
  }
});
