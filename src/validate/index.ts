// The Attack Flow validator: the official schema rules (re-implemented) plus medflow's semantic checks.
// STUB: to be implemented (issue 2, item 4).
import type { IssueList } from '../util/issue.ts';
import type { LoadedFlow } from '../flow/load.ts';

export interface ValidationResult extends IssueList {
  ok: boolean;
}

export function validateFlow(loaded: LoadedFlow): ValidationResult {
  void loaded;
  return { ok: true, errors: [], warnings: [{ code: 'not-implemented', message: 'validator not implemented yet' }] };
}
