// Threat rules: loading the YAML rule files under content/rules (or a user's folder), checking their
// shape and technique ids, compiling conditions and explanation templates once.
import { readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule, { type ValidateFunction } from 'ajv';
import { catalog } from '../catalog/index.ts';
import { MedflowError } from '../util/errors.ts';
import { readText, parseYaml } from '../util/io.ts';
import { isPlainObject } from '../util/json.ts';
import { DATA_ASSET_TYPES, FDA_CATEGORIES, HARM_SEVERITIES, REACHES, STRIDE, type FdaCategory, type HarmSeverity, type Reach, type Stride } from '../vocab/index.ts';
import {
  ConditionError, PROPERTIES, RELATIONS, compileCondition, nodeName, subjectOf, type AnyNode, type Bindings, type EvalContext,
  type Predicate, type SubjectType,
} from './conditions.ts';
import type { AttackComplexity, AttackVector, DataAsset, DfdRole, ElementType, PrivilegesRequired, UserInteraction } from './model.ts';
import { DFD_ROLES } from './model.ts';
import type { BoundaryNode, ComponentNode, FlowNode } from './graph.ts';

export const RULES_DIR = fileURLToPath(new URL('../../content/rules/', import.meta.url));

/** A rule as written in YAML. */
export interface RuleSource {
  id: string;
  title: string;
  stride: Stride;
  applies_to: ElementType;
  /** Component rules only: the DFD roles it applies to (default all). */
  roles?: DfdRole[];
  medical?: boolean;
  when: unknown;
  techniques: string[];
  fda_categories?: FdaCategory[];
  harm?: {
    via?: ('confidentiality' | 'integrity' | 'availability')[];
    /** Whose assets set the severity: the element's (default), those bound with `as`, or a flow's target's or source's. */
    of?: 'element' | 'bound' | 'target' | 'source';
    assets?: DataAsset['type'][];
    min?: HarmSeverity;
    max?: HarmSeverity;
    safety_floor?: boolean;
  };
  reach?: { min?: Reach };
  exploitability?: { av?: AttackVector; ac?: AttackComplexity; pr?: PrivilegesRequired; ui?: UserInteraction };
  explanation: string;
  mitigation: string;
  references?: string[];
}

export interface CompiledRule extends RuleSource {
  file: string;
  /** The mitigation with whitespace collapsed. */
  mitigationText: string;
  test: Predicate;
  bindings: Bindings;
  render(subject: AnyNode, ctx: EvalContext): string;
  roleSet?: ReadonlySet<DfdRole>;
}

export interface RuleSet {
  rules: CompiledRule[];
  /** sha256 of the rule texts (first 16 hex digits): changes whenever any rule does. */
  digest: string;
  files: string[];
}

const RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'stride', 'applies_to', 'when', 'techniques', 'explanation', 'mitigation'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 },
    title: { type: 'string', minLength: 1 },
    stride: { enum: [...STRIDE] },
    applies_to: { enum: ['component', 'flow', 'boundary'] },
    roles: { type: 'array', items: { enum: [...DFD_ROLES] }, minItems: 1, uniqueItems: true },
    medical: { type: 'boolean' },
    when: {},
    techniques: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
    fda_categories: { type: 'array', items: { enum: [...FDA_CATEGORIES] }, uniqueItems: true },
    harm: {
      type: 'object',
      additionalProperties: false,
      properties: {
        via: { type: 'array', items: { enum: ['confidentiality', 'integrity', 'availability'] }, minItems: 1, uniqueItems: true },
        of: { enum: ['element', 'bound', 'target', 'source'] },
        assets: { type: 'array', items: { enum: [...DATA_ASSET_TYPES] }, minItems: 1, uniqueItems: true },
        min: { enum: [...HARM_SEVERITIES] },
        max: { enum: [...HARM_SEVERITIES] },
        safety_floor: { type: 'boolean' },
      },
    },
    reach: { type: 'object', additionalProperties: false, properties: { min: { enum: [...REACHES] } } },
    exploitability: {
      type: 'object',
      additionalProperties: false,
      properties: { av: { enum: ['N', 'A', 'L', 'P'] }, ac: { enum: ['L', 'H'] }, pr: { enum: ['N', 'L', 'H'] }, ui: { enum: ['N', 'R'] } },
    },
    explanation: { type: 'string', minLength: 1 },
    mitigation: { type: 'string', minLength: 1 },
    references: { type: 'array', items: { type: 'string', pattern: '^https?://' } },
  },
};

let ruleValidator: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!ruleValidator) {
    const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
    ruleValidator = new (Ajv as unknown as new (o: object) => import('ajv').default)({ allErrors: true, strict: false }).compile(RULE_SCHEMA);
  }
  return ruleValidator;
}

// ---- explanation templates -------------------------------------------------------------------------

/** Variables every template may use, per subject type (besides those bound with `as`). */
const BUILTINS: Record<ElementType, Record<string, SubjectType>> = {
  component: { element: 'component', assets: 'asset', stores: 'asset', boundary: 'boundary', sources: 'component', targets: 'component', neighbours: 'component' },
  flow: { element: 'flow', source: 'component', target: 'component', assets: 'asset', crossed: 'boundary' },
  boundary: { element: 'boundary', members: 'component', crossing: 'flow' },
};

function builtin(subject: AnyNode, name: string): AnyNode[] {
  const t = subjectOf(subject);
  if (name === 'element') return [subject];
  if (t === 'flow') {
    const f = subject as FlowNode;
    if (name === 'source') return [f.source];
    if (name === 'target') return [f.target];
    if (name === 'assets') return f.assets;
    if (name === 'crossed') return f.crossed;
  } else if (t === 'component') {
    const c = subject as ComponentNode;
    if (name === 'assets') return c.handles;
    if (name === 'stores') return c.stores;
    if (name === 'boundary') return c.chain.slice(0, 1);
    if (name === 'sources') return c.sources;
    if (name === 'targets') return c.targets;
    if (name === 'neighbours') return c.neighbours;
  } else if (t === 'boundary') {
    const b = subject as BoundaryNode;
    if (name === 'members') return b.members;
    if (name === 'crossing') return b.crossing;
  }
  return [];
}

/** "a", "a and b", "a, b and c" (at most `max` names, then "and N more"). */
export function joinNames(names: string[], max = 6): string {
  const u = [...new Set(names)];
  if (u.length === 0) return '(none)';
  if (u.length > max) return `${u.slice(0, max).join(', ')} and ${u.length - max} more`;
  return u.length === 1 ? u[0] : `${u.slice(0, -1).join(', ')} and ${u[u.length - 1]}`;
}

function compileTemplate(src: string, appliesTo: ElementType, bindings: Bindings, path: string): (s: AnyNode, ctx: EvalContext) => string {
  const parts: ((s: AnyNode, ctx: EvalContext) => string)[] = [];
  const re = /\{\{\s*([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_.]*))?\s*\}\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const norm = (s: string) => s.replace(/\s+/g, ' ');
  while ((m = re.exec(src))) {
    const lit = norm(src.slice(last, m.index));
    if (lit.includes('{{') || lit.includes('}}')) throw new ConditionError(`malformed placeholder in ${JSON.stringify(lit.trim())}`, path);
    parts.push(() => lit);
    last = m.index + m[0].length;
    const v = m[1];
    const prop = m[2];
    const bound = bindings.get(v);
    const type = bound ?? BUILTINS[appliesTo][v];
    if (!type) {
      const known = [...Object.keys(BUILTINS[appliesTo]), ...bindings.keys()];
      throw new ConditionError(`unknown template variable "{{${v}}}"; available: ${known.join(', ')}`, path);
    }
    if (prop !== undefined && prop !== 'count' && prop !== 'name' && !(prop in PROPERTIES[type])) {
      throw new ConditionError(`"{{${v}.${prop}}}": ${type}s have no property "${prop}"`, path);
    }
    const get = (s: AnyNode, ctx: EvalContext): AnyNode[] => {
      if (!bound) return builtin(s, v);
      const out: AnyNode[] = [];
      for (const [name, xs] of ctx.trail) if (name === v) for (const x of xs) if (!out.includes(x)) out.push(x);
      return out;
    };
    if (prop === 'count') parts.push((s, ctx) => String(get(s, ctx).length));
    else if (prop === undefined || prop === 'name') parts.push((s, ctx) => joinNames(get(s, ctx).map(nodeName)));
    else {
      const g = PROPERTIES[type][prop].get as (n: AnyNode) => unknown;
      parts.push((s, ctx) => joinNames(get(s, ctx).flatMap((x) => {
        const val = g(x);
        return Array.isArray(val) ? val.map(String) : val === undefined ? [] : [String(val)];
      })));
    }
  }
  const tail = norm(src.slice(last));
  if (tail.includes('{{') || tail.includes('}}')) throw new ConditionError(`malformed placeholder in ${JSON.stringify(tail.trim())}`, path);
  parts.push(() => tail);
  // Literal whitespace is collapsed once here; values are names and vocabulary words.
  return (s, ctx) => {
    let out = '';
    for (const p of parts) out += p(s, ctx);
    return out.trim();
  };
}

// ---- loading ---------------------------------------------------------------------------------------

/** Compiles one rule; throws MedflowError naming the file and the rule. */
export function compileRule(src: unknown, file: string, index: number): CompiledRule {
  const at = `rules[${index}]${isPlainObject(src) && typeof src.id === 'string' ? ` (${src.id})` : ''}`;
  const v = validator();
  if (!v(src)) {
    const e = v.errors![0];
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
    const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
      : e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
    throw new MedflowError(`${where ? where + ' ' : ''}${e.message}${extra}`, { file, at });
  }
  const r = src as unknown as RuleSource;
  const cat = catalog();
  for (const t of r.techniques) {
    const fact = cat.technique(t);
    if (!fact) throw new MedflowError(`techniques: "${t}" is not an ATT&CK or ATLAS technique id${cat.repairId(t) ? ` (did you mean ${cat.repairId(t)}?)` : ''}`, { file, at });
    if (fact.revoked || fact.deprecated) throw new MedflowError(`techniques: "${t}" (${fact.name}) is ${fact.revoked ? 'revoked' : 'deprecated'}`, { file, at });
  }
  if (r.roles && r.applies_to !== 'component') throw new MedflowError('roles: only component rules take DFD roles', { file, at });
  if ((r.harm?.of === 'target' || r.harm?.of === 'source') && r.applies_to !== 'flow') {
    throw new MedflowError(`harm.of: "${r.harm.of}" applies to flow rules only`, { file, at });
  }
  const bindings: Bindings = new Map();
  try {
    const test = compileCondition(r.when, r.applies_to, 'when', bindings);
    if (r.harm?.of === 'bound' && bindings.size === 0) throw new ConditionError('harm.of is "bound" but the condition binds nothing (use "as:")', 'harm.of');
    const expl = compileTemplate(r.explanation, r.applies_to, bindings, 'explanation');
    return {
      ...r, file, test, bindings, render: expl, roleSet: r.roles ? new Set(r.roles) : undefined,
      mitigationText: r.mitigation.replace(/\s+/g, ' ').trim(),
    };
  } catch (e) {
    if (e instanceof ConditionError) throw new MedflowError(`${e.path}: ${e.message}`, { file, at });
    throw e;
  }
}

/** Rule files (.yaml/.yml) in a folder, sorted; a file path is returned as is. */
export function ruleFiles(dirOrFile: string): string[] {
  let st;
  try {
    st = statSync(dirOrFile);
  } catch {
    throw new MedflowError('rules folder or file not found', { file: dirOrFile });
  }
  if (!st.isDirectory()) return [dirOrFile];
  return readdirSync(dirOrFile)
    .filter((f) => /\.ya?ml$/i.test(f) && !f.startsWith('risk-matrix'))
    .sort()
    .map((f) => join(dirOrFile, f));
}

/** Loads and compiles rule files. Each file is a mapping with a `rules:` list. Ids must be unique across files. */
export function loadRules(sources: string[] = [RULES_DIR]): RuleSet {
  const files = sources.flatMap(ruleFiles);
  const hash = createHash('sha256');
  const rules: CompiledRule[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const text = readText(file);
    hash.update(text);
    const data = parseYaml(text, file);
    if (!isPlainObject(data) || !Array.isArray(data.rules)) throw new MedflowError('a rule file is a mapping with a "rules:" list', { file });
    data.rules.forEach((src, i) => {
      const r = compileRule(src, file, i);
      const prev = seen.get(r.id);
      if (prev) throw new MedflowError(`rule id "${r.id}" is already defined in ${prev}`, { file, at: `rules[${i}]` });
      seen.set(r.id, file);
      rules.push(r);
    });
  }
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules, digest: hash.digest('hex').slice(0, 16), files };
}

let builtin_: RuleSet | undefined;
/** The rules medflow ships (content/rules), loaded once. */
export function builtinRules(): RuleSet {
  builtin_ ??= loadRules([RULES_DIR]);
  return builtin_;
}

/** STRIDE categories STRIDE-per-element expects for each kind of element. */
export const STRIDE_PER_ELEMENT: Record<DfdRole | 'flow', readonly Stride[]> = {
  process: STRIDE,
  store: ['tampering', 'repudiation', 'information-disclosure', 'denial-of-service'],
  external: ['spoofing', 'repudiation'],
  flow: ['tampering', 'information-disclosure', 'denial-of-service'],
};

export { RELATIONS, PROPERTIES };
