// Timing and summary helpers shared by the benchmarks (medians, percentiles, repeated runs). Kept apart
// from run.ts so that a benchmark can import them without re-entering the runner's top-level await.

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile, `p` in 0…100. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Times `fn` `repeats` times (after `warmup` untimed runs, awaiting each) and returns the per-run milliseconds. */
export async function timeRuns(fn: () => unknown, repeats = 5, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** As `timeRuns` for synchronous work, with one untimed warm-up run. */
export function timeRunsSync(fn: () => unknown, repeats: number): number[] {
  fn();
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}
