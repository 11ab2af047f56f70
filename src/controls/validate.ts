// Validation of controls files: JSON Schema (schemas/control.schema.json, via Ajv) plus the checks a
// schema cannot make — ATT&CK/ATLAS ids exist and are current, ids are unique across files, HIPAA
// citations and MDS2 sections are known, the owner hint covers every hosting model. Pure: takes file
// text, returns controls and findings with file, line and property path.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { catalog, catalogVersion, type Catalog } from '../catalog/index.ts';
import { MedflowError } from '../util/errors.ts';
import { parseJson, parseYaml } from '../util/io.ts';
import { isPlainObject } from '../util/json.ts';
import type { Issue, Severity } from '../util/issue.ts';
import { FDA_CATEGORIES, HOSTING_MODELS, MDS2_SECTIONS, isOneOf } from '../vocab/index.ts';
import { HIPAA_SECURITY_RULE, hipaaCitation } from './hipaa.ts';
import { pointerToPath, suggest } from '../util/suggest.ts';
import type { Control, ControlIssue, ControlSet, LoadedControl } from './types.ts';

export const CONTROL_SCHEMA_URL = new URL('../../schemas/control.schema.json', import.meta.url);

/**
 * ATT&CK "mitigations" that say a technique cannot be mitigated (Do Not Mitigate, Pre-compromise, Mitigation
 * Limited or Not Effective). A control that cites one claims coverage ATT&CK explicitly denies, so they are refused.
 */
export const NON_MITIGATIONS: ReadonlySet<string> = new Set(['M1055', 'M1056', 'M1059', 'M0816']);

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(CONTROL_SCHEMA_URL, 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    validator = ajv.compile(schema);
  }
  return validator;
}

type Path = (string | number)[];

/** `controls[3].nist_800_53[1]` from ['controls', 3, 'nist_800_53', 1]. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

export { suggest };

const PATTERN_HINTS: Record<string, string> = {
  id: 'a control id such as MF-AUTH-01 (upper-case words joined by "-", ending in a 2- or 3-digit number)',
  nist_800_53: 'a NIST SP 800-53 Rev. 5 control id such as IA-2 or IA-2(1)',
  hipaa: 'a HIPAA Security Rule citation such as 164.312(d) or 164.308(a)(7)(ii)(A)',
  attack_mitigations: 'an ATT&CK mitigation id such as M1032 (Enterprise, Mobile) or M0802 (ICS)',
  atlas_mitigations: 'an ATLAS mitigation id such as AML.M0007',
  techniques: 'an ATT&CK or ATLAS technique id such as T1078.004, T0831 or AML.T0020',
  mds2: 'an MDS2 item id such as AUTH-1 or SAHD-3.2',
  checks: 'a check id such as CKV_AWS_7',
  url: 'an https:// address',
};

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** Turns Ajv errors into readable issues (one per place and problem). */
function schemaIssues(errors: ErrorObject[], data: unknown): { path: Path; issue: Issue }[] {
  const out: { path: Path; issue: Issue }[] = [];
  // Errors inside an anyOf/if branch are reported once, by the anyOf/then summary below.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of errors) {
    let path = pointerToPath(e.instancePath);
    const field = [...path].reverse().find((p): p is string => typeof p === 'string') ?? '';
    const value = valueAt(data, path);
    let message: string;
    let code = 'schema';
    if (e.schemaPath.includes('/anyOf/') && anyOfPaths.has(e.instancePath)) continue;
    if (e.schemaPath.includes('/propertyNames/')) continue;
    if (e.keyword === 'if') continue;
    switch (e.keyword) {
      case 'anyOf':
        code = 'no-mapping';
        message = 'must name at least one of attack_mitigations, atlas_mitigations or techniques';
        break;
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        code = 'missing-property';
        message =
          missing === 'mds2'
            ? 'a questionnaire-item evidence must list the MDS2 item ids it corresponds to in "mds2"'
            : `missing required property "${missing}"`;
        break;
      }
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const parentSchema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
        code = 'unknown-property';
        path = [...path, extra];
        message = `unknown property "${extra}"${suggest(extra, Object.keys(parentSchema?.properties ?? {}))}`;
        break;
      }
      case 'propertyNames': {
        const name = (e.params as { propertyName: string }).propertyName;
        code = 'unknown-hosting-model';
        path = [...path, name];
        message = `unknown hosting model "${name}"${suggest(name, ['default', ...HOSTING_MODELS])}; use default or one of: ${HOSTING_MODELS.join(', ')}`;
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        code = 'not-in-vocabulary';
        message = `${JSON.stringify(value)} is not allowed${typeof value === 'string' ? suggest(value, allowed) : ''}; use one of: ${allowed.join(', ')}`;
        break;
      }
      case 'pattern':
        code = 'bad-id-format';
        message = `${JSON.stringify(value)} is not ${PATTERN_HINTS[field] ?? `in the expected form (${e.message})`}`;
        break;
      case 'type':
        code = 'wrong-type';
        message = `must be ${TYPE_NAMES[(e.params as { type: string }).type] ?? (e.params as { type: string }).type}`;
        break;
      case 'uniqueItems': {
        const { i } = e.params as { i: number; j: number };
        code = 'duplicate-item';
        message = `lists ${JSON.stringify((value as unknown[])[i])} more than once`;
        break;
      }
      case 'minItems':
        code = 'too-few-items';
        message = `must list at least ${(e.params as { limit: number }).limit} item(s)`;
        break;
      case 'minProperties':
        code = 'too-few-items';
        message = 'must not be empty';
        break;
      case 'minLength':
        code = 'too-short';
        message = `is too short (at least ${(e.params as { limit: number }).limit} characters)`;
        break;
      case 'maxLength':
        code = 'too-long';
        message = `is too long (at most ${(e.params as { limit: number }).limit} characters)`;
        break;
      default:
        message = e.message ?? `fails the ${e.keyword} rule`;
    }
    out.push({ path, issue: { code, message } });
  }
  const seen = new Set<string>();
  return out.filter((x) => {
    const k = `${formatPath(x.path)}\u0000${x.issue.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Maps a property path to a 1-based line in the YAML/JSON text (nearest enclosing node). */
function lineLocator(text: string): (path: Path) => number | undefined {
  let locate: ((path: Path) => number | undefined) | undefined;
  return (path) => {
    if (!locate) {
      const lc = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
      locate = (p) => {
        for (let q = p; ; q = q.slice(0, -1)) {
          const node = q.length ? doc.getIn(q, true) : doc.contents;
          if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
          if (q.length === 0) return undefined;
        }
      };
    }
    try {
      return locate(path);
    } catch {
      return undefined;
    }
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const RE = {
  attackMitigation: /^M[01]\d{3}$/,
  atlasMitigation: /^AML\.M\d{4}$/,
  technique: /^(T\d{4}(\.\d{3})?|AML\.T\d{4}(\.\d{3})?)$/,
  hipaa: /^164\.3(0[2-9]|1[0-8])(\([a-z]\)(\(\d+\)(\([ivx]+\)(\([A-Z]\))?)?)?)?$/,
  mds2: /^([A-Z]{3,4})-\d+(\.\d+)*$/,
};

/** Checks a control's cross-references against the catalog and vocabularies (beyond the schema). */
function semanticIssues(c: Record<string, unknown>, cat: Catalog): { path: Path; issue: Issue; severity: Severity }[] {
  const out: { path: Path; issue: Issue; severity: Severity }[] = [];
  const err = (path: Path, code: string, message: string) => out.push({ path, issue: { code, message }, severity: 'error' });
  const warn = (path: Path, code: string, message: string) => out.push({ path, issue: { code, message }, severity: 'warning' });
  const version = catalogVersion(cat);

  strings(c.attack_mitigations).forEach((id, i) => {
    const path = ['attack_mitigations', i];
    if (!RE.attackMitigation.test(id)) return; // the schema already reported it
    const m = cat.mitigation(id);
    if (!m) return err(path, 'unknown-mitigation', `${id} is not a mitigation in ${version}`);
    if (m.deprecated) return err(path, 'deprecated-mitigation', `${id} (${m.name}) is deprecated in ATT&CK; map to a current mitigation`);
    if (NON_MITIGATIONS.has(id)) {
      return err(path, 'non-mitigation', `${id} (${m.name}) marks techniques ATT&CK says cannot be mitigated; it is not a control mapping`);
    }
    if (cat.techniquesMitigatedBy(id).length === 0) warn(path, 'mitigation-without-techniques', `${id} (${m.name}) mitigates no technique in ${version}, so it adds no coverage`);
  });
  strings(c.atlas_mitigations).forEach((id, i) => {
    const path = ['atlas_mitigations', i];
    if (!RE.atlasMitigation.test(id)) return;
    const m = cat.mitigation(id);
    if (!m) return err(path, 'unknown-mitigation', `${id} is not a mitigation in ${version}`);
    if (m.deprecated) return err(path, 'deprecated-mitigation', `${id} (${m.name}) is deprecated in ATLAS`);
    if (cat.techniquesMitigatedBy(id).length === 0) warn(path, 'mitigation-without-techniques', `${id} (${m.name}) mitigates no technique in ${version}, so it adds no coverage`);
  });
  strings(c.techniques).forEach((id, i) => {
    const path = ['techniques', i];
    if (!RE.technique.test(id)) return;
    const t = cat.technique(id);
    if (!t) {
      const fix = cat.repairId(id);
      return err(path, 'unknown-technique', `${id} is not a technique in ${version}${fix && fix !== id ? ` (did you mean ${fix}?)` : ''}`);
    }
    if (t.revoked) {
      const now = cat.current(id);
      return err(path, 'revoked-technique', `${id} (${t.name}) is revoked${now && now.id !== id ? `; use ${now.id} (${now.name})` : ''}`);
    }
    if (t.deprecated) return err(path, 'deprecated-technique', `${id} (${t.name}) is deprecated; map to a current technique`);
  });
  strings(c.hipaa).forEach((cit, i) => {
    if (!RE.hipaa.test(cit) || hipaaCitation(cit)) return;
    err(['hipaa', i], 'unknown-hipaa-citation', `${cit} is not a HIPAA Security Rule standard or implementation specification${suggest(cit, HIPAA_SECURITY_RULE.map((h) => h.citation))}`);
  });
  if (Array.isArray(c.evidence)) {
    c.evidence.forEach((ev, i) => {
      if (!isPlainObject(ev)) return;
      strings(ev.mds2).forEach((item, j) => {
        const m = RE.mds2.exec(item);
        if (m && !isOneOf(MDS2_SECTIONS, m[1])) {
          err(['evidence', i, 'mds2', j], 'unknown-mds2-section', `${item}: "${m[1]}" is not an MDS2 section${suggest(m[1], MDS2_SECTIONS)}`);
        }
      });
      if (ev.type !== 'questionnaire-item' && Array.isArray(ev.mds2)) {
        warn(['evidence', i, 'type'], 'mds2-on-non-questionnaire', `evidence of type "${String(ev.type)}" lists MDS2 items; use type questionnaire-item for them`);
      }
    });
  }
  if (isPlainObject(c.owner) && !('default' in c.owner)) {
    const missing = HOSTING_MODELS.filter((h) => !(h in (c.owner as object)));
    if (missing.length) err(['owner'], 'owner-incomplete', `owner has no "default" and does not name: ${missing.join(', ')}`);
  }
  return out;
}

export interface ControlText {
  file: string;
  text: string;
}

/**
 * Validates controls files given as text. Every file is checked in full and all findings are returned;
 * only controls without errors are returned in `controls`. Ids must be unique across all files.
 */
export function checkControlTexts(inputs: ControlText[], cat: Catalog = catalog()): ControlSet {
  const errors: ControlIssue[] = [];
  const warnings: ControlIssue[] = [];
  const controls: LoadedControl[] = [];
  const firstSeen = new Map<string, string>();
  const validate = schemaValidator();

  for (const { file, text } of inputs) {
    const locate = lineLocator(text);
    const add = (severity: Severity, path: Path, issue: Issue, object?: string) => {
      const full: Issue = { ...issue, property: path.length ? formatPath(path) : undefined, object };
      (severity === 'error' ? errors : warnings).push({ severity, file, line: locate(path), issue: full });
    };
    let data: unknown;
    try {
      data = /\.json$/i.test(file) ? parseJson(text, file) : parseYaml(text, file);
    } catch (e) {
      if (!(e instanceof MedflowError)) throw e;
      const line = e.at && /^\d+:\d+$/.test(e.at) ? Number(e.at.split(':')[0]) : undefined;
      const message = e.message.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
      errors.push({ severity: 'error', file, line, issue: { code: 'parse-error', message } });
      continue;
    }
    if (data === null || data === undefined) {
      errors.push({ severity: 'error', file, issue: { code: 'empty-file', message: 'file is empty; expected a mapping with a "controls" list' } });
      continue;
    }
    const badControls = new Set<number>();
    const idOf = (i: number): string | undefined => {
      const c = valueAt(data, ['controls', i]);
      return isPlainObject(c) && typeof c.id === 'string' ? c.id : undefined;
    };
    if (!validate(data)) {
      for (const { path, issue } of schemaIssues(validate.errors ?? [], data)) {
        const ci = path[0] === 'controls' && typeof path[1] === 'number' ? path[1] : undefined;
        if (ci !== undefined) badControls.add(ci);
        add('error', path, issue, ci !== undefined ? idOf(ci) : undefined);
      }
    }
    const list = isPlainObject(data) && Array.isArray(data.controls) ? data.controls : [];
    const fileCategory = basename(file).replace(/\.(ya?ml|json)$/i, '');
    list.forEach((raw, i) => {
      if (!isPlainObject(raw)) return;
      const id = typeof raw.id === 'string' ? raw.id : undefined;
      for (const s of semanticIssues(raw, cat)) {
        if (s.severity === 'error') badControls.add(i);
        add(s.severity, ['controls', i, ...s.path], s.issue, id);
      }
      if (id !== undefined) {
        const prev = firstSeen.get(id);
        if (prev !== undefined) {
          badControls.add(i);
          add('error', ['controls', i, 'id'], { code: 'duplicate-id', message: `id ${id} is already used in ${prev}` }, id);
        } else firstSeen.set(id, `${file}`);
      }
      if (isOneOf(FDA_CATEGORIES, fileCategory) && raw.category !== fileCategory && isOneOf(FDA_CATEGORIES, raw.category)) {
        add('warning', ['controls', i, 'category'], {
          code: 'category-file-mismatch',
          message: `category is ${String(raw.category)} but the file collects ${fileCategory} controls; move it to ${raw.category}.yaml`,
        }, id);
      }
      if (!badControls.has(i)) {
        const control = raw as unknown as Control;
        // The line is found on demand: locating needs a second parse, which only `show` and messages need.
        const source = { file, index: i } as { file: string; index: number; line?: number };
        Object.defineProperty(source, 'line', { get: () => locate(['controls', i]), enumerable: true });
        Object.defineProperty(control, 'source', { value: source, enumerable: false });
        controls.push(control as LoadedControl);
      }
    });
  }
  const order = (a: ControlIssue, b: ControlIssue) =>
    a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.issue.property ?? '').localeCompare(b.issue.property ?? '') || a.issue.message.localeCompare(b.issue.message);
  controls.sort((a, b) => compareControlIds(a.id, b.id));
  return { controls, errors: errors.sort(order), warnings: warnings.sort(order), files: inputs.map((i) => i.file) };
}

/** Orders control ids by prefix, then number: MF-AUTH-02 before MF-AUTH-10. */
export function compareControlIds(a: string, b: string): number {
  const split = (s: string) => {
    const m = /^(.*?)(\d+)$/.exec(s);
    return m ? [m[1], Number(m[2])] as const : [s, 0] as const;
  };
  const [pa, na] = split(a);
  const [pb, nb] = split(b);
  return pa < pb ? -1 : pa > pb ? 1 : na - nb;
}

/** "file:line: ID: property: error: message [code]" */
export function formatControlIssue(ci: ControlIssue): string {
  const where = [ci.line ? `${ci.file}:${ci.line}` : ci.file, ci.issue.object, ci.issue.property].filter(Boolean).join(': ');
  return `${where}: ${ci.severity}: ${ci.issue.message} [${ci.issue.code}]`;
}
