// medflow's checks of an attack flow as a graph: duplicate and mistyped ids, dangling references of any
// kind, reference targets of the wrong type, start_refs against the true entry points, directed cycles,
// reachability from start_refs, operators with too few inputs, connectivity to the flow (the reference
// validator's rule) and the flow-description best practice.
import type { Issue } from '../util/issue.ts';
import { isStixId, stixType } from '../stix/ids.ts';
import { AF_EXTENSION_ID } from '../stix/attack-flow.ts';
import {
  computeEntryPoints, edgesOf, flowOf, isReachNodeType, REACH_EDGE_KINDS, type FlowEdge, type FlowGraph, type StixObject,
} from '../flow/model.ts';
import { SCO_TYPES, TLP_MARKING_IDS } from './stix-schema.ts';
import { listOr } from './rules.ts';

const REACH = ['attack-action', 'attack-condition', 'attack-operator'];
const NOT_SRO_ENDPOINT = ['relationship', 'sighting', 'bundle', 'marking-definition', 'language-content'];
const SCOS = [...SCO_TYPES];

/** Allowed target types by "type.property" (first) or "property". `!` lists forbidden types instead. */
const REF_TARGETS: Record<string, readonly string[]> = {
  start_refs: ['attack-action', 'attack-condition'],
  effect_refs: REACH,
  on_true_refs: REACH,
  on_false_refs: REACH,
  asset_refs: ['attack-asset'],
  command_ref: ['process'],
  technique_ref: ['attack-pattern'],
  tactic_ref: ['x-mitre-tactic'],
  created_by_ref: ['identity'],
  object_marking_refs: ['marking-definition'],
  host_vm_ref: ['software'],
  operating_system_ref: ['software'],
  operating_system_refs: ['software'],
  installed_software_refs: ['software'],
  sample_ref: ['artifact', 'file', 'network-traffic'],
  sample_refs: ['artifact', 'file'],
  where_sighted_refs: ['identity', 'location'],
  observed_data_refs: ['observed-data'],
  analysis_sco_refs: SCOS,
  parent_directory_ref: ['directory'],
  content_ref: ['artifact'],
  creator_user_ref: ['user-account'],
  image_ref: ['file'],
  parent_ref: ['process'],
  child_refs: ['process'],
  opened_connection_refs: ['network-traffic'],
  src_ref: ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
  dst_ref: ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'],
  src_payload_ref: ['artifact'],
  dst_payload_ref: ['artifact'],
  raw_email_ref: ['artifact'],
  encapsulates_refs: ['network-traffic'],
  encapsulated_by_ref: ['network-traffic'],
  from_ref: ['email-addr'],
  sender_ref: ['email-addr'],
  to_refs: ['email-addr'],
  cc_refs: ['email-addr'],
  bcc_refs: ['email-addr'],
  'email-addr.belongs_to_ref': ['user-account'],
  'ipv4-addr.belongs_to_refs': ['autonomous-system'],
  'ipv6-addr.belongs_to_refs': ['autonomous-system'],
  'domain-name.resolves_to_refs': ['ipv4-addr', 'ipv6-addr', 'domain-name'],
  'ipv4-addr.resolves_to_refs': ['mac-addr'],
  'ipv6-addr.resolves_to_refs': ['mac-addr'],
  'directory.contains_refs': ['file', 'directory'],
  'file.contains_refs': SCOS,
  'relationship.source_ref': ['!', ...NOT_SRO_ENDPOINT],
  'relationship.target_ref': ['!', ...NOT_SRO_ENDPOINT],
};

/** References to things that often live outside the bundle (authors, markings): missing targets only warn. */
const CONTEXT_REFS = new Set(['created_by_ref', 'object_marking_refs', 'marking_ref']);
/** References into the ATT&CK/ATLAS catalog, not into the bundle (checked by the catalog rules). */
const CATALOG_REFS = new Set(['technique_ref', 'tactic_ref']);

export interface RefUse {
  source: StixObject;
  property: string;
  /** Issue property: "effect_refs[2]" or "command_ref". */
  at: string;
  target: string;
}

/** Every reference an object makes in a top-level `*_ref` / `*_refs` property or a granular marking. */
export function refUses(o: StixObject): RefUse[] {
  const out: RefUse[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === 'granular_markings' && Array.isArray(v)) {
      v.forEach((m, i) => {
        const r = (m as { marking_ref?: unknown } | null)?.marking_ref;
        if (typeof r === 'string') out.push({ source: o, property: 'marking_ref', at: `granular_markings[${i}].marking_ref`, target: r });
      });
      continue;
    }
    if (!/_refs?$/.test(k)) continue;
    if (typeof v === 'string') out.push({ source: o, property: k, at: k, target: v });
    else if (Array.isArray(v)) v.forEach((t, i) => typeof t === 'string' && out.push({ source: o, property: k, at: `${k}[${i}]`, target: t }));
  }
  return out;
}

function allowedTargets(type: string, property: string): readonly string[] | undefined {
  return REF_TARGETS[`${type}.${property}`] ?? REF_TARGETS[property];
}

/** A short readable name of an object for messages: `"Name" [attack-action--1a2b3c4d]`. */
export function label(g: FlowGraph, id: string): string {
  const o = g.objects.get(id);
  const short = id.replace(/^([a-z0-9-]+--[0-9a-fA-F]{8}).*$/, '$1');
  if (!o) return `[${short}]`;
  const text = typeof o.name === 'string' && o.name.trim() ? o.name
    : o.type === 'attack-operator' ? `${String(o.operator ?? '?')} operator`
    : typeof o.description === 'string' && o.description.trim() ? o.description
    : typeof o.value === 'string' ? o.value : '';
  const t = text.replace(/\s+/g, ' ').trim();
  return t ? `"${t.length > 50 ? t.slice(0, 47) + '...' : t}" [${short}]` : `[${short}]`;
}

export interface GraphCheckInput {
  graph: FlowGraph;
  /** "objectId\0property" of properties the schema rules already reported (no second finding there). */
  reported: Set<string>;
}

export function graphChecks({ graph: g, reported }: GraphCheckInput): { errors: Issue[]; warnings: Issue[] } {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const edges = edgesOf(g);

  // Duplicate ids and ids naming another type.
  for (const id of g.duplicates) {
    errors.push({ code: 'duplicate-id', object: id, property: 'id', message: `the id ${id} is used by more than one object; only the first is kept` });
  }
  for (const o of g.objects.values()) {
    const t = isStixId(o.id) ? stixType(o.id) : undefined;
    if (t && t !== o.type && !reported.has(`${o.id}\u0000id`)) {
      errors.push({ code: 'id-type-mismatch', object: o.id, property: 'id', message: `the id names type "${t}" but the object's type is "${o.type}"` });
    }
  }

  // References: dangling, wrong type, repeated.
  for (const o of g.objects.values()) {
    const seen = new Map<string, Set<string>>();
    for (const r of refUses(o)) {
      if (CATALOG_REFS.has(r.property) && !g.objects.has(r.target)) continue;
      const key = `${o.id}\u0000${r.at}`;
      if (!isStixId(r.target)) {
        if (!reported.has(key)) {
          errors.push({ code: 'dangling-ref', object: o.id, property: r.at, message: `"${r.at}" is ${JSON.stringify(r.target)}, which is not a STIX identifier` });
        }
        continue;
      }
      const inList = seen.get(r.property) ?? new Set<string>();
      if (inList.has(r.target)) {
        warnings.push({ code: 'duplicate-ref', object: o.id, property: r.at, message: `"${r.property}" names ${label(g, r.target)} more than once` });
      }
      inList.add(r.target);
      seen.set(r.property, inList);
      const target = g.objects.get(r.target);
      if (!target) {
        if (CONTEXT_REFS.has(r.property)) {
          if (!(r.property !== 'created_by_ref' && TLP_MARKING_IDS.has(r.target))) {
            warnings.push({ code: 'dangling-context-ref', object: o.id, property: r.at, message: `"${r.at}" names ${r.target}, which is not in the bundle` });
          }
        } else {
          errors.push({ code: 'dangling-ref', object: o.id, property: r.at, message: `"${r.at}" names ${r.target}, which is not in the bundle` });
        }
        continue;
      }
      const allowed = allowedTargets(o.type, r.property);
      if (!allowed || reported.has(key)) continue;
      const ok = allowed[0] === '!' ? !allowed.includes(target.type) : allowed.includes(target.type);
      if (!ok) {
        const what = allowed[0] === '!' ? `must not point at ${listOr([target.type])}` : `must point at ${allowed.length > 4 ? 'a cyber observable' : listOr(allowed)}`;
        errors.push({ code: 'ref-wrong-type', object: o.id, property: r.at, message: `"${r.property}" ${what}, but ${label(g, r.target)} is ${listOr([target.type])}` });
      }
    }
  }

  const flow = flowOf(g);
  const reach = edges.filter((e) => REACH_EDGE_KINDS.includes(e.kind) && isReachNodeType(g.objects.get(e.target)?.type ?? ''));
  const next = adjacency(reach);

  // Connectivity to the flow (MITRE's rule): undirected, over every reference and relationship. Without
  // any usable start_refs everything would be "not connected"; the start_refs findings say why instead.
  const hasStarts = !!flow && Array.isArray(flow.start_refs) && flow.start_refs.some((s) => g.objects.has(s));
  const notConnected = flow && hasStarts ? disconnected(g, flow.id) : new Set<string>();
  for (const id of notConnected) {
    warnings.push({ code: 'not-connected', object: id, message: `${label(g, id)} is not connected to the flow: no chain of references links it to the attack-flow` });
  }

  if (flow) {
    // start_refs against the entry points.
    const entries = new Set(computeEntryPoints(g, edges));
    const starts = Array.isArray(flow.start_refs) ? flow.start_refs : [];
    const validStarts = starts.filter((s) => typeof s === 'string' && (g.objects.get(s)?.type === 'attack-action' || g.objects.get(s)?.type === 'attack-condition'));
    const fromEntries = reachable([...entries], next);
    const prev = adjacency(reach, true);
    starts.forEach((s, i) => {
      if (!validStarts.includes(s) || entries.has(s)) return;
      // A start inside a cycle that no entry point leads into is the only way into that cycle: accept it.
      if (!fromEntries.has(s)) return;
      const before = (prev.get(s) ?? []).map((p) => label(g, p)).slice(0, 3).join(', ');
      errors.push({ code: 'start-ref-not-entry', object: flow.id, property: `start_refs[${i}]`,
        message: `${label(g, s)} is not an entry point: ${before} lead${(prev.get(s) ?? []).length === 1 ? 's' : ''} to it` });
    });
    const listed = new Set(starts);
    const missing = [...entries].filter((e) => !listed.has(e));
    for (const e of missing) {
      {
        errors.push({ code: 'entry-not-start-ref', object: flow.id, property: 'start_refs',
          message: `${label(g, e)} is an entry point (nothing leads to it) but is not listed in start_refs` });
      }
    }

    // Reachability from start_refs (and from the entry points missing there, which are errors already).
    if (validStarts.length || missing.length) {
      const seen = reachable([...validStarts, ...missing], next);
      for (const o of g.objects.values()) {
        if (isReachNodeType(o.type) && !seen.has(o.id) && !notConnected.has(o.id)) {
          warnings.push({ code: 'unreachable', object: o.id, message: `no path from start_refs reaches ${label(g, o.id)}` });
        }
      }
    }

    if (typeof flow.description !== 'string' || !flow.description.trim()) {
      warnings.push({ code: 'no-description', object: flow.id, property: 'description', message: 'the attack-flow has no description; say what the flow shows and where it comes from' });
    }
  }

  // Operators with fewer than two inputs.
  const inputs = adjacency(reach, true);
  for (const o of g.objects.values()) {
    if (o.type !== 'attack-operator') continue;
    const n = new Set(inputs.get(o.id) ?? []).size;
    if (n < 2) {
      warnings.push({ code: 'operator-inputs', object: o.id,
        message: `${label(g, o.id)} has ${n === 0 ? 'no inputs' : 'only one input'}; an ${String(o.operator ?? '')} operator joins two or more` });
    }
  }

  // Directed cycles.
  for (const cyc of cycles(g, reach, next)) warnings.push(cyc);

  return { errors, warnings };
}

function adjacency(edges: FlowEdge[], reverse = false): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = reverse ? [e.target, e.source] : [e.source, e.target];
    const l = m.get(a);
    if (l) {
      if (!l.includes(b)) l.push(b);
    } else m.set(a, [b]);
  }
  return m;
}

function reachable(from: string[], next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(from);
  const stack = [...from];
  while (stack.length) {
    for (const t of next.get(stack.pop()!) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return seen;
}

/** Objects with no undirected chain of references to the flow (extension definitions and their authors aside). */
function disconnected(g: FlowGraph, flowId: string): Set<string> {
  const ignored = new Set<string>();
  const referencedByOthers = new Set<string>();
  for (const o of g.objects.values()) {
    if (o.type === 'extension-definition') {
      ignored.add(o.id);
      continue;
    }
    for (const r of refUses(o)) if (r.target !== o.id) referencedByOthers.add(r.target);
  }
  for (const o of g.objects.values()) {
    if (o.type === 'extension-definition' && typeof o.created_by_ref === 'string' && !referencedByOthers.has(o.created_by_ref)) {
      ignored.add(o.created_by_ref);
    }
  }
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    if (!g.objects.has(a) || !g.objects.has(b) || ignored.has(a) || ignored.has(b)) return;
    (adj.get(a) ?? adj.set(a, []).get(a)!).push(b);
    (adj.get(b) ?? adj.set(b, []).get(b)!).push(a);
  };
  for (const o of g.objects.values()) {
    // A relationship is an edge between its ends, not an object of its own here.
    if (o.type === 'relationship') {
      if (typeof o.source_ref === 'string' && typeof o.target_ref === 'string') link(o.source_ref, o.target_ref);
      continue;
    }
    for (const r of refUses(o)) link(o.id, r.target);
  }
  const seen = reachable([flowId], adj);
  const out = new Set<string>();
  for (const o of g.objects.values()) {
    if (seen.has(o.id) || ignored.has(o.id) || o.id === AF_EXTENSION_ID) continue;
    if (o.type === 'threat-actor' || o.type === 'campaign' || o.type === 'relationship') continue;
    out.add(o.id);
  }
  return out;
}

/** One warning per strongly connected group of reach nodes (or self-loop), naming a shortest cycle in it. */
function cycles(g: FlowGraph, reach: FlowEdge[], next: Map<string, string[]>): Issue[] {
  const nodes = [...g.objects.values()].filter((o) => isReachNodeType(o.type)).map((o) => o.id).sort();
  const out: Issue[] = [];
  for (const scc of stronglyConnected(nodes, next)) {
    const start = scc[0];
    const selfLoop = (next.get(start) ?? []).includes(start);
    if (scc.length === 1 && !selfLoop) continue;
    const inScc = new Set(scc);
    // Shortest path start → … → start inside the component.
    const parent = new Map<string, string>();
    const queue: string[] = [start];
    let found = selfLoop;
    for (let qi = 0; qi < queue.length && !found; qi++) {
      const u = queue[qi];
      for (const v of next.get(u) ?? []) {
        if (!inScc.has(v)) continue;
        if (v === start) {
          parent.set(start, u);
          found = true;
          break;
        }
        if (!parent.has(v)) {
          parent.set(v, u);
          queue.push(v);
        }
      }
    }
    const path: string[] = [start];
    if (!selfLoop) {
      for (let u = parent.get(start)!; u !== start; u = parent.get(u)!) path.push(u);
      path.push(start);
      path.splice(1, path.length - 2, ...path.slice(1, -1).reverse());
    } else path.push(start);
    const first = reach.find((e) => e.source === path[0] && e.target === path[1]);
    const more = scc.length > path.length - 1 ? ` (${scc.length} steps are on cycles together here)` : '';
    out.push({
      code: 'cycle',
      object: start,
      property: first?.property,
      message: `directed cycle: ${path.map((id) => label(g, id)).join(' → ')}${more}`,
    });
  }
  return out;
}

/** Tarjan's algorithm without recursion; components come out with sorted members. */
function stronglyConnected(nodes: string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const succ = next.get(frame.v) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.v);
        out.push(comp.sort());
      }
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
