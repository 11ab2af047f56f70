// The meaning of an .afb drawing: blocks become STIX objects and lines become embedded references or
// `related-to` relationships, following the Builder's publisher (AttackFlowPublisher) but without its
// defects: condition branches become on_true_refs / on_false_refs, MD5-encoded enums are decoded, ids
// are derived from instance ids (never random), and data problems are repaired where unambiguous and
// reported as warnings.
import type { Issue } from '../util/issue.ts';
import { isPlainObject } from '../util/json.ts';
import { stixId, stixIdFromInstance, isUuid, toStixTimestamp } from '../stix/ids.ts';
import { AF_EXTENSION_DATE, FLOW_SCOPES, afCreatorIdentity, afExtensionDefinition, afExtensionMarker, isAfType } from '../stix/attack-flow.ts';
import { catalog, type Catalog } from '../catalog/index.ts';
import { graphFromObjects } from '../flow/bundle.ts';
import { computeEntryPoints, edgesOf, REACH_EDGE_KINDS, type FlowGraph, type StixObject } from '../flow/model.ts';
import type { Diagram, DiagramBlock, RawProps } from './diagram.ts';
import { CONFIDENCE, ENUM_OPTIONS, STIX_HASH_NAME, TEMPLATES, branchOf, stixTypeOfTemplate, type FieldKind } from './templates.ts';

/** created/modified of every object when the flow has no usable `created` date (a fixed, documented value). */
export const DEFAULT_DATE = AF_EXTENSION_DATE;

const MAX_VALUE_DEPTH = 8;
const HEX32 = /^[0-9a-f]{32}$/i;

/** Keys of STIX properties holding timestamps, for fields of templates this module does not know. */
const DATE_KEYS = new Set([
  'created', 'modified', 'first_seen', 'last_seen', 'execution_start', 'execution_end', 'ctime', 'mtime', 'atime',
  'valid_from', 'valid_until', 'published', 'submitted', 'analysis_started', 'analysis_ended', 'first_observed',
  'last_observed', 'account_created', 'account_expires', 'credential_last_changed', 'account_first_login',
  'account_last_login', 'created_time', 'start', 'end', 'modified_time', 'validity_not_before', 'validity_not_after',
]);
/** Keys of STIX boolean properties (stored by the Builder as "true" / "false" enums). */
const BOOL_KEYS = new Set([
  'is_family', 'is_hidden', 'is_active', 'is_multipart', 'is_self_signed', 'is_service_account', 'is_privileged',
  'can_escalate_privs', 'is_disabled',
]);

interface Ctx {
  diagram: Diagram;
  warnings: Issue[];
  cat: Catalog;
  date: string;
}

const warn = (ctx: Ctx, code: string, message: string, object?: string, property?: string): void => {
  ctx.warnings.push({ code, message, ...(object ? { object } : {}), ...(property ? { property } : {}) });
};

/** JSON-quoted text for messages: invisible characters (no-break spaces, zero-width…) made visible, long text cut. */
function show(s: string): string {
  const cut = s.length > 120 ? `${s.slice(0, 117)}…` : s;
  return JSON.stringify(cut).replace(/[\u0080-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Any input value, described safely for a message (never recursing into what it holds). */
function brief(v: unknown): string {
  if (typeof v === 'string') return show(v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `(a list of ${v.length})`;
  return typeof v === 'object' ? '(an object)' : `(${typeof v})`;
}

function isUri(s: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

const isPairList = (v: unknown): v is Array<[string, unknown]> =>
  Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string');

// ---- values ---------------------------------------------------------------------------------

function decodeEnum(ctx: Ctx, value: string, options: readonly string[] | undefined): string {
  if (options?.includes(value)) return value;
  const decoded = HEX32.test(value) ? ctx.diagram.enumDigests.get(value.toLowerCase()) : undefined;
  return decoded ?? value;
}

function toDate(ctx: Ctx, v: unknown, id: string, key: string): string | undefined {
  const raw = isPlainObject(v) ? v.time : v;
  const ts = toStixTimestamp(raw);
  if (ts === undefined) warn(ctx, 'afb-bad-date', `${key} ${brief(raw)} is not a date; dropped`, id, key);
  return ts;
}

function trimmed(v: unknown): string | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Converts a nested Builder value (dictionary or list) without a declared kind. */
function generic(ctx: Ctx, v: unknown, id: string, key: string, depth: number): unknown {
  if (v === null || v === undefined) return undefined;
  if (depth > MAX_VALUE_DEPTH) {
    warn(ctx, 'afb-too-deep', `${key} is nested more than ${MAX_VALUE_DEPTH} levels; dropped`, id, key);
    return undefined;
  }
  if (typeof v === 'string') {
    const t = trimmed(v);
    if (t === undefined) return undefined;
    if (BOOL_KEYS.has(key) && (t === 'true' || t === 'false')) return t === 'true';
    if (DATE_KEYS.has(key)) return toDate(ctx, t, id, key);
    return decodeEnum(ctx, t, ENUM_OPTIONS[key]);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (isPlainObject(v)) {
    if (typeof v.time === 'string') return toDate(ctx, v, id, key);
    warn(ctx, 'afb-bad-value', `${key} holds an object the Builder does not write; dropped`, id, key);
    return undefined;
  }
  if (isPairList(v)) {
    if (v.length === 0) return undefined;
    if (v.every(([k]) => HEX32.test(k))) {
      // a list: [randomKey, item] pairs
      const items = v.map(([, item]) => generic(ctx, item, id, key, depth + 1)).filter((x) => x !== undefined);
      if (items.length === 0) return undefined;
      if (key === 'hashes' && items.every((h) => isPlainObject(h))) {
        const out: Record<string, unknown> = {};
        for (const h of items as Record<string, unknown>[]) {
          if (typeof h.hash_type === 'string' && h.hash_value !== undefined) out[STIX_HASH_NAME[h.hash_type] ?? h.hash_type] = h.hash_value;
        }
        return Object.keys(out).length ? out : undefined;
      }
      return items;
    }
    const out: Record<string, unknown> = {};
    for (const [k, item] of v) {
      if (k === '__proto__') continue;
      const x = generic(ctx, item, id, k, depth + 1);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    const items = v.map((item) => generic(ctx, item, id, key, depth + 1)).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  return undefined;
}

/** Converts one Builder field of a known kind to its STIX value (undefined = unset). */
function fieldValue(ctx: Ctx, kind: FieldKind | string | undefined, v: unknown, id: string, key: string): unknown {
  if (v === null || v === undefined) return undefined;
  switch (kind) {
    case 'string': {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return trimmed(v);
      break;
    }
    case 'int':
    case 'float': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isFinite(n) && (kind === 'float' || Number.isInteger(n))) return n;
      warn(ctx, 'afb-bad-value', `${key} ${brief(v)} is not ${kind === 'int' ? 'a whole number' : 'a number'}; dropped`, id, key);
      return undefined;
    }
    case 'date':
      if (typeof v === 'string' || typeof v === 'number' || isPlainObject(v)) return toDate(ctx, v, id, key);
      break;
    case 'bool': {
      const t = typeof v === 'string' ? decodeEnum(ctx, v.trim(), ENUM_OPTIONS.bool) : v;
      if (t === 'true' || t === true) return true;
      if (t === 'false' || t === false) return false;
      warn(ctx, 'afb-bad-value', `${key} ${brief(v)} is not true or false; dropped`, id, key);
      return undefined;
    }
    case 'enum':
      if (typeof v === 'string') return trimmed(decodeEnum(ctx, v, ENUM_OPTIONS[key]));
      break;
  }
  return generic(ctx, v, id, key, 0);
}

// ---- blocks -----------------------------------------------------------------------------------

/** Field kinds of a block: embedded legacy declarations, else the current template's. */
function kindsOf(ctx: Ctx, template: string): Map<string, string> {
  const declared = ctx.diagram.declaredKinds.get(template);
  const spec = TEMPLATES.get(template);
  const out = new Map<string, string>(spec ? spec.fields.map(([k, kind]) => [k, kind]) : []);
  // Fields the current template lacks keep the kind their embedded legacy template declares
  // (lists and dictionaries are recognised by shape).
  // An enum declared where the current template has a plain string is decoded as an enum.
  if (declared) {
    for (const [k, kind] of declared) {
      const cur = out.get(k);
      if ((cur === undefined && kind !== 'list' && kind !== 'dict') || (cur === 'string' && kind === 'enum')) out.set(k, kind);
    }
  }
  return out;
}

interface TtpInput { tacticId?: string; techniqueId?: string; tacticRef?: string; techniqueRef?: string }

function convertAction(ctx: Ctx, obj: StixObject, props: RawProps, kinds: Map<string, string>): void {
  const ttp: TtpInput = {};
  for (const [key, v] of props) {
    switch (key) {
      case 'ttp': {
        if (isPairList(v)) for (const [k, x] of v) {
          if (k === 'tactic' && typeof x === 'string') ttp.tacticId = x;
          if (k === 'technique' && typeof x === 'string') ttp.techniqueId = x;
        }
        break;
      }
      case 'tactic_id': if (typeof v === 'string' && ttp.tacticId === undefined) ttp.tacticId = v; break;
      case 'technique_id': if (typeof v === 'string' && ttp.techniqueId === undefined) ttp.techniqueId = v; break;
      case 'tactic_ref': if (typeof v === 'string') ttp.tacticRef = v; break;
      case 'technique_ref': if (typeof v === 'string') ttp.techniqueRef = v; break;
      case 'confidence': {
        if (v === null || v === undefined) break;
        const k = typeof v === 'string' ? decodeEnum(ctx, v.trim(), ENUM_OPTIONS.confidence) : v;
        const n = typeof k === 'number' ? k : CONFIDENCE.find(([name]) => name === k)?.[1];
        if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 100) obj.confidence = n;
        else warn(ctx, 'afb-bad-value', `confidence ${brief(v)} is not a known confidence level; dropped`, obj.id, 'confidence');
        break;
      }
      default: {
        const x = fieldValue(ctx, kinds.get(key), v, obj.id, key);
        if (x !== undefined) obj[key] = x;
      }
    }
  }
  resolveTtp(ctx, obj, ttp);
}

const LABEL_RE = /^\[[A-Z0-9]+\]\s+(\S+)(?:\s|$)/;

/** Cleans one ATT&CK / ATLAS id: trims, extracts ids from picker labels, repairs typos via the catalog. */
function cleanId(ctx: Ctx, raw: string | undefined, obj: StixObject, prop: 'tactic_id' | 'technique_id'): string | undefined {
  if (raw === undefined) return undefined;
  let id = raw.trim();
  if (id === '') return undefined;
  const label = LABEL_RE.exec(id);
  if (label) {
    warn(ctx, 'afb-label-in-id', `${prop} holds a picker label ${show(raw)}; using the id "${label[1]}"`, obj.id, prop);
    id = label[1];
  }
  const known = prop === 'tactic_id' ? ctx.cat.tactic(id) : ctx.cat.technique(id);
  if (known) {
    if (id !== raw && !label) warn(ctx, 'afb-id-repaired', `${prop} ${show(raw)} repaired to "${id}"`, obj.id, prop);
    return id;
  }
  const repaired = ctx.cat.repairId(id);
  const fits = repaired && (prop === 'tactic_id' ? ctx.cat.tactic(repaired) : ctx.cat.technique(repaired));
  if (repaired && fits) {
    warn(ctx, 'afb-id-repaired', `${prop} ${show(raw)} repaired to "${repaired}"`, obj.id, prop);
    return repaired;
  }
  warn(ctx, prop === 'tactic_id' ? 'afb-unknown-tactic' : 'afb-unknown-technique',
    `${prop} ${show(id)} is not in the ATT&CK / ATLAS catalog`, obj.id, prop);
  return id;
}

function resolveTtp(ctx: Ctx, obj: StixObject, ttp: TtpInput): void {
  const cat = ctx.cat;
  // An id in the other field (0.1.0 files put technique ids in tactic_id): move it when the move is certain.
  const norm = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : cat.repairId(s) ?? s.trim());
  const tac = norm(ttp.tacticId), tech = norm(ttp.techniqueId);
  if (tac && !tech && cat.technique(tac) && !cat.tactic(tac)) {
    warn(ctx, 'afb-id-moved', `tactic_id ${show(ttp.tacticId!)} is a technique id; moved to technique_id`, obj.id, 'tactic_id');
    ttp.techniqueId = ttp.tacticId;
    ttp.tacticId = undefined;
  } else if (tech && !tac && cat.tactic(tech) && !cat.technique(tech)) {
    warn(ctx, 'afb-id-moved', `technique_id ${show(ttp.techniqueId!)} is a tactic id; moved to tactic_id`, obj.id, 'technique_id');
    ttp.tacticId = ttp.techniqueId;
    ttp.techniqueId = undefined;
  }
  let tacticId = cleanId(ctx, ttp.tacticId, obj, 'tactic_id');
  let techniqueId = cleanId(ctx, ttp.techniqueId, obj, 'technique_id');
  let tacticRef: string | undefined, techniqueRef: string | undefined;

  const refOrName = (raw: string | undefined, prop: 'tactic_ref' | 'technique_ref'): { ref?: string; name?: string } => {
    const v = raw?.trim();
    if (!v) return {};
    const prefix = prop === 'tactic_ref' ? 'x-mitre-tactic--' : 'attack-pattern--';
    if (v.startsWith(prefix) && isUuid(v.slice(prefix.length))) return { ref: v };
    return { name: v };
  };
  const tr = refOrName(ttp.tacticRef, 'tactic_ref');
  const qr = refOrName(ttp.techniqueRef, 'technique_ref');

  // names where STIX ids belong: drop them, but use them to find a missing id
  if (qr.name !== undefined) {
    const matches = cat.techniquesNamed(qr.name).filter((t) => !t.revoked && !t.deprecated);
    let fix = '';
    if (!techniqueId && matches.length === 1) {
      techniqueId = matches[0].id;
      fix = `; technique_id set to "${techniqueId}" from the name`;
    }
    warn(ctx, 'afb-name-in-ref', `technique_ref holds a name (${show(qr.name)}), not a STIX id; dropped${fix}`, obj.id, 'technique_ref');
  }
  if (tr.name !== undefined) {
    let matches = cat.tacticsNamed(tr.name);
    const tech = techniqueId ? cat.technique(techniqueId) : undefined;
    if (matches.length > 1 && tech) {
      const parent = tech.parent ? cat.technique(tech.parent) : undefined;
      const allowed = new Set([...tech.tactics, ...(parent?.tactics ?? [])]);
      const narrowed = matches.filter((t) => allowed.has(t.id));
      if (narrowed.length) matches = narrowed;
    }
    let fix = '';
    if (!tacticId && matches.length === 1) {
      tacticId = matches[0].id;
      fix = `; tactic_id set to "${tacticId}" from the name`;
    }
    warn(ctx, 'afb-name-in-ref', `tactic_ref holds a name (${show(tr.name)}), not a STIX id; dropped${fix}`, obj.id, 'tactic_ref');
  }

  const tactic = tacticId ? cat.tactic(tacticId) : undefined;
  const technique = techniqueId ? cat.technique(techniqueId) : undefined;
  tacticRef = tactic?.stix_id ?? tr.ref;
  techniqueRef = technique?.stix_id ?? qr.ref;
  if (tactic?.stix_id && tr.ref && tr.ref !== tactic.stix_id) {
    warn(ctx, 'afb-ref-mismatch', `tactic_ref ${tr.ref} is not the STIX id of ${tacticId}; replaced by ${tactic.stix_id}`, obj.id, 'tactic_ref');
  }
  if (technique?.stix_id && qr.ref && qr.ref !== technique.stix_id) {
    warn(ctx, 'afb-ref-mismatch', `technique_ref ${qr.ref} is not the STIX id of ${techniqueId}; replaced by ${technique.stix_id}`, obj.id, 'technique_ref');
  }
  if (tactic && technique && !cat.isValidPair(tactic.id, technique.id)) {
    warn(ctx, 'afb-invalid-pair', `technique ${technique.id} is not listed under tactic ${tactic.id} in ATT&CK / ATLAS`, obj.id, 'tactic_id');
  }
  if (tacticId) obj.tactic_id = tacticId;
  if (tacticRef) obj.tactic_ref = tacticRef;
  if (techniqueId) obj.technique_id = techniqueId;
  if (techniqueRef) obj.technique_ref = techniqueRef;
}

function convertBlock(ctx: Ctx, block: DiagramBlock, type: string): StixObject {
  const id = stixIdFromInstance(type, block.instance);
  const obj: StixObject = { type, id, spec_version: '2.1', created: ctx.date, modified: ctx.date };
  if (isAfType(type)) obj.extensions = afExtensionMarker();
  const kinds = kindsOf(ctx, block.template);
  if (type === 'attack-action') {
    convertAction(ctx, obj, block.props, kinds);
  } else {
    for (const [key, v] of block.props) {
      if (key === 'type' || key === 'id' || key === 'spec_version' || key === 'extensions') continue;
      if (key === 'text' && type === 'attack-operator') continue; // the legacy operator block's label
      const x = fieldValue(ctx, kinds.get(key), v, id, key);
      if (x !== undefined) obj[key] = x;
    }
  }
  if (type === 'attack-operator') {
    const fromTemplate = block.template === 'AND_operator' ? 'AND' : block.template === 'OR_operator' ? 'OR' : undefined;
    const op = typeof obj.operator === 'string' ? obj.operator.toUpperCase() : undefined;
    const chosen = op === 'AND' || op === 'OR' ? op : fromTemplate;
    if (chosen) obj.operator = chosen;
    if (fromTemplate && chosen !== fromTemplate) {
      warn(ctx, 'afb-operator-mismatch', `operator "${String(obj.operator)}" disagrees with the ${block.template} block; kept`, id, 'operator');
    }
    if (!chosen) {
      obj.operator = 'OR';
      warn(ctx, 'afb-missing-required', 'operator has no AND/OR value; set to OR', id, 'operator');
    }
  }
  if (type === 'url' && typeof obj.value === 'string' && !isUri(obj.value)) {
    warn(ctx, 'afb-bad-url', `url value ${show(obj.value)} is not a valid URI (a bare domain, or defanged?); kept as is`, id, 'value');
  }
  // Required fields the schema cannot do without: filled so the bundle stays valid, and reported.
  const required = type === 'attack-condition' ? 'description' : type === 'attack-action' || type === 'attack-asset' ? 'name' : undefined;
  if (required && obj[required] === undefined) {
    const technique = typeof obj.technique_id === 'string' ? ctx.cat.technique(obj.technique_id) : undefined;
    const filler = technique ? technique.name : type === 'attack-action' ? '(unnamed action)' : type === 'attack-asset' ? '(unnamed asset)' : '(no description)';
    obj[required] = filler;
    warn(ctx, 'afb-missing-required', `${type} has no ${required}; set to ${JSON.stringify(filler)}${technique ? ` (the name of ${technique.id})` : ''}`, id, required);
  }
  return obj;
}

// ---- edges ------------------------------------------------------------------------------------

const NOTE_LIKE = new Set(['grouping', 'note', 'observed-data', 'opinion', 'report']);
const NET_ENDPOINTS = new Set(['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name']);
const REACH_TYPES = new Set(['attack-action', 'attack-operator', 'attack-condition']);

/** Embeds one line per the Builder's table; returns false when it must be a relationship instead. */
function embed(src: StixObject, dst: StixObject, via: string, seen: Set<string>): boolean | 'duplicate' {
  const add = (prop: string): true | 'duplicate' => {
    const key = `${src.id}\u0000${prop}\u0000${dst.id}`;
    if (seen.has(key)) return 'duplicate';
    seen.add(key);
    const list = Array.isArray(src[prop]) ? (src[prop] as string[]) : [];
    list.push(dst.id);
    src[prop] = list;
    return true;
  };
  switch (src.type) {
    case 'attack-action':
      if (dst.type === 'process' && src.command_ref === undefined) {
        src.command_ref = dst.id;
        return true;
      }
      if (dst.type === 'attack-asset') return add('asset_refs');
      if (REACH_TYPES.has(dst.type)) return add('effect_refs');
      return false;
    case 'attack-operator':
      return REACH_TYPES.has(dst.type) ? add('effect_refs') : false;
    case 'attack-condition': {
      const branch = branchOf(via);
      if (!branch || !REACH_TYPES.has(dst.type)) return false;
      return add(branch === 'true' ? 'on_true_refs' : 'on_false_refs');
    }
    case 'attack-asset':
      if (src.object_ref === undefined) {
        src.object_ref = dst.id;
        return true;
      }
      return false;
    case 'malware-analysis':
      return add('analysis_sco_refs');
    case 'network-traffic':
      if (src.dst_ref === undefined) {
        src.dst_ref = dst.id;
        return true;
      }
      if (dst.type === 'network-traffic' && dst.src_ref === undefined) {
        dst.src_ref = src.id;
        return true;
      }
      return false;
    default:
      if (NOTE_LIKE.has(src.type)) return add('object_refs');
      if (NET_ENDPOINTS.has(src.type) && dst.type === 'network-traffic' && dst.src_ref === undefined) {
        dst.src_ref = src.id;
        return true;
      }
      return false;
  }
}

// ---- the flow ---------------------------------------------------------------------------------

function flowProps(ctx: Ctx, flow: StixObject, props: RawProps): Record<string, unknown> | undefined {
  let author: Record<string, unknown> | undefined;
  for (const [key, v] of props) {
    switch (key) {
      case 'author': {
        if (!isPairList(v)) break;
        const a: Record<string, unknown> = {};
        for (const [k, x] of v) {
          const s = typeof x === 'string' ? trimmed(k === 'identity_class' ? decodeEnum(ctx, x, ENUM_OPTIONS.identity_class) : x) : undefined;
          if (s !== undefined) a[k] = k === 'identity_class' ? s.toLowerCase() : s;
        }
        author = a;
        break;
      }
      case 'scope': {
        if (v === null || v === undefined) break;
        const s = typeof v === 'string' ? decodeEnum(ctx, v.trim(), FLOW_SCOPES) : undefined;
        if (s && (FLOW_SCOPES as readonly string[]).includes(s)) flow.scope = s;
        else {
          flow.scope = 'other';
          warn(ctx, 'afb-unknown-scope', `scope ${brief(v)} is not an Attack Flow scope; set to "other"`, flow.id, 'scope');
        }
        break;
      }
      case 'external_references': {
        const refs = generic(ctx, v, flow.id, key, 0);
        if (Array.isArray(refs)) {
          const ok = refs.filter((r) => isPlainObject(r) && typeof r.source_name === 'string');
          if (ok.length < refs.length) {
            warn(ctx, 'afb-missing-required', `${refs.length - ok.length} external reference(s) without source_name dropped`, flow.id, 'external_references');
          }
          if (ok.length) flow.external_references = ok;
        }
        break;
      }
      case 'created':
        break; // read first, in importDiagram
      case 'name':
      case 'description': {
        const s = trimmed(v);
        if (s !== undefined) flow[key] = s;
        break;
      }
      default: {
        const x = generic(ctx, v, flow.id, key, 0);
        if (x !== undefined && key !== 'type' && key !== 'id' && key !== 'spec_version' && key !== 'extensions') flow[key] = x;
      }
    }
  }
  return author;
}

/** Deterministic fallback entry points for a flow whose every action/condition has an incoming edge. */
function cycleEntryPoints(g: FlowGraph): string[] {
  const reach = edgesOf(g).filter((e) => REACH_EDGE_KINDS.includes(e.kind));
  const nodes = [...g.objects.values()].filter((o) => REACH_TYPES.has(o.type)).map((o) => o.id).sort();
  const succ = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of reach) if (succ.has(e.source) && succ.has(e.target)) succ.get(e.source)!.push(e.target);
  // Tarjan's strongly connected components, iterative.
  const index = new Map<string, number>(), low = new Map<string, number>(), comp = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>();
  let next = 0, compCount = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<[string, number]> = [[root, 0]];
    index.set(root, next); low.set(root, next); next++; stack.push(root); onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const [v, i] = top;
      const out = succ.get(v)!;
      if (i < out.length) {
        top[1]++;
        const w = out[i];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++; stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) { const u = work[work.length - 1][0]; low.set(u, Math.min(low.get(u)!, low.get(v)!)); }
      if (low.get(v) === index.get(v)) {
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); comp.set(w, compCount); } while (w !== v);
        compCount++;
      }
    }
  }
  const hasIncoming = new Set<number>();
  for (const e of reach) {
    const a = comp.get(e.source), b = comp.get(e.target);
    if (a !== undefined && b !== undefined && a !== b) hasIncoming.add(b);
  }
  const picked = new Map<number, string>();
  for (const n of nodes) {
    const c = comp.get(n)!;
    const t = g.objects.get(n)!.type;
    if (hasIncoming.has(c) || picked.has(c) || (t !== 'attack-action' && t !== 'attack-condition')) continue;
    picked.set(c, n);
  }
  return [...picked.values()].sort();
}

/** Converts a read drawing to a FlowGraph. `name` is the file name, used when the flow has none. */
export function diagramToGraph(diagram: Diagram, name: string, cat: Catalog = catalog()): { graph: FlowGraph; warnings: Issue[] } {
  const warnings: Issue[] = [...diagram.warnings];
  const createdRaw = diagram.canvas.props.find(([k]) => k === 'created')?.[1];
  const createdTs = toStixTimestamp(isPlainObject(createdRaw) ? createdRaw.time : createdRaw);
  const ctx: Ctx = { diagram, warnings, cat, date: createdTs ?? DEFAULT_DATE };

  const flowInstance = diagram.canvas.instance || stixId('attack-flow', name).slice('attack-flow--'.length);
  const flowId = stixIdFromInstance('attack-flow', flowInstance);
  const flow: StixObject = { type: 'attack-flow', id: flowId, spec_version: '2.1', created: ctx.date, modified: ctx.date, extensions: afExtensionMarker() };
  if (createdRaw !== undefined && createdRaw !== null && !createdTs) {
    warn(ctx, 'afb-bad-date', `created ${brief(createdRaw)} is not a date; ${DEFAULT_DATE} used`, flowId, 'created');
  }
  const author = flowProps(ctx, flow, diagram.canvas.props);
  if (flow.name === undefined) {
    flow.name = name.replace(/\.afb$/i, '') || 'Untitled Document';
    warn(ctx, 'afb-missing-required', `flow has no name; named "${String(flow.name)}" after the file`, flowId, 'name');
  }
  if (flow.scope === undefined) {
    flow.scope = 'incident';
    warn(ctx, 'afb-missing-required', 'flow has no scope; set to "incident" (the Builder\'s default)', flowId, 'scope');
  }

  const objects: StixObject[] = [afExtensionDefinition() as StixObject, afCreatorIdentity() as StixObject, flow];
  if (author && Object.keys(author).length) {
    const identity: StixObject = { type: 'identity', id: stixId('identity', `author of ${flowId}`), spec_version: '2.1', created: ctx.date, modified: ctx.date };
    if (author.name === undefined) {
      author.name = 'Unknown';
      warn(ctx, 'afb-missing-author-name', 'the flow author has no name; named "Unknown"', flowId, 'author');
    }
    Object.assign(identity, author);
    objects.push(identity);
    flow.created_by_ref = identity.id;
  } else {
    warn(ctx, 'afb-no-author', 'the flow has no author', flowId, 'author');
  }

  const byInstance = new Map<string, StixObject>();
  for (const block of diagram.blocks) {
    if (byInstance.has(block.instance)) continue;
    const type = stixTypeOfTemplate(block.template);
    if (!type || type === 'attack-flow' || type === 'relationship' || type === 'bundle') {
      warn(ctx, 'afb-unknown-template', `block "${block.instance}" has template ${show(block.template)}, which has no STIX type; skipped`);
      continue;
    }
    if (!TEMPLATES.has(block.template) && !diagram.declaredKinds.has(block.template)) {
      warn(ctx, 'afb-unknown-template', `template "${block.template}" is not a Builder template; read as STIX type "${type}"`, stixIdFromInstance(type, block.instance));
    }
    const obj = convertBlock(ctx, block, type);
    byInstance.set(block.instance, obj);
    objects.push(obj);
  }

  let dangling = 0;
  const embedded = new Set<string>();
  for (const line of diagram.lines) {
    const src = line.source && byInstance.get(line.source.block);
    const dst = line.target && byInstance.get(line.target.block);
    if (!src || !dst || !line.source) {
      dangling++;
      continue;
    }
    const r = embed(src, dst, line.source.via, embedded);
    if (r === 'duplicate') {
      warn(ctx, 'afb-duplicate-line', `a second line from ${src.id} to ${dst.id} adds nothing; ignored`, src.id);
      continue;
    }
    if (r) continue;
    objects.push({
      type: 'relationship', id: stixIdFromInstance('relationship', line.instance), spec_version: '2.1',
      created: ctx.date, modified: ctx.date, relationship_type: 'related-to', source_ref: src.id, target_ref: dst.id,
    });
  }
  if (dangling) warn(ctx, 'afb-dangling-line', `${dangling} line(s) not attached to a block at both ends; skipped`);

  const graph = graphFromObjects(objects);
  if (graph.duplicates.length) {
    warn(ctx, 'afb-duplicate-id', `${graph.duplicates.length} object id(s) occur twice (the same instance drawn twice?); the first is kept`);
  }
  let starts = computeEntryPoints(graph);
  if (starts.length === 0) {
    const hasSteps = [...graph.objects.values()].some((o) => o.type === 'attack-action' || o.type === 'attack-condition');
    if (hasSteps) {
      starts = cycleEntryPoints(graph);
      warn(ctx, 'afb-no-entry-point', `every action and condition has an incoming edge (cycle); start_refs set to ${starts.join(', ')}`, flowId, 'start_refs');
    } else {
      warn(ctx, 'afb-no-actions', 'the flow has no actions or conditions, so start_refs is empty', flowId, 'start_refs');
    }
  }
  flow.start_refs = starts;
  graph.bundleId = stixId('bundle', flowId);
  return { graph, warnings };
}
