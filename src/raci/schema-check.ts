// Checking a YAML/JSON document against one of medflow's published JSON Schemas and turning the most
// useful schema error into ONE MedflowError that names the file, the line and the field.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { fileURLToPath } from 'node:url';
import { describeSchemaError, formatPath, YamlFile, type YamlPath } from '../library/source.ts';
import { MedflowError } from '../util/errors.ts';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

const validators = new Map<string, ValidateFunction>();

/** The compiled validator of `schemas/<name>` (cached). */
export function schemaValidator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    v = ajv.compile(JSON.parse(readFileSync(SCHEMAS_DIR + name, 'utf8')) as object);
    validators.set(name, v);
  }
  return v;
}

// Which schema keyword explains a problem best when several fire on the same place.
const KEYWORD_RANK: Record<string, number> = {
  additionalProperties: 0, required: 1, enum: 2, const: 3, pattern: 4, format: 5, minLength: 6, type: 7,
  dependentRequired: 8, uniqueItems: 9, minItems: 10, minimum: 11, maximum: 12,
};
const rank = (e: ErrorObject) => KEYWORD_RANK[e.keyword] ?? 50;

/** The single schema error to report: the deepest place, then the most specific keyword. */
export function bestSchemaError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const useful = errors.filter((e) => !['anyOf', 'oneOf', 'if', 'not'].includes(e.keyword));
  const pool = useful.length ? useful : [...errors];
  const depth = (e: ErrorObject) => (e.instancePath.match(/\//g) ?? []).length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
  return pool.sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b) || (a.instancePath < b.instancePath ? -1 : 1))[0];
}

/** `line 12: controls.MF-AUTH-01.status` (line when known). */
export function placeOf(y: YamlFile | undefined, path: YamlPath): string {
  const line = y?.lineOf(path);
  const at = formatPath(path) || '(document)';
  return line ? `line ${line}: ${at}` : at;
}

/** Throws one MedflowError (exit 2) when `y.data` does not satisfy `schemas/<schema>`. */
export function assertSchema(y: YamlFile, schema: string, what: string): void {
  const v = schemaValidator(schema);
  if (v(y.data)) return;
  const e = bestSchemaError(v.errors ?? []);
  if (!e) throw new MedflowError(`not a valid ${what}`, { file: y.file });
  const d = describeSchemaError(e);
  let message = d.message;
  if (e.keyword === 'required') {
    d.path = [...d.path, String((e.params as { missingProperty: string }).missingProperty)];
    message = 'is required but missing';
  }
  if (e.keyword === 'const') message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  if (e.keyword === 'type') message = `must be ${(e.params as { type: string }).type}`;
  throw new MedflowError(`${message} (${what}; see schemas/${schema})`, { file: y.file, at: placeOf(y, d.path) });
}

/** Reads a YAML/JSON file with line tracking (errors name the file). */
export function readYamlFile(file: string): YamlFile {
  return YamlFile.read(file);
}
