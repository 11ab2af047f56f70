// The validator's finding codes: one stable code per rule, with its severity, the family it belongs to
// and a one-line summary (used by `medflow flow validate --help` and docs/validator.md).
import type { Severity } from '../util/issue.ts';

/**
 * - `bundle`: the bundle checks MITRE's reference validator makes;
 * - `schema`: the per-object rules of the official STIX 2.1 / Attack Flow 2.0.0 schemas;
 * - `graph`: medflow's checks of the flow as a graph (references, entry points, cycles, reachability);
 * - `attack`: ATT&CK / ATLAS identifiers against medflow's catalog;
 * - `import`: problems found and repaired while reading an .afb file (reported by the importer).
 */
export type CheckFamily = 'bundle' | 'schema' | 'graph' | 'attack';

export interface CheckInfo {
  code: string;
  severity: Severity;
  family: CheckFamily;
  summary: string;
}

export const CHECKS: readonly CheckInfo[] = [
  // bundle
  { code: 'bundle-id', severity: 'error', family: 'bundle', summary: 'the bundle id is not "bundle--<UUID>"' },
  { code: 'bundle-entry', severity: 'error', family: 'bundle', summary: 'an entry of "objects" is not a STIX object (not an object, or no string "type")' },
  { code: 'flow-missing', severity: 'error', family: 'bundle', summary: 'the bundle has no attack-flow object' },
  { code: 'flow-multiple', severity: 'error', family: 'bundle', summary: 'the bundle has more than one attack-flow object' },
  { code: 'extension-missing', severity: 'error', family: 'bundle', summary: 'the Attack Flow extension-definition object is missing' },
  // schema
  { code: 'missing-property', severity: 'error', family: 'schema', summary: 'a required property is missing' },
  { code: 'wrong-type', severity: 'error', family: 'schema', summary: 'a property has the wrong JSON type (or is null)' },
  { code: 'invalid-value', severity: 'error', family: 'schema', summary: 'a value is outside its enumeration, range or format' },
  { code: 'invalid-identifier', severity: 'error', family: 'schema', summary: 'an id or reference is not a STIX identifier, or names a type the property does not allow' },
  { code: 'invalid-timestamp', severity: 'error', family: 'schema', summary: 'a timestamp is not RFC 3339 UTC (created/modified: with milliseconds)' },
  { code: 'empty-list', severity: 'error', family: 'schema', summary: 'an empty list or object where STIX requires content (e.g. "effect_refs": [])' },
  { code: 'invalid-property-name', severity: 'error', family: 'schema', summary: 'a property or dictionary key name STIX does not allow' },
  { code: 'reserved-property', severity: 'error', family: 'schema', summary: 'a property name STIX reserves (severity, action, username, phone_numbers)' },
  { code: 'constraint', severity: 'error', family: 'schema', summary: 'a rule between properties is broken (e.g. a file needs hashes or name)' },
  { code: 'extension-marker', severity: 'error', family: 'schema', summary: 'an Attack Flow object does not declare the Attack Flow extension as "new-sdo"' },
  { code: 'invalid-extension', severity: 'error', family: 'schema', summary: 'an "extensions" key is not an extension-definition id (or "*-ext" on observables)' },
  { code: 'unknown-type', severity: 'warning', family: 'schema', summary: 'an object type neither STIX 2.1 nor Attack Flow defines; only its references are checked' },
  // graph
  { code: 'duplicate-id', severity: 'error', family: 'graph', summary: 'two objects share an id (medflow keeps the first)' },
  { code: 'id-type-mismatch', severity: 'error', family: 'graph', summary: 'an object\'s id names a different type than its "type"' },
  { code: 'dangling-ref', severity: 'error', family: 'graph', summary: 'a reference names an object that is not in the bundle' },
  { code: 'dangling-context-ref', severity: 'warning', family: 'graph', summary: 'created_by_ref or a marking reference names an object not in the bundle' },
  { code: 'ref-wrong-type', severity: 'error', family: 'graph', summary: 'a reference points at an object of a type the property does not allow' },
  { code: 'duplicate-ref', severity: 'warning', family: 'graph', summary: 'a reference list names the same object twice' },
  { code: 'start-ref-not-entry', severity: 'error', family: 'graph', summary: 'a start_refs entry is led to by another action or condition, so it is not an entry point' },
  { code: 'entry-not-start-ref', severity: 'error', family: 'graph', summary: 'an action or condition nothing leads to is missing from start_refs' },
  { code: 'cycle', severity: 'warning', family: 'graph', summary: 'a directed cycle of actions, conditions and operators (the cycle is named)' },
  { code: 'unreachable', severity: 'warning', family: 'graph', summary: 'an action, condition or operator no path from start_refs reaches' },
  { code: 'operator-inputs', severity: 'warning', family: 'graph', summary: 'an AND/OR operator with fewer than two inputs' },
  { code: 'not-connected', severity: 'warning', family: 'graph', summary: 'an object no chain of references links to the attack-flow (threat actors and campaigns exempt)' },
  { code: 'no-description', severity: 'warning', family: 'graph', summary: 'the attack-flow has no description (best practice)' },
  // ATT&CK / ATLAS
  { code: 'technique-unknown', severity: 'warning', family: 'attack', summary: 'technique_id looks like ATT&CK/ATLAS but is not in the catalog (a likely fix is suggested)' },
  { code: 'technique-not-attack', severity: 'warning', family: 'attack', summary: 'technique_id is not an ATT&CK or ATLAS id, so it cannot be checked' },
  { code: 'technique-revoked', severity: 'warning', family: 'attack', summary: 'the technique is revoked (the replacement is suggested)' },
  { code: 'technique-deprecated', severity: 'warning', family: 'attack', summary: 'the technique is deprecated' },
  { code: 'tactic-unknown', severity: 'warning', family: 'attack', summary: 'tactic_id is not an ATT&CK/ATLAS tactic id or shortname' },
  { code: 'tactic-technique-pair', severity: 'warning', family: 'attack', summary: 'the technique is not listed under the tactic' },
  { code: 'technique-ref-mismatch', severity: 'warning', family: 'attack', summary: 'technique_ref names a different technique than technique_id' },
  { code: 'technique-ref-unknown', severity: 'warning', family: 'attack', summary: 'technique_ref is not an ATT&CK/ATLAS technique in the catalog' },
  { code: 'tactic-ref-mismatch', severity: 'warning', family: 'attack', summary: 'tactic_ref names a different tactic than tactic_id' },
  { code: 'tactic-ref-unknown', severity: 'warning', family: 'attack', summary: 'tactic_ref is not an ATT&CK tactic (x-mitre-tactic) in the catalog' },
];

export const CHECK_BY_CODE: ReadonlyMap<string, CheckInfo> = new Map(CHECKS.map((c) => [c.code, c]));

/** Codes whose findings the official schemas and the reference validator's bundle checks also make. */
export const OFFICIAL_FAMILIES: ReadonlySet<CheckFamily> = new Set(['bundle', 'schema']);

export function isOfficialCode(code: string): boolean {
  const c = CHECK_BY_CODE.get(code);
  return !!c && OFFICIAL_FAMILIES.has(c.family) && c.severity === 'error';
}
