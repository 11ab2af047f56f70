// Output formats for a threat model result, by name and file extension. `medflow threats` picks from this
// registry; reports (Markdown, HTML, SARIF) plug in by adding an entry, with no change to the CLI.
import { canonicalJson } from '../util/json.ts';
import type { ModelIndex } from './graph.ts';
import type { Architecture } from './model.ts';
import type { ThreatModelResult } from './engine.ts';
import type { LintResult } from './lint.ts';

/** Everything a report writer may use. */
export interface ThreatReportInput {
  result: ThreatModelResult;
  model: Architecture;
  index: ModelIndex;
  /** Present when the caller also ran lint (reports may show the playbook checks). */
  lint?: LintResult;
}

export interface ThreatReportFormat {
  name: string;
  /** File extensions that select this format (first is the default). */
  extensions: string[];
  description: string;
  write(input: ThreatReportInput): string | Uint8Array | Promise<string | Uint8Array>;
}

export const THREAT_FORMATS: ThreatReportFormat[] = [
  {
    name: 'json',
    extensions: ['.json'],
    description: 'threats with harm, exploitability, risk and tracking, as canonical JSON (format medflow-threats/1)',
    write: ({ result }) => canonicalJson(result),
  },
];

/** Adds (or replaces) a format. */
export function registerThreatFormat(f: ThreatReportFormat): void {
  const i = THREAT_FORMATS.findIndex((x) => x.name === f.name);
  if (i >= 0) THREAT_FORMATS[i] = f;
  else THREAT_FORMATS.push(f);
}

export function threatFormatByName(name: string): ThreatReportFormat | undefined {
  return THREAT_FORMATS.find((f) => f.name === name);
}

/** Picks the format from a file name (longest matching extension wins). */
export function threatFormatForFile(file: string): ThreatReportFormat | undefined {
  const lower = file.toLowerCase();
  let best: { f: ThreatReportFormat; len: number } | undefined;
  for (const f of THREAT_FORMATS) for (const ext of f.extensions) {
    if (lower.endsWith(ext) && (!best || ext.length > best.len)) best = { f, len: ext.length };
  }
  return best?.f;
}
