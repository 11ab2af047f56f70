// The simulation circuit: the engines' intermediate form of an attack flow. Gates over Bernoulli
// variables (one per action, one per condition), stored as typed arrays (CSR inputs) so the same
// object drives the BDD compiler, the bit-parallel and time-to-compromise Monte Carlo kernels and
// worker threads. Cycles are kept; evaluation order groups gates into strongly connected blocks.

/** OR of inputs (time: min). */
export const G_OR = 0;
/** AND of inputs (time: max). An AND with no inputs is false. */
export const G_AND = 1;
/** An attack action: OR of inputs (implicit join) AND the action's variable (time: min + local). */
export const G_ACT = 2;
/** A condition's true branch: input AND the condition variable. */
export const G_GATE_T = 3;
/** A condition's false branch: input AND NOT the condition variable. */
export const G_GATE_F = 4;
/** Constant true (entry points; time 0). */
export const G_TRUE = 5;

export interface Circuit {
  nGates: number;
  kind: Uint8Array;
  /** ACT: action variable; GATE_T/F: condition variable; else −1. */
  varOf: Int32Array;
  inStart: Int32Array;
  inputs: Int32Array;
  /** Gates in evaluation order: every block after the blocks it depends on. */
  order: Int32Array;
  /** Block b is order[blockStart[b] … blockStart[b+1]). */
  blockStart: Int32Array;
  /** 1 when the block is a cycle (needs fixed-point iteration). */
  blockCyclic: Uint8Array;
  nVars: number;
  /** Variables 0 … nActionVars−1 are actions, the rest conditions. */
  nActionVars: number;
  harm: number;
}

export class CircuitBuilder {
  kind: number[] = [];
  varOf: number[] = [];
  ins: number[][] = [];

  add(kind: number, v = -1, inputs: number[] = []): number {
    this.kind.push(kind);
    this.varOf.push(v);
    this.ins.push(inputs);
    return this.kind.length - 1;
  }

  build(nVars: number, nActionVars: number, harm: number): Circuit {
    const n = this.kind.length;
    const inStart = new Int32Array(n + 1);
    for (let g = 0; g < n; g++) inStart[g + 1] = inStart[g] + this.ins[g].length;
    const inputs = new Int32Array(inStart[n]);
    for (let g = 0; g < n; g++) inputs.set(this.ins[g], inStart[g]);
    const { order, blockStart, blockCyclic } = sccOrder(n, inStart, inputs);
    return {
      nGates: n,
      kind: Uint8Array.from(this.kind),
      varOf: Int32Array.from(this.varOf),
      inStart,
      inputs,
      order,
      blockStart,
      blockCyclic,
      nVars,
      nActionVars,
      harm,
    };
  }
}

/**
 * Tarjan's strongly connected components (iterative), over the edges input → gate. Tarjan emits
 * components in reverse topological order of the "depends on" relation, i.e. inputs first.
 */
export function sccOrder(n: number, inStart: Int32Array, inputs: Int32Array) {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const order: number[] = [];
  const blockStart: number[] = [0];
  const blockCyclic: number[] = [];
  let next = 0;
  const callStack: number[] = []; // pairs (node, next input position)
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    callStack.push(root, inStart[root]);
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (callStack.length > 0) {
      const top = callStack.length - 2;
      const v = callStack[top];
      const pos = callStack[top + 1];
      if (pos < inStart[v + 1]) {
        callStack[top + 1] = pos + 1;
        const w = inputs[pos];
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          callStack.push(w, inStart[w]);
        } else if (onStack[w]) {
          if (index[w] < low[v]) low[v] = index[w];
        }
        continue;
      }
      callStack.length -= 2;
      if (callStack.length > 0) {
        const parent = callStack[callStack.length - 2];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        comp.sort((a, b) => a - b);
        let cyclic = comp.length > 1;
        if (!cyclic) for (let i = inStart[v]; i < inStart[v + 1]; i++) if (inputs[i] === v) cyclic = true;
        order.push(...comp);
        blockStart.push(order.length);
        blockCyclic.push(cyclic ? 1 : 0);
      }
    }
  }
  return { order: Int32Array.from(order), blockStart: Int32Array.from(blockStart), blockCyclic: Uint8Array.from(blockCyclic) };
}

/** Gates reachable forward from `seeds` (following input → gate edges), as a 0/1 mask. */
export function forwardClosure(c: Circuit, seeds: Iterable<number>): Uint8Array {
  const fanStart = new Int32Array(c.nGates + 1);
  for (let i = 0; i < c.inputs.length; i++) fanStart[c.inputs[i] + 1]++;
  for (let g = 0; g < c.nGates; g++) fanStart[g + 1] += fanStart[g];
  const fan = new Int32Array(c.inputs.length);
  const fill = fanStart.slice(0, c.nGates);
  for (let g = 0; g < c.nGates; g++) for (let i = c.inStart[g]; i < c.inStart[g + 1]; i++) fan[fill[c.inputs[i]]++] = g;
  const mark = new Uint8Array(c.nGates);
  const queue: number[] = [];
  for (const s of seeds) if (!mark[s]) (mark[s] = 1, queue.push(s));
  while (queue.length) {
    const g = queue.pop()!;
    for (let i = fanStart[g]; i < fanStart[g + 1]; i++) {
      const h = fan[i];
      if (!mark[h]) (mark[h] = 1, queue.push(h));
    }
  }
  return mark;
}
