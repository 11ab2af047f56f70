// Small statistics helpers for Monte Carlo estimates: Wilson score intervals and percentiles of
// samples that may be infinite (not reached).

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials (95%). */
export function wilson(k: number, n: number, z = Z95): { p: number; low: number; high: number } {
  if (n <= 0) return { p: 0, low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Nearest-rank percentile of `sorted` (ascending; Infinity = never). Returns null when the
 * percentile is infinite, i.e. the event happens in fewer than that share of samples.
 */
export function percentileOrNull(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  const v = sorted[i];
  return Number.isFinite(v) ? v : null;
}
