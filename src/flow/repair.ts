// Repairs of STIX input on import: unambiguous fixes of common defects in exported bundles (null
// values, empty lists, start_refs that are not the flow's entry points), each reported as a warning.
// The validator checks input as it is; importing (convert, simulate, library) repairs it first.
import type { Issue } from '../util/issue.ts';
import { isPlainObject } from '../util/json.ts';
import { computeEntryPoints, type FlowGraph, type StixObject } from './model.ts';

/** Removes nulls and empty lists from a value, recording the paths it removed. */
function prune(value: unknown, path: string, removed: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => prune(v, `${path}[${i}]`, removed));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (v === null || (Array.isArray(v) && v.length === 0)) {
      removed.push(p);
      continue;
    }
    out[k] = prune(v, p, removed);
  }
  return out;
}

/** Returns the repaired graph (a new object; the input is not changed) and one warning per repair. */
export function repairGraph(g: FlowGraph): { graph: FlowGraph; warnings: Issue[] } {
  const warnings: Issue[] = [];
  const objects = new Map<string, StixObject>();
  for (const [id, o] of g.objects) {
    const removed: string[] = [];
    const fixed = prune(o, '', removed) as StixObject;
    for (const p of removed) {
      warnings.push({ code: 'repair-empty-value', message: `removed a null value or an empty list (STIX forbids both)`, object: id, property: p });
    }
    objects.set(id, fixed);
  }
  for (const id of g.duplicates) {
    warnings.push({ code: 'repair-duplicate-id', message: 'the id appears more than once; the first object was kept', object: id });
  }
  const graph: FlowGraph = { ...g, objects, duplicates: [] };
  const flow = g.flowId ? objects.get(g.flowId) : undefined;
  if (flow) {
    const entries = computeEntryPoints(graph);
    const current = Array.isArray(flow.start_refs) ? [...(flow.start_refs as string[])].sort() : [];
    if (entries.length > 0 && entries.join() !== current.join()) {
      objects.set(flow.id, { ...flow, start_refs: entries });
      warnings.push({
        code: 'repair-start-refs',
        message: `start_refs set to the flow's ${entries.length} entry point(s) (was ${current.length})`,
        object: flow.id,
        property: 'start_refs',
      });
    }
  }
  return { graph, warnings };
}
