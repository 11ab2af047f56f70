// Conformance: medflow's own STIX / Attack Flow rules agree with the OFFICIAL schemas (read from
// ../shared/attack-flow/stix at test time and applied with Ajv like MITRE's reference validator), object
// by object, on every corpus STIX bundle, on medflow's own output for every corpus file, on the broken
// fixtures, and on thousands of seeded mutations of valid objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFlowFile, loadFlowJson } from '../../src/flow/load.ts';
import { writeBundle } from '../../src/flow/bundle.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { sfc32 } from '../../src/util/rng.ts';
import { validateFlow, CHECK_BY_CODE, isOfficialCode } from '../../src/validate/index.ts';
import { objectFindings } from '../../src/validate/stix-schema.ts';
import { allCorpusFiles, corpusFiles, SHARED } from '../helpers.ts';
import { officialObjectErrors, officialObjectVerdicts, officialSchemaErrors } from '../support/official-schemas.ts';
import { mutate } from '../support/stix-mutations.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/flows/', import.meta.url));
const EXAMPLE = join(SHARED, 'attack-flow/stix/attack-flow-example.json');

interface Verdicts {
  /** Bundle-level problems (envelope, one flow, extension present). */
  bundle: boolean;
  /** Keys ("<id>" or "objects[i]") of the objects with a schema error. */
  objects: string[];
}

function keyOf(objects: unknown[], i: number): string {
  const o = objects[i] as { id?: unknown } | null;
  return o && typeof o === 'object' && typeof o.id === 'string' ? o.id : `objects[${i}]`;
}

function officialVerdicts(bundle: Record<string, unknown>): Verdicts {
  const objects = bundle.objects as unknown[];
  const keys = [...officialObjectVerdicts(bundle).keys()].map((i) => keyOf(objects, i));
  return { bundle: officialSchemaErrors(bundle).some((e) => e.startsWith('bundle:')), objects: [...new Set(keys)].sort() };
}

function medflowVerdicts(bundle: Record<string, unknown>, file: string): Verdicts {
  const r = validateFlow(loadFlowJson(bundle, file));
  const official = r.errors.filter((i) => isOfficialCode(i.code));
  const keys = official
    .filter((i) => CHECK_BY_CODE.get(i.code)!.family === 'schema' || i.code === 'bundle-entry')
    .map((i) => i.object ?? /^objects\[\d+\]/.exec(i.property ?? '')?.[0] ?? '?');
  return {
    bundle: official.some((i) => CHECK_BY_CODE.get(i.code)!.family === 'bundle' && i.code !== 'bundle-entry'),
    objects: [...new Set(keys)].sort(),
  };
}

function assertAgree(bundle: Record<string, unknown>, file: string): Verdicts {
  const official = officialVerdicts(bundle);
  const medflow = medflowVerdicts(bundle, file);
  assert.deepEqual(medflow, official, `${file}: medflow and the official schemas disagree`);
  assert.equal(officialSchemaErrors(bundle).length === 0, !medflow.bundle && medflow.objects.length === 0);
  return official;
}

const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;

test('official schemas: the reference example is valid', () => {
  assert.deepEqual(officialSchemaErrors(readJson(EXAMPLE)), []);
});

test('agreement on every corpus STIX bundle and the official example', () => {
  const invalid: string[] = [];
  for (const f of [...corpusFiles('attack-flow-stix'), EXAMPLE]) {
    const v = assertAgree(readJson(f), f);
    if (v.bundle || v.objects.length) invalid.push(basename(f));
  }
  // The 2023 exports that break the schemas: empty start_refs (2) and an empty alias list (1).
  assert.deepEqual(invalid, ['NotPetya.json', 'SWIFT Heist.json', 'Uber Breach.json']);
});

for (const file of allCorpusFiles()) {
  test(`agreement on medflow's output for ${basename(dirname(file))}/${basename(file)}`, (t) => {
    let text: string;
    try {
      text = writeBundle(loadFlowFile(file).graph);
    } catch (e) {
      if (isMedflowError(e) && /not implemented yet/.test(e.message)) return t.skip('the .afb importer is not available yet');
      throw e;
    }
    const written = JSON.parse(text) as Record<string, unknown>;
    assertAgree(written, `${file} (written by medflow)`);
    // What medflow writes is valid whenever it could be: always for .afb input, and for STIX input that was valid.
    const inputValid = file.endsWith('.afb') || officialSchemaErrors(readJson(file)).length === 0;
    if (inputValid) assert.deepEqual(officialSchemaErrors(written), [], `${file}: medflow wrote a bundle the official schemas reject`);
  });
}

test('agreement on the broken fixtures: schema defects fail both, graph and ATT&CK defects only medflow', () => {
  const broken = join(FIXTURES, 'broken');
  for (const f of readdirSync(broken).sort()) {
    const code = f.replace(/\.json$/, '');
    const bundle = readJson(join(broken, f));
    const v = assertAgree(bundle, f);
    const officialInvalid = v.bundle || v.objects.length > 0;
    assert.equal(officialInvalid, isOfficialCode(code), `${f}: official schemas say ${officialInvalid ? 'invalid' : 'valid'}`);
  }
  assertAgree(readJson(join(FIXTURES, 'clean.json')), 'clean.json');
});

test('every seed object (one or more per STIX type) is valid for both', () => {
  const seeds = readJson(join(FIXTURES, 'stix-objects.json')) as unknown as Record<string, unknown>[];
  assert.ok(seeds.length >= 50);
  for (const o of seeds) {
    assert.deepEqual(officialObjectErrors(o), [], `${String(o.id)} (official)`);
    assert.deepEqual(objectFindings(o), [], `${String(o.id)} (medflow)`);
  }
});

test('agreement on 4,000 seeded mutations of valid objects', () => {
  const seeds = readJson(join(FIXTURES, 'stix-objects.json')) as unknown as Record<string, unknown>[];
  for (const f of corpusFiles('attack-flow-stix').slice(0, 4)) seeds.push(...(readJson(f).objects as Record<string, unknown>[]));
  const rng = sfc32(20260501);
  let invalid = 0;
  for (let i = 0; i < 4000; i++) {
    const { object, steps } = mutate(seeds[rng.int(seeds.length)], rng, 4);
    if (typeof object.type !== 'string') continue; // not a STIX object at all: bundle-entry, both agree above
    const official = officialObjectErrors(object);
    const medflow = objectFindings(object);
    const a = official === undefined ? 'not covered' : official.length ? 'invalid' : 'valid';
    const b = medflow === undefined ? 'not covered' : medflow.length ? 'invalid' : 'valid';
    if (a !== b) assert.fail(`mutation ${i} (${steps.join('; ')}): official ${a} ${JSON.stringify(official)}, medflow ${b} ${JSON.stringify(medflow)}`);
    if (a === 'invalid') invalid++;
  }
  assert.ok(invalid > 1500, `only ${invalid} mutations were invalid: the mutator is too gentle`);
});
