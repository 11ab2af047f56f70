// A small combinator language for medflow's STIX schema rules: each rule checks one JSON value at a
// property path and records findings with a stable code. The per-type tables in `stix-schema.ts` are
// written in it. Rules never throw and never run a regular expression that can backtrack badly.

export interface Finding {
  code: SchemaCode;
  /** Property path inside the object, e.g. "start_refs[0]" or "external_references[1].external_id". */
  property: string;
  message: string;
}

export type SchemaCode =
  | 'missing-property'
  | 'wrong-type'
  | 'invalid-value'
  | 'invalid-identifier'
  | 'invalid-timestamp'
  | 'empty-list'
  | 'invalid-property-name'
  | 'reserved-property'
  | 'constraint'
  | 'extension-marker'
  | 'invalid-extension';

export type Out = Finding[];
export type Rule = (v: unknown, at: string, out: Out) => void;
export type Obj = Record<string, unknown>;

export const join = (at: string, key: string): string => (at ? `${at}.${key}` : key);
export const index = (at: string, i: number): string => `${at}[${i}]`;

export function fail(out: Out, code: SchemaCode, at: string, message: string): void {
  out.push({ code, property: at, message });
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const q = (at: string) => `"${at || '(object)'}"`;
const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function wrongType(out: Out, at: string, v: unknown, expected: string): void {
  fail(out, 'wrong-type', at, `${q(at)} must be ${expected}, not ${kindOf(v)}`);
}

// ---------------------------------------------------------------------------------------------
// Patterns (facts of STIX 2.1 and Attack Flow 2.0.0, written without nested quantifiers)

/** STIX identifier: `<type>--<UUID>` with an RFC 4122 version 1-5 UUID and its variant bits. */
export const IDENTIFIER_RE =
  /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
/** STIX timestamp (RFC 3339, UTC, "Z", optional fraction). */
export const TIMESTAMP_RE =
  /^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?Z$/;
/** created/modified of SDOs and SROs carry at least millisecond precision. */
const MILLIS_RE = /T\d{2}:\d{2}:\d{2}\.\d{3,}Z$/;
/** A STIX type name (equivalent to the published pattern, without its nested quantifier). */
export const TYPE_NAME_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*-?$/;
const BASE64_RE = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;
const HEX_RE = /^([a-fA-F0-9]{2})+$/;
/** Names of STIX properties: lowercase letter then at least two more of [a-z0-9_] (or a name ending in "id"). */
const PROPERTY_NAME_RE = /^[a-z][a-z0-9_]{2}|id$/;
const BIN_NAME_RE = /^[a-z][a-z0-9_]{0,245}_bin$/;
const HEX_NAME_RE = /^[a-z][a-z0-9_]{0,245}_hex$/;
const DICT_KEY_RE = /^[a-zA-Z0-9_-]{0,250}$/;
export const EXT_DEF_KEY_RE =
  /^extension-definition--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const SCO_EXT_KEY_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*-ext$/;
const RESERVED = ['severity', 'action', 'username', 'phone_numbers'];

// ---------------------------------------------------------------------------------------------
// Scalars

export function str(opts: { pattern?: RegExp; not?: RegExp; enum?: readonly string[]; hint?: string } = {}): Rule {
  return (v, at, out) => {
    if (typeof v !== 'string') return wrongType(out, at, v, 'a string');
    if (opts.enum && !opts.enum.includes(v)) {
      return fail(out, 'invalid-value', at, `${q(at)} must be one of ${opts.enum.join(', ')}; got ${show(v)}`);
    }
    if ((opts.pattern && !opts.pattern.test(v)) || (opts.not && opts.not.test(v))) {
      fail(out, 'invalid-value', at, `${q(at)} ${opts.hint ?? 'has an invalid format'}; got ${show(v)}`);
    }
  };
}

export const string = str();

export function constant(value: string): Rule {
  return (v, at, out) => {
    if (typeof v !== 'string') return wrongType(out, at, v, 'a string');
    if (v !== value) fail(out, 'invalid-value', at, `${q(at)} must be "${value}"; got ${show(v)}`);
  };
}

export function int(min?: number, max?: number): Rule {
  return (v, at, out) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return wrongType(out, at, v, 'an integer');
    range(v, at, out, min, max);
  };
}

export function num(min?: number, max?: number): Rule {
  return (v, at, out) => {
    if (typeof v !== 'number') return wrongType(out, at, v, 'a number');
    range(v, at, out, min, max);
  };
}

function range(v: number, at: string, out: Out, min?: number, max?: number): void {
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    const bounds = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
    fail(out, 'invalid-value', at, `${q(at)} must be ${bounds}; got ${v}`);
  }
}

export const bool: Rule = (v, at, out) => {
  if (typeof v !== 'boolean') wrongType(out, at, v, 'true or false');
};

/** Any JSON value (the generic STIX property rules still apply where the table says so). */
export const any: Rule = () => {};

export const hex = str({ pattern: HEX_RE, hint: 'must be hexadecimal with an even number of digits' });
export const binary = str({ pattern: BASE64_RE, hint: 'must be base64' });

/** A STIX identifier, optionally of one of the given types; `notTypes` lists forbidden types. */
export function ident(types?: readonly string[], notTypes?: readonly string[]): Rule {
  return (v, at, out) => {
    if (typeof v !== 'string') return wrongType(out, at, v, 'a STIX identifier (a string)');
    if (!IDENTIFIER_RE.test(v)) {
      return fail(out, 'invalid-identifier', at, `${q(at)} must be a STIX identifier "<type>--<UUID version 1-5>"; got ${show(v)}`);
    }
    const type = v.slice(0, v.indexOf('--'));
    if (types && !types.includes(type)) {
      fail(out, 'invalid-identifier', at, `${q(at)} must refer to ${listOr(types)}; got ${show(v)}`);
    } else if (notTypes && notTypes.includes(type)) {
      fail(out, 'invalid-identifier', at, `${q(at)} must not refer to ${listOr(notTypes)}; got ${show(v)}`);
    }
  };
}

export function listOr(xs: readonly string[]): string {
  const a = xs.map((x) => `${/^[aeio]/.test(x) ? 'an' : 'a'} ${x}`);
  return a.length <= 1 ? (a[0] ?? '') : `${a.slice(0, -1).join(', ')} or ${a[a.length - 1]}`;
}

export function timestamp(opts: { millis?: boolean; wholeSeconds?: boolean } = {}): Rule {
  return (v, at, out) => {
    if (typeof v !== 'string') return wrongType(out, at, v, 'a timestamp string');
    if (!TIMESTAMP_RE.test(v)) {
      return fail(out, 'invalid-timestamp', at, `${q(at)} must be a UTC timestamp like 2024-05-01T12:00:00.000Z; got ${show(v)}`);
    }
    if (opts.millis && !MILLIS_RE.test(v)) {
      fail(out, 'invalid-timestamp', at, `${q(at)} must have at least millisecond precision (e.g. 12:00:00.000Z); got ${show(v)}`);
    }
    if (opts.wholeSeconds && !/T\d{2}:\d{2}:\d{2}Z$/.test(v)) {
      fail(out, 'invalid-timestamp', at, `${q(at)} must have no fractional seconds; got ${show(v)}`);
    }
  };
}
export const ts = timestamp();

// ---------------------------------------------------------------------------------------------
// Structures

/** A list; `min` is the minimum length (most STIX lists must not be empty). */
export function list(item: Rule, min = 1): Rule {
  return (v, at, out) => {
    if (!Array.isArray(v)) return wrongType(out, at, v, 'a list');
    if (v.length < min) {
      return fail(out, 'empty-list', at, `${q(at)} must not be an empty list (leave the property out instead)`);
    }
    v.forEach((x, i) => item(x, index(at, i), out));
  };
}

export interface ObjectSpec {
  props?: Record<string, Rule>;
  required?: readonly string[];
  /** Each group: at least one of these properties must be present. */
  anyOf?: readonly (readonly string[])[];
  /** Extra cross-property rules. */
  also?: (o: Obj, at: string, out: Out) => void;
  /** Apply the generic STIX property rules (names, no null, no empty lists, _bin/_hex). */
  stixProps?: boolean;
  /** Minimum number of properties. */
  minProps?: number;
  /** Only the listed properties are allowed. */
  closed?: boolean;
}

export function object(spec: ObjectSpec): Rule {
  return (v, at, out) => {
    if (!isObj(v)) return wrongType(out, at, v, 'an object');
    checkObject(v, at, out, spec);
  };
}

export function checkObject(o: Obj, at: string, out: Out, spec: ObjectSpec): void {
  const keys = Object.keys(o);
  if (spec.minProps && keys.length < spec.minProps) {
    fail(out, 'empty-list', at, `${q(at)} must not be an empty object`);
  }
  for (const r of spec.required ?? []) {
    if (!(r in o)) fail(out, 'missing-property', join(at, r), `required property "${r}" is missing`);
  }
  for (const k of keys) {
    const v = o[k];
    const p = join(at, k);
    if (spec.stixProps && !stixProperty(k, v, p, out)) continue;
    const rule = spec.props?.[k];
    if (rule) rule(v, p, out);
    else if (spec.closed) fail(out, 'invalid-property-name', p, `property "${k}" is not allowed here`);
  }
  for (const group of spec.anyOf ?? []) {
    if (!group.some((g) => g in o)) {
      fail(out, 'constraint', at, `${at ? q(at) + ' needs' : 'needs'} at least one of: ${group.join(', ')}`);
    }
  }
  spec.also?.(o, at, out);
}

/**
 * The generic STIX rules for one property (names, no null, no empty list, _bin/_hex values).
 * Returns false when the value is already reported and needs no further check.
 */
export function stixProperty(key: string, v: unknown, at: string, out: Out): boolean {
  const bin = BIN_NAME_RE.test(key), hx = HEX_NAME_RE.test(key), named = PROPERTY_NAME_RE.test(key);
  if (!bin && !hx && !named) {
    fail(out, 'invalid-property-name', at,
      `property name "${key}" is not a valid STIX name (start with a lowercase letter, then at least two of a-z, 0-9, _)`);
    return false;
  }
  if (v === null) {
    fail(out, 'wrong-type', at, `${q(at)} must not be null (leave the property out instead)`);
    return false;
  }
  if (Array.isArray(v) && v.length === 0 && named) {
    fail(out, 'empty-list', at, `${q(at)} must not be an empty list (leave the property out instead)`);
    return false;
  }
  if (bin) binary(v, at, out);
  if (hx) hex(v, at, out);
  return true;
}

/** A STIX dictionary: non-empty, keys of [a-zA-Z0-9_-] up to 250 characters, no null or empty-list values. */
export function dictionary(value?: Rule, key?: { pattern: RegExp; hint: string }): Rule {
  return (v, at, out) => {
    if (!isObj(v)) return wrongType(out, at, v, 'an object (dictionary)');
    checkDictionary(v, at, out, value, key);
  };
}

export function checkDictionary(o: Obj, at: string, out: Out, value?: Rule, key?: { pattern: RegExp; hint: string }): void {
  const keys = Object.keys(o);
  if (keys.length === 0) fail(out, 'empty-list', at, `${q(at)} must not be an empty object`);
  for (const k of keys) {
    const v = o[k];
    const p = join(at, k);
    if (!DICT_KEY_RE.test(k)) {
      fail(out, 'invalid-property-name', p, `dictionary key "${k}" may only use letters, digits, "_" and "-" (at most 250)`);
      continue;
    }
    if (key && !key.pattern.test(k)) {
      fail(out, 'invalid-property-name', p, `dictionary key "${k}" ${key.hint}`);
      continue;
    }
    if (v === null) {
      fail(out, 'wrong-type', p, `${q(p)} must not be null`);
      continue;
    }
    if (Array.isArray(v) && v.length === 0) {
      fail(out, 'empty-list', p, `${q(p)} must not be an empty list`);
      continue;
    }
    value?.(v, p, out);
  }
}

// ---------------------------------------------------------------------------------------------
// Common STIX types

const HASH_PATTERNS: Record<string, RegExp> = {
  MD5: /^[a-fA-F0-9]{32}$/,
  'SHA-1': /^[a-fA-F0-9]{40}$/,
  'SHA-256': /^[a-fA-F0-9]{64}$/,
  'SHA-512': /^[a-fA-F0-9]{128}$/,
  'SHA3-256': /^[a-fA-F0-9]{64}$/,
  'SHA3-512': /^[a-fA-F0-9]{128}$/,
  SSDEEP: /^[a-zA-Z0-9/+:.]{1,128}$/,
  TLSH: /^[a-zA-Z0-9]{70}$/,
};

/** A hashes dictionary: algorithm name → hash string, checked for the well-known algorithms. */
export const hashes: Rule = (v, at, out) => {
  if (!isObj(v)) return wrongType(out, at, v, 'an object (algorithm → hash)');
  checkDictionary(v, at, out, (h, p, o) => {
    const alg = p.slice(p.lastIndexOf('.') + 1);
    if (typeof h !== 'string') return wrongType(o, p, h, 'a string');
    const re = HASH_PATTERNS[alg];
    if (re && !re.test(h)) fail(o, 'invalid-value', p, `${q(p)} is not a valid ${alg} hash; got ${show(h)}`);
  }, { pattern: /^[a-zA-Z0-9_-]{3,250}$/, hint: 'must be a hash algorithm name of 3 to 250 letters, digits, "_" or "-"' });
};

export const killChainPhase = object({
  props: { kill_chain_name: string, phase_name: string },
  required: ['kill_chain_name', 'phase_name'],
});

const CVE_ID_RE = /^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$/;
const CAPEC_ID_RE = /^CAPEC-\d+$/;

export const externalReference: Rule = (v, at, out) => {
  if (!isObj(v)) return wrongType(out, at, v, 'an object');
  const sub: Out = [];
  checkObject(v, at, sub, {
    props: {
      url: string,
      hashes: (h, p, o) => {
        hashes(h, p, o);
        if (isObj(h)) {
          for (const k of Object.keys(h)) {
            if (!/^MD5|SHA-1|SHA-256|SHA-512|SHA3-256|SHA3-512|SSDEEP|TLSH$/.test(k)) {
              fail(o, 'invalid-property-name', join(p, k), `hash algorithm "${k}" is not one STIX allows in external references`);
            }
          }
        }
      },
      source_name: string,
      external_id: string,
      description: string,
    },
    required: ['source_name'],
  });
  out.push(...sub);
  if (sub.some((f) => f.code === 'missing-property' || f.property === join(at, 'source_name') || f.property === join(at, 'external_id'))) return;
  const source = v.source_name as string, ext = v.external_id;
  if (source === 'cve' || source === 'capec') {
    const re = source === 'cve' ? CVE_ID_RE : CAPEC_ID_RE;
    if (ext === undefined) fail(out, 'missing-property', join(at, 'external_id'), `a "${source}" reference needs "external_id"`);
    else if (!re.test(ext as string)) {
      fail(out, 'invalid-value', join(at, 'external_id'),
        `"${join(at, 'external_id')}" must be a ${source === 'cve' ? 'CVE id like CVE-2024-12345' : 'CAPEC id like CAPEC-66'}; got ${show(ext)}`);
    }
    return;
  }
  if (typeof ext === 'string' && (CVE_ID_RE.test(ext) || CAPEC_ID_RE.test(ext))) {
    fail(out, 'invalid-value', join(at, 'source_name'),
      `"${join(at, 'source_name')}" must be "${ext.startsWith('CVE') ? 'cve' : 'capec'}" for external_id ${show(ext)}; got ${show(source)}`);
    return;
  }
  if (!('external_id' in v) && !('description' in v) && !('url' in v)) {
    fail(out, 'constraint', at, `"${at}" needs at least one of: external_id, description, url`);
  }
};

export const granularMarking = object({
  props: {
    selectors: list(str({ pattern: /^([a-z0-9_-]{3,249}(\.(\[\d+\]|[a-z0-9_-]{1,250}))*|id)$/, hint: 'is not a valid selector' })),
    lang: string,
    marking_ref: ident(['marking-definition']),
  },
  required: ['selectors', 'marking_ref'],
});

/** The value of one `extensions` entry keyed by an extension-definition id. */
export const EXTENSION_TYPES = ['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'] as const;
export const extensionValue = object({
  props: { extension_type: str({ enum: EXTENSION_TYPES }) },
  required: ['extension_type'],
  stixProps: true,
});

/** `extensions` of SDOs, SROs and other common objects: only extension-definition keys. */
export const sdoExtensions: Rule = (v, at, out) => {
  if (!isObj(v)) return wrongType(out, at, v, 'an object');
  const keys = Object.keys(v);
  if (keys.length === 0) fail(out, 'empty-list', at, `${q(at)} must not be an empty object`);
  for (const k of keys) {
    const p = join(at, k);
    if (!EXT_DEF_KEY_RE.test(k)) {
      fail(out, 'invalid-extension', p, `extension key "${k}" must be an extension-definition identifier`);
      continue;
    }
    extensionValue(v[k], p, out);
  }
};

/** `extensions` of cyber observables: extension-definition keys and predefined "*-ext" extensions. */
export function scoExtensions(predefined?: Record<string, Rule>): Rule {
  return (v, at, out) => {
    if (!isObj(v)) return wrongType(out, at, v, 'an object');
    const keys = Object.keys(v);
    if (keys.length === 0) fail(out, 'empty-list', at, `${q(at)} must not be an empty object`);
    for (const k of keys) {
      const p = join(at, k);
      const x = v[k];
      const before = out.length;
      if (EXT_DEF_KEY_RE.test(k)) extensionValue(x, p, out);
      else if (SCO_EXT_KEY_RE.test(k)) object({ minProps: 1, stixProps: true })(x, p, out);
      else {
        fail(out, 'invalid-extension', p, `extension key "${k}" must be an extension-definition identifier or a name ending in "-ext"`);
        continue;
      }
      if (!predefined || out.length > before) continue;
      // Observables with predefined extensions treat `extensions` as a dictionary as well.
      if (!DICT_KEY_RE.test(k)) {
        fail(out, 'invalid-extension', p, `extension key "${k}" is too long or uses characters other than letters, digits, "_" and "-"`);
        continue;
      }
      const special = predefined[k];
      if (special) special(x, p, out);
      else dictionary()(x, p, out);
    }
  };
}

/** Rules common to SDOs, SROs and the common objects built on STIX core. */
export function coreRules(o: Obj, out: Out, opts: { specVersion?: string } = {}): void {
  checkObject(o, '', out, {
    props: {
      type: str({ pattern: TYPE_NAME_RE, hint: 'is not a valid STIX type name' }),
      spec_version: opts.specVersion ? constant(opts.specVersion) : str({ enum: ['2.0', '2.1'] }),
      id: ident(),
      created_by_ref: ident(),
      labels: list(string),
      created: timestamp({ millis: true }),
      modified: timestamp({ millis: true }),
      revoked: bool,
      confidence: int(0, 100),
      lang: string,
      external_references: list(externalReference),
      object_marking_refs: list(ident()),
      granular_markings: list(granularMarking),
      extensions: sdoExtensions,
    },
    required: ['type', 'spec_version', 'id', 'created', 'modified'],
    stixProps: true,
  });
  reserved(o, out);
}

/** Rules common to all cyber observables (SCOs). */
export function scoCoreRules(o: Obj, out: Out, extensions: Rule): void {
  checkObject(o, '', out, {
    props: {
      type: str({ pattern: TYPE_NAME_RE, hint: 'is not a valid STIX type name' }),
      spec_version: str({ enum: ['2.0', '2.1'] }),
      id: ident(),
      object_marking_refs: list(ident()),
      granular_markings: list(granularMarking),
      defanged: bool,
      extensions,
    },
    required: ['type', 'id'],
    stixProps: true,
  });
  reserved(o, out);
}

function reserved(o: Obj, out: Out): void {
  for (const r of RESERVED) {
    if (r in o) fail(out, 'reserved-property', r, `property "${r}" is reserved by STIX 2.1 and must not be used`);
  }
}

/** Checks the type-specific properties of an object (after the core rules), reporting each property once. */
export function typeRules(o: Obj, out: Out, spec: ObjectSpec): void {
  const seen = new Set(out.map((f) => f.property));
  const sub: Out = [];
  checkObject(o, '', sub, spec);
  for (const f of sub) if (!seen.has(f.property) || f.code === 'constraint') out.push(f);
}
