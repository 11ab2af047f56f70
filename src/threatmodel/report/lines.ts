// Where things are defined in a model file: the 1-based line of each component, flow, boundary and data asset
// (its `id:`) and of each threat-tracking key, so SARIF results and messages can point into the YAML (or JSON).
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';

const SECTIONS = ['components', 'data_flows', 'trust_boundaries', 'data_assets'] as const;

/** Lines by id; ids that appear twice keep their first line. Never throws (a broken file gives fewer lines). */
export function elementLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: false });
  } catch {
    return out;
  }
  const root = doc.contents;
  if (!isMap(root)) return out;
  const line = (offset: number | undefined) => (offset === undefined ? undefined : lc.linePos(offset).line);
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    if (key && (SECTIONS as readonly string[]).includes(key) && isSeq(item.value)) {
      for (const el of item.value.items) {
        if (!isMap(el)) continue;
        const idPair = el.items.find((p) => isScalar(p.key) && p.key.value === 'id');
        if (!idPair || !isScalar(idPair.value)) continue;
        const id = String(idPair.value.value);
        const l = line(idPair.value.range?.[0]);
        if (l !== undefined && !out.has(id)) out.set(id, l);
      }
    } else if (key === 'threat_tracking' && isMap(item.value)) {
      for (const p of item.value.items) {
        if (!isScalar(p.key)) continue;
        const k = String(p.key.value);
        const l = line(p.key.range?.[0]);
        if (l !== undefined && !out.has(k)) out.set(k, l);
      }
    }
  }
  return out;
}
