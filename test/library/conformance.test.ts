// Every library flow and every composed scenario passes the official Attack Flow and OASIS schemas and
// medflow's validator, and round-trips through the Attack Flow Builder format unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLibrary } from '../../src/library/index.ts';
import { writeBundle } from '../../src/flow/bundle.ts';
import { exportAfb } from '../../src/afb/export.ts';
import { loadFlowText } from '../../src/flow/load.ts';
import { validateGraph } from '../../src/validate/index.ts';
import { officialSchemaErrors } from '../support/official-schemas.ts';

const lib = loadLibrary();
const bundles = [
  ...lib.flows.map((f) => ({ id: f.source.id, graph: f.compiled.graph })),
  ...lib.scenarios.map((s) => ({ id: `scenario ${s.scenario.id}`, graph: s.composed!.graph })),
];

test('the library loads without findings', () => {
  assert.deepEqual(lib.issues.filter((i) => i.severity === 'error'), []);
  assert.ok(lib.flows.length >= 40 && lib.scenarios.length >= 10);
});

test('every flow and composed scenario passes the official schemas and the validator', () => {
  for (const b of bundles) {
    assert.deepEqual(officialSchemaErrors(JSON.parse(writeBundle(b.graph))), [], b.id);
    const r = validateGraph(b.graph);
    assert.deepEqual(r.errors, [], b.id);
  }
});

test('every flow and composed scenario round-trips through .afb byte for byte', () => {
  for (const b of bundles) {
    const stix = writeBundle(b.graph);
    const back = loadFlowText(exportAfb(b.graph), `${b.id}.afb`);
    assert.equal(writeBundle(back.graph), stix, b.id);
  }
});
