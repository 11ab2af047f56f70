// One library flow: the semantic checks of a flow source (references, catalog, states, quality rules)
// and its deterministic compilation into a STIX 2.1 Attack Flow bundle carrying medflow metadata.
import { basename, dirname } from 'node:path';
import { catalog as defaultCatalog, type Catalog } from '../catalog/index.ts';
import { stixId, toStixTimestamp } from '../stix/ids.ts';
import { afCreatorIdentity, afExtensionDefinition, afExtensionMarker } from '../stix/attack-flow.ts';
import {
  MEDFLOW_EXTENSION_ID, MEDFLOW_IDENTITY_ID, medflowExtensionDefinition, medflowIdentity,
  type ActionMedicalProps, type AssetMedicalProps, type FlowMedicalProps,
} from '../stix/medflow-extension.ts';
import { graphFromObjects, writeBundle } from '../flow/bundle.ts';
import type { FlowGraph, StixObject } from '../flow/model.ts';
import type { LoadedFlow } from '../flow/load.ts';
import { validateFlow } from '../validate/index.ts';
import type { Issue } from '../util/issue.ts';
import type { FlowSource, SourceIssue, YamlFile, YamlPath } from './source.ts';
import { checkFlowSchema, formatPath } from './source.ts';
import type { StateVocabulary } from './states.ts';

/** Quality bar of the library (docs/authoring-flows.md). */
export const MIN_ACTIONS = 4;
export const MIN_ACTION_DESCRIPTION = 60;
/** Folder for flows that serve several use cases (shared staging modules). */
export const SHARED_FOLDER = 'shared';

type NodeKind = 'action' | 'condition' | 'operator' | 'asset';
const STIX_TYPE: Record<NodeKind, string> = {
  action: 'attack-action', condition: 'attack-condition', operator: 'attack-operator', asset: 'attack-asset',
};
const LIST: Record<NodeKind, 'actions' | 'conditions' | 'operators' | 'assets'> = {
  action: 'actions', condition: 'conditions', operator: 'operators', asset: 'assets',
};

export interface KeyEntry {
  kind: NodeKind;
  index: number;
  /** STIX id of the compiled object. */
  id: string;
}

/** Keys of a flow source → kind, index in its list, STIX id. First occurrence wins. */
export function keyIndex(src: FlowSource): Map<string, KeyEntry> {
  const m = new Map<string, KeyEntry>();
  for (const kind of ['action', 'condition', 'operator', 'asset'] as NodeKind[]) {
    (src[LIST[kind]] ?? []).forEach((n, index) => {
      if (!m.has(n.key)) m.set(n.key, { kind, index, id: objectId(src.id, kind, n.key) });
    });
  }
  return m;
}

export function objectId(flowId: string, kind: NodeKind, key: string): string {
  return stixId(STIX_TYPE[kind], `${flowId}/${key}`);
}

export const flowObjectId = (flowId: string) => stixId('attack-flow', flowId);

/** Reach edges of the source (effects, on_true, on_false) as [from key, to key]. */
export function reachEdges(src: FlowSource): [string, string][] {
  const e: [string, string][] = [];
  for (const a of src.actions) for (const t of a.effects ?? []) e.push([a.key, t]);
  for (const c of src.conditions ?? []) for (const t of [...(c.on_true ?? []), ...(c.on_false ?? [])]) e.push([c.key, t]);
  for (const o of src.operators ?? []) for (const t of o.effects ?? []) e.push([o.key, t]);
  return e;
}

/** Keys of start nodes: actions and conditions nothing points at (operators with no input are errors). */
export function startKeys(src: FlowSource): string[] {
  const incoming = new Set(reachEdges(src).map(([, t]) => t));
  return [...src.actions.map((a) => a.key), ...(src.conditions ?? []).map((c) => c.key)].filter((k) => !incoming.has(k));
}

export interface FlowCheckContext {
  states: StateVocabulary;
  catalog?: Catalog;
  /** Apply the folder/file naming rule (content/flows/<use-case|shared>/<id>.yaml). */
  checkPlacement?: boolean;
}

/** Schema and semantic checks of one flow file. Errors mean the flow must not be compiled. */
export function checkFlowSource(y: YamlFile, ctx: FlowCheckContext): SourceIssue[] {
  const schema = checkFlowSchema(y);
  if (schema.length > 0) return schema;
  const src = y.data as FlowSource;
  const cat = ctx.catalog ?? defaultCatalog();
  const out: SourceIssue[] = [];
  const err = (code: string, message: string, path: YamlPath) => out.push(y.issue('error', code, message, path));
  const warn = (code: string, message: string, path: YamlPath) => out.push(y.issue('warning', code, message, path));

  // Placement and dates.
  if (ctx.checkPlacement) {
    const name = basename(y.file).replace(/\.ya?ml$/i, '');
    if (name !== src.id) err('flow-id-file', `flow id "${src.id}" must equal the file name "${name}"`, ['id']);
    const folder = basename(dirname(y.file));
    if (folder !== SHARED_FOLDER && !src.use_cases.includes(folder)) {
      err('flow-folder', `a flow in folder "${folder}" must list "${folder}" in use_cases (or live in "${SHARED_FOLDER}/")`, ['use_cases']);
    }
    if (folder === SHARED_FOLDER && src.use_cases.length < 2) {
      err('flow-folder', `flows in "${SHARED_FOLDER}/" serve several use cases; this one lists only ${src.use_cases.join(', ')}`, ['use_cases']);
    }
  }
  const created = toStixTimestamp(src.created);
  if (!created) err('flow-date', `"${src.created}" is not a valid date`, ['created']);
  if (src.modified !== undefined) {
    const modified = toStixTimestamp(src.modified);
    if (!modified) err('flow-date', `"${src.modified}" is not a valid date`, ['modified']);
    else if (created && modified < created) err('flow-date', 'modified is earlier than created', ['modified']);
  }

  // Keys: unique, references resolve to the right kind of object.
  const keys = new Map<string, YamlPath>();
  for (const kind of ['action', 'condition', 'operator', 'asset'] as NodeKind[]) {
    (src[LIST[kind]] ?? []).forEach((n, i) => {
      const first = keys.get(n.key);
      if (first) err('duplicate-key', `key "${n.key}" is already used at ${formatPath(first)}`, [LIST[kind], i, 'key']);
      else keys.set(n.key, [LIST[kind], i]);
    });
  }
  const idx = keyIndex(src);
  const refCheck = (targets: string[] | undefined, allowed: NodeKind[], path: YamlPath, self: string) => {
    (targets ?? []).forEach((t, i) => {
      const e = idx.get(t);
      if (!e) err('unknown-key', `"${t}" is not the key of any ${allowed.join(', ')}`, [...path, i]);
      else if (!allowed.includes(e.kind)) err('wrong-key-kind', `"${t}" is ${e.kind === 'condition' ? 'a' : 'an'} ${e.kind}; expected ${allowed.join(' or ')}`, [...path, i]);
      else if (t === self) err('self-reference', `"${t}" points at itself`, [...path, i]);
    });
  };
  const reach: NodeKind[] = ['action', 'condition', 'operator'];
  src.actions.forEach((a, i) => {
    refCheck(a.effects, reach, ['actions', i, 'effects'], a.key);
    refCheck(a.assets, ['asset'], ['actions', i, 'assets'], a.key);
  });
  (src.conditions ?? []).forEach((c, i) => {
    refCheck(c.on_true, reach, ['conditions', i, 'on_true'], c.key);
    refCheck(c.on_false, reach, ['conditions', i, 'on_false'], c.key);
    if (!c.on_true && !c.on_false) err('condition-dead-end', 'a condition needs on_true and/or on_false', ['conditions', i]);
  });
  (src.operators ?? []).forEach((o, i) => refCheck(o.effects, reach, ['operators', i, 'effects'], o.key));
  if (out.length > 0) return out; // graph checks below need sound references

  // Graph shape: start nodes, reachability, operator inputs, implicit OR joins, asset use.
  const edges = reachEdges(src);
  const incoming = new Map<string, string[]>();
  for (const [s, t] of edges) incoming.set(t, [...(incoming.get(t) ?? []), s]);
  const starts = startKeys(src);
  if (starts.length === 0) err('no-start', 'no action or condition is a start point (every one has an incoming edge: a cycle?)', ['actions']);
  const reached = new Set(starts);
  const queue = [...starts];
  while (queue.length) {
    const k = queue.pop()!;
    for (const [s, t] of edges) if (s === k && !reached.has(t)) (reached.add(t), queue.push(t));
  }
  for (const [k, e] of idx) {
    if (e.kind === 'asset') continue;
    if (!reached.has(k)) err('unreachable', `"${k}" cannot be reached from any start point`, [LIST[e.kind], e.index]);
  }
  (src.operators ?? []).forEach((o, i) => {
    const n = incoming.get(o.key)?.length ?? 0;
    if (n < 2) err('operator-inputs', `operator "${o.key}" joins ${n} input(s); an ${o.operator} needs at least two`, ['operators', i]);
  });
  src.actions.forEach((a, i) => {
    if ((incoming.get(a.key)?.length ?? 0) > 1) {
      warn('implicit-or', `"${a.key}" has ${incoming.get(a.key)!.length} incoming edges without an operator (read as OR); add an OR or AND operator`, ['actions', i]);
    }
  });
  const usedAssets = new Set(src.actions.flatMap((a) => a.assets ?? []));
  const harmKeys = new Set((src.assets ?? []).filter((s) => s.patient_harm === true).map((s) => s.key));
  src.actions.forEach((a, i) => {
    const early = (a.assets ?? []).filter((k) => harmKeys.has(k));
    if (early.length && (a.effects ?? []).length) {
      warn('harm-before-end', `references patient-harm asset ${early.map((k) => `"${k}"`).join(', ')} but leads on to further steps; harm is counted as soon as this action succeeds, so reference harm assets only from the action that harms`, ['actions', i, 'assets']);
    }
  });
  (src.assets ?? []).forEach((s, i) => {
    if (!usedAssets.has(s.key)) err('asset-unused', `asset "${s.key}" is not referenced by any action`, ['assets', i]);
    if (s.patient_harm !== true && s.harm !== undefined) warn('harm-without-flag', 'harm is described but patient_harm is not true', ['assets', i, 'harm']);
  });

  // Techniques: known, current, paired with a tactic ATT&CK/ATLAS lists them under.
  src.actions.forEach((a, i) => {
    const t = cat.technique(a.technique);
    if (!t) {
      const fix = cat.repairId(a.technique);
      err('unknown-technique', `technique ${a.technique} is not in the catalog${fix && fix !== a.technique ? ` (did you mean ${fix}?)` : ''}`, ['actions', i, 'technique']);
    } else if (t.revoked || t.deprecated) {
      const cur = cat.current(a.technique);
      err('revoked-technique', `technique ${a.technique} (${t.name}) is ${t.revoked ? 'revoked' : 'deprecated'}${cur && cur.id !== a.technique ? `; use ${cur.id} (${cur.name})` : ''}`, ['actions', i, 'technique']);
    }
    const tac = cat.tactic(a.tactic);
    if (!tac) err('unknown-tactic', `tactic ${a.tactic} is not in the catalog`, ['actions', i, 'tactic']);
    if (t && tac && !cat.isValidPair(a.tactic, a.technique)) {
      const valid = [...t.tactics, ...(t.parent ? cat.technique(t.parent)?.tactics ?? [] : [])];
      const names = [...new Set(valid)].map((id) => `${id} ${cat.tactic(id)?.name ?? ''}`.trim()).join(', ');
      err('tactic-pair', `${a.technique} (${t.name}) is not listed under ${a.tactic} (${tac.name}); valid tactics: ${names}`, ['actions', i, 'tactic']);
    }
  });

  // States: known, consumed by start actions, produced by actions.
  const known = ctx.states.states;
  const stateCheck = (list: string[], field: string) => list.forEach((s, i) => {
    if (!known.has(s)) err('unknown-state', `state "${s}" is not defined in ${ctx.states.file}`, [field, i]);
  });
  stateCheck(src.entry_states, 'entry_states');
  stateCheck(src.exit_states, 'exit_states');
  const startSet = new Set(starts);
  src.actions.forEach((a, i) => {
    if (a.consumes !== undefined) {
      if (!src.entry_states.includes(a.consumes)) err('state-not-entry', `consumes "${a.consumes}", which is not in entry_states`, ['actions', i, 'consumes']);
      if (!startSet.has(a.key)) err('consumes-not-start', 'only start actions (nothing points at them) may consume an entry state', ['actions', i, 'consumes']);
    }
    (a.produces ?? []).forEach((s, j) => {
      if (!src.exit_states.includes(s)) err('state-not-exit', `produces "${s}", which is not in exit_states`, ['actions', i, 'produces', j]);
    });
  });
  src.entry_states.forEach((s, i) => {
    if (!src.actions.some((a) => a.consumes === s)) err('entry-state-unused', `no start action consumes entry state "${s}"`, ['entry_states', i]);
  });
  src.exit_states.forEach((s, i) => {
    if (!src.actions.some((a) => a.produces?.includes(s))) err('exit-state-unproduced', `no action produces exit state "${s}"`, ['exit_states', i]);
  });

  // Quality rules of the library.
  if (src.actions.length < MIN_ACTIONS) err('too-few-actions', `a library flow needs at least ${MIN_ACTIONS} actions (has ${src.actions.length})`, ['actions']);
  const seenDescriptions = new Map<string, number>();
  src.actions.forEach((a, i) => {
    const d = a.description.trim();
    const t = cat.technique(a.technique);
    if (d.length < MIN_ACTION_DESCRIPTION) {
      err('action-description-short', `description is ${d.length} characters; say what the attacker does to this device and deployment (at least ${MIN_ACTION_DESCRIPTION})`, ['actions', i, 'description']);
    } else if (t && d.toLowerCase().replace(/\W+/g, ' ').trim() === t.name.toLowerCase().replace(/\W+/g, ' ').trim()) {
      err('action-description-generic', 'description restates the technique name', ['actions', i, 'description']);
    }
    const prev = seenDescriptions.get(d);
    if (prev !== undefined) err('action-description-duplicate', `same description as actions[${prev}]`, ['actions', i, 'description']);
    seenDescriptions.set(d, i);
  });
  const harmAssets = (src.assets ?? []).filter((s) => s.patient_harm === true);
  if (src.patient_safety_goal === 'staging') {
    if (src.exit_states.length === 0) err('staging-without-exit', 'a staging module must leave the attacker in at least one exit state', ['exit_states']);
  } else if (harmAssets.length === 0) {
    err('no-patient-harm', 'a flow that attacks a patient-safety goal needs at least one asset with patient_harm: true', ['assets']);
  }
  if (src.provenance === 'realized' && !(src.external_references ?? []).some((r) => r.url)) {
    err('realized-without-reference', 'a realized flow must cite the public incident report or advisory it rests on (external_references with url)', ['external_references']);
  }
  return out;
}

export interface CompiledFlow {
  source: FlowSource;
  file: string;
  graph: FlowGraph;
  /** STIX id → YAML path of the entry it was compiled from. */
  paths: Map<string, YamlPath>;
}

function refs(keys: string[] | undefined, idx: Map<string, KeyEntry>): string[] | undefined {
  if (!keys || keys.length === 0) return undefined;
  return [...new Set(keys.map((k) => idx.get(k)!.id))].sort();
}

/** The flow's own external reference, so a bundle names the library flow it came from. */
export function flowReference(flowId: string): Record<string, string> {
  return { source_name: 'medflow-flow', external_id: flowId };
}

/**
 * Compiles a checked flow source into a FlowGraph. Deterministic: ids are UUIDv5 of
 * `<type>:<flow id>/<key>`, timestamps come from `created`/`modified`, lists are sorted.
 */
export function compileFlow(src: FlowSource, file = `${src.id}.yaml`, cat: Catalog = defaultCatalog()): CompiledFlow {
  const idx = keyIndex(src);
  const created = toStixTimestamp(src.created)!;
  const modified = src.modified ? toStixTimestamp(src.modified)! : created;
  const common = { spec_version: '2.1', created, modified, created_by_ref: MEDFLOW_IDENTITY_ID };
  const ext = (props: object) => ({
    ...afExtensionMarker(),
    [MEDFLOW_EXTENSION_ID]: { extension_type: 'property-extension', ...props },
  });
  const paths = new Map<string, YamlPath>();
  const objects: StixObject[] = [
    afExtensionDefinition() as StixObject, afCreatorIdentity() as StixObject,
    medflowExtensionDefinition() as StixObject, medflowIdentity() as StixObject,
  ];

  const flowId = flowObjectId(src.id);
  const flowProps: FlowMedicalProps = {
    use_cases: [...src.use_cases],
    patient_safety_goal: src.patient_safety_goal,
    harm_severity: src.harm_severity,
    reach: src.reach,
    provenance: src.provenance,
    clinical_functions: [...src.clinical_functions],
    entry_states: [...src.entry_states],
    exit_states: [...src.exit_states],
  };
  objects.push({
    type: 'attack-flow', id: flowId, ...common,
    name: src.name, description: src.description.trim(), scope: src.scope,
    start_refs: startKeys(src).map((k) => idx.get(k)!.id).sort(),
    external_references: [flowReference(src.id), ...(src.external_references ?? []).map((r) => ({ ...r }))],
    extensions: ext(withoutEmptyLists(flowProps)),
  });
  paths.set(flowId, []);

  src.actions.forEach((a, i) => {
    const id = idx.get(a.key)!.id;
    const t = cat.technique(a.technique), tac = cat.tactic(a.tactic);
    const props: ActionMedicalProps & { entry_states?: string[]; exit_states?: string[] } = {
      difficulty: { band: a.difficulty.band, rationale: a.difficulty.rationale.trim() },
      component_kind: a.component_kind,
    };
    if (a.consumes) props.entry_states = [a.consumes];
    if (a.produces?.length) props.exit_states = [...a.produces].sort();
    objects.push({
      type: 'attack-action', id, ...common,
      name: a.name, description: a.description.trim(),
      technique_id: a.technique, tactic_id: a.tactic,
      technique_ref: t?.stix_id, tactic_ref: tac?.stix_id,
      effect_refs: refs(a.effects, idx), asset_refs: refs(a.assets, idx),
      extensions: ext(props),
    });
    paths.set(id, ['actions', i]);
  });
  (src.conditions ?? []).forEach((c, i) => {
    const id = idx.get(c.key)!.id;
    objects.push({
      type: 'attack-condition', id, ...common, description: c.description.trim(),
      on_true_refs: refs(c.on_true, idx), on_false_refs: refs(c.on_false, idx),
      extensions: afExtensionMarker(),
    });
    paths.set(id, ['conditions', i]);
  });
  (src.operators ?? []).forEach((o, i) => {
    const id = idx.get(o.key)!.id;
    objects.push({
      type: 'attack-operator', id, ...common, operator: o.operator,
      effect_refs: refs(o.effects, idx), extensions: afExtensionMarker(),
    });
    paths.set(id, ['operators', i]);
  });
  (src.assets ?? []).forEach((s, i) => {
    const id = idx.get(s.key)!.id;
    const props: AssetMedicalProps = { component_kind: s.component_kind, patient_harm: s.patient_harm === true };
    if (s.patient_harm === true && s.harm) props.harm = s.harm.trim();
    objects.push({
      type: 'attack-asset', id, ...common, name: s.name, description: s.description.trim(), extensions: ext(props),
    });
    paths.set(id, ['assets', i]);
  });
  const graph = graphFromObjects(objects.map(dropUndefined), stixId('bundle', src.id));
  return { source: src, file, graph, paths };
}

/** STIX forbids empty lists: an empty entry/exit state list is left out (absent = none). */
export function withoutEmptyLists<T extends object>(props: T): Partial<T> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => !(Array.isArray(v) && v.length === 0))) as Partial<T>;
}

function dropUndefined(o: StixObject): StixObject {
  const out: StixObject = { type: o.type, id: o.id };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** A FlowGraph as the Attack Flow validator takes it (the bundle JSON as written). */
export function asLoadedFlow(graph: FlowGraph, file: string): LoadedFlow {
  return { file, format: 'stix', graph, warnings: [], raw: JSON.parse(writeBundle(graph)) as unknown };
}

/** Runs the Attack Flow validator on a compiled flow; findings are placed back into the YAML source. */
export function validateCompiled(c: CompiledFlow, y: YamlFile): SourceIssue[] {
  const r = validateFlow(asLoadedFlow(c.graph, c.file));
  const place = (i: Issue, severity: SourceIssue['severity']): SourceIssue => {
    const path = (i.object ? c.paths.get(i.object) : undefined) ?? [];
    return y.issue(severity, `attack-flow/${i.code}`, i.message + (i.property ? ` (${i.property})` : ''), path);
  };
  return [
    ...r.errors.map((i) => place(i, 'error')),
    ...r.warnings.filter((i) => i.code !== 'not-implemented').map((i) => place(i, 'warning')),
  ];
}
