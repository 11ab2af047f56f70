// The authoring form of library flows and scenarios (YAML under content/): typed shapes, reading with
// YAML positions, and the structural check against schemas/flow-source.schema.json. Findings name the
// file, the YAML path (e.g. `actions[2].technique`) and the line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { readText, parseYaml } from '../util/io.ts';
import { pointerToPath } from '../util/suggest.ts';
import type { FlowMedicalProps } from '../stix/medflow-extension.ts';
import { isPlainObject } from '../util/json.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const FLOW_SOURCE_SCHEMA_FILE = SCHEMA_DIR + 'flow-source.schema.json';
export const MEDFLOW_EXTENSION_SCHEMA_FILE = SCHEMA_DIR + 'medflow-extension-1.0.0.json';

export interface DifficultySource {
  band: string;
  rationale: string;
}

export interface ActionSource {
  key: string;
  name: string;
  technique: string;
  tactic: string;
  description: string;
  difficulty: DifficultySource;
  component_kind: string;
  consumes?: string;
  produces?: string[];
  effects?: string[];
  assets?: string[];
}

export interface ConditionSource {
  key: string;
  description: string;
  on_true?: string[];
  on_false?: string[];
}

export interface OperatorSource {
  key: string;
  operator: 'AND' | 'OR';
  effects?: string[];
}

export interface AssetSource {
  key: string;
  name: string;
  description: string;
  component_kind: string;
  patient_harm?: boolean;
  harm?: string;
}

export interface ExternalReferenceSource {
  source_name: string;
  url?: string;
  description?: string;
  external_id?: string;
}

/** A flow file: the Attack Flow properties, the medical metadata of the flow, and its nodes. */
export interface FlowSource extends FlowMedicalProps {
  id: string;
  name: string;
  description: string;
  scope: string;
  created: string;
  modified?: string;
  external_references?: ExternalReferenceSource[];
  actions: ActionSource[];
  conditions?: ConditionSource[];
  operators?: OperatorSource[];
  assets?: AssetSource[];
}

/** A path into a YAML document: property names and array indexes. */
export type YamlPath = (string | number)[];

/** `actions[2].technique` */
export function formatPath(path: YamlPath): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}

/** A finding about a content file, located by YAML path and line. */
export interface SourceIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file: string;
  /** YAML path inside the file, e.g. `actions[2].technique` (empty for the whole file). */
  at: string;
  /** 1-based line, when known. */
  line?: number;
}

/** `file:line: at: error: message [code]` */
export function formatSourceIssue(i: SourceIssue): string {
  const where = i.line ? `${i.file}:${i.line}` : i.file;
  return `${where}: ${i.at ? i.at + ': ' : ''}${i.severity}: ${i.message} [${i.code}]`;
}

export function sortSourceIssues(list: SourceIssue[]): SourceIssue[] {
  const k = (i: SourceIssue) => [i.file, String(i.line ?? 0).padStart(7, '0'), i.at, i.code, i.message].join('\u0000');
  return [...list].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
}

/** A parsed YAML file that can tell the line of any path in it. */
export class YamlFile {
  readonly file: string;
  readonly text: string;
  readonly data: unknown;
  private doc?: Document;
  private lines?: LineCounter;

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
    this.data = parseYaml(text, file);
  }

  static read(file: string): YamlFile {
    return new YamlFile(file, readText(file, 4 * 1024 * 1024));
  }

  /** 1-based line of the node at `path` (or of its nearest existing ancestor). */
  lineOf(path: YamlPath): number | undefined {
    if (!this.doc) {
      this.lines = new LineCounter();
      this.doc = parseDocument(this.text, { lineCounter: this.lines, uniqueKeys: false });
    }
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const last = p[p.length - 1];
      if (typeof last === 'string') {
        // A mapping entry: report the line of its key (a block value starts on a later line).
        const parent = p.length === 1 ? this.doc.contents : this.doc.getIn(p.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === last);
          if (pair && isNode(pair.key) && pair.key.range) return this.lines!.linePos(pair.key.range[0]).line;
        }
        continue;
      }
      const node = p.length === 0 ? this.doc.contents : this.doc.getIn(p, true);
      if (isNode(node) && node.range) return this.lines!.linePos(node.range[0]).line;
    }
    return undefined;
  }

  issue(severity: SourceIssue['severity'], code: string, message: string, path: YamlPath = []): SourceIssue {
    return { severity, code, message, file: this.file, at: formatPath(path), line: this.lineOf(path) };
  }
}

let flowValidator: ValidateFunction | undefined;

function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** The published JSON Schema of the flow source format, compiled once. */
export function flowSourceValidator(): ValidateFunction {
  if (!flowValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    flowValidator = ajv.compile(loadSchema(FLOW_SOURCE_SCHEMA_FILE));
  }
  return flowValidator;
}

/** One readable message per schema error, with the YAML path it is about. */
export function describeSchemaError(e: ErrorObject): { path: YamlPath; message: string } {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path, message: `missing required property "${String(p.missingProperty)}"` };
    case 'additionalProperties':
      return { path: [...path, String(p.additionalProperty)], message: `unknown property "${String(p.additionalProperty)}"` };
    case 'enum':
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'pattern':
      return { path, message: `does not match the expected form ${String(p.pattern)}` };
    case 'uniqueItems':
      return { path, message: `lists the same value twice (items ${String(p.j)} and ${String(p.i)})` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/** Structural check of a flow source against the published schema. */
export function checkFlowSchema(y: YamlFile): SourceIssue[] {
  if (!isPlainObject(y.data)) return [y.issue('error', 'flow-not-mapping', 'a flow file must be a YAML mapping')];
  const validate = flowSourceValidator();
  if (validate(y.data)) return [];
  const seen = new Set<string>();
  const out: SourceIssue[] = [];
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if') continue; // the "then" error says what is wrong
    const { path, message } = describeSchemaError(e);
    const k = formatPath(path) + '\u0000' + message;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(y.issue('error', 'flow-schema', message, path));
  }
  return out;
}
