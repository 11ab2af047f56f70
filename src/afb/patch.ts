// The "medflow" section of exported .afb files: how STIX content the Builder has no field for survives
// a trip through the Builder format.
//
// Design. A Builder file can hold only what its templates hold (names, descriptions, ATT&CK ids, a few
// typed fields, lines between blocks). A STIX bundle can hold more: property extensions (medflow's
// medical metadata), created/modified per object, custom properties, relationship ids and types,
// objects of types the Builder has no block for, a chosen author identity id, the bundle id. The
// exporter writes everything it can into Builder fields, then *imports its own output* and compares
// the result with the graph it was given. The difference is stored as a patch in a top-level
// "medflow" key of the .afb document:
//
//   "medflow": { "version": 1, "about": "…", "digest": "sha256:…",
//                "bundle": {"id"?, "properties"?},   bundle id and bundle-level properties
//                "add": [object…],                   whole objects that have no block (or differ in id)
//                "remove": [id…],                    objects the import creates that the source lacked
//                "set": {id: {property: value}},     properties to overwrite (whole values)
//                "unset": {id: [property…]} }        properties the import creates that the source lacked
//
// The importer applies the patch after reading the drawing, so afb → STIX → afb → STIX and
// STIX → afb → STIX are exact by construction. The Builder ignores unknown top-level keys (it reads
// schema, theme, objects, layout and camera), so the file opens normally; if it is saved again from
// the Builder the patch is dropped and the drawing alone is read. The digest covers the "objects"
// array: when the drawing was edited after export the patch no longer describes it, so it is
// ignored with a warning rather than applied to something else.
import { createHash } from 'node:crypto';
import type { Issue } from '../util/issue.ts';
import { isPlainObject } from '../util/json.ts';
import { isStixId, stixId } from '../stix/ids.ts';
import { UNORDERED_REF_LISTS, graphFromObjects } from '../flow/bundle.ts';
import type { FlowGraph, StixObject } from '../flow/model.ts';

export const PATCH_KEY = 'medflow';
export const PATCH_VERSION = 1;
const ABOUT = 'STIX content the Attack Flow Builder has no field for (extensions, ids, custom properties); ' +
  'medflow applies it when importing this file. Ignored by the Builder.';
const MAX_DEPTH = 64;

export interface AfbPatch {
  version: number;
  about: string;
  digest: string;
  bundle?: { id?: string; properties?: Record<string, unknown> };
  add?: StixObject[];
  remove?: string[];
  set?: Record<string, Record<string, unknown>>;
  unset?: Record<string, string[]>;
}

export function objectsDigest(objects: unknown): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(objects)).digest('hex');
}

/** The bundle id writeBundle would write for a graph. */
function effectiveBundleId(g: FlowGraph): string {
  if (isStixId(g.bundleId) && g.bundleId.startsWith('bundle--')) return g.bundleId;
  return stixId('bundle', g.flowId ?? [...g.objects.values()].map((o) => o.id).sort().join(','));
}

/** Equality as the bundle writer sees it: key order ignored, unordered ref lists compared as sets. */
function sameValue(a: unknown, b: unknown, key?: string): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (key && UNORDERED_REF_LISTS.has(key) && a.every((x) => typeof x === 'string') && b.every((x) => typeof x === 'string')) {
      const sa = [...new Set(a as string[])].sort(), sb = [...new Set(b as string[])].sort();
      return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
    }
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined), kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

/** What turns `got` (the import of the drawing alone) into `want` (the graph that was exported). */
export function diffGraphs(want: FlowGraph, got: FlowGraph, digest: string): AfbPatch | undefined {
  const patch: AfbPatch = { version: PATCH_VERSION, about: ABOUT, digest };
  const add: StixObject[] = [], remove: string[] = [];
  const set: Record<string, Record<string, unknown>> = {}, unset: Record<string, string[]> = {};
  for (const id of [...want.objects.keys()].sort()) {
    const w = want.objects.get(id)!, g = got.objects.get(id);
    if (!g || g.type !== w.type) {
      add.push(w);
      continue;
    }
    const s: Record<string, unknown> = {}, u: string[] = [];
    for (const k of Object.keys(w)) if (w[k] !== undefined && !sameValue(w[k], g[k], k)) s[k] = w[k];
    for (const k of Object.keys(g)) if (g[k] !== undefined && w[k] === undefined) u.push(k);
    if (Object.keys(s).length) set[id] = s;
    if (u.length) unset[id] = u.sort();
  }
  for (const [id, g] of got.objects) {
    const w = want.objects.get(id);
    if (!w || w.type !== g.type) remove.push(id);
  }
  const bundle: NonNullable<AfbPatch['bundle']> = {};
  if (effectiveBundleId(want) !== effectiveBundleId(got)) bundle.id = effectiveBundleId(want);
  if (!sameValue(want.bundleProps, got.bundleProps)) bundle.properties = want.bundleProps;
  if (Object.keys(bundle).length) patch.bundle = bundle;
  if (add.length) patch.add = add;
  if (remove.length) patch.remove = remove.sort();
  if (Object.keys(set).length) patch.set = set;
  if (Object.keys(unset).length) patch.unset = unset;
  return patch.bundle || patch.add || patch.remove || patch.set || patch.unset ? patch : undefined;
}

/** Depth of a JSON value, counting up to `limit` (iterative, so hostile nesting cannot overflow). */
function depthExceeds(v: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[v, 0]];
  let visited = 0;
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > limit || ++visited > 1_000_000) return true;
    if (Array.isArray(x)) for (const y of x) stack.push([y, d + 1]);
    else if (isPlainObject(x)) for (const y of Object.values(x)) stack.push([y, d + 1]);
  }
  return false;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * Applies a document's "medflow" patch to the graph read from its drawing. Returns the patched graph
 * and the warnings that still hold (warnings about properties the patch replaces are dropped).
 */
export function applyPatch(
  graph: FlowGraph, warnings: Issue[], raw: unknown, objects: unknown,
): { graph: FlowGraph; warnings: Issue[] } {
  if (raw === undefined) return { graph, warnings };
  const bad = (why: string) => ({ graph, warnings: [...warnings, { code: 'afb-patch-ignored', message: `the "${PATCH_KEY}" section ${why}; ignored, the drawing alone is read` }] });
  if (!isPlainObject(raw)) return bad('is not an object');
  if (raw.version !== PATCH_VERSION) return bad(`has version ${typeof raw.version === 'number' ? raw.version : typeof raw.version}, expected ${PATCH_VERSION}`);
  if (depthExceeds(raw, MAX_DEPTH)) return bad(`is nested more than ${MAX_DEPTH} levels`);
  let digest: string | undefined;
  try {
    digest = objectsDigest(objects);
  } catch {
    digest = undefined; // a drawing too deeply nested to serialise cannot be the one the patch was made for
  }
  if (raw.digest !== digest) return bad('does not match the drawing (edited after export?)');
  const { add, remove, set, unset, bundle } = raw;
  if ((add !== undefined && !Array.isArray(add)) || (remove !== undefined && !Array.isArray(remove)) ||
    (set !== undefined && !isPlainObject(set)) || (unset !== undefined && !isPlainObject(unset)) ||
    (bundle !== undefined && !isPlainObject(bundle))) {
    return bad('is malformed');
  }
  const objs = new Map(graph.objects);
  const touched = new Map<string, Set<string> | 'all'>();
  for (const id of (remove ?? []) as unknown[]) {
    if (typeof id !== 'string') continue;
    objs.delete(id);
    touched.set(id, 'all');
  }
  for (const o of (add ?? []) as unknown[]) {
    if (!isPlainObject(o) || typeof o.type !== 'string' || typeof o.id !== 'string') continue;
    objs.set(o.id, clone(o) as StixObject);
    touched.set(o.id, 'all');
  }
  const mark = (id: string, k: string) => {
    const t = touched.get(id);
    if (t === 'all') return;
    const s = t ?? new Set<string>();
    s.add(k);
    touched.set(id, s);
  };
  for (const [id, props] of Object.entries((set ?? {}) as Record<string, unknown>)) {
    const o = objs.get(id);
    if (!o || !isPlainObject(props)) continue;
    const next: StixObject = { ...o };
    for (const [k, v] of Object.entries(props)) if (k !== 'id' && k !== 'type') {
      next[k] = clone(v);
      mark(id, k);
    }
    objs.set(id, next);
  }
  for (const [id, keys] of Object.entries((unset ?? {}) as Record<string, unknown>)) {
    const o = objs.get(id);
    if (!o || !Array.isArray(keys)) continue;
    const next: StixObject = { ...o };
    for (const k of keys) if (typeof k === 'string' && k !== 'id' && k !== 'type') {
      delete next[k];
      mark(id, k);
    }
    objs.set(id, next);
  }
  const patched = graphFromObjects(objs.values(), graph.bundleId);
  patched.bundleProps = { ...graph.bundleProps };
  if (isPlainObject(bundle)) {
    if (typeof bundle.id === 'string') patched.bundleId = bundle.id;
    if (isPlainObject(bundle.properties)) patched.bundleProps = clone(bundle.properties);
  }
  const kept = warnings.filter((w) => {
    if (!w.object) return true;
    const t = touched.get(w.object);
    return !(t === 'all' || (t && w.property && t.has(w.property)));
  });
  return { graph: patched, warnings: kept };
}
