// Building a simulation model from a flow and its parameters: the reach semantics of Attack Flow
// (entry points, implicit OR joins, operators, condition gates, assets, harm), parameter resolution
// with its precedence and provenance, and the resolution of controls to the steps they cover.
import { REACH_EDGE_KINDS, flowOf, type FlowGraph, type StixObject, type AttackActionSdo, edgesOf } from '../flow/model.ts';
import { catalog, type Catalog } from '../catalog/index.ts';
import { medicalProps, type ActionMedicalProps, type AssetMedicalProps } from '../stix/medflow-extension.ts';
import type { Issue } from '../util/issue.ts';
import { sortIssues } from '../util/issue.ts';
import { BANDS, cdf, isBand, type Dist } from './distributions.ts';
import {
  DEFAULT_HORIZON_DAYS, emptyParams, type ControlModel, type ControlSpec, type SimulationParams,
} from './params.ts';
import { CircuitBuilder, G_ACT, G_AND, G_GATE_F, G_GATE_T, G_OR, G_TRUE, type Circuit } from './circuit.ts';

/** Where an action's parameters came from. */
export type ParamSource =
  | { kind: 'params-id'; key: string }
  | { kind: 'params-technique'; key: string }
  | { kind: 'flow-band'; band: string }
  | { kind: 'worst-case' };

export interface ActionVar {
  id: string;
  name: string;
  /** Normalised technique id (catalog-repaired, revocations followed), when the action has one. */
  technique?: string;
  /** Probability the step is possible at all. */
  pExist: number;
  /** Time distribution (days); none = instantaneous. */
  dist?: Dist;
  band?: string;
  source: ParamSource;
}

export interface ConditionVar {
  id: string;
  name: string;
  q: number;
  source: 'params' | 'default';
}

/** A control bypass in the time-to-compromise model: with probability s it applies to a step. */
export interface TtcBypass {
  s: number;
  /** Probability the attacker can bypass at all. */
  pExist: number;
  dist?: Dist;
}

export interface ResolvedControl {
  spec: ControlSpec;
  /** Action variable indices the control covers (sorted). */
  covers: number[];
  /** Success multiplier on each covered step when fully implemented: P(bypass within the horizon). */
  bypassP: number;
  /** How the bypass is modelled, for time to compromise (pExist and optional time). */
  bypass: { pExist: number; dist?: Dist };
  /** Status weight s of the current status. */
  weight: number;
}

export interface SimModel {
  circuit: Circuit;
  horizonDays: number;
  actions: ActionVar[];
  conditions: ConditionVar[];
  /** STIX id of every action / condition / operator → the gate reported for it. */
  nodeGate: Map<string, number>;
  /** STIX id of every attack-asset → its gate (OR over the actions referencing it). */
  assetGate: Map<string, number>;
  /** What harm means in this flow. */
  harmDefinition: { kind: 'patient-harm-assets' | 'sink-actions' | 'sink-nodes' | 'all-actions'; ids: string[] };
  controls: ResolvedControl[];
  controlModel: ControlModel;
  /** Action ids whose success probability is the worst-case default. */
  unparameterized: string[];
  names: Map<string, string>;
  warnings: Issue[];
  paramsFile?: string;
}

export interface ModelOptions {
  /** Overrides the parameters file's horizon_days. */
  horizonDays?: number;
  catalog?: Catalog;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function displayName(o: StixObject): string {
  const n = typeof o.name === 'string' && o.name.trim() ? o.name.trim()
    : typeof o.description === 'string' && o.description.trim() ? o.description.trim()
    : o.type === 'attack-operator' ? String(o.operator ?? 'operator') : o.id;
  return n.length > 80 ? n.slice(0, 79) + '…' : n;
}

/** Normalises a technique id as written in a flow ("1598.003", "t1059.1", revoked ids…). */
export function normaliseTechnique(raw: string, cat: Catalog): string {
  let s = raw.trim().toUpperCase().replace(/\s+/g, '');
  if (/^\d{4}(\.\d{1,3})?$/.test(s)) s = 'T' + s;
  s = cat.repairId(s) ?? s;
  return cat.current(s)?.id ?? s;
}

export function parentTechnique(id: string, cat: Catalog): string | undefined {
  const t = cat.technique(id);
  if (t?.parent) return t.parent;
  const m = /^(.*T\d{4})\.\d{3}$/.exec(id);
  return m ? m[1] : undefined;
}

/** P(a bypass of this kind succeeds within the horizon), and its time-to-compromise form. */
export function bypassOf(ctl: ControlSpec, model: ControlModel, horizon: number): { p: number; pExist: number; dist?: Dist } {
  if (ctl.multiplier !== undefined) return { p: ctl.multiplier, pExist: ctl.multiplier };
  const b = model.bypass[ctl.effectiveness];
  if ('p' in b) return { p: b.p, pExist: b.p };
  const band = BANDS[b.band];
  return { p: band.pExist * cdf(band.dist, horizon), pExist: band.pExist, dist: band.dist };
}

/** m = (1 − s) + s · P(bypass): the multiplier a control puts on each covered step. */
export function controlMultiplier(weight: number, bypassP: number): number {
  return 1 - weight + weight * bypassP;
}

export function buildModel(graph: FlowGraph, params: SimulationParams = emptyParams(), options: ModelOptions = {}): SimModel {
  const cat = options.catalog ?? catalog();
  const warnings: Issue[] = [];
  const warn = (code: string, message: string, object?: string, property?: string) =>
    warnings.push({ code, message, ...(object ? { object } : {}), ...(property ? { property } : {}) });
  const horizonDays = options.horizonDays ?? params.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const pf = params.file ? `${params.file}: ` : 'parameters: ';

  const objs = [...graph.objects.values()];
  const byType = (t: string) => objs.filter((o) => o.type === t).sort((a, b) => cmp(a.id, b.id));
  const actions = byType('attack-action') as AttackActionSdo[];
  const conditions = byType('attack-condition');
  const operators = byType('attack-operator');
  const assets = byType('attack-asset');
  const names = new Map<string, string>();
  for (const o of [...actions, ...conditions, ...operators, ...assets]) names.set(o.id, displayName(o));

  const isReach = (id: string) => {
    const t = graph.objects.get(id)?.type;
    return t === 'attack-action' || t === 'attack-condition' || t === 'attack-operator';
  };

  // ---- reach edges -------------------------------------------------------------------------
  const edges = edgesOf(graph);
  const incoming = new Map<string, { source: string; kind: string }[]>();
  const outgoing = new Map<string, number>();
  for (const e of edges) {
    if (!REACH_EDGE_KINDS.includes(e.kind)) continue;
    const src = graph.objects.get(e.source);
    if (!src || !isReach(e.source)) continue;
    if (!graph.objects.has(e.target)) {
      warn('dangling-ref', `${e.property} points at ${e.target}, which is not in the bundle; edge ignored`, e.source, e.property);
      continue;
    }
    if (!isReach(e.target)) {
      warn('non-reach-target', `${e.property} points at a ${graph.objects.get(e.target)!.type}; only actions, conditions and operators carry reachability, edge ignored`, e.source, e.property);
      continue;
    }
    let kind: string = e.kind;
    if (src.type === 'attack-condition' && kind === 'effect_refs') {
      warn('condition-effect-refs', 'a condition continues through on_true_refs / on_false_refs; effect_refs read as on_true_refs', e.source, e.property);
      kind = 'on_true_refs';
    }
    if (src.type !== 'attack-condition' && kind !== 'effect_refs') {
      warn('branch-on-non-condition', `${e.property} on a ${src.type} read as effect_refs`, e.source, e.property);
      kind = 'effect_refs';
    }
    const list = incoming.get(e.target) ?? [];
    list.push({ source: e.source, kind });
    incoming.set(e.target, list);
    outgoing.set(e.source, (outgoing.get(e.source) ?? 0) + 1);
  }

  // ---- entry points: start_refs ∪ actions/conditions without incoming reach edges ------------
  const entries = new Set<string>([...actions, ...conditions].map((o) => o.id).filter((id) => !incoming.has(id)));
  const flow = flowOf(graph);
  for (const id of flow?.start_refs ?? []) {
    if (typeof id !== 'string') continue;
    if (!graph.objects.has(id)) warn('dangling-ref', `start_refs names ${id}, which is not in the bundle`, flow!.id, 'start_refs');
    else if (!isReach(id)) warn('non-reach-start', `start_refs names a ${graph.objects.get(id)!.type}; ignored`, flow!.id, 'start_refs');
    else entries.add(id);
  }

  // ---- variables -------------------------------------------------------------------------
  const actionVars: ActionVar[] = [];
  const actionIndex = new Map<string, number>();
  const usedParamKeys = new Set<string>();
  const unparameterized: string[] = [];
  for (const a of actions) {
    const raw = typeof a.technique_id === 'string' && a.technique_id.trim() ? a.technique_id : undefined;
    const technique = raw ? normaliseTechnique(raw, cat) : undefined;
    const parent = technique ? parentTechnique(technique, cat) : undefined;
    let source: ParamSource = { kind: 'worst-case' };
    let param = params.actions[a.id];
    if (param) source = { kind: 'params-id', key: a.id };
    else {
      for (const key of [technique, raw?.trim(), parent]) {
        if (key && params.actions[key]) {
          param = params.actions[key];
          source = { kind: 'params-technique', key };
          break;
        }
      }
    }
    const v: ActionVar = { id: a.id, name: names.get(a.id)!, pExist: 1, source };
    if (technique) v.technique = technique;
    if (param) {
      usedParamKeys.add((source as { key: string }).key);
      if (param.band) {
        v.band = param.band;
        v.pExist = BANDS[param.band].pExist;
        v.dist = BANDS[param.band].dist;
      } else {
        if (param.p !== undefined) v.pExist = param.p;
        if (param.ttc) v.dist = param.ttc;
      }
    } else {
      const band = medicalProps<ActionMedicalProps>(a)?.difficulty?.band;
      if (isBand(band)) {
        v.source = { kind: 'flow-band', band };
        v.band = band;
        v.pExist = BANDS[band].pExist;
        v.dist = BANDS[band].dist;
      } else {
        if (band !== undefined) warn('unknown-band', `medflow difficulty.band "${String(band)}" is not a MAL band; treated as unparameterized`, a.id);
        unparameterized.push(a.id);
      }
    }
    actionIndex.set(a.id, actionVars.length);
    actionVars.push(v);
  }
  const condVars: ConditionVar[] = [];
  const condIndex = new Map<string, number>();
  const hasFalseBranch = new Set<string>();
  for (const l of incoming.values()) for (const e of l) if (e.kind === 'on_false_refs') hasFalseBranch.add(e.source);
  for (const c of conditions) {
    const q = params.conditions[c.id];
    if (!q && hasFalseBranch.has(c.id)) {
      warn('dead-false-branch', 'condition has on_false_refs but q defaults to 1, so its false branch is never taken; give q under conditions in a parameters file', c.id);
    }
    condIndex.set(c.id, condVars.length);
    condVars.push({ id: c.id, name: names.get(c.id)!, q: q ? q.q : 1, source: q ? 'params' : 'default' });
  }
  // unknown parameter keys
  const techniquesInFlow = new Set<string>();
  for (const v of actionVars) if (v.technique) {
    techniquesInFlow.add(v.technique);
    const p = parentTechnique(v.technique, cat);
    if (p) techniquesInFlow.add(p);
  }
  for (const a of actions) if (typeof a.technique_id === 'string') techniquesInFlow.add(a.technique_id.trim());
  for (const key of Object.keys(params.actions).sort()) {
    if (usedParamKeys.has(key)) continue;
    const t = graph.objects.get(key)?.type;
    if (t === 'attack-condition') warn('misplaced-parameter', `${pf}actions.${key} is a condition; give its probability under conditions (q)`, key);
    else if (t) warn('misplaced-parameter', `${pf}actions.${key} is a ${t}, not an action; ignored`, key);
    else if (techniquesInFlow.has(key)) warn('shadowed-parameter', `${pf}actions.${key} is overridden by more specific entries for every matching action`, undefined, `actions.${key}`);
    else warn('unknown-parameter-id', `${pf}actions.${key} matches no action id or technique in this flow; ignored`, undefined, `actions.${key}`);
  }
  for (const key of Object.keys(params.conditions).sort()) {
    if (condIndex.has(key)) continue;
    warn('unknown-parameter-id', `${pf}conditions.${key} matches no condition in this flow; ignored`, undefined, `conditions.${key}`);
  }

  // ---- gates -------------------------------------------------------------------------------
  const nA = actionVars.length;
  const b = new CircuitBuilder();
  const TRUE_GATE = b.add(G_TRUE);
  const nodeGate = new Map<string, number>();
  const condReach = new Map<string, number>();
  const condTrue = new Map<string, number>();
  const condFalse = new Map<string, number>();
  for (const a of actions) nodeGate.set(a.id, b.add(G_ACT, actionIndex.get(a.id)!));
  for (const o of operators) {
    const op = String(o.operator ?? '').toUpperCase();
    if (op !== 'AND' && op !== 'OR') warn('unknown-operator', `operator "${String(o.operator)}" is neither AND nor OR; read as OR`, o.id, 'operator');
    nodeGate.set(o.id, b.add(op === 'AND' ? G_AND : G_OR));
  }
  for (const c of conditions) {
    const v = nA + condIndex.get(c.id)!;
    const r = b.add(G_OR);
    condReach.set(c.id, r);
    condTrue.set(c.id, b.add(G_GATE_T, v, [r]));
    condFalse.set(c.id, b.add(G_GATE_F, v, [r]));
    nodeGate.set(c.id, condTrue.get(c.id)!);
  }
  const signal = (source: string, kind: string): number => {
    if (condReach.has(source)) return kind === 'on_false_refs' ? condFalse.get(source)! : condTrue.get(source)!;
    return nodeGate.get(source)!;
  };
  const inputGate = (id: string) => condReach.get(id) ?? nodeGate.get(id)!;
  const reachIds = [...actions, ...operators, ...conditions].map((o) => o.id);
  for (const id of reachIds) {
    const g = inputGate(id);
    const list = (incoming.get(id) ?? []).slice().sort((x, y) => cmp(x.source, y.source) || cmp(x.kind, y.kind));
    const ins = list.map((e) => signal(e.source, e.kind));
    const type = graph.objects.get(id)!.type;
    if (entries.has(id)) ins.unshift(TRUE_GATE);
    b.ins[g] = [...new Set(ins)];
    if (entries.has(id) && type === 'attack-operator') {
      // a start operator is reached unconditionally, whatever its inputs
      b.kind[g] = G_OR;
      b.ins[g] = [TRUE_GATE];
      if (list.length > 0) warn('start-operator', 'operator is listed in start_refs, so it is reached unconditionally and its inputs are ignored', id);
    }
    if (type === 'attack-action' && list.length > 1) {
      warn('implicit-or-join', `action has ${list.length} incoming edges and no operator; read as OR (add an OR or AND operator to make the join explicit)`, id);
    }
    if (type === 'attack-operator' && ins.length === 0) warn('operator-without-inputs', 'operator has no inputs and is not a start; it is never reached', id);
  }
  if (entries.size === 0) warn('no-entry-points', 'the flow has no entry points (start_refs empty and every node has a predecessor); nothing is reachable');

  // ---- assets and harm ---------------------------------------------------------------------
  const assetUsers = new Map<string, string[]>();
  for (const a of actions) {
    for (const ref of Array.isArray(a.asset_refs) ? a.asset_refs : []) {
      if (typeof ref !== 'string') continue;
      if (graph.objects.get(ref)?.type !== 'attack-asset') continue;
      const l = assetUsers.get(ref) ?? [];
      l.push(a.id);
      assetUsers.set(ref, l);
    }
  }
  const assetGate = new Map<string, number>();
  for (const as of assets) {
    const users = (assetUsers.get(as.id) ?? []).sort();
    assetGate.set(as.id, b.add(G_OR, -1, users.map((u) => nodeGate.get(u)!)));
  }
  const harmAssets = assets.filter((a) => medicalProps<AssetMedicalProps>(a)?.patient_harm === true).map((a) => a.id);
  let harmDefinition: SimModel['harmDefinition'];
  if (harmAssets.length > 0) {
    harmDefinition = { kind: 'patient-harm-assets', ids: harmAssets };
    for (const id of harmAssets) if (!assetUsers.has(id)) warn('unreferenced-harm-asset', 'patient-harm asset is referenced by no action, so it is never reached', id);
  } else {
    const sinkActions = actions.filter((a) => !outgoing.has(a.id)).map((a) => a.id);
    if (sinkActions.length > 0) harmDefinition = { kind: 'sink-actions', ids: sinkActions };
    else {
      const sinks = reachIds.filter((id) => !outgoing.has(id)).sort();
      if (sinks.length > 0) {
        harmDefinition = { kind: 'sink-nodes', ids: sinks };
        warn('no-sink-action', 'no asset is marked patient_harm and every action has a successor; harm = any final condition or operator reached');
      } else {
        harmDefinition = { kind: 'all-actions', ids: actions.map((a) => a.id) };
        warn('no-sink', 'no asset is marked patient_harm and the flow has no final node (it is one cycle); harm = any action succeeds');
      }
    }
  }
  const harmInputs = harmDefinition.kind === 'patient-harm-assets'
    ? harmDefinition.ids.map((id) => assetGate.get(id)!)
    : harmDefinition.ids.map((id) => nodeGate.get(id)!);
  const harm = b.add(G_OR, -1, harmInputs);
  const circuit = b.build(nA + condVars.length, nA, harm);

  // ---- controls ----------------------------------------------------------------------------
  const controls: ResolvedControl[] = [];
  const byTechnique = new Map<string, number[]>();
  const byParent = new Map<string, number[]>();
  actionVars.forEach((v, i) => {
    if (!v.technique) return;
    const push = (m: Map<string, number[]>, k: string) => m.set(k, [...(m.get(k) ?? []), i]);
    push(byTechnique, v.technique);
    const p = parentTechnique(v.technique, cat);
    if (p) push(byParent, p);
  });
  params.controls.forEach((spec, ci) => {
    const covers = new Set<number>();
    spec.mitigates.forEach((raw, k) => {
      const at = `controls[${ci}].mitigates[${k}]`;
      if (actionIndex.has(raw)) {
        covers.add(actionIndex.get(raw)!);
        return;
      }
      const id = raw.trim().toUpperCase();
      if (/^(AML\.)?M\d{4}$/.test(id)) {
        if (!cat.mitigation(id)) warn('unknown-mitigation', `${pf}${at}: "${raw}" is not an ATT&CK or ATLAS mitigation id; ignored`, undefined, at);
        for (const t of cat.techniquesMitigatedBy(id)) for (const i of byTechnique.get(t) ?? []) covers.add(i);
        return;
      }
      const t = normaliseTechnique(raw, cat);
      const known = !!cat.technique(t) || byTechnique.has(t) || byParent.has(t);
      if (!known) {
        warn('unknown-technique', `${pf}${at}: "${raw}" is neither a known technique or mitigation id nor an action id of this flow; ignored`, undefined, at);
        return;
      }
      for (const i of byTechnique.get(t) ?? []) covers.add(i);
      for (const i of byParent.get(t) ?? []) covers.add(i); // a parent technique covers its sub-techniques
    });
    const bp = bypassOf(spec, params.controlModel, horizonDays);
    controls.push({
      spec,
      covers: [...covers].sort((a, b) => a - b),
      bypassP: bp.p,
      bypass: { pExist: bp.pExist, ...(bp.dist ? { dist: bp.dist } : {}) },
      weight: params.controlModel.statusWeight[spec.status],
    });
    if (covers.size === 0) warn('control-covers-nothing', `control ${spec.id} covers no action of this flow`, undefined, `controls[${ci}]`);
  });

  return {
    circuit,
    horizonDays,
    actions: actionVars,
    conditions: condVars,
    nodeGate,
    assetGate,
    harmDefinition,
    controls,
    controlModel: params.controlModel,
    unparameterized: unparameterized.sort(),
    names,
    warnings: sortIssues(warnings),
    paramsFile: params.file,
  };
}

/** Status weights of every control, optionally overridden (control index → weight s). */
export function controlWeights(model: SimModel, override?: ReadonlyMap<number, number>): Float64Array {
  const w = new Float64Array(model.controls.length);
  model.controls.forEach((c, i) => (w[i] = override?.get(i) ?? c.weight));
  return w;
}

/**
 * Static per-variable success probabilities: an action succeeds within the horizon with
 * pExist · F(H) · Π m_c over the controls covering it; a condition holds with q.
 */
export function variableProbabilities(model: SimModel, weights = controlWeights(model)): Float64Array {
  const p = new Float64Array(model.circuit.nVars);
  model.actions.forEach((a, i) => (p[i] = a.pExist * (a.dist ? cdf(a.dist, model.horizonDays) : 1)));
  model.controls.forEach((c, ci) => {
    const m = controlMultiplier(weights[ci], c.bypassP);
    for (const i of c.covers) p[i] *= m;
  });
  model.conditions.forEach((c, i) => (p[model.circuit.nActionVars + i] = c.q));
  return p;
}

/** The time-to-compromise view of each action: existence, time, and the bypasses of covering controls. */
export interface TtcVar {
  pExist: number;
  dist?: Dist;
  bypass: TtcBypass[];
}

export function ttcVariables(model: SimModel, weights = controlWeights(model)): { actions: TtcVar[]; q: Float64Array } {
  const actions: TtcVar[] = model.actions.map((a) => ({ pExist: a.pExist, ...(a.dist ? { dist: a.dist } : {}), bypass: [] }));
  model.controls.forEach((c, ci) => {
    if (weights[ci] <= 0) return;
    for (const i of c.covers) actions[i].bypass.push({ s: weights[ci], pExist: c.bypass.pExist, ...(c.bypass.dist ? { dist: c.bypass.dist } : {}) });
  });
  return { actions, q: Float64Array.from(model.conditions.map((c) => c.q)) };
}

export function describeSource(s: ParamSource): string {
  switch (s.kind) {
    case 'params-id': return 'parameters file (by STIX id)';
    case 'params-technique': return `parameters file (technique ${s.key})`;
    case 'flow-band': return `flow metadata (difficulty.band ${s.band})`;
    case 'worst-case': return 'unparameterized: worst case p = 1';
  }
}
