// Import of Attack Flow Builder (.afb) files of every generation into a FlowGraph: legacy 0.1.0 and
// 2.0.0 (embedded templates, MD5-encoded enums), legacy 2.1.0 and the current format
// ("schema": "attack_flow_v2"). Reading the drawing is in diagram.ts, its meaning in semantic.ts, and
// the medflow section that carries non-Builder STIX content in patch.ts.
import { MedflowError } from '../util/errors.ts';
import { isPlainObject } from '../util/json.ts';
import type { Issue } from '../util/issue.ts';
import type { FlowGraph } from '../flow/model.ts';
import { readLegacy, readV3, type AfbGeneration, type Diagram } from './diagram.ts';
import { diagramToGraph } from './semantic.ts';
import { PATCH_KEY, applyPatch } from './patch.ts';

export type { AfbGeneration } from './diagram.ts';

export interface AfbImportResult {
  graph: FlowGraph;
  generation: AfbGeneration;
  warnings: Issue[];
}

/** True when the JSON looks like an .afb document of any generation. */
export function isAfbDocument(raw: unknown): boolean {
  return isPlainObject(raw) && (raw.schema === 'attack_flow_v2' || typeof raw.version === 'string') && Array.isArray(raw.objects);
}

const LEGACY: readonly AfbGeneration[] = ['0.1.0', '2.0.0', '2.1.0'];

/** Reads the drawing of an .afb document (no meaning attached yet). */
export function readDiagram(raw: unknown): Diagram {
  if (!isAfbDocument(raw)) {
    throw new MedflowError('not an Attack Flow Builder file: expected "schema": "attack_flow_v2" or a "version", and an "objects" list');
  }
  const doc = raw as Record<string, unknown>;
  if (doc.schema === 'attack_flow_v2') return readV3(doc);
  const version = doc.version as string;
  if ((LEGACY as readonly string[]).includes(version)) return readLegacy(doc, version as AfbGeneration);
  // An unknown version: read with the closest known layout and say so.
  const generation: AfbGeneration = isPlainObject(doc.schema) ? '2.0.0' : '2.1.0';
  const d = readLegacy(doc, generation);
  d.warnings.unshift({ code: 'afb-unknown-version', message: `unknown .afb version ${JSON.stringify(version)}; read as ${generation}` });
  return d;
}

/**
 * Imports a drawing only, without applying its medflow section (the exporter uses this to see what
 * the Builder fields alone express).
 */
export function importDrawing(raw: unknown, name: string): AfbImportResult {
  const diagram = readDiagram(raw);
  const { graph, warnings } = diagramToGraph(diagram, name);
  return { graph, generation: diagram.generation, warnings };
}

/** Converts a parsed .afb document to a FlowGraph. `name` is used in messages and for deterministic ids. */
export function importAfb(raw: unknown, name: string): AfbImportResult {
  const r = importDrawing(raw, name);
  const doc = raw as Record<string, unknown>;
  if (doc[PATCH_KEY] === undefined) return r;
  const { graph, warnings } = applyPatch(r.graph, r.warnings, doc[PATCH_KEY], doc.objects);
  return { graph, generation: r.generation, warnings };
}
