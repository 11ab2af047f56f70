// Loading any Attack Flow file into a FlowGraph: STIX bundles (.json) and Attack Flow Builder files
// (.afb, all four generations), detected by content, with import warnings collected.
import { basename } from 'node:path';
import { readText, parseJson } from '../util/io.ts';
import { MedflowError } from '../util/errors.ts';
import { isPlainObject } from '../util/json.ts';
import type { Issue } from '../util/issue.ts';
import { importAfb, isAfbDocument, type AfbGeneration } from '../afb/import.ts';
import { readBundle } from './bundle.ts';
import type { FlowGraph } from './model.ts';

export type FlowFileFormat = 'stix' | `afb-${AfbGeneration}`;

export interface LoadedFlow {
  file: string;
  format: FlowFileFormat;
  graph: FlowGraph;
  /** Problems found and, where unambiguous, repaired while reading (never fatal). */
  warnings: Issue[];
  /** The parsed JSON as read (for schema-level validation of STIX input). */
  raw: unknown;
}

/** Parses already-read JSON text as an Attack Flow document (bundle or .afb). */
export function loadFlowText(text: string, file = '<input>'): LoadedFlow {
  const raw = parseJson(text, file);
  return loadFlowJson(raw, file);
}

export function loadFlowJson(raw: unknown, file = '<input>'): LoadedFlow {
  try {
    if (isPlainObject(raw) && raw.type === 'bundle') {
      const { graph, skipped } = readBundle(raw, file);
      const warnings: Issue[] = skipped.map((s) => ({
        code: 'bundle-entry-skipped',
        message: `objects[${s.index}] ignored: ${s.reason}`,
        property: `objects[${s.index}]`,
      }));
      return { file, format: 'stix', graph, warnings, raw };
    }
    if (isAfbDocument(raw)) {
      const r = importAfb(raw, basename(file));
      return { file, format: `afb-${r.generation}`, graph: r.graph, warnings: r.warnings, raw };
    }
  } catch (e) {
    if (e instanceof MedflowError) throw e.inFile(file);
    throw new MedflowError(`cannot read as an Attack Flow: ${(e as Error).message}`, { file });
  }
  throw new MedflowError(
    'not an Attack Flow file: expected a STIX bundle ("type": "bundle") or an Attack Flow Builder .afb document',
    { file },
  );
}

export function loadFlowFile(file: string): LoadedFlow {
  return loadFlowText(readText(file), file);
}
