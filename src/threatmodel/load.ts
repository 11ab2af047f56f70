// Reading and checking an architecture file: YAML/JSON parsing with positions, JSON Schema validation
// (Ajv) and the semantic checks a schema cannot express (unique ids, resolvable references, acyclic
// boundary nesting, single boundary chain per component, cloud service model). Every finding names the
// YAML path and, where the text is available, the line and column.
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node as YamlNode } from 'yaml';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { MedflowError } from '../util/errors.ts';
import { parseJson, readText } from '../util/io.ts';
import { isPlainObject } from '../util/json.ts';
import type { Issue } from '../util/issue.ts';
import { architectureSchema } from './schema.ts';
import { pointerToPath, suggest } from '../util/suggest.ts';
import type { Architecture } from './model.ts';

/** A validation finding with its place in the file. */
export interface ModelIssue extends Issue {
  severity: 'error' | 'warning';
  /** Property path, e.g. "data_flows[3].protocol". */
  path: string;
  line?: number;
  col?: number;
}

export interface LoadedArchitecture {
  file?: string;
  /** The model (only type-safe when `errors` is empty). */
  model: Architecture;
  errors: ModelIssue[];
  warnings: ModelIssue[];
}

/** Turns a property path array into "a.b[3].c". */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? p : /^[A-Za-z_][\w-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  }
  return out || '(document)';
}

/** Resolves paths to line/column in the source text (YAML or JSON, parsed lazily for JSON). */
class Positions {
  private doc?: Document;
  private lc?: LineCounter;
  constructor(private readonly text?: string, doc?: Document, lc?: LineCounter) {
    this.doc = doc;
    this.lc = lc;
  }

  private ensure(): boolean {
    if (this.doc && this.lc) return true;
    if (this.text === undefined) return false;
    this.lc = new LineCounter();
    this.doc = parseDocument(this.text, { lineCounter: this.lc });
    return true;
  }

  /** Line and column of the value at `path` (or of `key` inside it), or of the nearest ancestor that exists. */
  at(path: readonly (string | number)[], key?: string): { line: number; col: number } | undefined {
    if (!this.ensure()) return undefined;
    let p = [...path];
    for (;;) {
      const node = this.doc!.getIn(p, true) as YamlNode | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        let offset = node.range[0];
        if (key !== undefined && isMap(node)) {
          const pair = node.items.find((it) => isScalar(it.key) && it.key.value === key);
          if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
        }
        return this.lc!.linePos(offset);
      }
      if (p.length === 0) return undefined;
      p = p.slice(0, -1);
      key = undefined;
    }
  }
}

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!validator) {
    const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
    const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;
    const ajv = new (Ajv as unknown as new (o: object) => import('ajv').default)({ allErrors: true, strict: true, verbose: true });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    validator = ajv.compile(architectureSchema());
  }
  return validator;
}

export { suggest };

function schemaIssues(errors: ErrorObject[], pos: Positions): ModelIssue[] {
  // oneOf failures report every branch; keep one readable message per place.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: ModelIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && [...oneOfPaths].some((p) => e.instancePath.startsWith(p) && e.schemaPath.includes('/oneOf/'))) continue;
    if (e.keyword === 'if') continue;
    const path = pointerToPath(e.instancePath);
    let message = e.message ?? 'is invalid';
    let key: string | undefined;
    let code = `schema-${e.keyword}`;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties': {
        key = String(p.additionalProperty);
        const parentSchema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
        message = `unknown property "${key}"${suggest(key, Object.keys(parentSchema?.properties ?? {}))}`;
        code = 'unknown-property';
        break;
      }
      case 'required':
        message = `missing required property "${String(p.missingProperty)}"`;
        code = 'missing-property';
        break;
      case 'enum': {
        const allowed = (p.allowedValues as unknown[]).map(String);
        const got = JSON.stringify(e.data);
        message = `${got} is not one of: ${allowed.join(', ')}${typeof e.data === 'string' ? suggest(e.data, allowed) : ''}`;
        code = 'bad-value';
        break;
      }
      case 'const':
        message = `must be ${JSON.stringify(p.allowedValue)}`;
        break;
      case 'oneOf':
        message = /(^|\/)(elements|flows)$/.test(e.instancePath) ? 'must be "all" or a list of ids' : 'does not match any allowed form';
        break;
      case 'pattern':
        message = /threat_tracking$/.test(e.instancePath) || e.propertyName !== undefined
          ? `key ${JSON.stringify(e.propertyName ?? e.data)} must be a threat id "rule@element" (or "rule@*")`
          : `${JSON.stringify(e.data)} is not a valid id (lower-case letters, digits, ".", "_", "-")`;
        break;
      case 'propertyNames':
        continue; // reported by the pattern error on the name
      default:
        break;
    }
    const where = key !== undefined ? [...path, key] : path;
    const sig = `${formatPath(where)}|${message}`;
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push({ severity: 'error', code, message, path: formatPath(where), ...pos.at(path, key) });
  }
  return out;
}

/** Semantic checks over a schema-valid model. */
export function semanticIssues(m: Architecture): { errors: ModelIssue[]; warnings: ModelIssue[]; paths: (string | number)[][] } {
  const errors: ModelIssue[] = [];
  const warnings: ModelIssue[] = [];
  const paths: (string | number)[][] = [];
  const err = (path: (string | number)[], code: string, message: string, object?: string) => {
    errors.push({ severity: 'error', code, message, path: formatPath(path), object });
    paths.push(path);
  };
  const warn = (path: (string | number)[], code: string, message: string, object?: string) => {
    warnings.push({ severity: 'warning', code, message, path: formatPath(path), object });
    paths.push(path);
  };

  const kinds = new Map<string, string>();
  const declare = (idv: string, what: string, path: (string | number)[]) => {
    const prev = kinds.get(idv);
    if (prev) err(path, 'duplicate-id', `id "${idv}" is already used by ${prev}`, idv);
    else kinds.set(idv, `${what} ${path.join('.')}`.replace(/\.(\d+)/g, '[$1]'));
  };
  const components = new Set<string>();
  const assets = new Set<string>();
  const flows = new Set<string>();
  const boundaries = new Set<string>();
  m.components.forEach((c, i) => { declare(c.id, 'component', ['components', i, 'id']); components.add(c.id); });
  (m.data_assets ?? []).forEach((a, i) => { declare(a.id, 'data asset', ['data_assets', i, 'id']); assets.add(a.id); });
  (m.data_flows ?? []).forEach((f, i) => { declare(f.id, 'data flow', ['data_flows', i, 'id']); flows.add(f.id); });
  (m.trust_boundaries ?? []).forEach((b, i) => { declare(b.id, 'trust boundary', ['trust_boundaries', i, 'id']); boundaries.add(b.id); });

  const ref = (set: Set<string>, what: string, value: string, path: (string | number)[]) => {
    if (!set.has(value)) err(path, 'unknown-reference', `no ${what} with id "${value}"${suggest(value, [...set])}`, value);
  };

  m.components.forEach((c, i) => {
    if (c.hosting === 'cloud' && !c.service_model) {
      err(['components', i, 'hosting'], 'missing-service-model', `component "${c.id}" is hosted in the cloud: state its service_model (iaas, paas or saas)`, c.id);
    }
    if (c.hosting !== 'cloud' && c.service_model) {
      err(['components', i, 'service_model'], 'service-model-off-cloud', `component "${c.id}" is not hosted in the cloud (hosting: ${c.hosting}), so it has no service_model`, c.id);
    }
    (c.stores ?? []).forEach((a, j) => ref(assets, 'data asset', a, ['components', i, 'stores', j]));
    (c.processes ?? []).forEach((a, j) => ref(assets, 'data asset', a, ['components', i, 'processes', j]));
    if (c.in_scope === false && !c.out_of_scope_reason) {
      warn(['components', i, 'in_scope'], 'out-of-scope-without-reason', `component "${c.id}" is out of scope but gives no out_of_scope_reason`, c.id);
    }
  });

  const seenFlows = new Map<string, string>();
  (m.data_flows ?? []).forEach((f, i) => {
    ref(components, 'component', f.source, ['data_flows', i, 'source']);
    ref(components, 'component', f.target, ['data_flows', i, 'target']);
    if (f.source === f.target) err(['data_flows', i, 'target'], 'self-flow', `flow "${f.id}" starts and ends at "${f.source}"; a data flow joins two components`, f.id);
    (f.assets ?? []).forEach((a, j) => ref(assets, 'data asset', a, ['data_flows', i, 'assets', j]));
    const sig = `${f.source}>${f.target}>${f.protocol}>${[...(f.assets ?? [])].sort().join(',')}`;
    const dup = seenFlows.get(sig);
    if (dup) warn(['data_flows', i], 'duplicate-flow', `flow "${f.id}" repeats flow "${dup}" (same endpoints, protocol and assets)`, f.id);
    else seenFlows.set(sig, f.id);
  });

  // Boundaries: references, acyclic nesting, one chain per component.
  const bList = m.trust_boundaries ?? [];
  const parentOf = new Map<string, string | undefined>();
  bList.forEach((b, i) => {
    if (b.parent !== undefined) {
      ref(boundaries, 'trust boundary', b.parent, ['trust_boundaries', i, 'parent']);
      if (b.parent === b.id) err(['trust_boundaries', i, 'parent'], 'boundary-cycle', `boundary "${b.id}" cannot be its own parent`, b.id);
    }
    parentOf.set(b.id, b.parent !== undefined && boundaries.has(b.parent) && b.parent !== b.id ? b.parent : undefined);
    b.members.forEach((c, j) => ref(components, 'component', c, ['trust_boundaries', i, 'members', j]));
  });
  const acyclic = new Map<string, boolean>();
  bList.forEach((b, i) => {
    const seen: string[] = [];
    let cur: string | undefined = b.id;
    while (cur !== undefined && !acyclic.has(cur)) {
      if (seen.includes(cur)) {
        err(['trust_boundaries', i, 'parent'], 'boundary-cycle', `boundary nesting has a cycle: ${[...seen.slice(seen.indexOf(cur)), cur].join(' → ')}`, b.id);
        for (const s of seen) acyclic.set(s, false);
        break;
      }
      seen.push(cur);
      cur = parentOf.get(cur);
    }
    const ok = cur === undefined || acyclic.get(cur) !== false;
    for (const s of seen) if (!acyclic.has(s)) acyclic.set(s, ok);
  });
  const ancestors = (bid: string): string[] => {
    const out: string[] = [];
    let cur: string | undefined = bid;
    while (cur !== undefined && acyclic.get(cur) && out.length <= bList.length) {
      out.push(cur);
      cur = parentOf.get(cur);
    }
    return out;
  };
  const memberOf = new Map<string, { b: string; i: number; j: number }[]>();
  bList.forEach((b, i) => b.members.forEach((c, j) => {
    const list = memberOf.get(c) ?? [];
    list.push({ b: b.id, i, j });
    memberOf.set(c, list);
  }));
  for (const [c, list] of memberOf) {
    if (list.length < 2) continue;
    for (let k = 1; k < list.length; k++) {
      const a = list[0];
      const b = list[k];
      const path = ['trust_boundaries', b.i, 'members', b.j];
      if (a.b === b.b) err(path, 'duplicate-member', `component "${c}" is listed twice in boundary "${b.b}"`, c);
      else if (ancestors(a.b).includes(b.b) || ancestors(b.b).includes(a.b)) {
        warn(path, 'redundant-member', `component "${c}" is in nested boundaries "${a.b}" and "${b.b}"; list it only in the innermost one`, c);
      } else {
        err(path, 'overlapping-boundaries', `component "${c}" is a member of "${a.b}" and "${b.b}", which are not nested; a component sits in one chain of boundaries`, c);
      }
    }
  }

  // Views.
  const v = m.views ?? {};
  const checkView = (view: { elements?: string[] | 'all'; flows?: string[] | 'all'; boundaries?: string[] } | undefined, base: (string | number)[]) => {
    if (!view) return;
    if (Array.isArray(view.elements)) view.elements.forEach((e, j) => ref(components, 'component', e, [...base, 'elements', j]));
    if (Array.isArray(view.flows)) view.flows.forEach((e, j) => ref(flows, 'data flow', e, [...base, 'flows', j]));
    (view.boundaries ?? []).forEach((e, j) => ref(boundaries, 'trust boundary', e, [...base, 'boundaries', j]));
  };
  checkView(v.global_system, ['views', 'global_system']);
  checkView(v.multi_patient_harm, ['views', 'multi_patient_harm']);
  checkView(v.updatability_patchability, ['views', 'updatability_patchability']);
  const ucIds = new Set<string>();
  (v.security_use_cases ?? []).forEach((u, i) => {
    if (ucIds.has(u.id)) err(['views', 'security_use_cases', i, 'id'], 'duplicate-id', `security use case id "${u.id}" is used twice`, u.id);
    ucIds.add(u.id);
    checkView(u, ['views', 'security_use_cases', i]);
  });

  // Tracking: transfer/accept consistency is lint's job; here only shape-level sanity.
  for (const [key, t] of Object.entries(m.threat_tracking ?? {})) {
    if (t.recipient_party && t.strategy !== 'transfer' && t.status !== 'transferred') {
      warn(['threat_tracking', key, 'recipient_party'], 'recipient-party-without-transfer', `tracking "${key}" names a recipient_party but is not a transfer`, key);
    }
  }
  return { errors, warnings, paths };
}

/** Validates already-parsed data as an architecture. `text` (when given) is used for line numbers. */
export function checkArchitecture(data: unknown, opts: { file?: string; text?: string; positions?: Positions } = {}): LoadedArchitecture {
  const pos = opts.positions ?? new Positions(opts.text);
  const validate = schemaValidator();
  if (!validate(data)) {
    const errors = schemaIssues(validate.errors ?? [], pos);
    return { file: opts.file, model: data as Architecture, errors, warnings: [] };
  }
  const model = data as Architecture;
  const sem = semanticIssues(model);
  const place = (list: ModelIssue[]) => list.map((i) => {
    const p = parsePath(i.path);
    return { ...i, ...pos.at(p) };
  });
  return { file: opts.file, model, errors: place(sem.errors), warnings: place(sem.warnings) };
}

function parsePath(s: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([A-Za-z_][\w-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`) as string);
    else if (m[4] !== undefined) out.push(m[4]);
  }
  return out;
}

/** Parses architecture text (YAML, or JSON when `json`), keeping positions for messages. */
export function parseArchitectureText(text: string, file?: string, json = false): LoadedArchitecture {
  if (json) {
    const data = parseJson(text, file);
    return checkArchitecture(data, { file, text });
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true, lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e.linePos ? `${e.linePos[0].line}:${e.linePos[0].col}` : undefined;
    throw new MedflowError(`invalid YAML: ${e.message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '')}`, { file, at });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new MedflowError(`invalid YAML: ${(e as Error).message}`, { file });
  }
  if (!isPlainObject(data)) throw new MedflowError('an architecture file must be a mapping (components, data_flows, …)', { file });
  return checkArchitecture(data, { file, positions: new Positions(text, doc, lc) });
}

/** Reads and checks an architecture file (.yaml/.yml/.json). Unreadable or unparsable input throws (exit 2). */
export function loadArchitecture(file: string): LoadedArchitecture {
  const text = readText(file);
  const json = /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && /^\s*\{/.test(text));
  return parseArchitectureText(text, file, json);
}

/** Loads a model and throws a MedflowError (exit 1) naming the first error when it is invalid. */
export function loadValidArchitecture(file: string): LoadedArchitecture {
  const loaded = loadArchitecture(file);
  if (loaded.errors.length > 0) {
    const e = loaded.errors[0];
    const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more; run "medflow model validate")` : '';
    throw new MedflowError(`${e.path}: ${e.message}${more}`, { file, at: e.line ? `${e.line}:${e.col}` : undefined }, 1);
  }
  return loaded;
}

/** "file:line:col: error: path: message [code]". */
export function formatModelIssue(i: ModelIssue, file?: string): string {
  const where = [file, i.line !== undefined ? `${i.line}:${i.col}` : undefined].filter(Boolean).join(':');
  return `${where ? where + ': ' : ''}${i.severity}: ${i.path}: ${i.message} [${i.code}]`;
}
