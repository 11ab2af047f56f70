// Control analysis that needs no probabilities: minimal sets of controls that, assumed perfect, cut
// every path to harm (exact with BDD/ZBDD while the diagrams fit, greedy hitting set with a stated
// bound otherwise), and the variable probabilities of control what-if variants.
import { Bdd, BudgetExceeded, FALSE, TRUE, Zdd } from './bdd.ts';
import { compileCircuit, DEFAULT_BDD_BUDGET, DEFAULT_LIST_LIMIT, sortSets, type CompiledModel } from './exact.ts';
import { controlWeights, variableProbabilities, type SimModel } from './model.ts';
import type { ControlStatus } from './params.ts';

export interface MinimalControlSets {
  method: 'exact' | 'greedy' | 'unavailable';
  /** Sets of control ids, smallest first (exact: up to the listing limit; greedy: one set). */
  sets: string[][];
  /** Exact: number of minimal sets in all. */
  total?: number;
  /** Greedy: a lower bound on the size of the smallest cutting set (pairwise control-disjoint attacks). */
  lower_bound?: number;
  /** Greedy: the set is at most this factor (harmonic number of the largest coverage) above the optimum. */
  approximation_factor?: number;
  /** Why no set is given, or what the sets mean in a special case. */
  note?: string;
}

/**
 * Minimal control sets from an already compiled model, treating every listed control as perfect
 * (it removes each step it covers). `attacks` (the complete list of minimal attacks, as action ids)
 * feeds the greedy fallback when the control diagram exceeds its budget.
 */
export function controlSetsFrom(
  model: SimModel,
  comp: CompiledModel | undefined,
  attacks: string[][] | undefined,
  options: { budget?: number; limit?: number } = {},
): MinimalControlSets {
  const budget = options.budget ?? DEFAULT_BDD_BUDGET, limit = options.limit ?? DEFAULT_LIST_LIMIT;
  const candidates = model.controls.map((_, i) => i).filter((i) => model.controls[i].covers.length > 0);
  if (model.controls.length === 0) return { method: 'exact', sets: [], total: 0, note: 'no controls given' };
  if (comp) {
    try {
      return exactControlSets(model, comp, candidates, budget, limit);
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
    }
  }
  if (!attacks) {
    return { method: 'unavailable', sets: [], note: 'the flow is too large for exact structural analysis, so minimal control sets were not computed' };
  }
  return greedyControlSet(model, candidates, attacks);
}

function exactControlSets(model: SimModel, comp: CompiledModel, candidates: number[], budget: number, limit: number): MinimalControlSets {
  const c = model.circuit;
  const coveredBy: number[][] = model.actions.map(() => []);
  for (const ci of candidates) for (const a of model.controls[ci].covers) coveredBy[a].push(ci);
  // Levels: control and condition variables in the order their steps appear in the main BDD's order.
  const levelOfControl = new Map<number, number>();
  const levelOfCond = new Map<number, number>();
  const isCond: boolean[] = [];
  for (const v of comp.varAt) {
    if (v < c.nActionVars) {
      for (const ci of coveredBy[v]) if (!levelOfControl.has(ci)) (levelOfControl.set(ci, isCond.length), isCond.push(false));
    } else (levelOfCond.set(v, isCond.length), isCond.push(true));
  }
  const controlAt = new Map<number, number>();
  for (const [ci, l] of levelOfControl) controlAt.set(l, ci);
  const bdd = new Bdd(budget);
  const leaf = (v: number): number => {
    if (v >= c.nActionVars) return bdd.variable(levelOfCond.get(v)!);
    let f = TRUE;
    for (const ci of coveredBy[v]) f = bdd.and(f, bdd.variable(levelOfControl.get(ci)!, true));
    return f;
  };
  const fn = compileCircuit(c, bdd, leaf);
  const g = bdd.exists(fn[c.harm], (l) => isCond[l]);
  const h = bdd.not(g); // monotone in the controls: harm is cut
  if (h === FALSE) {
    return { method: 'exact', sets: [], total: 0, note: 'no set of the given controls cuts every path to harm: some attack uses no covered step' };
  }
  if (h === TRUE) return { method: 'exact', sets: [], total: 0, note: 'harm is unreachable even without controls' };
  const zdd = new Zdd(budget);
  const fam = zdd.minsol(bdd, h);
  const ids = (levels: number[]) => levels.map((l) => model.controls[controlAt.get(l)!].spec.id).sort();
  const sets = sortSets(zdd.smallest(fam, limit).map(ids));
  return { method: 'exact', sets, total: zdd.count(fam) };
}

function harmonic(n: number): number {
  let h = 0;
  for (let i = 1; i <= n; i++) h += 1 / i;
  return h;
}

/** Greedy hitting set over the minimal attacks, made minimal afterwards, with a disjoint-attacks lower bound. */
function greedyControlSet(model: SimModel, candidates: number[], attacks: string[][]): MinimalControlSets {
  const actionIdx = new Map(model.actions.map((a, i) => [a.id, i]));
  const hits = new Map<number, Set<number>>(); // control → attacks it hits
  for (const ci of candidates) {
    const cov = new Set(model.controls[ci].covers);
    const s = new Set<number>();
    attacks.forEach((att, ai) => {
      if (att.some((id) => cov.has(actionIdx.get(id)!))) s.add(ai);
    });
    hits.set(ci, s);
  }
  const hitBy = attacks.map((_, ai) => candidates.filter((ci) => hits.get(ci)!.has(ai)));
  if (hitBy.some((l) => l.length === 0)) {
    return { method: 'greedy', sets: [], note: 'no set of the given controls cuts every path to harm: some attack uses no covered step' };
  }
  const open = new Set(attacks.map((_, i) => i));
  const chosen: number[] = [];
  while (open.size > 0) {
    let best = -1, bestN = 0;
    for (const ci of candidates) {
      let n = 0;
      for (const ai of hits.get(ci)!) if (open.has(ai)) n++;
      if (n > bestN) (best = ci, bestN = n);
    }
    chosen.push(best);
    for (const ai of hits.get(best)!) open.delete(ai);
  }
  // drop controls that became redundant (latest first)
  for (let i = chosen.length - 1; i >= 0; i--) {
    const rest = chosen.filter((_, j) => j !== i);
    if (attacks.every((_, ai) => rest.some((ci) => hits.get(ci)!.has(ai)))) chosen.splice(i, 1);
  }
  // lower bound: attacks that pairwise share no control need one control each
  const used = new Set<number>();
  let lb = 0;
  const order = attacks.map((_, ai) => ai).sort((a, b) => hitBy[a].length - hitBy[b].length || a - b);
  for (const ai of order) {
    if (hitBy[ai].some((ci) => used.has(ci))) continue;
    hitBy[ai].forEach((ci) => used.add(ci));
    lb++;
  }
  const maxCover = Math.max(...candidates.map((ci) => hits.get(ci)!.size));
  return {
    method: 'greedy',
    sets: [chosen.map((ci) => model.controls[ci].spec.id).sort()],
    lower_bound: lb,
    approximation_factor: Math.round(harmonic(maxCover) * 1000) / 1000,
  };
}

/** Variable probabilities with some controls set to another status. */
export function variantProbabilities(model: SimModel, changes: ReadonlyMap<number, ControlStatus | number>): Float64Array {
  const override = new Map<number, number>();
  for (const [ci, st] of changes) override.set(ci, typeof st === 'number' ? st : model.controlModel.statusWeight[st]);
  return variableProbabilities(model, controlWeights(model, override));
}
