// Test helpers: where the shared reference data lives and how to list corpus files.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Read-only third-party reference data (never copied into the project). */
export const SHARED = process.env.MEDFLOW_SHARED ? resolve(process.env.MEDFLOW_SHARED) : resolve(ROOT, '../shared');
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
