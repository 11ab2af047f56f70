// The reference architectures in content/architectures: each validates cleanly, has the four FDA views,
// and yields a threat model with no rule error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { loadArchitecture } from '../../src/threatmodel/load.ts';
import { evaluate } from '../../src/threatmodel/engine.ts';
import { builtinRules } from '../../src/threatmodel/rules.ts';
import { STRIDE } from '../../src/vocab/index.ts';

const DIR = join(ROOT, 'content/architectures');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

test('at least four reference architectures, one per library use case', () => {
  assert.deepEqual(files, ['aiml-image-triage.yaml', 'home-rpm.yaml', 'infusion-pumps.yaml', 'insulin-closed-loop.yaml', 'telesurgery.yaml']);
});

for (const f of files) {
  test(`${f}: valid, four FDA views, threats without rule errors`, () => {
    const l = loadArchitecture(join(DIR, f));
    assert.deepEqual([...l.errors, ...l.warnings], []);
    const m = l.model;
    assert.equal(`${m.id}.yaml`, f, 'file name matches the architecture id');
    assert.ok(m.views?.global_system && m.views.multi_patient_harm && m.views.updatability_patchability, 'global, multi-patient and update views');
    assert.ok((m.views?.security_use_cases ?? []).length >= 3, 'security use case views');
    const r = evaluate(m);
    assert.deepEqual(r.rule_errors, []);
    assert.ok(r.threats.length >= 25, `${r.threats.length} threats`);
    assert.ok(r.summary.medical >= 12, `${r.summary.medical} medical threats`);
    for (const s of STRIDE) assert.ok((r.summary.by_stride[s] ?? 0) > 0, `${f} has no ${s} threat`);
    assert.ok(r.threats.some((t) => t.harm.reach !== 'single-patient'), 'some threat reaches several patients');
    assert.ok(r.threats.some((t) => t.status !== 'untriaged'), 'shows triage');
    for (const t of r.threats) {
      assert.match(t.id, /^[a-z0-9-]+@[a-z0-9._-]+$/);
      assert.ok(!t.description.includes('{{') && t.description.length > 40, t.id);
    }
  });
}

test('together the reference architectures exercise most rules', () => {
  const fired = new Set<string>();
  for (const f of files) for (const t of evaluate(loadArchitecture(join(DIR, f)).model).threats) fired.add(t.rule);
  const all = builtinRules().rules.length;
  assert.ok(fired.size >= Math.floor(all * 0.7), `${fired.size} of ${all} rules fire somewhere`);
});
