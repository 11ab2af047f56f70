// Reading and writing STIX 2.1 bundles as FlowGraphs. Reading is tolerant (the validator reports
// what is wrong); writing is deterministic: objects and unordered ref lists sorted, keys sorted.
import { MedflowError } from '../util/errors.ts';
import { canonicalJson, isPlainObject } from '../util/json.ts';
import { isStixId, stixId } from '../stix/ids.ts';
import type { FlowGraph, StixObject } from './model.ts';

export interface SkippedEntry {
  index: number;
  reason: string;
}

export interface ReadResult {
  graph: FlowGraph;
  /** Entries of `objects` that could not be taken into the graph at all (not objects, no id…). */
  skipped: SkippedEntry[];
}

/** Builds a FlowGraph from a parsed bundle. Throws only when the input is not a bundle at all. */
export function readBundle(json: unknown, file?: string): ReadResult {
  if (!isPlainObject(json)) throw new MedflowError('expected a STIX bundle (a JSON object)', { file });
  if (!Array.isArray(json.objects)) {
    throw new MedflowError('expected a STIX bundle: property "objects" must be an array', { file, at: 'objects' });
  }
  const skipped: SkippedEntry[] = [];
  const objects: StixObject[] = [];
  json.objects.forEach((o, index) => {
    if (!isPlainObject(o)) return skipped.push({ index, reason: 'not a JSON object' });
    if (typeof o.type !== 'string') return skipped.push({ index, reason: 'no string "type"' });
    if (typeof o.id !== 'string') return skipped.push({ index, reason: 'no string "id"' });
    objects.push(o as StixObject);
  });
  const { type: _t, id, objects: _o, ...bundleProps } = json;
  const graph = graphFromObjects(objects, typeof id === 'string' ? id : '');
  graph.bundleProps = bundleProps;
  return { graph, skipped };
}

export function graphFromObjects(list: Iterable<StixObject>, bundleId = ''): FlowGraph {
  const objects = new Map<string, StixObject>();
  const duplicates = new Set<string>();
  const flows: string[] = [];
  for (const o of list) {
    if (objects.has(o.id)) {
      duplicates.add(o.id);
      continue;
    }
    objects.set(o.id, o);
    if (o.type === 'attack-flow') flows.push(o.id);
  }
  return {
    bundleId,
    objects,
    duplicates: [...duplicates].sort(),
    flowId: flows.length === 1 ? flows[0] : undefined,
    bundleProps: {},
  };
}

/** Reference-list properties whose order carries no meaning; the writer sorts them. */
export const UNORDERED_REF_LISTS: ReadonlySet<string> = new Set([
  'start_refs', 'effect_refs', 'on_true_refs', 'on_false_refs', 'asset_refs', 'object_refs',
]);

const TYPE_RANK: Record<string, number> = { 'extension-definition': 0, 'attack-flow': 1 };

function normaliseObject(o: StixObject): StixObject {
  const out: StixObject = { ...o };
  for (const k of Object.keys(out)) {
    const v = out[k];
    if (UNORDERED_REF_LISTS.has(k) && Array.isArray(v) && v.every((x) => typeof x === 'string')) {
      out[k] = [...new Set(v as string[])].sort();
    }
  }
  return out;
}

/** The bundle as a plain object: objects ordered extension-definition, attack-flow, then by id. */
export function toBundle(g: FlowGraph): Record<string, unknown> {
  const objects = [...g.objects.values()].map(normaliseObject).sort((a, b) => {
    const ra = TYPE_RANK[a.type] ?? 2, rb = TYPE_RANK[b.type] ?? 2;
    return ra - rb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  const id = isStixId(g.bundleId) && g.bundleId.startsWith('bundle--')
    ? g.bundleId
    : stixId('bundle', g.flowId ?? objects.map((o) => o.id).join(','));
  return { ...g.bundleProps, type: 'bundle', id, objects };
}

/** Canonical JSON text of the bundle (sorted keys, trailing newline). */
export function writeBundle(g: FlowGraph): string {
  return canonicalJson(toBundle(g));
}
