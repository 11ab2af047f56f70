// Deterministic JSON: keys sorted at every level so the same data always gives the same bytes.

/** Recursively sorts object keys; arrays keep their order (callers sort those where order is not meaningful). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

/** Array-index-like keys, which JavaScript objects always enumerate first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,8})$/;

function keyOrder(a: string, b: string): number {
  const ia = INDEX_KEY.test(a), ib = INDEX_KEY.test(b);
  if (ia && ib) return Number(a) - Number(b);
  if (ia !== ib) return ia ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * JSON text with sorted keys, two-space indent and a trailing newline: the same bytes as
 * `JSON.stringify(sortKeys(value), null, indent)`, but without building sorted copies. It collects every
 * key once and hands the sorted list to JSON.stringify as its property list, which fixes the key order
 * of every object; the native serializer then does the rest (100,000-threat reports in seconds).
 */
export function canonicalJson(value: unknown, indent = 2): string {
  const keys = new Set<string>();
  const stack: unknown[] = [value];
  while (stack.length) {
    let v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else {
      for (const k of Object.keys(v)) {
        keys.add(k);
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return JSON.stringify(value, [...keys].sort(keyOrder), indent) + '\n';
}

/** Rounds a probability or other float for output so results do not depend on the last ulp. */
export function round(x: number, digits = 12): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
