// The Attack Flow validator: the checks of MITRE's reference validator (bundle envelope, one attack-flow,
// the extension definition, every object against the STIX 2.1 / Attack Flow 2.0.0 rules, connectivity,
// flow description) re-implemented by medflow, plus medflow's graph and ATT&CK checks. Pure: findings
// are Issues with stable codes (see codes.ts), sorted; `ok` means no errors.
import { sortIssues, type Issue, type IssueList } from '../util/issue.ts';
import { isPlainObject } from '../util/json.ts';
import type { LoadedFlow } from '../flow/load.ts';
import { toBundle } from '../flow/bundle.ts';
import type { FlowGraph } from '../flow/model.ts';
import { AF_EXTENSION_ID } from '../stix/attack-flow.ts';
import { IDENTIFIER_RE } from './rules.ts';
import { objectFindings } from './stix-schema.ts';
import { graphChecks } from './graph-checks.ts';
import { catalogChecks } from './catalog-checks.ts';
import { CHECK_BY_CODE } from './codes.ts';

export { CHECKS, CHECK_BY_CODE, isOfficialCode, type CheckInfo, type CheckFamily } from './codes.ts';

export interface ValidationResult extends IssueList {
  ok: boolean;
}

export function validateFlow(loaded: LoadedFlow): ValidationResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const add = (i: Issue) => ((CHECK_BY_CODE.get(i.code)?.severity ?? 'warning') === 'error' ? errors : warnings).push(i);

  // The bundle as written: the file itself for STIX input, medflow's conversion for .afb input.
  const bundle = loaded.format === 'stix' && isPlainObject(loaded.raw) ? loaded.raw : toBundle(loaded.graph);
  const entries = Array.isArray(bundle.objects) ? bundle.objects : [];

  if (typeof bundle.id !== 'string' || !IDENTIFIER_RE.test(bundle.id) || !bundle.id.startsWith('bundle--')) {
    add({ code: 'bundle-id', property: 'id', message: `the bundle id must be "bundle--<UUID>"; got ${JSON.stringify(bundle.id) ?? 'nothing'}` });
  }

  // Each object against the rules for its type.
  const reported = new Set<string>();
  const unknownTypes = new Set<string>();
  let flows = 0;
  let extension = false;
  entries.forEach((o, i) => {
    if (!isPlainObject(o) || typeof o.type !== 'string') {
      add({ code: 'bundle-entry', property: `objects[${i}]`, message: `objects[${i}] is not a STIX object: ${isPlainObject(o) ? 'it has no string "type"' : 'not a JSON object'}` });
      return;
    }
    if (o.type === 'attack-flow') flows++;
    if (o.type === 'extension-definition' && o.id === AF_EXTENSION_ID) extension = true;
    const id = typeof o.id === 'string' ? o.id : undefined;
    const findings = objectFindings(o);
    if (!findings) {
      if (!unknownTypes.has(o.type)) {
        unknownTypes.add(o.type);
        add({ code: 'unknown-type', object: id, property: id ? undefined : `objects[${i}]`,
          message: `objects of type "${o.type}" are defined by neither STIX 2.1 nor Attack Flow 2.0.0; medflow checks only their references` });
      }
      return;
    }
    for (const f of findings) {
      const property = id ? f.property || undefined : `objects[${i}]${f.property ? '.' + f.property : ''}`;
      add({ code: f.code, object: id, property, message: f.message });
      if (id) reported.add(`${id}\u0000${f.property}`);
    }
  });
  if (flows === 0) add({ code: 'flow-missing', message: 'the bundle has no attack-flow object' });
  if (flows > 1) {
    for (const o of entries) {
      if (isPlainObject(o) && o.type === 'attack-flow') {
        add({ code: 'flow-multiple', object: typeof o.id === 'string' ? o.id : undefined, message: `the bundle has ${flows} attack-flow objects; it must have exactly one` });
      }
    }
  }
  if (!extension) {
    add({ code: 'extension-missing', message: `the Attack Flow extension-definition object (${AF_EXTENSION_ID}) is missing from the bundle` });
  }

  const g = graphChecks({ graph: loaded.graph, reported });
  g.errors.forEach(add);
  g.warnings.forEach(add);
  catalogChecks(loaded.graph).forEach(add);

  // Import warnings. Skipped bundle entries are already reported above as errors.
  for (const w of loaded.warnings) if (!(loaded.format === 'stix' && w.code === 'bundle-entry-skipped')) warnings.push(w);

  const e = dedupe(sortIssues(errors));
  return { ok: e.length === 0, errors: e, warnings: dedupe(sortIssues(warnings)) };
}

/** Validates an in-memory graph (e.g. a composed or generated flow) as the bundle medflow would write. */
export function validateGraph(graph: FlowGraph, file = '<graph>'): ValidationResult {
  return validateFlow({ file, format: 'stix', graph, warnings: [], raw: toBundle(graph) });
}

function dedupe(list: Issue[]): Issue[] {
  return list.filter((x, i) => i === 0 || JSON.stringify(x) !== JSON.stringify(list[i - 1]));
}
