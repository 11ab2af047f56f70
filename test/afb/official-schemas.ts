// Test helper: validates STIX objects against the official Attack Flow 2.0.0 schema and the OASIS
// STIX 2.1 schemas, read from ../shared at test time (third-party files, never copied into medflow).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SHARED } from '../helpers.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const DIR = join(SHARED, 'attack-flow/stix');
const OASIS = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
const AF_ID = 'https://center-for-threat-informed-defense.github.io/attack-flow/schema/attack-flow-schema-2.0.0.json';

let ajv: Ajv2020 | undefined;
const byType = new Map<string, string>();

function load(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true });
  addFormats(ajv);
  for (const folder of ['common', 'sdos', 'observables', 'sros']) {
    for (const f of readdirSync(join(DIR, 'oasis-open', folder)).filter((x) => x.endsWith('.json')).sort()) {
      const schema = JSON.parse(readFileSync(join(DIR, 'oasis-open', folder, f), 'utf8')) as Record<string, unknown>;
      schema.$schema = 'https://json-schema.org/draft/2020-12/schema';
      ajv.addSchema(schema);
      if (folder !== 'common') byType.set(f.replace(/\.json$/, ''), schema.$id as string);
    }
  }
  // the AF schema also refers to the "master" copy of timestamp.json
  const ts = JSON.parse(readFileSync(join(DIR, 'oasis-open/common/timestamp.json'), 'utf8')) as Record<string, unknown>;
  ajv.addSchema({ ...ts, $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/master/schemas/common/timestamp.json' });
  ajv.addSchema(JSON.parse(readFileSync(join(DIR, 'attack-flow-schema-2.0.0.json'), 'utf8')));
  byType.set('extension-definition', `${OASIS}common/extension-definition.json`);
  byType.set('marking-definition', `${OASIS}common/marking-definition.json`);
  return ajv;
}

const cache = new Map<string, ValidateFunction>();

/** Schema errors of one object ("" when valid; "no schema" for types the official set does not cover). */
export function officialErrors(obj: Record<string, unknown>): string {
  const a = load();
  const type = String(obj.type);
  const id = type.startsWith('attack-') ? AF_ID : byType.get(type);
  if (!id) return 'no schema';
  let v = cache.get(id);
  if (!v) {
    v = a.getSchema(id);
    if (!v) return `schema ${id} not loaded`;
    cache.set(id, v);
  }
  if (v(obj)) return '';
  return (v.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message}`).join('; ');
}
