// Test support: seeded random mutations of STIX objects (delete, replace or add properties, at the top
// level and inside nested objects and lists), used to compare medflow's schema rules with the official
// schemas on many objects that are almost valid.
import type { Rng } from '../../src/util/rng.ts';

const T_MS = '2025-02-03T04:05:06.789Z';
const ID = (type: string) => `${type}--4f0a8a5c-1f2b-4c3d-8e9f-0a1b2c3d4e5f`;

/** Values that exercise type, enumeration, identifier, timestamp, emptiness and null rules. */
const VALUES: unknown[] = [
  null, [], {}, 0, -1, 101, 1.5, 42, true, false, '', 'x', 'AND', 'OR', 'incident', 'campaign', 'tlp', 'statement',
  'cve', 'capec', 'CVE-2024-12345', 'CAPEC-66', 'new-sdo', 'property-extension', '2.0', '2.1', 'attack-flow',
  T_MS, '2025-02-03T04:05:06Z', '2025-02-03 04:05:06', '2025-13-03T04:05:06.000Z', 'aGVsbG8=', 'not base64!', 'ab12', 'abc',
  ID('attack-action'), ID('attack-condition'), ID('attack-operator'), ID('attack-asset'), ID('process'), ID('attack-pattern'),
  ID('identity'), ID('relationship'), ID('marking-definition'), ID('software'), ID('file'), ID('observed-data'),
  'attack-action--4f0a8a5c-1f2b-7c3d-8e9f-0a1b2c3d4e5f', 'Attack-Action--x', 'attack-action',
  ['x'], [1], [null], [ID('attack-action')], [ID('attack-asset')], [ID('identity'), ID('location')], [{}],
  [{ source_name: 'cve', external_id: 'CVE-2024-0001' }], [{ source_name: 'x' }], [{ source_name: 'cve', external_id: 'x' }],
  [{ kill_chain_name: 'k', phase_name: 'p' }], [{ selectors: ['name'], marking_ref: ID('marking-definition') }],
  { a: 1 }, { tlp: 'green' }, { statement: 's' }, { extension_type: 'new-sdo' },
  { 'extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4': { extension_type: 'new-sdo' } },
  { 'extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4': { extension_type: 'property-extension' } },
  { 'x-custom-ext': { abc: 1 } }, { 'ntfs-ext': { sid: 's' } }, { 'bad key': 1 }, { MD5: '0'.repeat(32) }, { MD5: 'xyz' },
  '192.0.2.1', '2001:db8::1', '00:1a:2b:3c:4d:5e', 'HKLM\\x', 'application/json',
];

const NEW_KEYS = [
  'Bad-Key', 'ab', 'x_bin', 'x_hex', 'severity', 'action', 'custom_prop', 'x_id', 'name', 'description', 'effect_refs',
  'start_refs', 'on_true_refs', 'asset_refs', 'command_ref', 'technique_ref', 'object_ref', 'extensions',
  'external_references', 'granular_markings', 'object_marking_refs', 'labels', 'confidence', 'created', 'modified',
  'spec_version', 'revoked', 'lang', 'is_family', 'latitude', 'longitude', 'precision', 'region', 'hashes', 'payload_bin',
  'url', 'definition', 'definition_type', 'extension_properties', 'extension_types', 'objects', 'object_refs', 'result',
  'is_active', 'end', 'body', 'body_multipart', 'decryption_key', 'encryption_algorithm', 'scope', 'operator', 'value',
  'defanged', 'created_by_ref', 'source_ref', 'target_ref', 'relationship_type', 'sighting_of_ref', 'count',
];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

type Container = Record<string, unknown> | unknown[];

/** All containers inside `root` (itself included), to depth 3. */
function containers(root: Container, depth = 0, out: Container[] = []): Container[] {
  out.push(root);
  if (depth >= 3) return out;
  const values = Array.isArray(root) ? root : Object.values(root);
  for (const v of values) if (v !== null && typeof v === 'object') containers(v as Container, depth + 1, out);
  return out;
}

/** Applies one random mutation in place; returns a short description. */
export function mutateOnce(obj: Record<string, unknown>, rng: Rng): string {
  const all = containers(obj);
  // Top-level changes are the most interesting; nested ones get a fair share too.
  const target = rng.float() < 0.6 ? obj : pick(rng, all);
  const value = clone(pick(rng, VALUES));
  if (Array.isArray(target)) {
    if (target.length && rng.float() < 0.5) {
      const i = rng.int(target.length);
      target[i] = value;
      return `[${i}] = ${JSON.stringify(value)}`;
    }
    if (target.length && rng.float() < 0.5) {
      target.splice(rng.int(target.length), 1);
      return 'remove list item';
    }
    target.push(value);
    return `push ${JSON.stringify(value)}`;
  }
  const keys = Object.keys(target);
  const r = rng.float();
  if (keys.length && r < 0.25) {
    const k = pick(rng, keys);
    delete target[k];
    return `delete ${k}`;
  }
  if (keys.length && r < 0.7) {
    const k = pick(rng, keys);
    target[k] = value;
    return `${k} = ${JSON.stringify(value)}`;
  }
  const k = pick(rng, NEW_KEYS);
  target[k] = value;
  return `add ${k} = ${JSON.stringify(value)}`;
}

/** A mutated copy of `obj` after 1 to `max` mutations, with their descriptions. */
export function mutate(obj: Record<string, unknown>, rng: Rng, max = 3): { object: Record<string, unknown>; steps: string[] } {
  const object = clone(obj);
  const steps: string[] = [];
  const n = 1 + rng.int(max);
  for (let i = 0; i < n; i++) steps.push(mutateOnce(object, rng));
  return { object, steps };
}
