// An independent reference for the simulation semantics, written directly over the FlowGraph (not
// the engine's circuit): enumerates every outcome of every action and condition, computes the least
// fixed point by plain iteration, and sums probabilities. Exponential, for small flows in tests.
import { edgesOf, flowOf, REACH_EDGE_KINDS, type FlowGraph } from '../../src/flow/model.ts';
import { medicalProps } from '../../src/stix/medflow-extension.ts';
import { sfc32, type Rng } from '../../src/util/rng.ts';
import type { FlowSpec, SpecNode } from '../../src/simulate/index.ts';
import { specId } from '../../src/simulate/synthetic.ts';

interface RefGraph {
  ids: string[];
  type: string[];
  op: string[];
  entry: boolean[];
  /** Per node: incoming (source index, kind 0 = plain, 1 = on_true, 2 = on_false). */
  ins: [number, number][][];
  actions: number[];
  conds: number[];
  harmFrom: number[];
  assetUsers: Map<string, number[]>;
}

export function refGraph(g: FlowGraph): RefGraph {
  const nodes = [...g.objects.values()].filter((o) => ['attack-action', 'attack-condition', 'attack-operator'].includes(o.type));
  const ids = nodes.map((o) => o.id);
  const at = new Map(ids.map((id, i) => [id, i]));
  const ins: [number, number][][] = ids.map(() => []);
  const out = new Set<number>();
  for (const e of edgesOf(g)) {
    if (!REACH_EDGE_KINDS.includes(e.kind)) continue;
    const s = at.get(e.source), t = at.get(e.target);
    if (s === undefined || t === undefined) continue;
    ins[t].push([s, e.kind === 'on_true_refs' ? 1 : e.kind === 'on_false_refs' ? 2 : 0]);
    out.add(s);
  }
  const start = new Set((flowOf(g)?.start_refs ?? []) as string[]);
  const type = nodes.map((o) => o.type);
  const entry = nodes.map((o, i) => start.has(o.id) || (o.type !== 'attack-operator' && ins[i].length === 0));
  const actions = ids.map((_, i) => i).filter((i) => type[i] === 'attack-action');
  const conds = ids.map((_, i) => i).filter((i) => type[i] === 'attack-condition');
  const assetUsers = new Map<string, number[]>();
  for (const i of actions) {
    for (const a of (nodes[i].asset_refs as string[] | undefined) ?? []) assetUsers.set(a, [...(assetUsers.get(a) ?? []), i]);
  }
  const harmAssets = [...g.objects.values()].filter((o) => o.type === 'attack-asset' && (medicalProps(o) as { patient_harm?: boolean } | undefined)?.patient_harm);
  let harmFrom = harmAssets.length > 0 ? harmAssets.flatMap((a) => assetUsers.get(a.id) ?? []) : actions.filter((i) => !out.has(i));
  if (harmAssets.length === 0 && harmFrom.length === 0) {
    harmFrom = ids.map((_, i) => i).filter((i) => !out.has(i));
    if (harmFrom.length === 0) harmFrom = actions;
  }
  return { ids, type, op: nodes.map((o) => String(o.operator ?? '')), entry, ins, actions, conds, harmFrom, assetUsers };
}

/** Least fixed point for one outcome: `val[i]` = node reached (conditions: reached and true). */
export function refEvaluate(r: RefGraph, x: boolean[], y: boolean[]): { val: boolean[]; reach: boolean[] } {
  const n = r.ids.length;
  const reach = new Array<boolean>(n).fill(false);
  const val = new Array<boolean>(n).fill(false);
  const sig = (s: number, kind: number) => (r.type[s] !== 'attack-condition' ? val[s] : kind === 2 ? reach[s] && !y[s] : reach[s] && y[s]);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < n; i++) {
      let rv: boolean;
      if (r.type[i] === 'attack-operator') {
        const sigs = r.ins[i].map(([s, k]) => sig(s, k));
        rv = r.entry[i] || (r.op[i] === 'AND' ? sigs.length > 0 && sigs.every(Boolean) : sigs.some(Boolean));
      } else rv = r.entry[i] || r.ins[i].some(([s, k]) => sig(s, k));
      const v = r.type[i] === 'attack-action' ? rv && x[i] : r.type[i] === 'attack-condition' ? rv && y[i] : rv;
      if (rv !== reach[i] || v !== val[i]) (reach[i] = rv, val[i] = v, changed = true);
    }
  }
  return { val, reach };
}

/** Exact probabilities by enumeration. `p` / `q` by STIX id (missing = 1). */
export function refProbabilities(g: FlowGraph, p: Record<string, number>, q: Record<string, number>) {
  const r = refGraph(g);
  const vars = [...r.actions, ...r.conds];
  const prob = vars.map((i) => (r.type[i] === 'attack-action' ? p[r.ids[i]] ?? 1 : q[r.ids[i]] ?? 1));
  const node = new Float64Array(r.ids.length);
  const assets = new Map<string, number>([...r.assetUsers.keys()].map((k) => [k, 0]));
  let harm = 0;
  const x = new Array<boolean>(r.ids.length).fill(false), y = new Array<boolean>(r.ids.length).fill(false);
  for (let m = 0; m < 1 << vars.length; m++) {
    let w = 1;
    vars.forEach((i, k) => {
      const on = ((m >> k) & 1) === 1;
      if (r.type[i] === 'attack-action') x[i] = on;
      else y[i] = on;
      w *= on ? prob[k] : 1 - prob[k];
    });
    if (w === 0) continue;
    const { val } = refEvaluate(r, x, y);
    for (let i = 0; i < val.length; i++) if (val[i]) node[i] += w;
    for (const [a, users] of r.assetUsers) if (users.some((i) => val[i])) assets.set(a, assets.get(a)! + w);
    if (r.harmFrom.some((i) => val[i])) harm += w;
  }
  return { nodes: new Map(r.ids.map((id, i) => [id, node[i]])), assets, harm };
}

/** Structural facts by enumeration over action subsets (conditions free: some outcome suffices). */
export function refStructure(g: FlowGraph, techniqueOf: (id: string) => string) {
  const r = refGraph(g);
  const A = r.actions.length;
  const sat = new Uint8Array(1 << A);
  const x = new Array<boolean>(r.ids.length).fill(false), y = new Array<boolean>(r.ids.length).fill(false);
  for (let m = 0; m < 1 << A; m++) {
    r.actions.forEach((i, k) => (x[i] = ((m >> k) & 1) === 1));
    for (let c = 0; c < 1 << r.conds.length && !sat[m]; c++) {
      r.conds.forEach((i, k) => (y[i] = ((c >> k) & 1) === 1));
      if (r.harmFrom.some((i) => refEvaluate(r, x, y).val[i])) sat[m] = 1;
    }
  }
  const full = (1 << A) - 1;
  const ids = (m: number) => r.actions.filter((_, k) => (m >> k) & 1).map((i) => r.ids[i]).sort();
  const attacks: string[][] = [], cuts: string[][] = [];
  let minSteps = Infinity, minTech = Infinity;
  for (let m = 0; m <= full; m++) {
    const bits = [...Array(A).keys()].filter((k) => (m >> k) & 1);
    if (sat[m]) {
      minSteps = Math.min(minSteps, bits.length);
      minTech = Math.min(minTech, new Set(bits.map((k) => techniqueOf(r.ids[r.actions[k]]))).size);
      if (bits.every((k) => !sat[m & ~(1 << k)])) attacks.push(ids(m));
    }
    // m is a cut when the actions outside m cannot reach harm
    if (!sat[full & ~m] && sat[full] && bits.every((k) => sat[full & ~(m & ~(1 << k))])) cuts.push(ids(m));
  }
  const order = (a: string[], b: string[]) => a.length - b.length || (a.join() < b.join() ? -1 : a.join() > b.join() ? 1 : 0);
  return {
    attacks: attacks.sort(order),
    cuts: cuts.sort(order),
    minSteps: Number.isFinite(minSteps) ? minSteps : null,
    minTech: Number.isFinite(minTech) ? minTech : null,
  };
}

/** A random small flow: shared nodes, AND/OR operators, conditions with both branches, some cycles. */
export function randomSpec(seed: number, maxActions = 14): { spec: FlowSpec; p: Record<string, number>; q: Record<string, number> } {
  const rng: Rng = sfc32(seed);
  const nA = 2 + rng.int(maxActions - 1);
  const nO = rng.int(4), nC = rng.int(4);
  const kinds: SpecNode['kind'][] = [...Array(nA).fill('action'), ...Array(nO).fill('operator'), ...Array(nC).fill('condition')];
  for (let i = kinds.length - 1; i > 1; i--) {
    const j = 1 + rng.int(i); // keep node 0 an action (an entry)
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const nodes: SpecNode[] = kinds.map((kind, i) => ({
    key: `k${i}`, kind, technique: kind === 'action' ? ['T1566', 'T1078', 'T1190', 'T1021', 'T0831'][rng.int(5)] : undefined,
    operator: kind === 'operator' ? (rng.float() < 0.5 ? 'AND' : 'OR') : undefined,
  }));
  const link = (from: SpecNode, to: SpecNode) => {
    if (from.kind === 'condition') {
      const list = rng.float() < 0.35 ? (from.onFalse ??= []) : (from.onTrue ??= []);
      if (!list.includes(to.key)) list.push(to.key);
    } else if (!(from.effects ??= []).includes(to.key)) from.effects.push(to.key);
  };
  for (let i = 1; i < nodes.length; i++) {
    const parents = 1 + rng.int(nodes[i].kind === 'operator' ? 3 : 2);
    for (let k = 0; k < parents; k++) link(nodes[rng.int(i)], nodes[i]);
  }
  // fan-out (shared nodes) and cycles
  for (let k = 0; k < 2; k++) {
    const a = rng.int(nodes.length), b = rng.int(nodes.length);
    if (a !== b) link(nodes[a], nodes[b]);
  }
  const spec: FlowSpec = { name: `random-${seed}`, nodes, start: ['k0', ...(rng.float() < 0.5 ? [nodes[1].key] : [])] };
  if (rng.float() < 0.5) {
    const acts = nodes.filter((n) => n.kind === 'action');
    const harm = acts[rng.int(acts.length)];
    harm.assets = ['harm'];
    spec.assets = [{ key: 'harm', patientHarm: true }, { key: 'other' }];
    const o = acts[rng.int(acts.length)];
    o.assets = [...(o.assets ?? []), 'other'];
  }
  const p: Record<string, number> = {}, q: Record<string, number> = {};
  const round = (v: number) => Math.round(v * 1000) / 1000;
  for (const n of nodes) {
    if (n.kind === 'action') p[specId(spec, n.key)] = rng.float() < 0.15 ? 1 : round(rng.float());
    if (n.kind === 'condition') q[specId(spec, n.key)] = round(rng.float());
  }
  return { spec, p, q };
}
