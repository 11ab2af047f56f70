// Monte Carlo kernels, one chunk of samples at a time (pure functions of the job and the chunk index,
// so any number of threads gives the same numbers). Static reachability is bit-parallel: 32 samples
// per 32-bit word, OR = |, AND = &. Time to compromise works on batches of 256 samples per gate.
// Every (chunk, variable) pair has its own random stream, so what-if variants share random numbers
// (common random numbers) and a variable's draws never depend on the other variables.
import { fillFloat, fillU32, newStates, seedFor, streamFloat, type StreamStates } from './streams.ts';
import { G_ACT, G_AND, G_GATE_F, G_GATE_T, G_OR, G_TRUE, type Circuit } from './circuit.ts';
import { sample, type Dist } from './distributions.ts';
import type { TtcVar } from './model.ts';

/** Samples per chunk (a multiple of 32). Fixed: changing it changes the numbers for a given seed. */
export const CHUNK_SAMPLES = 4096;
/** Probabilities are quantised to 16 bits in the bit-parallel kernel (error ≤ 2⁻¹⁷). */
export const P_BITS = 16;
const P_ONE = 1 << P_BITS;

const STREAM_STATIC = 0x5a17;

// Scratch buffers reused across chunks of the same thread (kernels are synchronous, so this is safe).
const scratchF64 = new Map<string, Float64Array>();
const scratchI32 = new Map<string, Int32Array>();
function f64(name: string, n: number): Float64Array {
  let b = scratchF64.get(name);
  if (!b || b.length < n) scratchF64.set(name, (b = new Float64Array(n)));
  return b;
}
function i32(name: string, n: number): Int32Array {
  let b = scratchI32.get(name);
  if (!b || b.length < n) scratchI32.set(name, (b = new Int32Array(n)));
  return b;
}
const STREAM_TTC = 0x77c0;

export function quantise(p: number): number {
  return p >= 1 ? P_ONE : p <= 0 ? 0 : Math.round(p * P_ONE);
}

/** A static reachability job: the baseline and any number of what-if variants (different probabilities). */
export interface StaticJob {
  circuit: Circuit;
  seed: number;
  /** Per variant, per variable: quantised success probability (0 … 65536). Variant 0 is the baseline. */
  thresholds: Uint32Array[];
  /** Per variant ≥ 1: variables whose threshold differs from the baseline. */
  changedVars: Int32Array[];
  /** Per variant ≥ 1: blocks (indices into circuit.blockStart) to re-evaluate, ascending. */
  affectedBlocks: Int32Array[];
}

/** Result of one static chunk: samples in the chunk where each gate is true (baseline), and harm counts per variant. */
export interface StaticChunkResult {
  gateCounts: Int32Array;
  harmCounts: Int32Array;
}

/**
 * Bernoulli words for one variable: bit i of word w is [U < t] for a 16-bit uniform U whose bit
 * planes are 16 random words, compared from the least significant bit up. All 16 words are always
 * drawn, so the uniforms of a sample do not depend on t (common random numbers across variants).
 */
function bernoulliWords(st: StreamStates, scratch: Int32Array, seed: number, chunk: number, v: number, t: number, out: Int32Array, off: number, W: number): void {
  if (t === 0) {
    out.fill(0, off, off + W);
    return;
  }
  if (t >= P_ONE) {
    out.fill(-1, off, off + W);
    return;
  }
  seedFor(st, 0, seed, STREAM_STATIC, chunk, v);
  fillU32(st, 0, scratch, 0, P_BITS * W);
  let tz = 0;
  while (((t >>> tz) & 1) === 0) tz++;
  for (let w = 0; w < W; w++) {
    const base = w * P_BITS;
    let acc = 0;
    for (let j = tz; j < P_BITS; j++) {
      const r = scratch[base + j];
      acc = (t >>> j) & 1 ? acc | r : acc & r;
    }
    out[off + w] = acc;
  }
}

/** Evaluates one gate over W words into `dst` (its own row, or a scratch row for fixed points). */
function gateWords(c: Circuit, g: number, vals: Int32Array, xw: Int32Array, W: number, dst: Int32Array, d0: number): void {
  const k = c.kind[g];
  const s = c.inStart[g], e = c.inStart[g + 1];
  if (k === G_TRUE) {
    dst.fill(-1, d0, d0 + W);
    return;
  }
  if (s === e) {
    dst.fill(0, d0, d0 + W);
    return;
  }
  const i0 = c.inputs[s] * W;
  for (let w = 0; w < W; w++) dst[d0 + w] = vals[i0 + w];
  if (k === G_AND) {
    for (let i = s + 1; i < e; i++) {
      const ii = c.inputs[i] * W;
      for (let w = 0; w < W; w++) dst[d0 + w] &= vals[ii + w];
    }
    return;
  }
  for (let i = s + 1; i < e; i++) {
    const ii = c.inputs[i] * W;
    for (let w = 0; w < W; w++) dst[d0 + w] |= vals[ii + w];
  }
  if (k === G_OR) return;
  const xo = c.varOf[g] * W;
  if (k === G_GATE_F) for (let w = 0; w < W; w++) dst[d0 + w] &= ~xw[xo + w];
  else for (let w = 0; w < W; w++) dst[d0 + w] &= xw[xo + w];
}

function evalBlock(c: Circuit, b: number, vals: Int32Array, xw: Int32Array, W: number, tmp: Int32Array): void {
  const s = c.blockStart[b], e = c.blockStart[b + 1];
  if (!c.blockCyclic[b]) {
    const g = c.order[s];
    gateWords(c, g, vals, xw, W, vals, g * W);
    return;
  }
  // least fixed point: start from all-false, iterate until stable (monotone, at most |block| + 1 rounds)
  for (let i = s; i < e; i++) vals.fill(0, c.order[i] * W, c.order[i] * W + W);
  for (let round = 0; ; round++) {
    let changed = false;
    for (let i = s; i < e; i++) {
      const g = c.order[i], o = g * W;
      gateWords(c, g, vals, xw, W, tmp, 0);
      for (let w = 0; w < W; w++) if (tmp[w] !== vals[o + w]) (vals[o + w] = tmp[w], changed = true);
    }
    if (!changed) return;
    if (round > e - s + 1) throw new Error('fixed point did not converge (internal error)');
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function countGate(vals: Int32Array, g: number, W: number, lastMask: number): number {
  let n = 0;
  const o = g * W;
  for (let w = 0; w < W - 1; w++) n += popcount(vals[o + w]);
  return n + popcount(vals[o + W - 1] & lastMask);
}

/** Runs static chunk `chunk` covering `len` samples (len ≤ CHUNK_SAMPLES). */
export function staticChunk(job: StaticJob, chunk: number, len: number): StaticChunkResult {
  const c = job.circuit;
  const W = (len + 31) >>> 5;
  const lastMask = len % 32 === 0 ? -1 : (1 << (len % 32)) - 1;
  const st = newStates(1);
  const scratch = i32('scratch', P_BITS * W);
  const tmp = i32('tmp', W);
  const xw = i32('xw', c.nVars * W);
  const base = job.thresholds[0];
  for (let v = 0; v < c.nVars; v++) bernoulliWords(st, scratch, job.seed, chunk, v, base[v], xw, v * W, W);
  const vals = i32('vals', c.nGates * W);
  const nBlocks = c.blockStart.length - 1;
  for (let b = 0; b < nBlocks; b++) evalBlock(c, b, vals, xw, W, tmp);
  const gateCounts = new Int32Array(c.nGates);
  for (let g = 0; g < c.nGates; g++) gateCounts[g] = countGate(vals, g, W, lastMask);
  const harmCounts = new Int32Array(job.thresholds.length);
  harmCounts[0] = gateCounts[c.harm];
  if (job.thresholds.length > 1) {
    const vx = i32('vx', c.nVars * W);
    const vv = i32('vv', c.nGates * W);
    for (let k = 1; k < job.thresholds.length; k++) {
      vx.set(xw.subarray(0, c.nVars * W));
      vv.set(vals.subarray(0, c.nGates * W));
      const th = job.thresholds[k];
      for (const v of job.changedVars[k]) bernoulliWords(st, scratch, job.seed, chunk, v, th[v], vx, v * W, W);
      for (const b of job.affectedBlocks[k]) evalBlock(c, b, vv, vx, W, tmp);
      harmCounts[k] = countGate(vv, c.harm, W, lastMask);
    }
  }
  return { gateCounts, harmCounts };
}

/** A time-to-compromise job. Times are in days; Infinity = not reached. */
export interface TtcJob {
  circuit: Circuit;
  seed: number;
  actions: TtcVar[];
  /** Condition probabilities (index = variable − nActionVars). */
  q: Float64Array;
}

const TTC_BATCH = 256;

/** Runs TTC chunk `chunk`; returns the time to harm of each of its `len` samples. */
export function ttcChunk(job: TtcJob, chunk: number, len: number): Float64Array {
  const c = job.circuit;
  const nA = c.nActionVars;
  const B = TTC_BATCH;
  const out = new Float64Array(len);
  const st = newStates(c.nVars);
  for (let v = 0; v < c.nVars; v++) seedFor(st, v, job.seed, STREAM_TTC, chunk, v);
  const slow = job.actions.map((a, v) => (needsSlowPath(a) ? streamFloat(st, v) : undefined));
  // Lazy actions (no control bypass; exponential time or none): one uniform U per sample decides
  // existence (U < p) and, given existence, the time −ln(1 − U/p)/rate, computed only where reached.
  const lazyP = new Float64Array(c.nVars).fill(-1);
  const lazyMean = new Float64Array(c.nVars);
  job.actions.forEach((a, v) => {
    if (a.bypass.length > 0 || (a.dist && a.dist.kind !== 'exponential')) return;
    lazyP[v] = a.pExist;
    lazyMean[v] = a.dist ? 1 / a.dist.rate : 0;
  });
  const local = f64('local', c.nVars * B);
  const u = f64('u', B);
  const u2 = f64('u2', B);
  const t = f64('t', c.nGates * B);
  const tmp = f64('ttmp', B);
  const nBlocks = c.blockStart.length - 1;
  for (let start = 0; start < len; start += B) {
    const n = Math.min(B, len - start);
    for (let v = 0; v < nA; v++) {
      if (lazyP[v] >= 0) fillFloat(st, v, local, v * B, n);
      else drawAction(job.actions[v], st, v, slow[v], local, v * B, n, u, u2);
    }
    for (let v = nA; v < c.nVars; v++) {
      const q = job.q[v - nA], o = v * B;
      if (q >= 1) local.fill(0, o, o + n);
      else {
        fillFloat(st, v, u, 0, n);
        for (let i = 0; i < n; i++) local[o + i] = u[i] < q ? 0 : Infinity;
      }
    }
    for (let b = 0; b < nBlocks; b++) {
      const s = c.blockStart[b], e = c.blockStart[b + 1];
      if (!c.blockCyclic[b]) {
        const g = c.order[s];
        ttcGate(c, g, t, local, lazyP, lazyMean, n, B, t, g * B);
        continue;
      }
      for (let i = s; i < e; i++) t.fill(Infinity, c.order[i] * B, c.order[i] * B + B);
      for (let round = 0; ; round++) {
        let changed = false;
        for (let i = s; i < e; i++) {
          const g = c.order[i], o = g * B;
          ttcGate(c, g, t, local, lazyP, lazyMean, n, B, tmp, 0);
          for (let k = 0; k < n; k++) if (tmp[k] !== t[o + k]) (t[o + k] = tmp[k], changed = true);
        }
        if (!changed) break;
        if (round > e - s + 1) throw new Error('fixed point did not converge (internal error)');
      }
    }
    out.set(t.subarray(c.harm * B, c.harm * B + n), start);
  }
  return out;
}

function needsSlowPath(a: TtcVar): boolean {
  const slowDist = (d?: Dist) => !!d && d.kind !== 'exponential' && d.kind !== 'constant';
  return slowDist(a.dist) || a.bypass.some((b) => slowDist(b.dist));
}

/** Adds `n` draws of `d` to `row[o…]` (vectorised for exponential and constant times); impossible entries (Infinity) are left alone. */
function addTimes(d: Dist, st: StreamStates, v: number, slow: (() => number) | undefined, row: Float64Array, o: number, n: number, u: Float64Array): void {
  if (d.kind === 'exponential') {
    fillFloat(st, v, u, 0, n);
    const inv = -1 / d.rate;
    // −ln(1 − u) / rate, with 1 − u in (0, 1]
    for (let i = 0; i < n; i++) if (row[o + i] !== Infinity) row[o + i] += Math.log(1 - u[i]) * inv;
  } else if (d.kind === 'constant') {
    for (let i = 0; i < n; i++) row[o + i] += d.value;
  } else {
    for (let i = 0; i < n; i++) row[o + i] += sample(d, slow!);
  }
}

/**
 * One action's local times for a batch: Infinity when the step is impossible in that sample, else
 * its own time plus the time of every bypass that applies (a control in force with probability s).
 */
function drawAction(a: TtcVar, st: StreamStates, v: number, slow: (() => number) | undefined, local: Float64Array, o: number, n: number, u: Float64Array, u2: Float64Array): void {
  if (a.pExist >= 1) local.fill(0, o, o + n);
  else {
    fillFloat(st, v, u, 0, n);
    const p = a.pExist;
    for (let i = 0; i < n; i++) local[o + i] = u[i] < p ? 0 : Infinity;
  }
  if (a.dist) addTimes(a.dist, st, v, slow, local, o, n, u);
  for (const bp of a.bypass) {
    // u2: 0 where the control applies and the bypass exists, Infinity where it applies and does not, −1 where it does not apply
    if (bp.s >= 1) u2.fill(0, 0, n);
    else {
      fillFloat(st, v, u, 0, n);
      for (let i = 0; i < n; i++) u2[i] = u[i] < bp.s ? 0 : -1;
    }
    if (bp.pExist < 1) {
      fillFloat(st, v, u, 0, n);
      for (let i = 0; i < n; i++) if (u2[i] === 0 && !(u[i] < bp.pExist)) u2[i] = Infinity;
    }
    if (bp.dist) {
      const tb = f64('tb', n);
      tb.fill(0, 0, n);
      addTimes(bp.dist, st, v, slow, tb, 0, n, u);
      for (let i = 0; i < n; i++) if (u2[i] === 0) u2[i] = tb[i];
    }
    for (let i = 0; i < n; i++) {
      const x = u2[i];
      if (x >= 0) local[o + i] += x;
    }
  }
}

/** One gate on a batch, written to `dst[d0…]`. */
function ttcGate(c: Circuit, g: number, t: Float64Array, local: Float64Array, lazyP: Float64Array, lazyMean: Float64Array, n: number, B: number, dst: Float64Array, d0: number): void {
  const k = c.kind[g];
  const s = c.inStart[g], e = c.inStart[g + 1];
  if (k === G_TRUE) {
    dst.fill(0, d0, d0 + n);
    return;
  }
  if (s === e) {
    dst.fill(Infinity, d0, d0 + n);
    return;
  }
  const i0 = c.inputs[s] * B;
  if (k === G_ACT && lazyP[c.varOf[g]] >= 0) {
    const v = c.varOf[g], lo = v * B, p = lazyP[v], mean = lazyMean[v];
    for (let i = 0; i < n; i++) {
      let m = t[i0 + i];
      for (let j = s + 1; j < e; j++) {
        const x = t[c.inputs[j] * B + i];
        if (x < m) m = x;
      }
      if (m !== Infinity) {
        const uu = local[lo + i];
        m = uu < p ? (mean === 0 ? m : m - Math.log(1 - uu / p) * mean) : Infinity;
      }
      dst[d0 + i] = m;
    }
    return;
  }
  if (k === G_ACT && e === s + 1) {
    // the common case: an action with one predecessor
    const lo = c.varOf[g] * B;
    for (let i = 0; i < n; i++) dst[d0 + i] = t[i0 + i] + local[lo + i];
    return;
  }
  for (let i = 0; i < n; i++) dst[d0 + i] = t[i0 + i];
  if (k === G_AND) {
    for (let j = s + 1; j < e; j++) {
      const ij = c.inputs[j] * B;
      for (let i = 0; i < n; i++) {
        const x = t[ij + i];
        if (x > dst[d0 + i]) dst[d0 + i] = x;
      }
    }
    return;
  }
  for (let j = s + 1; j < e; j++) {
    const ij = c.inputs[j] * B;
    for (let i = 0; i < n; i++) {
      const x = t[ij + i];
      if (x < dst[d0 + i]) dst[d0 + i] = x;
    }
  }
  if (k === G_OR) return;
  const lo = c.varOf[g] * B;
  if (k === G_ACT) for (let i = 0; i < n; i++) dst[d0 + i] += local[lo + i];
  else if (k === G_GATE_T) { for (let i = 0; i < n; i++) if (local[lo + i] !== 0) dst[d0 + i] = Infinity; }
  else for (let i = 0; i < n; i++) if (local[lo + i] === 0) dst[d0 + i] = Infinity;
}
