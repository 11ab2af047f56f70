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
 * Above this many distinct keys, handing JSON.stringify the sorted key list costs more than writing
 * the text here: the native serializer looks up every listed key on every object (objects × keys),
 * which turns quadratic on maps keyed by id (150 ms for one 1,000-node simulation result).
 */
const PROPERTY_LIST_LIMIT = 256;

/**
 * JSON text with sorted keys, two-space indent and a trailing newline: the same bytes as
 * `JSON.stringify(sortKeys(value), null, indent)`, without building sorted copies. With few distinct
 * keys (reports of many similar records) the native serializer does the work, given the sorted key
 * list as its property list, which fixes the key order of every object; with many (maps keyed by
 * id) a direct writer, linear in the output, does it instead. Both give the same bytes.
 */
export function canonicalJson(value: unknown, indent = 2): string {
  const keys = new Set<string>();
  const seen = new Set<object>(); // each object once: shared ones are not walked again, cycles end
  const stack: unknown[] = [value];
  while (stack.length) {
    let v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
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
    if (keys.size > PROPERTY_LIST_LIMIT) return writeCanonicalJson(value, indent);
  }
  return JSON.stringify(value, [...keys].sort(keyOrder), indent) + '\n';
}

/** The direct writer behind `canonicalJson` (same bytes), exported for tests. */
export function writeCanonicalJson(value: unknown, indent = 2): string {
  return (new CanonicalWriter(indent).value(value, '', '') ?? 'undefined') + '\n';
}

class CanonicalWriter {
  private readonly gap: string;
  private readonly open = new Set<object>();

  constructor(indent: number) {
    this.gap = ' '.repeat(Math.max(0, Math.min(10, indent)));
  }

  /** The text of `v` as JSON.stringify would write it at this depth, or undefined when it is omitted. */
  value(v: unknown, key: string, pad: string): string | undefined {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
    } else if (typeof v === 'bigint' && typeof (BigInt.prototype as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as unknown as { toJSON: (k: string) => unknown }).toJSON(key);
    }
    if (v instanceof Number) v = Number(v);
    else if (v instanceof String) v = String(v);
    else if (v instanceof Boolean) v = v.valueOf();
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        return Number.isFinite(v) ? String(v) : 'null';
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      case 'object':
        if (v === null) return 'null';
        return Array.isArray(v) ? this.array(v, pad) : this.object(v as Record<string, unknown>, pad);
      default:
        return undefined; // undefined, function, symbol
    }
  }

  private enter(v: object): void {
    if (this.open.has(v)) throw new TypeError('Converting circular structure to JSON');
    this.open.add(v);
  }

  private array(a: unknown[], pad: string): string {
    if (a.length === 0) return '[]';
    this.enter(a);
    const inner = pad + this.gap;
    const parts: string[] = new Array(a.length);
    for (let i = 0; i < a.length; i++) parts[i] = this.value(a[i], String(i), inner) ?? 'null';
    this.open.delete(a);
    return this.gap ? `[\n${inner}${parts.join(`,\n${inner}`)}\n${pad}]` : `[${parts.join(',')}]`;
  }

  private object(o: Record<string, unknown>, pad: string): string {
    const keys = Object.keys(o);
    if (keys.length === 0) return '{}';
    this.enter(o);
    keys.sort(keyOrder);
    const inner = pad + this.gap;
    const sep = this.gap ? ': ' : ':';
    const parts: string[] = [];
    for (const k of keys) {
      const t = this.value(o[k], k, inner);
      if (t !== undefined) parts.push(JSON.stringify(k) + sep + t);
    }
    this.open.delete(o);
    if (parts.length === 0) return '{}';
    return this.gap ? `{\n${inner}${parts.join(`,\n${inner}`)}\n${pad}}` : `{${parts.join(',')}}`;
  }
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
