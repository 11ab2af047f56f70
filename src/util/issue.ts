// A finding about user input (validator result, import warning, lint finding): a stable code, a
// readable message and where it is (STIX object id and property, or a path in a file).

export type Severity = 'error' | 'warning';

export interface Issue {
  code: string;
  message: string;
  /** STIX id (or element id) the finding is about. */
  object?: string;
  /** Property within that object, e.g. "effect_refs" or "start_refs[2]". */
  property?: string;
}

export interface IssueList {
  errors: Issue[];
  warnings: Issue[];
}

export function formatIssue(i: Issue, severity: Severity, file?: string): string {
  const where = [file, i.object, i.property].filter(Boolean).join(': ');
  return `${where ? where + ': ' : ''}${severity}: ${i.message} [${i.code}]`;
}

const key = (i: Issue) => `${i.object ?? ''}\u0000${i.property ?? ''}\u0000${i.code}\u0000${i.message}`;

/** Sorts issues by object, property, code, message so output is stable. */
export function sortIssues(list: Issue[]): Issue[] {
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
