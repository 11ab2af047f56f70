// Import of Attack Flow Builder (.afb) files of every generation into a FlowGraph.
// STUB: to be implemented (issue 2, item 5).
import { MedflowError } from '../util/errors.ts';
import { isPlainObject } from '../util/json.ts';
import type { Issue } from '../util/issue.ts';
import type { FlowGraph } from '../flow/model.ts';

export type AfbGeneration = '0.1.0' | '2.0.0' | '2.1.0' | 'v3';

export interface AfbImportResult {
  graph: FlowGraph;
  generation: AfbGeneration;
  warnings: Issue[];
}

/** True when the JSON looks like an .afb document of any generation. */
export function isAfbDocument(raw: unknown): boolean {
  return isPlainObject(raw) && (raw.schema === 'attack_flow_v2' || typeof raw.version === 'string') && Array.isArray(raw.objects);
}

/** Converts a parsed .afb document to a FlowGraph. `name` is used in messages and for deterministic ids. */
export function importAfb(raw: unknown, name: string): AfbImportResult {
  void raw;
  throw new MedflowError(`.afb import is not implemented yet (${name})`);
}
