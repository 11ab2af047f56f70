// Threat report formats by name and file extension, for `medflow threats --format` and `-o FILE`. Each
// format writes chunks (so the CLI can stream a large report straight to a file) or a whole string.
import { renderHtmlChunks } from './html.ts';
import { joinChunks, type ThreatReportInput } from './input.ts';
import { renderJsonChunks } from './json.ts';
import { renderMarkdownChunks } from './markdown.ts';
import { renderSarifChunks } from './sarif.ts';

export type { ThreatReportInput, ReportRule } from './input.ts';
export { summarize } from './input.ts';
export { jsonReport, canonicalJsonChunks, THREAT_REPORT_FORMAT } from './json.ts';
export { sarifLog, LEVEL_OF_RISK, SARIF_VERSION } from './sarif.ts';

export type ThreatReportFormatName = 'json' | 'md' | 'html' | 'sarif';

export interface ThreatReportFormat {
  name: ThreatReportFormatName;
  /** File extensions that select this format (first is the default). */
  extensions: string[];
  mediaType: string;
  description: string;
  /** The report as a sequence of text chunks (concatenate them, or write them one by one). */
  chunks(input: ThreatReportInput): Iterable<string>;
  /** The whole report as one string. */
  render(input: ThreatReportInput): string;
}

const format = (f: Omit<ThreatReportFormat, 'render'>): ThreatReportFormat => ({ ...f, render: (i) => joinChunks(f.chunks(i)) });

export const THREAT_REPORT_FORMATS: Record<ThreatReportFormatName, ThreatReportFormat> = {
  json: format({
    name: 'json', extensions: ['.json'], mediaType: 'application/json',
    description: 'canonical JSON: summary, views, every threat, untriaged ids, lint findings', chunks: renderJsonChunks,
  }),
  md: format({
    name: 'md', extensions: ['.md', '.markdown'], mediaType: 'text/markdown',
    description: 'Markdown report (summary, untriaged list, FDA views, threats per element)', chunks: renderMarkdownChunks,
  }),
  html: format({
    name: 'html', extensions: ['.html', '.htm'], mediaType: 'text/html',
    description: 'self-contained, printable HTML report (inline CSS, no scripts or external resources)', chunks: renderHtmlChunks,
  }),
  sarif: format({
    name: 'sarif', extensions: ['.sarif', '.sarif.json'], mediaType: 'application/sarif+json',
    description: 'SARIF 2.1.0 for CI gating (level from risk; triaged threats suppressed)', chunks: renderSarifChunks,
  }),
};

export const THREAT_REPORT_FORMAT_NAMES = Object.keys(THREAT_REPORT_FORMATS) as ThreatReportFormatName[];

/** Picks a format from an output file name (longest matching extension wins: .sarif.json is SARIF). */
export function threatReportFormatForFile(file: string): ThreatReportFormat | undefined {
  const lower = file.toLowerCase();
  let best: { f: ThreatReportFormat; len: number } | undefined;
  for (const f of Object.values(THREAT_REPORT_FORMATS)) {
    for (const ext of f.extensions) if (lower.endsWith(ext) && (!best || ext.length > best.len)) best = { f, len: ext.length };
  }
  return best?.f;
}
