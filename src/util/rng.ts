// Seeded pseudo-random numbers for everything random in medflow (Monte Carlo, fuzzing, layouts):
// sfc32 seeded through splitmix32, so a seed names one exact stream on every machine.

export const PRNG_NAME = 'sfc32 (seeded by splitmix32)';

export function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes several 32-bit integers into one seed (for per-stream seeds such as (seed, variant, chunk)). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const sm = splitmix32((h ^ (p >>> 0)) >>> 0);
    h = sm();
  }
  return h >>> 0;
}

export interface Rng {
  /** Next uniform 32-bit unsigned integer. */
  u32(): number;
  /** Next float in [0, 1). */
  float(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/** One sfc32 step on a state [a, b, c, d] (updated in place); returns the output word. */
function sfc32Step(s: Uint32Array | number[]): number {
  const t = (((s[0] + s[1]) >>> 0) + s[3]) >>> 0;
  s[3] = (s[3] + 1) >>> 0;
  s[0] = s[1] ^ (s[1] >>> 9);
  s[1] = (s[2] + (s[2] << 3)) >>> 0;
  s[2] = ((s[2] << 21) | (s[2] >>> 11)) >>> 0;
  s[2] = (s[2] + t) >>> 0;
  return t;
}

/** The sfc32 state [a, b, c, d] for `seed`: four splitmix32 words, then 12 warm-up steps. */
export function sfc32State(seed: number): [number, number, number, number] {
  const sm = splitmix32(seed);
  const s: [number, number, number, number] = [sm(), sm(), sm(), sm()];
  for (let i = 0; i < 12; i++) sfc32Step(s);
  return s;
}

export function sfc32(seed: number): Rng {
  const state = sfc32State(seed);
  const u32 = (): number => sfc32Step(state);
  return {
    u32,
    float: () => u32() / 4294967296,
    int: (n: number) => Math.floor((u32() / 4294967296) * n),
  };
}
