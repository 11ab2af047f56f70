// The architecture model: the published schema matches the code, and every kind of bad input is reported
// with the file, the property path and the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { canonicalJson } from '../../src/util/json.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { architectureSchema } from '../../src/threatmodel/schema.ts';
import { checkArchitecture, loadArchitecture, loadValidArchitecture, parseArchitectureText, formatModelIssue } from '../../src/threatmodel/load.ts';
import { COMPONENT_KINDS, PARTIES } from '../../src/vocab/index.ts';
import { comp, flow, model } from './build.ts';

const FIX = join(ROOT, 'test/fixtures/models');

test('schemas/architecture.schema.json is exactly the schema the code validates with', () => {
  const published = readFileSync(join(ROOT, 'schemas/architecture.schema.json'), 'utf8');
  assert.equal(published, canonicalJson(architectureSchema()), 'regenerate with: medflow model schema -o schemas/architecture.schema.json');
});

test('the schema takes its vocabularies from src/vocab', () => {
  const s = architectureSchema() as { definitions: { component: { properties: { kind: { enum: string[] }; operator: { enum: string[] } } } } };
  assert.deepEqual(s.definitions.component.properties.kind.enum, [...COMPONENT_KINDS]);
  assert.deepEqual(s.definitions.component.properties.operator.enum, [...PARTIES]);
});

test('schema errors name the file, the property path and the line, with suggestions', () => {
  const file = join(FIX, 'bad-schema.yaml');
  const l = loadArchitecture(file);
  const lines = l.errors.map((e) => formatModelIssue(e, file));
  assert.deepEqual(lines, [
    `${file}:10:5: error: components[0].safety_critcal: unknown property "safety_critcal" (did you mean "safety_critical"?) [unknown-property]`,
    `${file}:14:15: error: components[1].operator: "vendor" is not one of: ${PARTIES.join(', ')} [bad-value]`,
    `${file}:21:15: error: data_flows[0].protocol: "htps" is not one of: ${(architectureSchema() as { definitions: { data_flow: { properties: { protocol: { enum: string[] } } } } }).definitions.data_flow.properties.protocol.enum.join(', ')} (did you mean "https"?) [bad-value]`,
  ]);
});

test('semantic errors: duplicate ids, dangling references, cycles, overlapping boundaries, cloud service model', () => {
  const l = loadArchitecture(join(FIX, 'bad-semantics.yaml'));
  const got = l.errors.map((e) => `${e.line}:${e.col} ${e.path} ${e.code}`);
  assert.deepEqual(got, [
    '10:9 components[1].id duplicate-id',
    '19:14 components[2].hosting missing-service-model',
    '30:13 data_flows[0].target unknown-reference',
    '32:19 data_flows[0].assets[1] unknown-reference',
    '37:13 trust_boundaries[0].parent boundary-cycle',
    '47:15 trust_boundaries[2].members[0] overlapping-boundaries',
  ]);
  assert.match(l.errors[2].message, /did you mean "pump"/);
  assert.match(l.errors[4].message, /a → b → a/);
});

test('unparsable YAML and missing files are unusable input (exit status 2)', () => {
  for (const f of [join(FIX, 'bad-yaml.yaml'), join(FIX, 'does-not-exist.yaml')]) {
    assert.throws(() => loadArchitecture(f), (e: unknown) => isMedflowError(e) && e.exitCode === 2 && e.file === f);
  }
  assert.throws(() => loadArchitecture(join(FIX, 'bad-yaml.yaml')), (e: unknown) => isMedflowError(e) && e.at === '6:1' && /^invalid YAML/.test(e.message));
});

test('loadValidArchitecture fails with exit status 1 and points at the first error', () => {
  assert.throws(() => loadValidArchitecture(join(FIX, 'bad-semantics.yaml')), (e: unknown) =>
    isMedflowError(e) && e.exitCode === 1 && e.at === '10:9' && /and 5 more/.test(e.message));
});

test('JSON models get the same checks and line numbers', () => {
  const text = JSON.stringify({ format: 'medflow-architecture/1', id: 'j', name: 'J', components: [{ id: 'a', name: 'A', kind: 'sensr', operator: 'mdm', hosting: 'patient-home' }] }, null, 2);
  const l = parseArchitectureText(text, 'x.json', true);
  assert.equal(l.errors.length, 1);
  assert.equal(l.errors[0].path, 'components[0].kind');
  assert.equal(l.errors[0].line, 9);
  assert.match(l.errors[0].message, /did you mean "sensor"/);
});

test('service_model is refused off the cloud; self-flows and tracking key shape are checked', () => {
  const m = model({ components: [comp('a', { hosting: 'hdo-network' }), comp('b')], flows: [flow('f', 'b', 'b')] });
  m.components[0].service_model = 'saas';
  const l = checkArchitecture(m);
  assert.deepEqual(l.errors.map((e) => e.code).sort(), ['self-flow', 'service-model-off-cloud']);
  const bad = model({ components: [comp('a')], tracking: { 'not a threat id': { status: 'open' } } });
  assert.equal(checkArchitecture(bad).errors[0].path, 'threat_tracking');
});

test('a valid model produces no findings', () => {
  const l = loadArchitecture(join(FIX, 'small-oximeter.yaml'));
  assert.deepEqual([...l.errors, ...l.warnings], []);
});
