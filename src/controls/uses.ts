// Technique uses in Attack Flows: the technique ids of a flow's actions (from `technique_id`, or from the
// ATT&CK/ATLAS external id of the attack-pattern that `technique_ref` points to), as coverage input.
import { actionsOf, type FlowGraph } from '../flow/model.ts';
import { MedflowError } from '../util/errors.ts';
import { parseJson, parseYaml } from '../util/io.ts';
import { isPlainObject } from '../util/json.ts';
import type { TechniqueUse } from './mapping.ts';

const TECHNIQUE_SOURCES = new Set(['mitre-attack', 'mitre-ics-attack', 'mitre-mobile-attack', 'mitre-atlas']);

/** External technique id of a STIX attack-pattern object, when it has one. */
function attackPatternId(obj: unknown): string | undefined {
  if (!isPlainObject(obj) || !Array.isArray(obj.external_references)) return undefined;
  for (const r of obj.external_references) {
    if (isPlainObject(r) && typeof r.external_id === 'string' && typeof r.source_name === 'string' && TECHNIQUE_SOURCES.has(r.source_name)) {
      return r.external_id;
    }
  }
  return undefined;
}

/** One use per action that names a technique; `source` is `file` (or the flow's name). Blank ids are skipped. */
export function techniqueUsesOfFlow(graph: FlowGraph, source: string): TechniqueUse[] {
  const out: TechniqueUse[] = [];
  for (const a of actionsOf(graph)) {
    let id = typeof a.technique_id === 'string' ? a.technique_id : undefined;
    if ((!id || !id.trim()) && typeof a.technique_ref === 'string') id = attackPatternId(graph.objects.get(a.technique_ref));
    if (id && id.trim()) out.push({ technique: id, source });
  }
  return out;
}

/**
 * Technique ids from a list file: JSON or YAML (a list, or a mapping with a `techniques` list), or plain
 * text with ids separated by new lines, commas or spaces and `#` comments.
 */
export function parseTechniqueList(text: string, file: string): TechniqueUse[] {
  const source = file;
  const t = text.trimStart();
  let data: unknown;
  if (/\.json$/i.test(file) || t.startsWith('[') || t.startsWith('{')) data = parseJson(text, file);
  else if (/\.ya?ml$/i.test(file)) data = parseYaml(text, file);
  else {
    return text
      .split('\n')
      .map((l) => l.replace(/#.*/, ''))
      .flatMap((l) => l.split(/[,\s]+/))
      .filter(Boolean)
      .map((technique) => ({ technique, source }));
  }
  const list = isPlainObject(data) ? data.techniques : data;
  if (!Array.isArray(list)) throw new MedflowError('expected a list of technique ids, or a mapping with a "techniques" list', { file });
  return list.map((v, i) => {
    if (typeof v !== 'string') throw new MedflowError('technique ids must be text', { file, at: isPlainObject(data) ? `techniques[${i}]` : `[${i}]` });
    return { technique: v, source };
  });
}
