// STIX identifiers: validation and deterministic (name-based, UUIDv5) generation, so that the same
// input always yields the same ids.
import { createHash } from 'node:crypto';

/** medflow's UUIDv5 namespace for ids it derives (a fixed random UUID; never change it). */
export const MEDFLOW_NAMESPACE = '5f3c0a52-9d2e-4c1b-8f6e-3a7d1e9b4c20';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STIX_ID_RE = /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

export function isStixId(s: unknown): s is string {
  return typeof s === 'string' && STIX_ID_RE.test(s);
}

/** The type part of a STIX id ("attack-action" for "attack-action--…"), or undefined. */
export function stixType(id: string): string | undefined {
  const m = STIX_ID_RE.exec(id);
  return m ? m[1] : undefined;
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 4122 version-5 UUID of `name` in `namespace`. */
export function uuidv5(name: string, namespace = MEDFLOW_NAMESPACE): string {
  const h = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A deterministic STIX id of the given type for a name. */
export function stixId(type: string, name: string, namespace = MEDFLOW_NAMESPACE): string {
  return `${type}--${uuidv5(`${type}:${name}`, namespace)}`;
}

/** A deterministic id of `type` derived from any UUID (e.g. a diagram instance id), kept as is when it is one. */
export function stixIdFromInstance(type: string, instance: string): string {
  return `${type}--${isUuid(instance) ? instance.toLowerCase() : uuidv5(instance)}`;
}

const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function isStixTimestamp(s: unknown): s is string {
  return typeof s === 'string' && TS_RE.test(s) && !Number.isNaN(Date.parse(s));
}

/** Normalises a date string to a STIX timestamp (UTC, millisecond precision), or undefined if unparseable. */
export function toStixTimestamp(s: unknown): string | undefined {
  if (typeof s !== 'string' && typeof s !== 'number') return undefined;
  const t = Date.parse(String(s));
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString();
}
