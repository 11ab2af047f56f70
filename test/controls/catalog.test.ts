// The shipped controls catalog (content/controls): valid, large enough, complete across FDA categories,
// component kinds and hosting models, and in step with the schema and vocabularies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  CONTROL_SCHEMA_URL, checkControls, controlCatalog, controlCounts, ownerHint, techniquesCoveredBy,
} from '../../src/controls/index.ts';
import {
  COMPONENT_KINDS, CONTROL_EFFECTIVENESS, CONTROL_FUNCTIONS, FDA_CATEGORIES, HOSTING_MODELS, PARTIES,
} from '../../src/vocab/index.ts';

const PREFIX: Record<string, string> = {
  authentication: 'MF-AUTH-',
  authorization: 'MF-AUTHZ-',
  cryptography: 'MF-CRYPTO-',
  integrity: 'MF-INTEG-',
  confidentiality: 'MF-CONF-',
  'event-detection-logging': 'MF-LOG-',
  'resiliency-recovery': 'MF-RES-',
  'updatability-patchability': 'MF-UPD-',
};

test('the shipped catalog validates with no errors and no warnings', () => {
  const set = checkControls();
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.warnings, []);
  assert.equal(set.files.length, FDA_CATEGORIES.length);
  assert.deepEqual(set.files.map((f) => basename(f, '.yaml')).sort(), [...FDA_CATEGORIES].sort());
  assert.equal(set.controls.length, controlCatalog().length);
});

test('at least 80 controls, every FDA category and function represented', () => {
  const all = controlCatalog();
  assert.ok(all.length >= 80, `only ${all.length} controls`);
  const counts = controlCounts(all);
  for (const c of FDA_CATEGORIES) assert.ok(counts.category[c] >= 8, `${c}: ${counts.category[c]} controls`);
  for (const f of CONTROL_FUNCTIONS) assert.ok(counts.function[f] >= 5, `${f}: ${counts.function[f]} controls`);
  for (const e of CONTROL_EFFECTIVENESS) assert.ok(all.some((c) => c.default_effectiveness.level === e), e);
});

test('ids are unique, sorted and carry the prefix of their category', () => {
  const ids = controlCatalog().map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of controlCatalog()) assert.ok(c.id.startsWith(PREFIX[c.category]), `${c.id} in ${c.category}`);
});

test('every control has NIST ids, a mapping that covers techniques, and evidence', () => {
  for (const c of controlCatalog()) {
    assert.ok(c.nist_800_53.length > 0, c.id);
    const mapped = (c.attack_mitigations?.length ?? 0) + (c.atlas_mitigations?.length ?? 0) + (c.techniques?.length ?? 0);
    assert.ok(mapped > 0, `${c.id} maps to nothing`);
    assert.ok(techniquesCoveredBy(c).length > 0, `${c.id} covers no technique`);
    assert.ok(c.evidence.length > 0, c.id);
  }
});

test('every component kind has controls; ML services have ATLAS-mapped controls', () => {
  const all = controlCatalog();
  for (const k of COMPONENT_KINDS) assert.ok(all.some((c) => (c.applies_to as string[]).includes(k)), `no control for ${k}`);
  const ml = all.filter((c) => (c.applies_to as string[]).includes('ml-service') && c.atlas_mitigations?.length);
  assert.ok(ml.length >= 3, `${ml.length} ATLAS-mapped ML controls`);
});

test('the owner hint names a party (or the operator) for every hosting model', () => {
  for (const c of controlCatalog()) {
    for (const h of HOSTING_MODELS) {
      const o = ownerHint(c, h);
      assert.ok(o === 'operator' || (PARTIES as readonly string[]).includes(o), `${c.id} ${h}: ${o}`);
      assert.ok((PARTIES as readonly string[]).includes(ownerHint(c, h, 'hdo')));
    }
  }
});

test('the owner hint resolves hosting model, default and operator', () => {
  const c = { owner: { default: 'operator', 'on-device': 'mdm', 'cloud-saas': 'csp' } } as const;
  assert.equal(ownerHint(c, 'on-device'), 'mdm');
  assert.equal(ownerHint(c, 'cloud-saas', 'hdo'), 'csp');
  assert.equal(ownerHint(c, 'cloud-iaas'), 'operator');
  assert.equal(ownerHint(c, 'cloud-iaas', 'hdo'), 'hdo');
  assert.equal(ownerHint(c, 'patient-home', 'patient'), 'patient');
});

test('MDS2-backed evidence exists for the disclosure hard-fails', () => {
  const items = new Set(controlCatalog().flatMap((c) => c.evidence.flatMap((e) => e.mds2 ?? [])));
  for (const id of ['DOC-8', 'SBOM-1', 'PAUT-4', 'PAUT-5', 'SAHD-3.2']) assert.ok(items.has(id), id);
});

test('the published schema lists exactly the shared vocabularies', () => {
  const schema = JSON.parse(readFileSync(CONTROL_SCHEMA_URL, 'utf8'));
  const c = schema.$defs.control.properties;
  assert.deepEqual(c.category.enum, [...FDA_CATEGORIES]);
  assert.deepEqual(c.function.enum, [...CONTROL_FUNCTIONS]);
  assert.deepEqual(c.applies_to.items.enum, [...COMPONENT_KINDS]);
  assert.deepEqual(c.default_effectiveness.properties.level.enum, [...CONTROL_EFFECTIVENESS]);
  assert.deepEqual(c.owner.propertyNames.enum, ['default', ...HOSTING_MODELS]);
  assert.deepEqual(c.owner.patternProperties[''].enum, [...PARTIES, 'operator']);
});
