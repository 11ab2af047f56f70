// `medflow flow validate FILE... [--json]`: checks Attack Flow files (.json STIX bundles and .afb) with
// medflow's validator. Exit status: 0 all valid (warnings allowed), 1 any error, 2 a file could not be read.
import type { Command } from 'commander';
import { isMedflowError } from '../util/errors.ts';
import { formatIssue, type Issue } from '../util/issue.ts';
import { loadFlowFile } from '../flow/load.ts';
import { validateFlow, CHECKS, type CheckFamily } from '../validate/index.ts';
import { action } from './run.ts';

interface JsonIssue {
  code: string;
  message: string;
  object: string | null;
  property: string | null;
}

export interface FileReport {
  file: string;
  ok: boolean;
  errors: JsonIssue[];
  warnings: JsonIssue[];
}

const FAMILY_TITLES: Record<CheckFamily, string> = {
  bundle: 'Bundle (as MITRE\'s reference validator)',
  schema: 'Objects (STIX 2.1 and Attack Flow 2.0.0 schema rules)',
  graph: 'Graph',
  attack: 'ATT&CK / ATLAS (catalog shipped with medflow)',
};

/** The list of checks shown by --help. */
export function checksHelp(): string {
  const lines = ['', 'Checks (code, severity, what it finds):'];
  for (const family of Object.keys(FAMILY_TITLES) as CheckFamily[]) {
    lines.push('', `  ${FAMILY_TITLES[family]}`);
    for (const c of CHECKS.filter((x) => x.family === family)) {
      lines.push(`    ${c.code.padEnd(22)} ${c.severity.padEnd(8)} ${c.summary}`);
    }
  }
  lines.push(
    '',
    '  Import warnings of .afb files (repairs made while reading) are listed as warnings too.',
    '  A file that cannot be read or is not an Attack Flow gives "file-unreadable" (exit status 2).',
    '',
    'Exit status: 0 when every file is valid (warnings allowed), 1 when any file has an error,',
    '2 when a file cannot be read. See docs/validator.md.',
  );
  return lines.join('\n');
}

const toJson = (i: Issue): JsonIssue => ({ code: i.code, message: i.message, object: i.object ?? null, property: i.property ?? null });

/** Validates one file; unreadable input becomes a report with a single "file-unreadable" error. */
export function validateFile(file: string): { report: FileReport; unreadable: boolean } {
  try {
    const r = validateFlow(loadFlowFile(file));
    return { report: { file, ok: r.ok, errors: r.errors.map(toJson), warnings: r.warnings.map(toJson) }, unreadable: false };
  } catch (e) {
    if (!isMedflowError(e)) throw e;
    const message = e.at ? `${e.at}: ${e.message}` : e.message;
    return {
      report: { file, ok: false, errors: [{ code: 'file-unreadable', message, object: null, property: null }], warnings: [] },
      unreadable: true,
    };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function registerFlowValidate(flow: Command): void {
  flow
    .command('validate')
    .description('check Attack Flow files: the reference validator\'s rules plus graph and ATT&CK checks')
    .argument('<file...>', 'STIX bundles (.json) or Attack Flow Builder files (.afb)')
    .option('--json', 'print a JSON array: [{"file","ok","errors":[{"code","message","object","property"}],"warnings":[...]}]')
    .option('-q, --quiet', 'print errors only (and the summary)')
    .addHelpText('after', checksHelp() + `

Examples:
  $ medflow flow validate incident.json
  $ medflow flow validate flows/*.json flows/*.afb --quiet     errors only, one summary line
  $ medflow flow validate incident.afb --json | jq '.[0].errors'`)
    .action(action((files: string[], opts: { json?: boolean; quiet?: boolean }) => {
      const reports: FileReport[] = [];
      let unreadable = false;
      for (const file of files) {
        const r = validateFile(file);
        reports.push(r.report);
        if (r.unreadable) {
          unreadable = true;
          process.stderr.write(`medflow: error: ${file}: ${r.report.errors[0].message}\n`);
        }
      }
      if (opts.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
      else process.stdout.write(humanReport(reports, !!opts.quiet));
      process.exitCode = unreadable ? 2 : reports.some((r) => !r.ok) ? 1 : 0;
    }));
}

/** The human-readable report: one line per finding naming file, object and property, then a summary. */
export function humanReport(reports: FileReport[], quiet = false): string {
  const lines: string[] = [];
  const back = (i: JsonIssue): Issue => ({ code: i.code, message: i.message, object: i.object ?? undefined, property: i.property ?? undefined });
  let valid = 0, withWarnings = 0, invalid = 0, unreadable = 0, errors = 0, warnings = 0;
  for (const r of reports) {
    if (r.errors.some((e) => e.code === 'file-unreadable')) {
      unreadable++;
      continue; // already reported on standard error
    }
    errors += r.errors.length;
    warnings += r.warnings.length;
    if (!r.ok) invalid++;
    else if (r.warnings.length) withWarnings++;
    else valid++;
    for (const e of r.errors) lines.push(formatIssue(back(e), 'error', r.file));
    if (!quiet) for (const w of r.warnings) lines.push(formatIssue(back(w), 'warning', r.file));
    const verdict = !r.ok ? `FAIL (${plural(r.errors.length, 'error')}, ${plural(r.warnings.length, 'warning')})`
      : r.warnings.length ? `OK (${plural(r.warnings.length, 'warning')})` : 'OK';
    lines.push(`${r.file}: ${verdict}`);
  }
  const parts = [`${valid} valid`];
  if (withWarnings) parts.push(`${withWarnings} valid with warnings`);
  if (invalid) parts.push(`${invalid} invalid`);
  if (unreadable) parts.push(`${unreadable} unreadable`);
  lines.push(`${plural(reports.length, 'file')} checked: ${parts.join(', ')}; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
  return lines.join('\n') + '\n';
}
