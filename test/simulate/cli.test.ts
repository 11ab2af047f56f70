// The `medflow simulate` command: tables by default, the JSON document's shape, warnings on
// standard error, and clear errors (file and field) with exit status 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';

const FIX = join(ROOT, 'test/fixtures/simulate');
const worked = join(FIX, 'worked-example.json');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin/medflow.js'), 'simulate', ...args], { encoding: 'utf8', cwd: ROOT });
}

test('tables by default', () => {
  const r = cli(worked, '-p', join(FIX, 'worked-example.params.yaml'), '-n', '4096');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^worked-example \(/);
  assert.match(r.stdout, /engine exact \(BDD, \d+ nodes\)/);
  assert.match(r.stdout, /P\(harm\), steps feasible within horizon\s+0\.342\s+exact/);
  assert.match(r.stdout, /Minimal attacks .*\(2\)/);
  assert.match(r.stdout, /1\. Spearphishing Link → Valid Accounts: Cloud Accounts → Manipulation of Control/);
  assert.match(r.stdout, /MFA\s+not-implemented\s+partial\s+1\s+0\.2016\s+0/);
  assert.match(r.stdout, /1\. training\n\s+2\. MFA \+ patch/);
  assert.equal(r.stderr, '');
});

test('--json has the documented shape', () => {
  const r = cli(worked, '--json', '-n', '4096', '--horizon', '10');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(doc).sort(), [
    'assets', 'controls', 'harm', 'horizon_days', 'method', 'min_steps_to_harm', 'min_technique_set', 'min_techniques_to_harm',
    'minimal_attacks', 'minimal_control_sets', 'minimal_cut_sets', 'nodes', 'provenance', 'samples', 'seed', 'unparameterized', 'warnings',
  ]);
  assert.deepEqual(Object.keys(doc.harm).sort(), ['ci_high', 'ci_low', 'p', 'ttc', 'within_horizon']);
  assert.deepEqual(Object.keys(doc.harm.ttc).sort(), ['p5', 'p50', 'p95']);
  assert.equal(doc.method, 'exact');
  assert.equal(doc.horizon_days, 10);
  assert.equal(doc.samples, 4096);
  assert.equal(doc.unparameterized.length, 4);
  for (const e of Object.values(doc.nodes) as { p: number; ci_low: number; ci_high: number }[]) assert.ok(e.ci_low === e.p && e.ci_high === e.p);
  assert.equal(doc.provenance.monte_carlo.prng, 'sfc32 (seeded by splitmix32)');
  assert.equal(r.stdout, JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n');
});

test('warnings go to standard error; the output stays clean', () => {
  const r = cli(join(FIX, 'cyclic.json'), '--json', '-n', '1024');
  assert.equal(r.status, 0);
  assert.doesNotThrow(() => JSON.parse(r.stdout));
  assert.match(r.stderr, /warning: action has 3 incoming edges and no operator; read as OR .*\[implicit-or-join\]/);
  assert.match(r.stderr, /\[dead-false-branch\]/);
});

test('errors name the file and the field and exit with status 2', () => {
  const bad = join(FIX, 'bad-p.params.yaml');
  const r = cli(worked, '-p', bad);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `medflow: error: ${bad}: actions.T1190.p: must be at least 0 and at most 1, got 1.5\n`);
  const missing = cli(join(FIX, 'nope.json'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.json: file not found/);
  const opt = cli(worked, '--samples', '-3');
  assert.notEqual(opt.status, 0);
  assert.match(opt.stderr, /--samples must be a whole number/);
  const method = cli(worked, '--method', 'fast');
  assert.notEqual(method.status, 0);
  assert.match(method.stderr, /Allowed choices are auto, exact, mc/);
});
