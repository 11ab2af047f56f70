// `medflow library …` end to end: exit codes, messages naming file and line, outputs written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';

function medflow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('library validate passes on the shipped content and fails with file:line on broken content', () => {
  const ok = medflow('library', 'validate');
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^\d+ flows, \d+ scenarios: 0 error\(s\), 0 warning\(s\)\n$/);
  const bad = medflow('library', 'validate', '--content', 'test/fixtures/library/broken');
  assert.equal(bad.code, 1);
  assert.ok(bad.err.includes('test/fixtures/library/broken/flows/telesurgery/bad-pair.yaml:40: actions[2].tactic: error: T0855'), bad.err);
  assert.match(bad.out, /9 flows, 1 scenarios: \d+ error\(s\)/);
});

test('library list filters and prints JSON', () => {
  const r = medflow('library', 'list', '--use-case', 'home-rpm', '--goal', 'command-integrity', '--json');
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as { id: string; use_cases: string[] }[];
  assert.deepEqual(rows.map((x) => x.id).sort(), ['home-transmitter-implant-reprogramming', 'rpm-care-plan-tampering']);
  const bad = medflow('library', 'list', '--goal', 'nope');
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /--goal must be one of: device-integrity/);
});

test('library show prints a readable summary of a flow and of a scenario; unknown ids are an error', () => {
  const f = medflow('library', 'show', 'console-robot-command-injection');
  assert.equal(f.code, 0, f.err);
  assert.match(f.out, /T0855 Unauthorized Command Message · TA0106 Impair Process Control \(ics\)/);
  assert.match(f.out, /◇ if: Control messages between console and control unit carry/);
  assert.match(f.out, /! Instrument motion inside the patient/);
  const s = medflow('library', 'show', 'vendor-phish-to-robot-motion');
  assert.match(s.out, /─\[credential:vendor-remote-access\]→ robot-firmware-via-vendor-tunnel: 2 producing action\(s\) → 1 entry action\(s\) via an OR operator/);
  const none = medflow('library', 'show', 'no-such-flow');
  assert.equal(none.code, 2);
  assert.match(none.err, /medflow: error: no flow or scenario "no-such-flow"/);
});

test('library compose writes the scenario bundle; export writes every flow and scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medflow-lib-'));
  try {
    const out = join(dir, 'scenario.json');
    const c = medflow('library', 'compose', 'clinician-phish-to-forged-titration', '-o', out);
    assert.equal(c.code, 0, c.err);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { type: string; objects: { type: string }[] };
    assert.equal(bundle.type, 'bundle');
    assert.equal(bundle.objects.filter((o) => o.type === 'attack-flow').length, 1);
    const e = medflow('library', 'export', '--format', 'stix', '-o', join(dir, 'x'));
    assert.equal(e.code, 0, e.err);
    const flows = readdirSync(join(dir, 'x', 'flows')), scenarios = readdirSync(join(dir, 'x', 'scenarios'));
    assert.ok(flows.includes('rpm-telemetry-injection.json'));
    assert.ok(scenarios.includes('clinician-phish-to-forged-titration.json'));
    assert.equal(readFileSync(join(dir, 'x', 'scenarios', 'clinician-phish-to-forged-titration.json'), 'utf8'), readFileSync(out, 'utf8'));
    const missing = medflow('library', 'compose', 'nope', '-o', join(dir, 'n.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no scenario "nope" in the library \(scenarios: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('library coverage prints Markdown or JSON', () => {
  const md = medflow('library', 'coverage');
  assert.equal(md.code, 0, md.err);
  assert.match(md.out, /^# medflow flow library coverage/);
  const js = medflow('library', 'coverage', '--format', 'json');
  const r = JSON.parse(js.out) as { ranking: { rank: number }[]; catalog: string };
  assert.equal(r.ranking[0].rank, 1);
  assert.equal(r.catalog, 'ATT&CK 18 + ATLAS 5.6.0');
});
