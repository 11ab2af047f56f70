// The "done when" for import: every file of the shared corpus (all five folders) imports, and
// each resulting bundle passes the official schemas and medflow's validator with no error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { loadFlowFile, loadFlowText } from '../../src/flow/load.ts';
import { writeBundle } from '../../src/flow/bundle.ts';
import { validateFlow } from '../../src/validate/index.ts';
import { allCorpusFiles, corpusFiles } from '../helpers.ts';
import { officialSchemaErrors } from '../support/official-schemas.ts';

test('every corpus file imports into a bundle that passes the official schemas and the validator', () => {
  const files = allCorpusFiles();
  assert.equal(files.length, 65);
  for (const f of files) {
    const text = writeBundle(loadFlowFile(f, { repair: true }).graph);
    assert.deepEqual(officialSchemaErrors(JSON.parse(text)), [], `official schemas: ${f}`);
    const result = validateFlow(loadFlowText(text, basename(f)));
    assert.deepEqual(result.errors, [], `medflow validator: ${f}`);
  }
});

test('STIX import repairs exactly the defects the validator reports on the raw corpus', () => {
  const uber = corpusFiles('attack-flow-stix').find((f) => f.endsWith('Uber Breach.json'))!;
  const raw = validateFlow(loadFlowFile(uber));
  assert.deepEqual(raw.errors.map((e) => e.code).sort(), ['empty-list', 'entry-not-start-ref', 'wrong-type', 'wrong-type', 'wrong-type', 'wrong-type']);
  const imported = loadFlowFile(uber, { repair: true });
  const codes = imported.warnings.map((w) => w.code);
  assert.equal(codes.filter((c) => c === 'repair-empty-value').length, 5); // 4 null descriptions + empty start_refs
  assert.equal(codes.filter((c) => c === 'repair-start-refs').length, 1);
  assert.deepEqual(validateFlow(imported).errors, []);
});
