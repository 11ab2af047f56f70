// The exact engine: compiles the circuit into BDDs (least fixed point on cycles by Kleene iteration
// per strongly connected block), then computes probabilities by Shannon expansion, never by
// multiplying over shared sub-paths. Also the structural analyses that need no parameters:
// minimal attacks, minimal cut sets, fewest steps and fewest distinct techniques to harm.
import { Bdd, FALSE, TRUE, Zdd } from './bdd.ts';
import { G_ACT, G_AND, G_GATE_T, G_OR, G_TRUE, type Circuit } from './circuit.ts';
import type { SimModel } from './model.ts';

/** Default node budget of one decision diagram (the method note's limit). */
export const DEFAULT_BDD_BUDGET = 200_000;
/** Default number of minimal attacks / cut sets / control sets listed (smallest first). */
export const DEFAULT_LIST_LIMIT = 1000;

/**
 * Circuit variables in depth-first post-order from the harm gate (then from every other gate):
 * upstream steps come first, and related steps stay close, which keeps BDDs small.
 */
export function dfsVarSequence(c: Circuit): number[] {
  const seen = new Uint8Array(c.nGates);
  const seq: number[] = [];
  const varSeen = new Uint8Array(c.nVars);
  const roots = [c.harm, ...Array.from({ length: c.nGates }, (_, g) => g)];
  const stack: number[] = [];
  for (const r of roots) {
    if (seen[r]) continue;
    seen[r] = 1;
    stack.push(r, c.inStart[r]);
    while (stack.length) {
      const top = stack.length - 2;
      const g = stack[top], pos = stack[top + 1];
      if (pos < c.inStart[g + 1]) {
        stack[top + 1] = pos + 1;
        const h = c.inputs[pos];
        if (!seen[h]) {
          seen[h] = 1;
          stack.push(h, c.inStart[h]);
        }
        continue;
      }
      stack.length -= 2;
      const v = c.varOf[g];
      if (v >= 0 && !varSeen[v]) {
        varSeen[v] = 1;
        seq.push(v);
      }
    }
  }
  for (let v = 0; v < c.nVars; v++) if (!varSeen[v]) seq.push(v);
  return seq;
}

/**
 * BDD of every gate. `leaf(v)` gives the BDD of "variable v is true" (a plain variable, or a
 * substituted function); negative literals use its complement.
 */
export function compileCircuit(c: Circuit, bdd: Bdd, leaf: (v: number) => number): Int32Array {
  const fn = new Int32Array(c.nGates);
  const neg = new Map<number, number>();
  const notLeaf = (v: number) => {
    let r = neg.get(v);
    if (r === undefined) neg.set(v, (r = bdd.not(leaf(v))));
    return r;
  };
  const gate = (g: number): number => {
    const k = c.kind[g];
    if (k === G_TRUE) return TRUE;
    const s = c.inStart[g], e = c.inStart[g + 1];
    if (k === G_AND) {
      if (s === e) return FALSE;
      let acc = TRUE;
      for (let i = s; i < e && acc !== FALSE; i++) acc = bdd.and(acc, fn[c.inputs[i]]);
      return acc;
    }
    let acc = FALSE;
    for (let i = s; i < e && acc !== TRUE; i++) acc = bdd.or(acc, fn[c.inputs[i]]);
    if (k === G_OR) return acc;
    const v = c.varOf[g];
    if (k === G_ACT || k === G_GATE_T) return bdd.and(acc, leaf(v));
    return bdd.and(acc, notLeaf(v));
  };
  const nBlocks = c.blockStart.length - 1;
  for (let b = 0; b < nBlocks; b++) {
    const s = c.blockStart[b], e = c.blockStart[b + 1];
    if (!c.blockCyclic[b]) {
      fn[c.order[s]] = gate(c.order[s]);
      continue;
    }
    for (let i = s; i < e; i++) fn[c.order[i]] = FALSE; // Kleene iteration from the bottom
    for (let round = 0; ; round++) {
      let changed = false;
      for (let i = s; i < e; i++) {
        const g = c.order[i];
        const f = gate(g);
        if (f !== fn[g]) (fn[g] = f, changed = true);
      }
      if (!changed) break;
      if (round > e - s + 1) throw new Error('fixed point did not converge (internal error)');
    }
  }
  return fn;
}

/** The model compiled to one BDD over all action and condition variables. */
export interface CompiledModel {
  bdd: Bdd;
  gateFn: Int32Array;
  /** Circuit variable → BDD level, and back. */
  levelOf: Int32Array;
  varAt: Int32Array;
}

export function compileModel(model: SimModel, budget = DEFAULT_BDD_BUDGET): CompiledModel {
  const c = model.circuit;
  const seq = dfsVarSequence(c);
  const levelOf = new Int32Array(c.nVars);
  seq.forEach((v, l) => (levelOf[v] = l));
  const bdd = new Bdd(budget);
  const gateFn = compileCircuit(c, bdd, (v) => bdd.variable(levelOf[v]));
  return { bdd, gateFn, levelOf, varAt: Int32Array.from(seq) };
}

/** Exact P(gate) for every gate, given per-variable probabilities. */
export function gateProbabilities(comp: CompiledModel, varProbs: ArrayLike<number>): Float64Array {
  const levelProbs = new Float64Array(comp.varAt.length);
  for (let l = 0; l < comp.varAt.length; l++) levelProbs[l] = varProbs[comp.varAt[l]];
  const nodeP = comp.bdd.probabilities(levelProbs);
  const out = new Float64Array(comp.gateFn.length);
  for (let g = 0; g < out.length; g++) out[g] = nodeP[comp.gateFn[g]];
  return out;
}

// ---- structure -------------------------------------------------------------------------------

export interface Structure {
  /** Minimal sets of actions that reach harm (for some outcome of the conditions), smallest first. */
  minimalAttacks: string[][];
  minimalAttacksTotal: number;
  /** Minimal sets of actions whose failure cuts every path to harm, smallest first. */
  minimalCutSets: string[][];
  minimalCutSetsTotal: number;
  minStepsToHarm: number | null;
  minTechniquesToHarm: number | null;
  /** One smallest set of distinct techniques (actions without a technique count by their own id). */
  minTechniqueSet: string[];
}

/** Harm as a monotone function of the actions alone: conditions quantified existentially. */
export function harmOverActions(model: SimModel, comp: CompiledModel): number {
  const nA = model.circuit.nActionVars;
  return comp.bdd.exists(comp.gateFn[model.circuit.harm], (l) => comp.varAt[l] >= nA);
}

/** Sorts sets of ids by size, then lexicographically (keys computed once). */
export function sortSets(sets: string[][]): string[][] {
  return sets
    .map((s) => ({ s, k: s.join('\u0000') }))
    .sort((a, b) => a.s.length - b.s.length || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.s);
}

export function structuralAnalysis(model: SimModel, comp: CompiledModel, budget = DEFAULT_BDD_BUDGET, limit = DEFAULT_LIST_LIMIT): Structure {
  const c = model.circuit;
  const bdd = comp.bdd;
  const fE = harmOverActions(model, comp);
  const ids = (levels: number[]) => levels.map((l) => model.actions[comp.varAt[l]].id).sort();
  const zdd = new Zdd(budget);
  const attacks = zdd.minsol(bdd, fE);
  const cuts = zdd.minsol(bdd, bdd.dual(fE));
  const reachable = fE !== FALSE;
  const minSteps = bdd.minTrueCost(fE);

  // Fewest distinct techniques: the same circuit with one variable per technique.
  const seq = comp.varAt;
  const key = (v: number) => (v < c.nActionVars ? `T:${model.actions[v].technique ?? model.actions[v].id}` : `C:${v}`);
  const levelOfKey = new Map<string, number>();
  const keyAt: string[] = [];
  for (const v of seq) {
    const k = key(v);
    if (!levelOfKey.has(k)) (levelOfKey.set(k, keyAt.length), keyAt.push(k));
  }
  const tb = new Bdd(budget);
  const tfn = compileCircuit(c, tb, (v) => tb.variable(levelOfKey.get(key(v))!));
  const tE = tb.exists(tfn[c.harm], (l) => keyAt[l].startsWith('C:'));
  const minTech = tb.minTrueCost(tE);
  const techSet = tb.minTrueWitness(tE).map((l) => keyAt[l].slice(2)).sort();

  return {
    minimalAttacks: reachable ? sortSets(zdd.smallest(attacks, limit).map(ids)) : [],
    minimalAttacksTotal: reachable ? zdd.count(attacks) : 0,
    minimalCutSets: reachable ? sortSets(zdd.smallest(cuts, limit).map(ids)) : [],
    minimalCutSetsTotal: reachable ? zdd.count(cuts) : 0,
    minStepsToHarm: Number.isFinite(minSteps) ? minSteps : null,
    minTechniquesToHarm: Number.isFinite(minTech) ? minTech : null,
    minTechniqueSet: Number.isFinite(minTech) ? techSet : [],
  };
}
