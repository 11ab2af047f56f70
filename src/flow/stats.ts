// Size figures of a flow, the same for an .afb file and for the STIX bundle it imports to.
//
// Blocks are the objects a diagram draws: every object except the attack-flow itself, extension
// definitions and the identities that created them, the flow's author identity (a flow property in
// the Builder), and relationship objects (lines). Edges are all references and relationships whose
// two ends are blocks (authorship, marking and catalog references are not edges); `refs` breaks them
// down by kind. For an .afb file these are its blocks and its lines attached at both ends.
import { edgesOf, flowOf, type EdgeKind, type FlowGraph } from './model.ts';

export type RefKind = Exclude<EdgeKind, 'ref'>;

export const REF_KINDS: readonly RefKind[] = [
  'effect_refs', 'on_true_refs', 'on_false_refs', 'asset_refs', 'command_ref', 'object_ref', 'object_refs', 'relationship',
];

export interface FlowStats {
  blocks: number;
  actions: number;
  assets: number;
  conditions: number;
  operators: number;
  edges: number;
  start_refs: number;
  refs: Record<RefKind, number>;
}

const SRO_TYPES = new Set(['relationship', 'sighting']);

/** Ids of the objects a diagram draws as blocks (see the module comment). */
export function blockIds(g: FlowGraph): Set<string> {
  const notBlocks = new Set<string>();
  for (const o of g.objects.values()) {
    if (o.type === 'attack-flow' || o.type === 'extension-definition' || SRO_TYPES.has(o.type)) notBlocks.add(o.id);
    if (o.type === 'extension-definition' && typeof o.created_by_ref === 'string') notBlocks.add(o.created_by_ref);
  }
  const author = flowOf(g)?.created_by_ref;
  if (typeof author === 'string' && g.objects.get(author)?.type === 'identity') notBlocks.add(author);
  const out = new Set<string>();
  for (const id of g.objects.keys()) if (!notBlocks.has(id)) out.add(id);
  return out;
}

export function flowStats(g: FlowGraph): FlowStats {
  const blocks = blockIds(g);
  const count = (type: string) => [...blocks].filter((id) => g.objects.get(id)!.type === type).length;
  const refs = Object.fromEntries(REF_KINDS.map((k) => [k, 0])) as Record<RefKind, number>;
  let edges = 0;
  for (const e of edgesOf(g)) {
    if (!blocks.has(e.source) || !blocks.has(e.target)) continue;
    edges++;
    if (e.kind !== 'ref') refs[e.kind]++;
  }
  const starts = flowOf(g)?.start_refs;
  return {
    blocks: blocks.size,
    actions: count('attack-action'),
    assets: count('attack-asset'),
    conditions: count('attack-condition'),
    operators: count('attack-operator'),
    edges,
    start_refs: Array.isArray(starts) ? starts.length : 0,
    refs,
  };
}
