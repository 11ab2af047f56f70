// A version stamp for a control list: the count and a digest of the controls' content, so a report says
// exactly which catalog it was computed with (the shipped catalog or a user's own controls).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../util/json.ts';
import type { Control } from './types.ts';

/** "medflow-controls 92 (sha256:0123456789ab)": count and the first 12 hex digits of the content digest. */
export function controlsVersion(controls: readonly Control[]): string {
  const plain = [...controls]
    .map(({ source: _source, ...c }: Control & { source?: unknown }) => c)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const digest = createHash('sha256').update(canonicalJson(plain, 0)).digest('hex').slice(0, 12);
  return `medflow-controls ${controls.length} (sha256:${digest})`;
}
