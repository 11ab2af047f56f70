// Each validator rule has a fixture in test/fixtures/flows/broken/ that trips it, with the exact code,
// object and property; the clean fixture trips none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFlowFile } from '../../src/flow/load.ts';
import { validateFlow, CHECKS, CHECK_BY_CODE } from '../../src/validate/index.ts';
import { fx, generate, ID } from '../fixtures/flows/generate.ts';

const DIR = fileURLToPath(new URL('../fixtures/flows/', import.meta.url));

interface Expect {
  object?: string;
  property?: string;
}

/** Fixture name (= code) → where the finding must be reported. */
const EXPECTED: Record<string, Expect> = {
  'bundle-id': { property: 'id' },
  'bundle-entry': { property: 'objects[15]' },
  'flow-missing': {},
  'flow-multiple': { object: fx('attack-flow', 'flow2') },
  'extension-missing': {},
  'missing-property': { object: ID.a1, property: 'name' },
  'wrong-type': { object: ID.a1, property: 'name' },
  'invalid-value': { object: ID.flow, property: 'scope' },
  'invalid-identifier': { object: ID.flow, property: 'start_refs[2]' },
  'invalid-timestamp': { object: ID.a1, property: 'created' },
  'empty-list': { object: ID.a5, property: 'effect_refs' },
  'invalid-property-name': { object: ID.a1, property: 'Dose-Limit' },
  'reserved-property': { object: ID.a1, property: 'severity' },
  constraint: { object: fx('location', 'site') },
  'extension-marker': { object: ID.a1, property: 'extensions' },
  'invalid-extension': { object: ID.a1, property: 'extensions.x-pump-ext' },
  'unknown-type': { object: 'x-pump-model--0b6b6c1e-2f0a-4d8e-9c55-5a8f1d2e3b4c' },
  'duplicate-id': { object: ID.a5, property: 'id' },
  'id-type-mismatch': { object: ID.op1.replace('attack-operator--', 'attack-condition--'), property: 'id' },
  'dangling-ref': { object: ID.a3, property: 'command_ref' },
  'dangling-context-ref': { object: ID.flow, property: 'created_by_ref' },
  'ref-wrong-type': { object: ID.a1, property: 'created_by_ref' },
  'duplicate-ref': { object: ID.flow, property: 'start_refs[2]' },
  'start-ref-not-entry': { object: ID.flow, property: 'start_refs[2]' },
  'entry-not-start-ref': { object: ID.flow, property: 'start_refs' },
  cycle: { object: [ID.a3, ID.a5].sort()[0], property: 'effect_refs' },
  unreachable: { object: fx('attack-action', 'a6') },
  'operator-inputs': { object: ID.op1 },
  'not-connected': { object: fx('tool', 'tool') },
  'no-description': { object: ID.flow, property: 'description' },
  'technique-unknown': { object: ID.a2, property: 'technique_id' },
  'technique-not-attack': { object: ID.a2, property: 'technique_id' },
  'technique-revoked': { object: ID.a1, property: 'technique_id' },
  'technique-deprecated': { object: ID.a2, property: 'technique_id' },
  'tactic-unknown': { object: ID.a2, property: 'tactic_id' },
  'tactic-technique-pair': { object: ID.a2, property: 'tactic_id' },
  'technique-ref-mismatch': { object: ID.a2, property: 'technique_ref' },
  'technique-ref-unknown': { object: ID.a2, property: 'technique_ref' },
  'tactic-ref-mismatch': { object: ID.a2, property: 'tactic_ref' },
  'tactic-ref-unknown': { object: ID.a2, property: 'tactic_ref' },
};

/** Fixtures whose defect necessarily brings a second finding with it. */
const ALSO: Record<string, string[]> = {
  unreachable: ['cycle', 'unreachable'],
  'flow-multiple': ['flow-multiple'],
};

test('the committed fixtures are what the generator writes', () => {
  for (const [file, text] of Object.entries(generate())) {
    assert.equal(readFileSync(DIR + file, 'utf8'), text, `${file} is stale: run npx tsx test/fixtures/flows/generate.ts`);
  }
});

test('the clean fixture has no findings at all', () => {
  const r = validateFlow(loadFlowFile(DIR + 'clean.json'));
  assert.deepEqual(r, { ok: true, errors: [], warnings: [] });
});

test('every validator code has a broken fixture', () => {
  const files = readdirSync(DIR + 'broken').map((f) => f.replace(/\.json$/, '')).sort();
  assert.deepEqual(files, CHECKS.map((c) => c.code).sort());
  assert.deepEqual(Object.keys(EXPECTED).sort(), files);
});

for (const [code, where] of Object.entries(EXPECTED)) {
  test(`broken/${code}.json trips ${code} at ${where.object ?? '(bundle)'} ${where.property ?? ''}`, () => {
    const r = validateFlow(loadFlowFile(`${DIR}broken/${code}.json`));
    const severity = CHECK_BY_CODE.get(code)!.severity;
    const list = severity === 'error' ? r.errors : r.warnings;
    const hit = list.find((i) => i.code === code && i.object === where.object && i.property === where.property);
    assert.ok(hit, `expected ${code} at ${where.object} ${where.property}; got ${JSON.stringify([...r.errors, ...r.warnings], null, 1)}`);
    assert.ok(hit.message.length > 10);
    // Each fixture has exactly one defect: nothing else is reported.
    const all = [...r.errors, ...r.warnings].map((i) => i.code);
    assert.deepEqual([...new Set(all)].sort(), (ALSO[code] ?? [code]).sort());
    assert.equal(r.ok, severity !== 'error');
  });
}
