// The rule condition language: a small, declarative YAML vocabulary over element properties and
// neighbour relations, compiled once into closures (no eval). Compile-time checks reject unknown
// properties, relations and vocabulary values, so a typo in a rule fails loading instead of silently
// never firing. See docs/threat-modeling.md for the reference.
import {
  CLINICAL_FUNCTIONS, COMPONENT_KINDS, DATA_ASSET_TYPES, HARM_SEVERITIES, HOSTINGS, PARTIES, SERVICE_MODELS,
} from '../vocab/index.ts';
import { isPlainObject } from '../util/json.ts';
import {
  AUTHENTICATIONS, AUTHORIZATIONS, BOUNDARY_TYPES, DFD_ROLES, ENCRYPTIONS, FLOW_PURPOSES, INTEGRITIES, NETWORKS,
  PROTOCOLS, RATINGS, type DataAsset,
} from './model.ts';
import { COMPONENT_SECURITY_PROPERTIES } from './schema.ts';
import type { BoundaryNode, ComponentNode, FlowNode } from './graph.ts';

export type SubjectType = 'component' | 'flow' | 'boundary' | 'asset';
export type AnyNode = ComponentNode | FlowNode | BoundaryNode | DataAsset;

/** Attack vectors ordered from least to most exposed (so `gte: A` means adjacent or network). */
export const AV_SCALE = ['P', 'L', 'A', 'N'] as const;

interface PropDef {
  type: 'bool' | 'enum' | 'number' | 'string' | 'list';
  /** Allowed values (enum, or list items); ordered when `ordinal`. */
  values?: readonly string[];
  ordinal?: boolean;
  doc: string;
  get(n: never): unknown;
}
interface RelDef {
  to: SubjectType;
  doc: string;
  get(n: never): readonly AnyNode[];
}

const harmOf = (a: DataAsset, k: 'confidentiality' | 'integrity' | 'availability') => a.patient_harm?.[k] ?? 'negligible';
const maxHarm = (a: DataAsset) => {
  let best = 0;
  for (const k of ['confidentiality', 'integrity', 'availability'] as const) best = Math.max(best, HARM_SEVERITIES.indexOf(harmOf(a, k)));
  return HARM_SEVERITIES[best];
};

const P = <N>(type: PropDef['type'], doc: string, get: (n: N) => unknown, values?: readonly string[], ordinal = false): PropDef =>
  ({ type, doc, get: get as (n: never) => unknown, values, ordinal });
const R = <N>(to: SubjectType, doc: string, get: (n: N) => readonly AnyNode[]): RelDef => ({ to, doc, get: get as (n: never) => readonly AnyNode[] });

const componentProps: Record<string, PropDef> = {
  id: P<ComponentNode>('string', 'component id', (n) => n.id),
  kind: P<ComponentNode>('enum', 'component kind', (n) => n.c.kind, COMPONENT_KINDS),
  operator: P<ComponentNode>('enum', 'operating party', (n) => n.c.operator, PARTIES),
  hosting: P<ComponentNode>('enum', 'where it runs', (n) => n.c.hosting, HOSTINGS),
  service_model: P<ComponentNode>('enum', 'cloud service model (absent off-cloud)', (n) => n.c.service_model, SERVICE_MODELS),
  provider: P<ComponentNode>('string', 'cloud/platform provider', (n) => n.c.provider),
  safety_critical: P<ComponentNode>('bool', 'safety-critical', (n) => !!n.c.safety_critical),
  clinical_functions: P<ComponentNode>('list', 'clinical functions', (n) => n.c.clinical_functions ?? [], CLINICAL_FUNCTIONS),
  role: P<ComponentNode>('enum', 'DFD role', (n) => n.role, DFD_ROLES),
  per_patient: P<ComponentNode>('bool', 'each copy serves one patient', (n) => n.perPatient),
  instances: P<ComponentNode>('number', 'deployed copies', (n) => n.instances),
  patients: P<ComponentNode>('number', 'patients depending on it', (n) => n.patients),
  internet_facing: P<ComponentNode>('bool', 'reachable from the internet (declared or derived)', (n) => n.internetFacing),
  multi_tenant: P<ComponentNode>('bool', 'shared by several tenants', (n) => !!n.c.multi_tenant),
  exposure: P<ComponentNode>('enum', 'most exposed attack vector reaching it (P < L < A < N)', (n) => n.exposure, AV_SCALE, true),
  boundary_types: P<ComponentNode>('list', 'types of its enclosing boundaries', (n) => n.boundaryTypes, BOUNDARY_TYPES),
  in_boundary: P<ComponentNode>('bool', 'inside at least one trust boundary', (n) => n.chain.length > 0),
  tags: P<ComponentNode>('list', 'tags', (n) => n.c.tags ?? []),
};
for (const k of COMPONENT_SECURITY_PROPERTIES) {
  componentProps[`security.${k}`] = P<ComponentNode>('bool', `security property ${k} (absent = false)`, (n) => !!(n.security as Record<string, boolean | undefined>)[k]);
}

const flowProps: Record<string, PropDef> = {
  id: P<FlowNode>('string', 'flow id', (n) => n.id),
  protocol: P<FlowNode>('enum', 'protocol', (n) => n.f.protocol, PROTOCOLS),
  network: P<FlowNode>('enum', 'network (declared or derived)', (n) => n.network, NETWORKS),
  authentication: P<FlowNode>('enum', 'how the responder authenticates the initiator, i.e. client authentication (absent = none)', (n) => n.authentication, AUTHENTICATIONS),
  sender_authentication: P<FlowNode>('enum', 'how the data sender is authenticated (client auth if it initiates, server TLS if it responds)', (n) => n.senderAuthentication, AUTHENTICATIONS),
  initiated_by: P<FlowNode>('enum', 'which end opens the connection', (n) => n.f.initiated_by ?? 'source', ['source', 'target']),
  mfa: P<FlowNode>('bool', 'human sender proves a second factor', (n) => !!n.f.mfa),
  authorization: P<FlowNode>('enum', 'authorization (none < coarse < fine; absent = none)', (n) => n.f.authorization ?? 'none', AUTHORIZATIONS, true),
  encryption: P<FlowNode>('enum', 'encryption (none < link < transport < end-to-end)', (n) => n.encryption, ENCRYPTIONS, true),
  integrity: P<FlowNode>('enum', 'effective integrity (none < checksum < link < transport < message)', (n) => n.integrity, INTEGRITIES, true),
  replay_protection: P<FlowNode>('bool', 'anti-replay', (n) => !!n.f.replay_protection),
  heartbeat: P<FlowNode>('bool', 'loss of the flow is detected', (n) => !!n.f.heartbeat),
  bidirectional: P<FlowNode>('bool', 'bidirectional', (n) => !!n.f.bidirectional),
  purposes: P<FlowNode>('list', 'purposes (declared and inferred from assets)', (n) => n.purposes, FLOW_PURPOSES),
  crosses_boundary: P<FlowNode>('bool', 'enters or leaves at least one trust boundary', (n) => n.crossed.length > 0),
  crossed_types: P<FlowNode>('list', 'types of the boundaries crossed', (n) => n.crossedTypes, BOUNDARY_TYPES),
  attack_vector: P<FlowNode>('enum', 'attack vector of its network (P < L < A < N)', (n) => n.av, AV_SCALE, true),
  asset_types: P<FlowNode>('list', 'types of the assets carried', (n) => n.assetTypes, DATA_ASSET_TYPES),
  tags: P<FlowNode>('list', 'tags', (n) => n.f.tags ?? []),
};

const boundaryProps: Record<string, PropDef> = {
  id: P<BoundaryNode>('string', 'boundary id', (n) => n.id),
  type: P<BoundaryNode>('enum', 'boundary type', (n) => n.b.type, BOUNDARY_TYPES),
  depth: P<BoundaryNode>('number', 'nesting depth (0 = outermost)', (n) => n.depth),
  member_count: P<BoundaryNode>('number', 'direct members', (n) => n.members.length),
  crossing_count: P<BoundaryNode>('number', 'flows crossing it', (n) => n.crossing.length),
};

const assetProps: Record<string, PropDef> = {
  id: P<DataAsset>('string', 'asset id', (a) => a.id),
  type: P<DataAsset>('enum', 'asset type', (a) => a.type, DATA_ASSET_TYPES),
  confidentiality: P<DataAsset>('enum', 'confidentiality rating', (a) => a.confidentiality, RATINGS, true),
  integrity: P<DataAsset>('enum', 'integrity rating', (a) => a.integrity, RATINGS, true),
  availability: P<DataAsset>('enum', 'availability rating', (a) => a.availability, RATINGS, true),
  harm_confidentiality: P<DataAsset>('enum', 'patient harm if disclosed', (a) => harmOf(a, 'confidentiality'), HARM_SEVERITIES, true),
  harm_integrity: P<DataAsset>('enum', 'patient harm if altered', (a) => harmOf(a, 'integrity'), HARM_SEVERITIES, true),
  harm_availability: P<DataAsset>('enum', 'patient harm if unavailable', (a) => harmOf(a, 'availability'), HARM_SEVERITIES, true),
  harm: P<DataAsset>('enum', 'worst patient harm of the three', maxHarm, HARM_SEVERITIES, true),
  provenance_tracked: P<DataAsset>('bool', 'origin and lineage recorded', (a) => !!a.provenance_tracked),
  signed: P<DataAsset>('bool', 'signed or hash-pinned by its author', (a) => !!a.signed),
  deidentified: P<DataAsset>('bool', 'direct identifiers removed', (a) => !!a.deidentified),
};

export const PROPERTIES: Record<SubjectType, Record<string, PropDef>> = {
  component: componentProps, flow: flowProps, boundary: boundaryProps, asset: assetProps,
};

export const RELATIONS: Record<SubjectType, Record<string, RelDef>> = {
  component: {
    incoming: R<ComponentNode>('flow', 'flows it receives', (n) => n.incoming),
    outgoing: R<ComponentNode>('flow', 'flows it sends', (n) => n.outgoing),
    flows: R<ComponentNode>('flow', 'flows in either direction', (n) => n.flows),
    accepts: R<ComponentNode>('flow', 'flows whose connection it accepts (it is the responder)', (n) => n.accepts),
    opens: R<ComponentNode>('flow', 'flows whose connection it opens (it is the initiator)', (n) => n.opens),
    sources: R<ComponentNode>('component', 'components sending to it', (n) => n.sources),
    targets: R<ComponentNode>('component', 'components it sends to', (n) => n.targets),
    neighbours: R<ComponentNode>('component', 'components joined to it by a flow', (n) => n.neighbours),
    stores: R<ComponentNode>('asset', 'assets stored at rest', (n) => n.stores),
    handles: R<ComponentNode>('asset', 'assets stored, processed or carried by its flows', (n) => n.handles),
    within: R<ComponentNode>('boundary', 'enclosing boundaries', (n) => n.chain),
  },
  flow: {
    source: R<FlowNode>('component', 'the sender', (n) => n.sourceList),
    target: R<FlowNode>('component', 'the receiver', (n) => n.targetList),
    endpoints: R<FlowNode>('component', 'sender and receiver', (n) => n.endpoints),
    initiator: R<FlowNode>('component', 'the end that opens the connection', (n) => (n.initiator === n.source ? n.sourceList : n.targetList)),
    responder: R<FlowNode>('component', 'the end that accepts the connection', (n) => (n.responder === n.target ? n.targetList : n.sourceList)),
    carries: R<FlowNode>('asset', 'assets carried', (n) => n.assets),
    crosses: R<FlowNode>('boundary', 'boundaries entered or left', (n) => n.crossed),
  },
  boundary: {
    members: R<BoundaryNode>('component', 'direct members', (n) => n.members),
    contains: R<BoundaryNode>('component', 'members, including those of nested boundaries', (n) => {
      const out: ComponentNode[] = [];
      const walk = (b: BoundaryNode, depth: number) => {
        out.push(...b.members);
        if (depth < 64) for (const c of b.children) walk(c, depth + 1);
      };
      walk(n, 0);
      return out;
    }),
    crossed_by: R<BoundaryNode>('flow', 'flows crossing it', (n) => n.crossing),
    inbound: R<BoundaryNode>('flow', 'crossing flows whose connection is opened from outside to a responder inside', (n) => n.crossing.filter((f) => f.responder.chain.includes(n))),
    outbound: R<BoundaryNode>('flow', 'crossing flows whose connection is opened from inside', (n) => n.crossing.filter((f) => f.initiator.chain.includes(n))),
    parent: R<BoundaryNode>('boundary', 'enclosing boundary', (n) => (n.parent ? [n.parent] : [])),
    children: R<BoundaryNode>('boundary', 'nested boundaries', (n) => n.children),
  },
  asset: {},
};

/** Variables bound by `as:` during one evaluation (a trail, so failed branches can be undone). */
export interface EvalContext {
  trail: [string, AnyNode[]][];
}

export type Predicate = (n: AnyNode, ctx: EvalContext) => boolean;

export class ConditionError extends Error {
  constructor(message: string, readonly path: string) {
    super(message);
  }
}

/** What a compiled condition binds: variable → subject type. */
export type Bindings = Map<string, SubjectType>;

const QUANTIFIERS = ['some', 'none', 'every', 'at_least', 'at_most', 'where', 'as'] as const;
const OPS = ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'exists', 'has', 'has_any', 'has_all', 'has_none', 'empty'] as const;

const show = (v: unknown) => JSON.stringify(v);

function near(word: string, options: string[]): string {
  const w = word.toLowerCase();
  const hit = options.find((o) => o.includes(w) || w.includes(o) || o.replace(/[_.-]/g, '') === w.replace(/[_.-]/g, ''));
  return hit ? ` (did you mean "${hit}"?)` : '';
}

/** Compiles a condition for a subject type. Throws ConditionError with a path into the rule. */
export function compileCondition(cond: unknown, subject: SubjectType, path: string, bindings: Bindings): Predicate {
  if (cond === true) return () => true;
  if (!isPlainObject(cond)) throw new ConditionError('a condition is a mapping (property tests, relations, all/any/not)', path);
  const keys = Object.keys(cond);
  if (keys.length === 0) return () => true;
  const parts: Predicate[] = [];
  for (const key of keys) {
    const value = cond[key];
    const p = `${path}.${key}`;
    if (key === 'all' || key === 'any') {
      if (!Array.isArray(value) || value.length === 0) throw new ConditionError(`"${key}" takes a non-empty list of conditions`, p);
      const subs = value.map((c, i) => compileCondition(c, subject, `${p}[${i}]`, bindings));
      parts.push(key === 'all' ? allOf(subs) : anyOf(subs));
    } else if (key === 'not') {
      const sub = compileCondition(value, subject, p, bindings);
      parts.push((n, ctx) => {
        const mark = ctx.trail.length;
        const r = sub(n, ctx);
        ctx.trail.length = mark;
        return !r;
      });
    } else if (key in RELATIONS[subject]) {
      parts.push(compileRelation(RELATIONS[subject][key], value, p, bindings));
    } else if (key in PROPERTIES[subject]) {
      parts.push(compileProperty(PROPERTIES[subject][key], key, value, p));
    } else {
      const names = [...Object.keys(PROPERTIES[subject]), ...Object.keys(RELATIONS[subject]), 'all', 'any', 'not'];
      throw new ConditionError(`unknown ${subject} property or relation "${key}"${near(key, names)}; known: ${names.join(', ')}`, p);
    }
  }
  return parts.length === 1 ? parts[0] : allOf(parts);
}

function allOf(subs: Predicate[]): Predicate {
  return (n, ctx) => {
    for (const s of subs) if (!s(n, ctx)) return false;
    return true;
  };
}

function anyOf(subs: Predicate[]): Predicate {
  return (n, ctx) => {
    for (const s of subs) {
      const mark = ctx.trail.length;
      if (s(n, ctx)) return true;
      ctx.trail.length = mark;
    }
    return false;
  };
}

function compileRelation(rel: RelDef, value: unknown, path: string, bindings: Bindings): Predicate {
  const get = rel.get as (n: AnyNode) => readonly AnyNode[];
  if (value === true) return (n) => get(n).length > 0;
  if (value === false) return (n) => get(n).length === 0;
  if (!isPlainObject(value)) throw new ConditionError(`a relation takes true, false, a condition on its ${rel.to}s, or some/none/every/at_least/at_most`, path);
  const quantKeys = Object.keys(value).filter((k) => (QUANTIFIERS as readonly string[]).includes(k));
  let mode = 'some' as 'some' | 'none' | 'every' | 'at_least' | 'at_most';
  let bound = 1;
  let whereSrc: unknown = value;
  let as: string | undefined;
  if (quantKeys.length > 0) {
    const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !(QUANTIFIERS as readonly string[]).includes(k)));
    if (typeof value.as === 'string') as = value.as;
    else if (value.as !== undefined) throw new ConditionError('"as" takes a variable name', `${path}.as`);
    const modes = quantKeys.filter((k) => k !== 'as' && k !== 'where');
    if (modes.length > 1) throw new ConditionError(`use one of some/none/every/at_least/at_most, not ${modes.join(' and ')}`, path);
    if (modes.length === 1) {
      mode = modes[0] as typeof mode;
      if (mode === 'at_least' || mode === 'at_most') {
        if (!Number.isInteger(value[mode]) || (value[mode] as number) < 0) throw new ConditionError(`"${mode}" takes a whole number`, `${path}.${mode}`);
        bound = value[mode] as number;
        whereSrc = value.where ?? (Object.keys(rest).length ? rest : true);
      } else {
        whereSrc = value[mode];
        if (value.where !== undefined || Object.keys(rest).length) throw new ConditionError(`put the condition under "${mode}"`, path);
      }
    } else {
      whereSrc = value.where ?? (Object.keys(rest).length ? rest : true);
    }
    if (mode !== 'at_least' && mode !== 'at_most' && value.where !== undefined && modes.length > 0) {
      throw new ConditionError('"where" goes with at_least/at_most', `${path}.where`);
    }
  }
  if (as !== undefined) {
    if (!/^[a-z][a-z0-9_]*$/.test(as)) throw new ConditionError(`variable name "${as}" must be lower-case letters, digits and "_"`, `${path}.as`);
    if (mode === 'none') throw new ConditionError('"as" cannot bind under "none" (nothing matches)', `${path}.as`);
    const prev = bindings.get(as);
    if (prev && prev !== rel.to) throw new ConditionError(`variable "${as}" is already bound to ${prev}s`, `${path}.as`);
    bindings.set(as, rel.to);
  }
  const sub = compileCondition(whereSrc, rel.to, path, bindings);
  const test = (x: AnyNode, ctx: EvalContext) => {
    const mark = ctx.trail.length;
    const r = sub(x, ctx);
    ctx.trail.length = mark; // bindings inside a neighbour test do not escape it
    return r;
  };
  switch (mode) {
    case 'none':
      return (n, ctx) => {
        for (const x of get(n)) if (test(x, ctx)) return false;
        return true;
      };
    case 'every':
      return (n, ctx) => {
        const xs = get(n);
        if (xs.length === 0) return false;
        for (const x of xs) if (!test(x, ctx)) return false;
        if (as) ctx.trail.push([as, [...xs]]);
        return true;
      };
    case 'at_least':
    case 'at_most': {
      const least = mode === 'at_least';
      return (n, ctx) => {
        const hits: AnyNode[] = [];
        const seen = new Set<AnyNode>();
        for (const x of get(n)) {
          if (seen.has(x)) continue;
          seen.add(x);
          if (test(x, ctx)) {
            hits.push(x);
            if (!least && hits.length > bound) return false;
          }
        }
        const ok = least ? hits.length >= bound : hits.length <= bound;
        if (ok && as) ctx.trail.push([as, hits]);
        return ok;
      };
    }
    default:
      if (!as) {
        return (n, ctx) => {
          for (const x of get(n)) if (test(x, ctx)) return true;
          return false;
        };
      }
      return (n, ctx) => {
        const hits: AnyNode[] = [];
        for (const x of get(n)) if (!hits.includes(x) && test(x, ctx)) hits.push(x);
        if (hits.length === 0) return false;
        ctx.trail.push([as, hits]);
        return true;
      };
  }
}

function checkValue(def: PropDef, name: string, v: unknown, path: string, forOrdinal = false): void {
  if (def.type === 'bool') {
    if (typeof v !== 'boolean') throw new ConditionError(`"${name}" is true or false, got ${show(v)}`, path);
    return;
  }
  if (def.type === 'number') {
    if (typeof v !== 'number') throw new ConditionError(`"${name}" is a number, got ${show(v)}`, path);
    return;
  }
  if (def.values) {
    if (typeof v !== 'string' || !def.values.includes(v)) {
      throw new ConditionError(`${show(v)} is not a value of "${name}"; use one of: ${def.values.join(', ')}`, path);
    }
  } else if (typeof v !== 'string') throw new ConditionError(`"${name}" takes text, got ${show(v)}`, path);
  if (forOrdinal && !def.ordinal) throw new ConditionError(`"${name}" has no order; use a value or a list`, path);
}

function compileProperty(def: PropDef, name: string, spec: unknown, path: string): Predicate {
  const get = def.get as (n: AnyNode) => unknown;
  const rank = (v: unknown): number => (def.type === 'number' ? (v as number) : def.values!.indexOf(v as string));
  const isList = def.type === 'list';
  const ops: ((v: unknown) => boolean)[] = [];
  const items = (v: unknown) => v as readonly unknown[];
  if (!isPlainObject(spec)) {
    if (Array.isArray(spec)) {
      if (spec.length === 0) throw new ConditionError(`an empty list never matches`, path);
      spec.forEach((x, i) => checkValue(isList ? { ...def, type: 'string' } : def, name, x, `${path}[${i}]`));
      const set = new Set(spec);
      ops.push(isList ? (v) => items(v).some((x) => set.has(x)) : (v) => set.has(v));
    } else {
      checkValue(isList ? { ...def, type: 'string' } : def, name, spec, path);
      ops.push(isList ? (v) => items(v).includes(spec) : (v) => v === spec);
    }
  } else {
    for (const [op, arg] of Object.entries(spec)) {
      const p = `${path}.${op}`;
      if (!(OPS as readonly string[]).includes(op)) throw new ConditionError(`unknown operator "${op}"; use one of: ${OPS.join(', ')}`, p);
      const listOp = ['has', 'has_any', 'has_all', 'has_none', 'empty'].includes(op);
      if (listOp !== isList && op !== 'exists') {
        throw new ConditionError(isList ? `"${name}" is a list: use has, has_any, has_all, has_none or empty` : `"${op}" applies to list properties; "${name}" is not one`, p);
      }
      const itemDef = isList ? { ...def, type: 'string' as const } : def;
      const list = (): unknown[] => {
        if (!Array.isArray(arg) || arg.length === 0) throw new ConditionError(`"${op}" takes a non-empty list`, p);
        arg.forEach((x, i) => checkValue(itemDef, name, x, `${p}[${i}]`));
        return arg;
      };
      switch (op) {
        case 'eq': checkValue(def, name, arg, p); ops.push((v) => v === arg); break;
        case 'ne': checkValue(def, name, arg, p); ops.push((v) => v !== arg); break;
        case 'in': { const s = new Set(list()); ops.push((v) => s.has(v)); break; }
        case 'not_in': { const s = new Set(list()); ops.push((v) => !s.has(v)); break; }
        case 'gt': case 'gte': case 'lt': case 'lte': {
          checkValue(def, name, arg, p, true);
          const r = rank(arg);
          const cmp = { gt: (x: number) => x > r, gte: (x: number) => x >= r, lt: (x: number) => x < r, lte: (x: number) => x <= r }[op];
          ops.push((v) => v !== undefined && cmp(rank(v)));
          break;
        }
        case 'exists':
          if (typeof arg !== 'boolean') throw new ConditionError('"exists" is true or false', p);
          ops.push((v) => (v !== undefined && v !== '') === arg);
          break;
        case 'has': checkValue(itemDef, name, arg, p); ops.push((v) => items(v).includes(arg)); break;
        case 'has_any': { const s = list(); ops.push((v) => items(v).some((x) => s.includes(x))); break; }
        case 'has_all': { const s = list(); ops.push((v) => s.every((x) => items(v).includes(x))); break; }
        case 'has_none': { const s = list(); ops.push((v) => !items(v).some((x) => s.includes(x))); break; }
        case 'empty':
          if (typeof arg !== 'boolean') throw new ConditionError('"empty" is true or false', p);
          ops.push((v) => (items(v).length === 0) === arg);
          break;
      }
    }
    if (ops.length === 0) throw new ConditionError('an operator mapping needs at least one operator', path);
  }
  if (ops.length === 1) {
    const o = ops[0];
    return (n) => o(get(n));
  }
  return (n) => {
    const v = get(n);
    for (const o of ops) if (!o(v)) return false;
    return true;
  };
}

/** Display name of any node. */
export function nodeName(n: AnyNode): string {
  return 'kind' in n && (n.kind === 'component' || n.kind === 'flow' || n.kind === 'boundary') ? (n as ComponentNode).name : (n as DataAsset).name;
}

export function subjectOf(n: AnyNode): SubjectType {
  return 'kind' in n && (n.kind === 'component' || n.kind === 'flow' || n.kind === 'boundary') ? n.kind : 'asset';
}
