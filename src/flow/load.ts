// Loading any Attack Flow file into a FlowGraph: STIX bundles (.json) and Attack Flow Builder files
// (.afb, all four generations), detected by content, with import warnings collected.
import { basename } from 'node:path';
import { readText, parseJson } from '../util/io.ts';
import { MedflowError } from '../util/errors.ts';
import { isPlainObject } from '../util/json.ts';
import type { Issue } from '../util/issue.ts';
import { importAfb, isAfbDocument, type AfbGeneration } from '../afb/import.ts';
import { readBundle, toBundle } from './bundle.ts';
import { repairGraph } from './repair.ts';
import type { FlowGraph } from './model.ts';

export type FlowFileFormat = 'stix' | `afb-${AfbGeneration}`;

export interface LoadedFlow {
  file: string;
  format: FlowFileFormat;
  graph: FlowGraph;
  /** Problems found and, where unambiguous, repaired while reading (never fatal). */
  warnings: Issue[];
  /** The parsed JSON as read (for schema-level validation of STIX input); the repaired bundle in repair mode. */
  raw: unknown;
}

export interface LoadOptions {
  /**
   * Import mode: repair unambiguous defects of STIX input (nulls, empty lists, wrong start_refs) and
   * report each as a warning. Off for validation, which must see the input as it is. (.afb input is
   * always rebuilt from the diagram, so it is repaired either way.)
   */
  repair?: boolean;
}

/** Parses already-read JSON text as an Attack Flow document (bundle or .afb). */
export function loadFlowText(text: string, file = '<input>', options: LoadOptions = {}): LoadedFlow {
  const raw = parseJson(text, file);
  return loadFlowJson(raw, file, options);
}

export function loadFlowJson(raw: unknown, file = '<input>', options: LoadOptions = {}): LoadedFlow {
  try {
    if (isPlainObject(raw) && raw.type === 'bundle') {
      const { graph, skipped } = readBundle(raw, file);
      const warnings: Issue[] = skipped.map((s) => ({
        code: 'bundle-entry-skipped',
        message: `objects[${s.index}] ignored: ${s.reason}`,
        property: `objects[${s.index}]`,
      }));
      if (options.repair) {
        const repaired = repairGraph(graph);
        // In import mode the document medflow works on is the repaired one.
        const doc = toBundle(repaired.graph);
        return { file, format: 'stix', graph: repaired.graph, warnings: [...warnings, ...repaired.warnings], raw: doc };
      }
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

export function loadFlowFile(file: string, options: LoadOptions = {}): LoadedFlow {
  return loadFlowText(readText(file), file, options);
}
