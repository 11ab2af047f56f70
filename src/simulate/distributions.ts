// Time-to-compromise distributions (days) for attack steps and control bypasses: the MAL/coreLang
// difficulty bands, explicit distributions from parameter files, their CDFs (for per-step
// feasibility within the horizon) and seeded samplers (for time-to-compromise Monte Carlo).
import { DIFFICULTY_BANDS, type DifficultyBand } from '../vocab/index.ts';

/** A time distribution in days. Plain data, so it can be sent to worker threads. */
export type Dist =
  | { kind: 'exponential'; rate: number }
  | { kind: 'gamma'; shape: number; rate: number }
  | { kind: 'lognormal'; mu: number; sigma: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'weibull'; shape: number; scale: number }
  | { kind: 'constant'; value: number };

export const DIST_KINDS = ['exponential', 'gamma', 'erlang', 'lognormal', 'uniform', 'weibull', 'constant'] as const;

/** A band as existence probability × time distribution (the `…Uncertain` bands exist with probability 0.5). */
export interface BandSpec {
  pExist: number;
  dist: Dist;
}

/**
 * The MAL difficulty bands as the issue states them: Easy = Exp(1/day), Hard = Exp(0.1/day),
 * VeryHard = Exp(0.01/day); "Uncertain" adds a Bernoulli(0.5) deciding whether the step is possible
 * at all. (malsim's EasyAndUncertain is a bare Bernoulli(0.5); medflow keeps the Easy time as well.)
 */
export const BANDS: Record<DifficultyBand, BandSpec> = {
  EasyAndCertain: { pExist: 1, dist: { kind: 'exponential', rate: 1 } },
  EasyAndUncertain: { pExist: 0.5, dist: { kind: 'exponential', rate: 1 } },
  HardAndCertain: { pExist: 1, dist: { kind: 'exponential', rate: 0.1 } },
  HardAndUncertain: { pExist: 0.5, dist: { kind: 'exponential', rate: 0.1 } },
  VeryHardAndCertain: { pExist: 1, dist: { kind: 'exponential', rate: 0.01 } },
  VeryHardAndUncertain: { pExist: 0.5, dist: { kind: 'exponential', rate: 0.01 } },
};

export function isBand(v: unknown): v is DifficultyBand {
  return typeof v === 'string' && (DIFFICULTY_BANDS as readonly string[]).includes(v);
}

/** P(T ≤ t) for a distribution (t in days; t = Infinity gives 1). */
export function cdf(d: Dist, t: number): number {
  if (!(t > 0)) return d.kind === 'constant' && d.value <= 0 && t >= 0 ? 1 : 0;
  if (t === Infinity) return 1;
  switch (d.kind) {
    case 'exponential':
      return -Math.expm1(-d.rate * t);
    case 'gamma':
      return regularizedGammaP(d.shape, d.rate * t);
    case 'lognormal':
      return normalCdf((Math.log(t) - d.mu) / d.sigma);
    case 'uniform':
      return t >= d.max ? 1 : t <= d.min ? 0 : (t - d.min) / (d.max - d.min);
    case 'weibull':
      return -Math.expm1(-Math.pow(t / d.scale, d.shape));
    case 'constant':
      return t >= d.value ? 1 : 0;
  }
}

/** Mean of a distribution (for reports). */
export function mean(d: Dist): number {
  switch (d.kind) {
    case 'exponential': return 1 / d.rate;
    case 'gamma': return d.shape / d.rate;
    case 'lognormal': return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'uniform': return (d.min + d.max) / 2;
    case 'weibull': return d.scale * Math.exp(logGamma(1 + 1 / d.shape));
    case 'constant': return d.value;
  }
}

/** Draws one value using `u` (uniform in [0, 1)). The number of draws depends only on the kind, except gamma. */
export function sample(d: Dist, u: () => number): number {
  switch (d.kind) {
    case 'exponential':
      return -Math.log1p(-u()) / d.rate;
    case 'gamma':
      return sampleGamma(d.shape, u) / d.rate;
    case 'lognormal':
      return Math.exp(d.mu + d.sigma * normal(u));
    case 'uniform':
      return d.min + (d.max - d.min) * u();
    case 'weibull':
      return d.scale * Math.pow(-Math.log1p(-u()), 1 / d.shape);
    case 'constant':
      return d.value;
  }
}

/** A standard normal draw by Box–Muller (two uniforms, one output). */
function normal(u: () => number): number {
  const u1 = 1 - u(); // (0, 1]
  const u2 = u();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Marsaglia–Tsang gamma sampler (shape k, scale 1); shape < 1 via the U^(1/k) boost. */
function sampleGamma(k: number, u: () => number): number {
  if (k < 1) return sampleGamma(k + 1, u) * Math.pow(1 - u(), 1 / k);
  const d = k - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x): series for x < a + 1, continued fraction otherwise. */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const lnPre = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a, term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.min(1, sum * Math.exp(lnPre));
  }
  // Lentz's continued fraction for Q(a, x)
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - Math.exp(lnPre) * h);
}

/** Φ(z), the standard normal CDF, through erf(x) = P(1/2, x²). */
export function normalCdf(z: number): number {
  const x = z / Math.SQRT2;
  const erf = regularizedGammaP(0.5, x * x);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Human-readable form, e.g. "Exp(rate 0.1/day)". */
export function describeDist(d: Dist): string {
  switch (d.kind) {
    case 'exponential': return `Exp(rate ${d.rate}/day)`;
    case 'gamma': return `Gamma(shape ${d.shape}, rate ${d.rate}/day)`;
    case 'lognormal': return `LogNormal(mu ${d.mu}, sigma ${d.sigma})`;
    case 'uniform': return `Uniform(${d.min}, ${d.max} days)`;
    case 'weibull': return `Weibull(shape ${d.shape}, scale ${d.scale} days)`;
    case 'constant': return `${d.value} days`;
  }
}
