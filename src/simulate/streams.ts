// Bulk random streams for the Monte Carlo kernels: the same sfc32 generator as src/util/rng.ts
// (same splitmix32 seeding and warm-up, so the same seed gives the same numbers), with its state
// kept in a typed array and filled in bulk so that the hot loops make no closure calls.
import { mixSeed, sfc32State } from '../util/rng.ts';

/** Stream states: 4 × 32-bit words (a, b, c, d) per stream. */
export type StreamStates = Uint32Array;

export function newStates(n: number): StreamStates {
  return new Uint32Array(n * 4);
}

/** Seeds stream `i` exactly as `sfc32(seed)` in src/util/rng.ts does. */
export function seedStream(st: StreamStates, i: number, seed: number): void {
  st.set(sfc32State(seed), i * 4);
}

/** Seeds stream `i` for the (seed, kind, chunk, variable) tuple. */
export function seedFor(st: StreamStates, i: number, seed: number, kind: number, chunk: number, v: number): void {
  seedStream(st, i, mixSeed(seed, kind, chunk, v));
}

/** Next `n` 32-bit outputs of stream `i` into `out[off…]` (as signed int32, same bits). */
export function fillU32(st: StreamStates, i: number, out: Int32Array, off: number, n: number): void {
  const o = i * 4;
  let a = st[o], b = st[o + 1], c = st[o + 2], d = st[o + 3];
  for (let k = 0; k < n; k++) {
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    out[off + k] = t;
  }
  st[o] = a;
  st[o + 1] = b;
  st[o + 2] = c;
  st[o + 3] = d;
}

/** Next `n` uniforms in [0, 1) of stream `i` into `out[off…]` (u32 / 2³², as `Rng.float`). */
export function fillFloat(st: StreamStates, i: number, out: Float64Array, off: number, n: number): void {
  const o = i * 4;
  let a = st[o], b = st[o + 1], c = st[o + 2], d = st[o + 3];
  for (let k = 0; k < n; k++) {
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    out[off + k] = (t >>> 0) / 4294967296;
  }
  st[o] = a;
  st[o + 1] = b;
  st[o + 2] = c;
  st[o + 3] = d;
}

/** A closure over stream `i` (for rare draws such as gamma rejection sampling). */
export function streamFloat(st: StreamStates, i: number): () => number {
  const one = new Float64Array(1);
  return () => {
    fillFloat(st, i, one, 0, 1);
    return one[0];
  };
}
