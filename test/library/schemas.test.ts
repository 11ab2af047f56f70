import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FLOW_SOURCE_SCHEMA_FILE, MEDFLOW_EXTENSION_SCHEMA_FILE } from '../../src/library/index.ts';
import {
  CLINICAL_FUNCTIONS, COMPONENT_KINDS, DIFFICULTY_BANDS, HARM_SEVERITIES, PROVENANCES, REACHES, SAFETY_GOALS, USE_CASES,
} from '../../src/vocab/index.ts';
import { FLOW_SCOPES } from '../../src/stix/attack-flow.ts';
import { MEDFLOW_EXTENSION_ID, MEDFLOW_EXTENSION_SCHEMA_URL } from '../../src/stix/medflow-extension.ts';

const src = JSON.parse(readFileSync(FLOW_SOURCE_SCHEMA_FILE, 'utf8'));
const ext = JSON.parse(readFileSync(MEDFLOW_EXTENSION_SCHEMA_FILE, 'utf8'));

test('the flow source schema enumerates exactly the shared vocabularies', () => {
  const p = src.properties, d = src.definitions;
  assert.deepEqual(p.use_cases.items.enum, [...USE_CASES]);
  assert.deepEqual(p.patient_safety_goal.enum, [...SAFETY_GOALS]);
  assert.deepEqual(p.harm_severity.enum, [...HARM_SEVERITIES]);
  assert.deepEqual(p.reach.enum, [...REACHES]);
  assert.deepEqual(p.provenance.enum, [...PROVENANCES]);
  assert.deepEqual(p.clinical_functions.items.enum, [...CLINICAL_FUNCTIONS]);
  assert.deepEqual(p.scope.enum, [...FLOW_SCOPES]);
  assert.deepEqual(d.component_kind.enum, [...COMPONENT_KINDS]);
  assert.deepEqual(d.action.properties.difficulty.properties.band.enum, [...DIFFICULTY_BANDS]);
});

test('the medflow extension schema enumerates the same vocabularies and names the extension', () => {
  const f = ext.definitions.flow.properties;
  assert.deepEqual(f.use_cases.items.enum, [...USE_CASES]);
  assert.deepEqual(f.patient_safety_goal.enum, [...SAFETY_GOALS]);
  assert.deepEqual(f.harm_severity.enum, [...HARM_SEVERITIES]);
  assert.deepEqual(f.reach.enum, [...REACHES]);
  assert.deepEqual(f.provenance.enum, [...PROVENANCES]);
  assert.deepEqual(f.clinical_functions.items.enum, [...CLINICAL_FUNCTIONS]);
  assert.deepEqual(ext.definitions.component_kind.enum, [...COMPONENT_KINDS]);
  assert.deepEqual(ext.definitions.action.properties.difficulty.properties.band.enum, [...DIFFICULTY_BANDS]);
  assert.equal(ext.definitions.states.minItems, 1, 'STIX forbids empty lists');
  assert.equal(ext.$id, MEDFLOW_EXTENSION_SCHEMA_URL);
  assert.ok(ext.description.includes(MEDFLOW_EXTENSION_ID));
  assert.equal(src.definitions.state.pattern, ext.definitions.state.pattern);
});
