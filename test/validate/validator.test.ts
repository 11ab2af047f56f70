// The validator on real inputs: pinned findings for the corpus STIX bundles, entry points, named cycles,
// .afb-shaped input and import warnings, speed-independent robustness on mutated bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFlowFile, loadFlowJson, type LoadedFlow } from '../../src/flow/load.ts';
import { graphFromObjects, readBundle } from '../../src/flow/bundle.ts';
import { computeEntryPoints } from '../../src/flow/model.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { sortIssues } from '../../src/util/issue.ts';
import { sfc32 } from '../../src/util/rng.ts';
import { afExtensionMarker } from '../../src/stix/attack-flow.ts';
import { validateFlow, validateGraph } from '../../src/validate/index.ts';
import { corpusFiles, SHARED } from '../helpers.ts';
import { fx, ID } from '../fixtures/flows/generate.ts';
import { mutate } from '../support/stix-mutations.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/flows/', import.meta.url));
const codes = (r: { errors: { code: string }[] }) => [...new Set(r.errors.map((i) => i.code))].sort();

test('corpus STIX bundles: the errors the reference validator misses are found', () => {
  const got: Record<string, string[]> = {};
  for (const f of corpusFiles('attack-flow-stix')) {
    const r = validateFlow(loadFlowFile(f));
    if (!r.ok) got[basename(f)] = codes(r);
  }
  assert.deepEqual(got, {
    'CISA AA22-138B VMWare Workspace (TA1).json': ['start-ref-not-entry'],
    'Cobalt Kitty Campaign.json': ['start-ref-not-entry'],
    'Conti CISA Alert.json': ['entry-not-start-ref'],
    'DFIR - BumbleBee Round 2.json': ['start-ref-not-entry'],
    'NotPetya.json': ['empty-list', 'entry-not-start-ref'],
    'SWIFT Heist.json': ['empty-list', 'entry-not-start-ref'],
    'Tesla Kubernetes Breach.json': ['start-ref-not-entry'],
    'Uber Breach.json': ['empty-list', 'entry-not-start-ref', 'wrong-type'],
  });
});

test('a start_ref fed by an operator is reported with what leads to it', () => {
  const f = corpusFiles('attack-flow-stix').find((x) => x.includes('Tesla'))!;
  const r = validateFlow(loadFlowFile(f));
  assert.deepEqual(r.errors, [{
    code: 'start-ref-not-entry',
    object: 'attack-flow--130cfa8f-3152-4a3e-bd99-6f4230907dad',
    property: 'start_refs[2]',
    message: '"Resource Highjacking" [attack-action--c640ab9c] is not an entry point: "AND operator" [attack-operator--2523aded] leads to it',
  }]);
});

test('findings are sorted and the revoked technique of the official example names its replacement', () => {
  const r = validateFlow(loadFlowFile(join(SHARED, 'attack-flow/stix/attack-flow-example.json')));
  assert.equal(r.ok, true);
  assert.deepEqual(r.warnings, sortIssues(r.warnings));
  assert.ok(r.warnings.some((w) => w.code === 'technique-ref-mismatch' && w.message.includes('T1192 (Spearphishing Link, revoked: now T1566.002)')));
  assert.ok(r.warnings.some((w) => w.code === 'technique-unknown' && w.message.includes('did you mean T1598.003')));
});

test('entry points look through operators: an operator nothing feeds does not hide its successors', () => {
  const act = (k: string, effect?: string[]) => ({ type: 'attack-action', id: fx('attack-action', k), name: k, ...(effect ? { effect_refs: effect } : {}) });
  const op = (k: string, effect: string[]) => ({ type: 'attack-operator', id: fx('attack-operator', k), operator: 'OR', effect_refs: effect });
  const g = graphFromObjects([
    act('a', [fx('attack-operator', 'fed')]),
    op('fed', [fx('attack-operator', 'chain')]),
    op('chain', [fx('attack-action', 'b')]),
    act('b'),
    op('orphan', [fx('attack-action', 'c')]),
    act('c'),
  ]);
  assert.deepEqual(computeEntryPoints(g), [fx('attack-action', 'a'), fx('attack-action', 'c')].sort());
});

test('a directed cycle is named, shortest first, from its smallest id', () => {
  const r = validateFlow(loadFlowFile(`${FIXTURES}broken/cycle.json`));
  const [a, b] = [ID.a3, ID.a5].sort();
  const names: Record<string, string> = { [ID.a3]: 'Change the basal rate', [ID.a5]: 'Mask the change with crafted glucose readings' };
  const l = (id: string) => `"${names[id]}" [${id.slice(0, id.indexOf('--') + 10)}]`;
  assert.deepEqual(r.warnings, [{ code: 'cycle', object: a, property: 'effect_refs', message: `directed cycle: ${l(a)} → ${l(b)} → ${l(a)}` }]);
});

test('a start_ref inside a cycle nothing else leads into is accepted', () => {
  const raw = JSON.parse(readFileSync(`${FIXTURES}clean.json`, 'utf8'));
  const x = fx('attack-action', 'loop-x'), y = fx('attack-action', 'loop-y');
  const base = { spec_version: '2.1', created: '2025-03-01T09:00:00.000Z', modified: '2025-03-01T09:00:00.000Z', extensions: afExtensionMarker() };
  raw.objects.push({ ...base, type: 'attack-action', id: x, name: 'x', effect_refs: [y] }, { ...base, type: 'attack-action', id: y, name: 'y', effect_refs: [x] });
  raw.objects.find((o: { id: string }) => o.id === ID.flow).start_refs.push(x);
  const r = validateFlow(loadFlowJson(raw));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings.map((w) => w.code), ['cycle']);
});

test('.afb-shaped input is validated as the bundle medflow writes, with the import warnings', () => {
  const { graph } = readBundle(JSON.parse(readFileSync(`${FIXTURES}clean.json`, 'utf8')));
  const loaded: LoadedFlow = {
    file: 'pump.afb', format: 'afb-v3', graph, raw: { schema: 'attack_flow_v2', objects: [] },
    warnings: [{ code: 'afb-tactic-repaired', message: 'tactic "TA008" read as TA0008', object: ID.a1, property: 'tactic_id' }],
  };
  const r = validateFlow(loaded);
  assert.deepEqual(r, { ok: true, errors: [], warnings: loaded.warnings });
  assert.deepEqual(validateGraph(graph), { ok: true, errors: [], warnings: [] });
});

test('skipped bundle entries are errors, not duplicated loader warnings', () => {
  const raw = JSON.parse(readFileSync(`${FIXTURES}clean.json`, 'utf8'));
  raw.objects.push({ name: 'no type' }, { type: 'note' });
  const loaded = loadFlowJson(raw);
  assert.equal(loaded.warnings.length, 2);
  const r = validateFlow(loaded);
  assert.deepEqual(r.errors.map((i) => [i.code, i.object, i.property]), [
    ['bundle-entry', undefined, 'objects[15]'],
    ['missing-property', undefined, 'objects[16].content'],
    ['missing-property', undefined, 'objects[16].created'],
    ['missing-property', undefined, 'objects[16].id'],
    ['missing-property', undefined, 'objects[16].modified'],
    ['missing-property', undefined, 'objects[16].object_refs'],
    ['missing-property', undefined, 'objects[16].spec_version'],
  ]);
  assert.deepEqual(r.warnings, []);
});

test('1,000 seeded mutations of corpus bundles end in a result or a clear error, never a crash', () => {
  const bundles = corpusFiles('attack-flow-stix').map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);
  const rng = sfc32(7);
  let results = 0, clearErrors = 0;
  for (let i = 0; i < 1000; i++) {
    const b = bundles[rng.int(bundles.length)];
    // Mutate the bundle and objects inside it (the mutator reaches three levels down).
    const { object } = mutate(b, rng, 6);
    try {
      const r = validateFlow(loadFlowJson(object, `mutant-${i}.json`));
      assert.equal(r.ok, r.errors.length === 0);
      results++;
    } catch (e) {
      if (!isMedflowError(e)) assert.fail(`mutation ${i}: ${(e as Error).stack}`);
      clearErrors++;
    }
  }
  assert.equal(results + clearErrors, 1000);
  assert.ok(results > 500 && clearErrors > 50, `${results} results, ${clearErrors} clear errors`);
});
