// Test helpers: where the shared reference data lives and how to list corpus files.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Read-only third-party reference data (never copied into the project): MEDFLOW_SHARED when set, else
 * `../shared` beside the checkout, else the workplace copy in /work/shared (so a clone made anywhere
 * finds it). When none holds a corpus, one clear message says where it looked.
 */
function findShared(): string {
  if (process.env.MEDFLOW_SHARED) return resolve(process.env.MEDFLOW_SHARED);
  const candidates = [resolve(ROOT, '../shared'), '/work/shared'];
  const found = candidates.find((d) => existsSync(join(d, 'corpus')));
  if (found) return found;
  process.stderr.write(`medflow tests: shared reference data not found (looked in ${candidates.join(', ')}); set MEDFLOW_SHARED to its folder\n`);
  return candidates[0];
}
export const SHARED = findShared();
export const CORPUS = join(SHARED, 'corpus');
export const CORPUS_FOLDERS = ['attack-flow-v3', 'attack-flow-v2.1', 'attack-flow-v0.1', 'attack-flow-stix', 'csa-afb'] as const;

/** Sorted paths of the flow files (.afb, .json) in one corpus folder. */
export function corpusFiles(folder: string): string[] {
  return readdirSync(join(CORPUS, folder))
    .filter((f) => f.endsWith('.afb') || f.endsWith('.json'))
    .sort()
    .map((f) => join(CORPUS, folder, f));
}

export function allCorpusFiles(): string[] {
  return CORPUS_FOLDERS.flatMap((f) => corpusFiles(f));
}
