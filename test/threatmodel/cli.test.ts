// The command line: exit statuses (0 fine, 1 invalid model / lint failure, 2 unreadable input), output
// shapes and help text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { loadLibrary } from '../../src/library/index.ts';

const FIX = join(ROOT, 'test/fixtures/models');
const SMALL = join(FIX, 'small-oximeter.yaml');

function medflow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('model validate: 0 when valid, 1 with file:line errors, 2 when unreadable', () => {
  const ok = medflow('model', 'validate', SMALL, join(ROOT, 'content/architectures/home-rpm.yaml'));
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /small-oximeter\.yaml: ok \(3 components, 3 flows, 2 assets, 2 boundaries\)/);
  const bad = medflow('model', 'validate', join(FIX, 'bad-schema.yaml'));
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /bad-schema\.yaml:21:15: error: data_flows\[0\]\.protocol: "htps" is not one of: .*\(did you mean "https"\?\) \[bad-value\]/);
  const gone = medflow('model', 'validate', join(FIX, 'missing.yaml'), SMALL);
  assert.equal(gone.status, 2);
  assert.match(gone.stderr, /^medflow: error: .*missing\.yaml: file not found$/m);
  assert.match(gone.stdout, /small-oximeter\.yaml: ok/, 'later files are still checked');
});

test('threats: canonical JSON to stdout or a file, filters by risk, fails on invalid or unreadable models', () => {
  const r = medflow('threats', SMALL, '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.format, 'medflow-threats/1');
  assert.equal(out.threats.length, 4);
  assert.equal(out.engine.risk_matrix, 'medflow-risk-matrix@1.0.0');
  const dir = mkdtempSync(join(tmpdir(), 'medflow-cli-'));
  const file = join(dir, 'out', 'threats.json');
  const w = medflow('threats', SMALL, '-o', file, '--min-risk', 'critical');
  assert.equal(w.status, 0, w.stderr);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).threats.map((t: { id: string }) => t.id),
    ['no-update-path@oximeter', 'short-range-radio-unauthenticated@oxi-to-hub']);
  const invalid = medflow('threats', join(FIX, 'bad-semantics.yaml'));
  assert.equal(invalid.status, 1);
  assert.match(invalid.stderr, /bad-semantics\.yaml: 10:9: components\[1\]\.id: id "pump" is already used/);
  assert.equal(medflow('threats', join(FIX, 'bad-yaml.yaml')).status, 2);
  assert.equal(medflow('threats', SMALL, '--format', 'pdf').status, 1, 'commander rejects unknown choices');
});

test('model lint: exit 0 without errors, 1 with --strict when threats are untriaged; --json', () => {
  const r = medflow('model', 'lint', SMALL);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /4 threats, 1 triaged, 3 untriaged; 0 errors/);
  assert.match(r.stdout, /untriaged threats \(3\):\n {2}critical no-update-path@oximeter/);
  assert.equal(medflow('model', 'lint', SMALL, '--strict').status, 1);
  const j = JSON.parse(medflow('model', 'lint', SMALL, '--json').stdout);
  assert.equal(j.ok, true);
  assert.deepEqual(j.untriaged.length, 3);
});

test('help teaches: formats, ids, exit codes, lint checks, examples', () => {
  const t = medflow('threats', '--help').stdout;
  assert.match(t, /rule@element/);
  assert.match(t, /Exit status: 0 fine, 1 the model is invalid/);
  assert.match(t, /Examples:/);
  const l = medflow('model', 'lint', '--help').stdout;
  for (const code of ['stride-not-covered', 'tracking-orphaned', 'high-value-flow-missing', 'untriaged']) assert.match(l, new RegExp(code));
  const rules = medflow('model', 'rules');
  assert.match(rules.stdout, /\n\d+ rules \(\d+ medical, \d+ STRIDE baseline\), digest [0-9a-f]{16}\n$/);
  const schema = JSON.parse(medflow('model', 'schema').stdout);
  assert.equal(schema.title, 'medflow architecture model');
});

test('threats: each threat lists the library flows of the architecture use case that realize it', () => {
  const lib = loadLibrary(undefined, { validate: false });
  const useCases = new Map(lib.flows.map((f) => [f.source.id, f.source.use_cases as string[]]));
  const r = medflow('threats', 'content/architectures/infusion-pumps.yaml');
  assert.equal(r.status, 0, r.stderr);
  const threats = JSON.parse(r.stdout).threats as { id: string; flows: string[] }[];
  const linked = threats.filter((t) => t.flows.length > 0);
  assert.ok(linked.length >= threats.length / 2, `${linked.length} of ${threats.length} threats linked`);
  for (const t of linked) for (const f of t.flows) assert.ok(useCases.get(f)?.includes('infusion-pumps'), `${t.id} → ${f}`);
  assert.ok(threats.find((t) => t.id === 'alarm-path-unprotected@server-to-alarm-manager')!.flows.includes('infusion-status-spoofing'));
  const off = JSON.parse(medflow('threats', 'content/architectures/infusion-pumps.yaml', '--no-library').stdout).threats as { flows: string[] }[];
  assert.ok(off.every((t) => t.flows.length === 0));
});
