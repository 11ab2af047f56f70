// Test support: the OFFICIAL Attack Flow 2.0.0 and OASIS STIX 2.1 JSON schemas, read at test time from
// ../shared/attack-flow/stix (third-party files medflow may read but never ships), compiled with Ajv
// (draft 2020-12) and applied the way MITRE's reference validator applies them:
//   - bundle envelope: "type" is "bundle", "id" is a bundle identifier, "objects" is a list;
//   - exactly one attack-flow object and the Attack Flow extension-definition present;
//   - every object validated against the schema for its type (Attack Flow SDOs against the Attack Flow
//     schema, standard types against the OASIS file of the same name). Types without an official schema
//     are not validated (the reference validator only warns about them).
// Formats ("uri", "email", "idn-hostname") are annotations here, as in the reference validator.
//
// Setup notes (see ../shared/docs/stack-and-security-as-code.md §4): the OASIS files declare
// "http://json-schema.org/draft/2020-12/schema#" (normalised before addSchema), one pattern is not valid
// with the `u` flag (unicodeRegExp:false), some keywords are unknown (strict:false), and the Attack Flow
// schema also refers to the timestamp schema under a second URL (registered as an alias).
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { SHARED } from '../helpers.ts';

export const OFFICIAL_DIR = join(SHARED, 'attack-flow/stix');
export const AF_EXTENSION_ID = 'extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4';
const AF_TYPES = new Set(['attack-flow', 'attack-action', 'attack-asset', 'attack-condition', 'attack-operator']);
const IDENTIFIER_RE = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

interface Loaded {
  ajv: Ajv2020;
  /** Schema $id by STIX type. */
  byType: Map<string, string>;
  compiled: Map<string, ValidateFunction>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true, validateFormats: false });
  const byType = new Map<string, string>();
  const add = (file: string, type?: string) => {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    schema.$schema = 'https://json-schema.org/draft/2020-12/schema';
    ajv.addSchema(schema);
    if (type) byType.set(type, schema.$id as string);
    if (basename(file) === 'timestamp.json') {
      ajv.addSchema({ ...schema, $id: String(schema.$id).replace('/stix2.1/', '/master/').replace(/^http:/, 'https:') });
    }
  };
  const oasis = join(OFFICIAL_DIR, 'oasis-open');
  for (const folder of ['common', 'sdos', 'sros', 'observables']) {
    for (const f of readdirSync(join(oasis, folder)).filter((f) => f.endsWith('.json')).sort()) {
      const type = f.replace(/\.json$/, '');
      const isObjectSchema = folder !== 'common' || ['extension-definition', 'marking-definition', 'language-content'].includes(type);
      add(join(oasis, folder, f), isObjectSchema ? type : undefined);
    }
  }
  add(join(OFFICIAL_DIR, 'attack-flow-schema-2.0.0.json'));
  const afId = (JSON.parse(readFileSync(join(OFFICIAL_DIR, 'attack-flow-schema-2.0.0.json'), 'utf8')) as { $id: string }).$id;
  for (const t of AF_TYPES) byType.set(t, afId);
  loaded = { ajv, byType, compiled: new Map() };
  return loaded;
}

/** The STIX types the official schemas cover. */
export function officialTypes(): string[] {
  return [...load().byType.keys()].sort();
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

/**
 * Official-schema errors of one STIX object, or undefined when no official schema covers its type
 * (the reference validator only warns "cannot validate objects of type …").
 */
export function officialObjectErrors(obj: unknown): string[] | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return ['not a JSON object'];
  const type = (obj as { type?: unknown }).type;
  if (typeof type !== 'string') return ['no string "type"'];
  const l = load();
  const id = l.byType.get(type);
  if (!id) return undefined;
  let v = l.compiled.get(id);
  if (!v) {
    v = l.ajv.getSchema(id);
    if (!v) throw new Error(`official schema ${id} did not compile`);
    l.compiled.set(id, v);
  }
  return v(obj) ? [] : (v.errors ?? []).map(describe);
}

/** Per-object verdicts of a bundle: index → errors (only objects with at least one error). */
export function officialObjectVerdicts(bundle: unknown): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const objects = (bundle as { objects?: unknown })?.objects;
  if (!Array.isArray(objects)) return out;
  objects.forEach((o, i) => {
    const errs = officialObjectErrors(o);
    if (errs && errs.length) out.set(i, errs);
  });
  return out;
}

/**
 * Everything the official schemas and the reference validator's bundle checks say is wrong with a
 * bundle, one message per finding; an empty list means the bundle is valid.
 */
export function officialSchemaErrors(bundle: unknown): string[] {
  const errors: string[] = [];
  if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) return ['bundle: not a JSON object'];
  const b = bundle as Record<string, unknown>;
  if (b.type !== 'bundle') errors.push('bundle: "type" must be "bundle"');
  if (typeof b.id !== 'string' || !IDENTIFIER_RE.test(b.id) || !b.id.startsWith('bundle--')) errors.push('bundle: "id" must be a bundle identifier');
  if (!Array.isArray(b.objects)) return [...errors, 'bundle: "objects" must be a list'];
  const objects = b.objects as unknown[];
  const isObj = (o: unknown): o is Record<string, unknown> => o !== null && typeof o === 'object' && !Array.isArray(o);
  const flows = objects.filter((o) => isObj(o) && o.type === 'attack-flow').length;
  if (flows !== 1) errors.push(`bundle: expected exactly one attack-flow object, found ${flows}`);
  if (!objects.some((o) => isObj(o) && o.type === 'extension-definition' && o.id === AF_EXTENSION_ID)) {
    errors.push(`bundle: the Attack Flow extension-definition (${AF_EXTENSION_ID}) is missing`);
  }
  for (const [i, errs] of officialObjectVerdicts(bundle)) {
    const o = objects[i] as { id?: unknown };
    const label = `objects[${i}]${isObj(o) && typeof o.id === 'string' ? ` ${o.id}` : ''}`;
    for (const e of errs) errors.push(`${label}: ${e}`);
  }
  return errors;
}
