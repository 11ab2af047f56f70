// Reading controls files from disk (the edge): the shipped catalog in content/controls/, or files and
// folders a user names. Validation itself is pure (validate.ts).
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MedflowError } from '../util/errors.ts';
import { readText } from '../util/io.ts';
import { checkControlTexts, formatControlIssue } from './validate.ts';
import type { ControlSet, LoadedControl } from './types.ts';

/** The controls medflow ships. */
export const CONTROLS_DIR = fileURLToPath(new URL('../../content/controls/', import.meta.url));

const DATA_FILE = /\.(ya?ml|json)$/i;

/** Controls files named by `paths` (files, or folders searched one level deep), sorted. */
export function controlFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new MedflowError('file or folder not found', { file: p });
    }
    if (isDir) {
      const found = readdirSync(p).filter((f) => DATA_FILE.test(f)).sort().map((f) => join(p, f));
      if (found.length === 0) throw new MedflowError('folder holds no .yaml, .yml or .json controls files', { file: p });
      files.push(...found);
    } else files.push(p);
  }
  return files;
}

/** A file name as shown to the user: relative to the working folder when inside it. */
function shown(file: string): string {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : file;
}

/** Reads and validates controls files; never throws on content problems (they are in `errors`). */
export function checkControls(paths: readonly string[] = [CONTROLS_DIR]): ControlSet {
  const files = controlFiles(paths).map(shown);
  return checkControlTexts(files.map((file) => ({ file, text: readText(file) })));
}

/**
 * Reads controls and throws one MedflowError (naming the file, line and property of the first problem,
 * and how many there are) when any file has an error. Warnings are returned, not thrown.
 */
export function loadControls(paths: readonly string[] = [CONTROLS_DIR]): ControlSet {
  const set = checkControls(paths);
  if (set.errors.length > 0) {
    const first = set.errors[0];
    const more = set.errors.length > 1 ? ` (and ${set.errors.length - 1} more; run \`medflow controls validate\`)` : '';
    const at = [first.line ? `line ${first.line}` : '', first.issue.object, first.issue.property].filter(Boolean).join(': ');
    throw new MedflowError(`${first.issue.message}${more}`, { file: first.file, at: at || undefined }, 2);
  }
  return set;
}

let shipped: LoadedControl[] | undefined;

/** The controls shipped with medflow (content/controls), validated once and cached. */
export function controlCatalog(): LoadedControl[] {
  if (!shipped) shipped = loadControls([CONTROLS_DIR]).controls;
  return shipped;
}

export { formatControlIssue };
