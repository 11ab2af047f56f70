// Reduced ordered binary decision diagrams (BDDs) with a node budget, and zero-suppressed BDDs (ZBDDs)
// for families of sets: the exact engine's data structures. BDD nodes are numbered so that children
// always precede parents, which makes probability and shortest-path passes a single linear sweep.

/** Thrown when a diagram grows past its node budget (the caller falls back to Monte Carlo). */
export class BudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`decision diagram exceeded its budget of ${budget} nodes`);
    this.name = 'BudgetExceeded';
  }
}

export const FALSE = 0;
export const TRUE = 1;
const TERMINAL_VAR = 0x7fffffff;

/** A power of two at least twice `cap` (load factor ≤ 1/2, and `& mask` addressing). */
function tableSize(cap: number): number {
  let n = 16;
  while (n < cap * 2) n *= 2;
  return n;
}

/** Shared node storage with a hash-consing unique table, used by both BDDs and ZBDDs. */
class NodeStore {
  varOf: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  size = 2;
  private table: Int32Array; // open addressing; 0 = empty slot (node 0 is a terminal, never stored)
  private mask: number;

  constructor(readonly budget: number, initial = 1024) {
    const cap = Math.max(16, Math.min(initial, budget + 2));
    this.varOf = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.varOf[0] = this.varOf[1] = TERMINAL_VAR;
    this.table = new Int32Array(tableSize(cap));
    this.mask = this.table.length - 1;
  }

  private static hash(v: number, l: number, h: number): number {
    let x = Math.imul(v, 0x9e3779b1) ^ Math.imul(l, 0x85ebca77) ^ Math.imul(h, 0xc2b2ae3d);
    x ^= x >>> 15;
    x = Math.imul(x, 0x2c1b3c6d);
    return (x ^ (x >>> 12)) >>> 0;
  }

  /** The node (v, lo, hi), created if new (no reduction rule applied here). */
  node(v: number, l: number, h: number): number {
    const { table, varOf, lo, hi } = this;
    let i = NodeStore.hash(v, l, h) & this.mask;
    for (;;) {
      const n = table[i];
      if (n === 0) break;
      if (varOf[n] === v && lo[n] === l && hi[n] === h) return n;
      i = (i + 1) & this.mask;
    }
    if (this.size >= this.budget + 2) throw new BudgetExceeded(this.budget);
    if (this.size === this.varOf.length) {
      this.grow();
      return this.node(v, l, h);
    }
    const n = this.size++;
    this.varOf[n] = v;
    this.lo[n] = l;
    this.hi[n] = h;
    table[i] = n;
    return n;
  }

  private grow(): void {
    const cap = Math.min(this.varOf.length * 2, this.budget + 2);
    const copy = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.varOf = copy(this.varOf);
    this.lo = copy(this.lo);
    this.hi = copy(this.hi);
    this.table = new Int32Array(tableSize(cap));
    this.mask = this.table.length - 1;
    for (let n = 2; n < this.size; n++) {
      let i = NodeStore.hash(this.varOf[n], this.lo[n], this.hi[n]) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = n;
    }
  }
}

const CACHE_BITS = 12;
const MAX_CACHE = 1 << 20;

/**
 * A BDD manager. Variables are levels 0…n−1 (0 at the top). Operations memoise in a lossy
 * direct-mapped computed table; the unique table guarantees canonical nodes (equal functions are
 * equal numbers).
 */
export class Bdd extends NodeStore {
  private cA: Int32Array;
  private cB: Int32Array;
  private cR: Int32Array;
  private cMask: number;
  /** Recursive steps taken by apply (cache misses); bounded so that time stays bounded too. */
  steps = 0;
  readonly stepBudget: number;

  /**
   * `budget` bounds the number of nodes, `stepBudget` the work of apply (default 25 steps per
   * budgeted node): with a lossy operation cache, work is not bounded by the node count alone.
   */
  constructor(budget = 200_000, stepBudget = budget * 25) {
    super(budget);
    this.stepBudget = stepBudget;
    this.cA = new Int32Array(1 << CACHE_BITS).fill(-1);
    this.cB = new Int32Array(1 << CACHE_BITS);
    this.cR = new Int32Array(1 << CACHE_BITS);
    this.cMask = (1 << CACHE_BITS) - 1;
  }

  /** The operation cache grows with the diagram (up to 2²⁰ entries); small diagrams stay cheap. */
  private growCache(): void {
    const n = (this.cMask + 1) * 4;
    this.cA = new Int32Array(n).fill(-1);
    this.cB = new Int32Array(n);
    this.cR = new Int32Array(n);
    this.cMask = n - 1;
  }

  /** The reduced node: a test whose branches agree is skipped. */
  mk(v: number, l: number, h: number): number {
    return l === h ? l : this.node(v, l, h);
  }

  /** The function "variable v is true" (or false when `negated`). */
  variable(v: number, negated = false): number {
    return negated ? this.mk(v, TRUE, FALSE) : this.mk(v, FALSE, TRUE);
  }

  level(f: number): number {
    return this.varOf[f];
  }

  private cacheIndex(op: number, a: number, b: number): number {
    let x = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + op, 0x85ebca77);
    x ^= x >>> 16;
    return (x >>> 0) & this.cMask;
  }

  and(a: number, b: number): number {
    return this.apply(0, a, b);
  }

  or(a: number, b: number): number {
    return this.apply(1, a, b);
  }

  /** op 0 = AND, 1 = OR. */
  private apply(op: number, a: number, b: number): number {
    if (op === 0) {
      if (a === FALSE || b === FALSE) return FALSE;
      if (a === TRUE) return b;
      if (b === TRUE || a === b) return a;
    } else {
      if (a === TRUE || b === TRUE) return TRUE;
      if (a === FALSE) return b;
      if (b === FALSE || a === b) return a;
    }
    if (a > b) {
      const t = a;
      a = b;
      b = t;
    }
    const ci = this.cacheIndex(op, a, b);
    const key = a * 2 + op;
    if (this.cA[ci] === key && this.cB[ci] === b) return this.cR[ci];
    if (++this.steps > this.stepBudget) throw new BudgetExceeded(this.budget);
    if (this.size > this.cMask && this.cMask + 1 < MAX_CACHE) this.growCache();
    const va = this.varOf[a], vb = this.varOf[b];
    const v = va < vb ? va : vb;
    const a0 = va === v ? this.lo[a] : a, a1 = va === v ? this.hi[a] : a;
    const b0 = vb === v ? this.lo[b] : b, b1 = vb === v ? this.hi[b] : b;
    const r = this.mk(v, this.apply(op, a0, b0), this.apply(op, a1, b1));
    this.cA[ci] = key;
    this.cB[ci] = b;
    this.cR[ci] = r;
    return r;
  }

  not(f: number, memo = new Map<number, number>()): number {
    if (f <= TRUE) return 1 - f;
    const m = memo.get(f);
    if (m !== undefined) return m;
    const r = this.mk(this.varOf[f], this.not(this.lo[f], memo), this.not(this.hi[f], memo));
    memo.set(f, r);
    return r;
  }

  /** ∃ v ∈ quantified: f. */
  exists(f: number, quantified: (v: number) => boolean, memo = new Map<number, number>()): number {
    if (f <= TRUE) return f;
    const m = memo.get(f);
    if (m !== undefined) return m;
    const v = this.varOf[f];
    const l = this.exists(this.lo[f], quantified, memo), h = this.exists(this.hi[f], quantified, memo);
    const r = quantified(v) ? this.or(l, h) : this.mk(v, l, h);
    memo.set(f, r);
    return r;
  }

  /** The dual function ¬f(¬x): its minimal solutions are the minimal cut sets of a monotone f. */
  dual(f: number, memo = new Map<number, number>()): number {
    if (f <= TRUE) return 1 - f;
    const m = memo.get(f);
    if (m !== undefined) return m;
    const r = this.mk(this.varOf[f], this.dual(this.hi[f], memo), this.dual(this.lo[f], memo));
    memo.set(f, r);
    return r;
  }

  /**
   * P(f) for every node at once, with `p[v]` = P(variable v is true) and independent variables
   * (Shannon expansion; children precede parents, so one sweep suffices).
   */
  probabilities(p: ArrayLike<number>, out = new Float64Array(this.size)): Float64Array {
    out[0] = 0;
    out[1] = 1;
    const { varOf, lo, hi } = this;
    for (let n = 2; n < this.size; n++) {
      const q = p[varOf[n]];
      out[n] = q * out[hi[n]] + (1 - q) * out[lo[n]];
    }
    return out;
  }

  /**
   * Fewest variables set true to satisfy f (a monotone f: unset variables count as false), with
   * per-variable costs (default 1). Returns Infinity for the constant false.
   */
  minTrueCost(f: number, cost?: ArrayLike<number>): number {
    return this.minCostTable(cost)[f];
  }

  minCostTable(cost?: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.size);
    out[0] = Infinity;
    out[1] = 0;
    for (let n = 2; n < this.size; n++) {
      const c = cost ? cost[this.varOf[n]] : 1;
      out[n] = Math.min(out[this.lo[n]], c + out[this.hi[n]]);
    }
    return out;
  }

  /** One assignment reaching the minimum of `minCostTable`: the variables set true. */
  minTrueWitness(f: number, cost?: ArrayLike<number>): number[] {
    const t = this.minCostTable(cost);
    if (t[f] === Infinity) return [];
    const out: number[] = [];
    let n = f;
    while (n > TRUE) {
      const c = cost ? cost[this.varOf[n]] : 1;
      if (t[this.lo[n]] <= c + t[this.hi[n]]) n = this.lo[n];
      else {
        out.push(this.varOf[n]);
        n = this.hi[n];
      }
    }
    return out;
  }
}

/**
 * A ZBDD manager for families of sets of variables (same level order as the BDD it reads).
 * Node 0 = the empty family, node 1 = the family holding only the empty set.
 */
export class Zdd extends NodeStore {
  private withoutMemo = new Map<number, number>();
  private minsolMemo = new Map<number, number>();

  constructor(budget = 200_000) {
    super(budget);
  }

  mk(v: number, l: number, h: number): number {
    return h === 0 ? l : this.node(v, l, h);
  }

  /** Whether the family contains the empty set. */
  hasEmpty(z: number): boolean {
    while (z > 1) z = this.lo[z];
    return z === 1;
  }

  /** The sets of P that contain no set of Q (subsumption removal). */
  without(p: number, q: number): number {
    if (q === 0 || p === 0) return p;
    if (p === q) return 0;
    if (this.hasEmpty(q)) return 0;
    if (p === 1) return 1; // ∅ is a superset only of ∅, which Q lacks
    const key = p * 67108864 + q;
    const m = this.withoutMemo.get(key);
    if (m !== undefined) return m;
    const vp = this.varOf[p], vq = this.varOf[q];
    let r: number;
    if (vp < vq) r = this.mk(vp, this.without(this.lo[p], q), this.without(this.hi[p], q));
    else if (vp > vq) r = this.without(p, this.lo[q]);
    else {
      r = this.mk(vp, this.without(this.lo[p], this.lo[q]), this.without(this.without(this.hi[p], this.lo[q]), this.hi[q]));
    }
    this.withoutMemo.set(key, r);
    return r;
  }

  /** Minimal solutions of a monotone BDD function, as a family of sets (Rauzy's algorithm). */
  minsol(bdd: Bdd, f: number): number {
    if (f === FALSE) return 0;
    if (f === TRUE) return 1;
    const m = this.minsolMemo.get(f);
    if (m !== undefined) return m;
    const v = bdd.varOf[f];
    const l = this.minsol(bdd, bdd.lo[f]);
    const h = this.without(this.minsol(bdd, bdd.hi[f]), l);
    const r = this.mk(v, l, h);
    this.minsolMemo.set(f, r);
    return r;
  }

  /** Number of sets in the family. */
  count(z: number, memo = new Map<number, number>()): number {
    if (z <= 1) return z;
    const m = memo.get(z);
    if (m !== undefined) return m;
    const r = this.count(this.lo[z], memo) + this.count(this.hi[z], memo);
    memo.set(z, r);
    return r;
  }

  /** Size of the smallest set in the family (Infinity when empty). */
  minSize(z: number, memo = new Map<number, number>()): number {
    if (z === 0) return Infinity;
    if (z === 1) return 0;
    const m = memo.get(z);
    if (m !== undefined) return m;
    const r = Math.min(this.minSize(this.lo[z], memo), 1 + this.minSize(this.hi[z], memo));
    memo.set(z, r);
    return r;
  }

  /**
   * Up to `limit` sets, smallest first (sets of equal size in the diagram's order). Each set lists
   * its variables in level order.
   */
  smallest(z: number, limit: number): number[][] {
    const out: number[][] = [];
    if (z === 0) return out;
    const minMemo = new Map<number, number>();
    const maxMemo = new Map<number, number>();
    const maxSize = (n: number): number => {
      if (n === 0) return -Infinity;
      if (n === 1) return 0;
      const m = maxMemo.get(n);
      if (m !== undefined) return m;
      const r = Math.max(maxSize(this.lo[n]), 1 + maxSize(this.hi[n]));
      maxMemo.set(n, r);
      return r;
    };
    const lo = this.minSize(z, minMemo), hi = maxSize(z);
    const path: number[] = [];
    const walk = (n: number, k: number): void => {
      if (out.length >= limit) return;
      if (n === 0) return;
      if (n === 1) {
        if (k === 0) out.push([...path]);
        return;
      }
      if (this.minSize(n, minMemo) > k || maxSize(n) < k) return;
      path.push(this.varOf[n]);
      walk(this.hi[n], k - 1);
      path.pop();
      walk(this.lo[n], k);
    };
    for (let k = lo; k <= hi && out.length < limit; k++) walk(z, k);
    return out;
  }
}
