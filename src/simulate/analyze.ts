// The analysis pipeline: exact engine when the BDD fits its budget (else seeded Monte Carlo with
// Wilson intervals), time to compromise by Monte Carlo, structural analysis, per-control delta_p
// and reliance with common random numbers, minimal control sets, and the result record.
import { MedflowError } from '../util/errors.ts';
import { round } from '../util/json.ts';
import { PRNG_NAME } from '../util/rng.ts';
import { catalogVersion } from '../catalog/index.ts';
import type { FlowGraph } from '../flow/model.ts';
import type { Issue } from '../util/issue.ts';
import { sortIssues } from '../util/issue.ts';
import { BudgetExceeded, FALSE } from './bdd.ts';
import { forwardClosure, G_AND, type Circuit } from './circuit.ts';
import { controlSetsFrom, variantProbabilities, type MinimalControlSets } from './controls.ts';
import { describeDist } from './distributions.ts';
import {
  compileModel, DEFAULT_BDD_BUDGET, DEFAULT_LIST_LIMIT, gateProbabilities, structuralAnalysis, type CompiledModel, type Structure,
} from './exact.ts';
import { CHUNK_SAMPLES, P_BITS, quantise, type StaticJob } from './kernels.ts';
import { buildModel, bypassOf, controlMultiplier, describeSource, ttcVariables, variableProbabilities, type SimModel } from './model.ts';
import { emptyParams, type ControlStatus, type SimulationParams, CONTROL_STATUSES, EFFECTIVENESS_LEVELS } from './params.ts';
import { DEFAULT_PLAN, runMc, runMcSync, WorkerPool, type McJobs, type McOutcome, type SamplingPlan } from './runner.ts';
import { percentileOrNull, wilson } from './stats.ts';

export const ENGINE_VERSION = 'medflow-simulate 1.0';

export type Method = 'auto' | 'exact' | 'mc';

export interface AnalyzeOptions {
  /** auto (default): exact when the BDD fits its budget, else Monte Carlo. */
  method?: Method;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Exact number of Monte Carlo samples; when absent, sampling stops adaptively. */
  samples?: number;
  /** Adaptive stop: 95% half-width target for harm (default 0.005). */
  targetHalfWidth?: number;
  minSamples?: number;
  maxSamples?: number;
  /** Overrides the parameters' horizon_days. */
  horizonDays?: number;
  /** Node budget of each decision diagram (default 200 000). */
  bddBudget?: number;
  /** Time-to-compromise Monte Carlo (default true). */
  ttc?: boolean;
  /** Structural analysis: minimal attacks, cut sets, fewest steps/techniques (default true). */
  structure?: boolean;
  /** Per-control delta_p / reliance and minimal control sets (default true). */
  controls?: boolean;
  /** How many minimal attacks / cut sets / control sets to list (default 1000, smallest first). */
  listLimit?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface AsyncAnalyzeOptions extends AnalyzeOptions {
  /** Worker threads for Monte Carlo (default 1 = in this thread). Results do not depend on it. */
  threads?: number;
  /** A pool to reuse (its size wins over `threads`); otherwise one is created and closed. */
  pool?: WorkerPool;
}

export interface Estimate {
  p: number;
  ci_low: number;
  ci_high: number;
}

export interface ControlResult {
  id: string;
  /** Harm probability removed by fully implementing the control. */
  delta_p: number;
  /** Harm probability added if the control were removed. */
  reliance: number;
}

export interface SimulationResult {
  method: 'exact' | 'mc';
  seed: number;
  samples: number;
  horizon_days: number;
  nodes: Record<string, Estimate>;
  assets: Record<string, Estimate>;
  harm: Estimate & { within_horizon: number | null; ttc: { p5: number | null; p50: number | null; p95: number | null } };
  minimal_attacks: string[][] | null;
  minimal_cut_sets: string[][] | null;
  min_steps_to_harm: number | null;
  min_techniques_to_harm: number | null;
  min_technique_set: string[] | null;
  controls: ControlResult[];
  minimal_control_sets: MinimalControlSets | null;
  unparameterized: string[];
  warnings: Issue[];
  provenance: Record<string, unknown>;
  /** Not part of the JSON: labels for tables. */
  labels: Record<string, { type: string; name: string; rank: number; technique?: string }>;
}

const compiledCache = new WeakMap<SimModel, { budget: number; comp?: CompiledModel; error?: BudgetExceeded }>();

/** The model's BDD (cached per model and budget), or undefined when it exceeds the budget. */
export function compiled(model: SimModel, budget = DEFAULT_BDD_BUDGET): CompiledModel | undefined {
  const hit = compiledCache.get(model);
  if (hit && hit.budget === budget) return hit.comp;
  try {
    const comp = compileModel(model, budget);
    compiledCache.set(model, { budget, comp });
    return comp;
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    compiledCache.set(model, { budget, error: e });
    return undefined;
  }
}

/** Everything decided before Monte Carlo runs. */
interface Planned {
  model: SimModel;
  options: AnalyzeOptions;
  method: 'exact' | 'mc';
  comp?: CompiledModel;
  baseProbs: Float64Array;
  /** Control what-if variants: [control index, which]. Variant 0 is the baseline. */
  variants: { control: number; which: 'implemented' | 'removed'; probs: Float64Array }[];
  exactGateP?: Float64Array;
  exactVariantHarm?: number[];
  jobs: McJobs;
  plan: SamplingPlan;
  warnings: Issue[];
}

function plan(model: SimModel, options: AnalyzeOptions): Planned {
  const method = options.method ?? 'auto';
  const budget = options.bddBudget ?? DEFAULT_BDD_BUDGET;
  const seed = (options.seed ?? 1) >>> 0;
  const warnings: Issue[] = [...model.warnings];
  const comp = method === 'mc' && options.structure === false ? undefined : compiled(model, budget);
  if (method === 'exact' && !comp) {
    throw new MedflowError(`the flow is too large for the exact engine (its BDD exceeds ${budget} nodes); use --method mc or auto`);
  }
  if (comp) warnings.push(...contradictoryJoins(model, comp));
  const useExact = method !== 'mc' && !!comp;
  if (method === 'auto' && !comp) {
    warnings.push({ code: 'exact-budget-exceeded', message: `BDD exceeded ${budget} nodes; probabilities estimated by Monte Carlo` });
  }
  const baseProbs = variableProbabilities(model);
  const variants: Planned['variants'] = [];
  if (options.controls !== false) {
    const impl = model.controlModel.statusWeight.implemented;
    model.controls.forEach((c, ci) => {
      if (c.covers.length === 0) return;
      if (c.weight !== impl) variants.push({ control: ci, which: 'implemented', probs: variantProbabilities(model, new Map([[ci, 'implemented' as ControlStatus]])) });
      if (c.weight !== 0) variants.push({ control: ci, which: 'removed', probs: variantProbabilities(model, new Map([[ci, 0]])) });
    });
  }
  const p: Planned = { model, options, method: useExact ? 'exact' : 'mc', comp, baseProbs, variants, jobs: {}, plan: samplingPlan(options), warnings };
  if (useExact) {
    p.exactGateP = gateProbabilities(comp!, baseProbs);
    p.exactVariantHarm = variants.map((v) => gateProbabilities(comp!, v.probs)[model.circuit.harm]);
  } else {
    p.jobs.static = staticJob(model.circuit, seed, [baseProbs, ...variants.map((v) => v.probs)]);
  }
  if (options.ttc !== false) {
    const tv = ttcVariables(model);
    p.jobs.ttc = { circuit: model.circuit, seed, actions: tv.actions, q: tv.q, horizon: model.horizonDays };
  }
  return p;
}

/** AND operators that no outcome can satisfy although each input can be reached: they join opposite branches of a condition. */
function contradictoryJoins(model: SimModel, comp: CompiledModel): Issue[] {
  const c = model.circuit;
  const out: Issue[] = [];
  for (const [id, g] of model.nodeGate) {
    if (c.kind[g] !== G_AND || comp.gateFn[g] !== FALSE || c.inStart[g] === c.inStart[g + 1]) continue;
    let inputsOk = true;
    for (let i = c.inStart[g]; i < c.inStart[g + 1]; i++) if (comp.gateFn[c.inputs[i]] === FALSE) inputsOk = false;
    if (inputsOk) {
      out.push({ code: 'contradictory-and', object: id, message: 'AND operator can never be satisfied: its inputs need both the true and the false outcome of a condition (use OR, or separate conditions)' });
    }
  }
  const dead = [...model.nodeGate].filter(([, g]) => comp.gateFn[g] === FALSE).map(([id]) => model.names.get(id) ?? id).sort();
  if (dead.length > 0) {
    out.push({ code: 'unreachable-steps', message: `${dead.length} step(s) can never be reached, whatever the probabilities: ${dead.slice(0, 5).join('; ')}${dead.length > 5 ? '; …' : ''}` });
  }
  return out;
}

function samplingPlan(o: AnalyzeOptions): SamplingPlan {
  if (o.samples !== undefined && !(Number.isInteger(o.samples) && o.samples > 0)) {
    throw new MedflowError(`samples must be a positive whole number, got ${o.samples}`);
  }
  return {
    ...(o.samples !== undefined ? { samples: o.samples } : {}),
    targetHalfWidth: o.targetHalfWidth ?? DEFAULT_PLAN.targetHalfWidth,
    minSamples: o.minSamples ?? DEFAULT_PLAN.minSamples,
    maxSamples: o.maxSamples ?? DEFAULT_PLAN.maxSamples,
  };
}

/** A static Monte Carlo job for a baseline and what-if variants (common random numbers). */
export function staticJob(circuit: Circuit, seed: number, probs: Float64Array[]): StaticJob {
  const thresholds = probs.map((pv) => Uint32Array.from(pv, quantise));
  const changedVars: Int32Array[] = [new Int32Array(0)];
  const affectedBlocks: Int32Array[] = [new Int32Array(0)];
  const gateOfVar = new Map<number, number[]>();
  for (let g = 0; g < circuit.nGates; g++) {
    const v = circuit.varOf[g];
    if (v >= 0) gateOfVar.set(v, [...(gateOfVar.get(v) ?? []), g]);
  }
  const blockOf = new Int32Array(circuit.nGates);
  for (let b = 0; b + 1 < circuit.blockStart.length; b++) {
    for (let i = circuit.blockStart[b]; i < circuit.blockStart[b + 1]; i++) blockOf[circuit.order[i]] = b;
  }
  for (let k = 1; k < thresholds.length; k++) {
    const changed: number[] = [];
    for (let v = 0; v < circuit.nVars; v++) if (thresholds[k][v] !== thresholds[0][v]) changed.push(v);
    const mark = forwardClosure(circuit, changed.flatMap((v) => gateOfVar.get(v) ?? []));
    const blocks = new Set<number>();
    for (let g = 0; g < circuit.nGates; g++) if (mark[g]) blocks.add(blockOf[g]);
    changedVars.push(Int32Array.from(changed));
    affectedBlocks.push(Int32Array.from([...blocks].sort((a, b) => a - b)));
  }
  return { circuit, seed, thresholds, changedVars, affectedBlocks };
}

function finish(p: Planned, mc: McOutcome | undefined): SimulationResult {
  const { model, options } = p;
  const c = model.circuit;
  const n = mc?.samples ?? 0;
  const seed = (options.seed ?? 1) >>> 0;
  const est = (g: number): Estimate => {
    if (p.exactGateP) {
      const v = round(p.exactGateP[g]);
      return { p: v, ci_low: v, ci_high: v };
    }
    const w = wilson(mc!.gateCounts![g], n);
    return { p: round(w.p), ci_low: round(w.low), ci_high: round(w.high) };
  };
  const nodes: Record<string, Estimate> = {};
  for (const [id, g] of [...model.nodeGate].sort((a, b) => (a[0] < b[0] ? -1 : 1))) nodes[id] = est(g);
  const assets: Record<string, Estimate> = {};
  for (const [id, g] of [...model.assetGate].sort((a, b) => (a[0] < b[0] ? -1 : 1))) assets[id] = est(g);
  const harmEst = est(c.harm);

  // time to compromise
  let within: number | null = null;
  const ttc = { p5: null as number | null, p50: null as number | null, p95: null as number | null };
  if (mc?.harmTimes) {
    const sorted = mc.harmTimes.slice().sort();
    let k = 0;
    for (let i = 0; i < sorted.length && sorted[i] <= model.horizonDays && sorted[i] !== Infinity; i++) k++;
    within = round(k / sorted.length);
    const r = (x: number | null) => (x === null ? null : round(x, 6));
    ttc.p5 = r(percentileOrNull(sorted, 0.05));
    ttc.p50 = r(percentileOrNull(sorted, 0.5));
    ttc.p95 = r(percentileOrNull(sorted, 0.95));
  }

  // controls
  const harmBase = p.exactGateP ? p.exactGateP[c.harm] : n > 0 && mc?.harmCounts ? mc.harmCounts[0] / n : 0;
  const variantHarm = (k: number) => (p.exactVariantHarm ? p.exactVariantHarm[k] : mc!.harmCounts![k + 1] / n);
  const controls: ControlResult[] = [];
  if (options.controls !== false) {
    model.controls.forEach((ctl, ci) => {
      let delta = 0, reliance = 0;
      p.variants.forEach((v, k) => {
        if (v.control !== ci) return;
        if (v.which === 'implemented') delta = harmBase - variantHarm(k);
        else reliance = variantHarm(k) - harmBase;
      });
      controls.push({ id: ctl.spec.id, delta_p: round(delta), reliance: round(reliance) });
    });
    controls.sort((a, b) => b.delta_p - a.delta_p || b.reliance - a.reliance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // structure
  const warnings = [...p.warnings];
  let structure: Structure | undefined;
  if (options.structure !== false) {
    if (p.comp) {
      try {
        structure = structuralAnalysis(model, p.comp, options.bddBudget ?? DEFAULT_BDD_BUDGET, options.listLimit ?? DEFAULT_LIST_LIMIT);
      } catch (e) {
        if (!(e instanceof BudgetExceeded)) throw e;
      }
    }
    if (!structure) warnings.push({ code: 'structure-skipped', message: 'the flow is too large for exact structural analysis (decision diagram budget); minimal attacks and cut sets are not given' });
    else {
      const lim = options.listLimit ?? DEFAULT_LIST_LIMIT;
      if (structure.minimalAttacksTotal > lim) warnings.push({ code: 'list-truncated', message: `${structure.minimalAttacksTotal} minimal attacks; the ${lim} smallest are listed` });
      if (structure.minimalCutSetsTotal > lim) warnings.push({ code: 'list-truncated', message: `${structure.minimalCutSetsTotal} minimal cut sets; the ${lim} smallest are listed` });
      if (structure.minimalAttacksTotal === 0) warnings.push({ code: 'harm-unreachable', message: 'harm is unreachable in this flow, whatever the parameters' });
    }
  }
  let controlSets: MinimalControlSets | null = null;
  if (options.controls !== false && options.structure !== false && model.controls.length > 0) {
    const complete = structure && structure.minimalAttacksTotal <= structure.minimalAttacks.length ? structure.minimalAttacks : undefined;
    controlSets = controlSetsFrom(model, p.comp, complete, { budget: options.bddBudget, limit: options.listLimit });
  }

  const labels: SimulationResult['labels'] = {};
  const rankOf = new Int32Array(c.nGates);
  c.order.forEach((g, i) => (rankOf[g] = i));
  const nameCount = new Map<string, number>();
  for (const n of model.names.values()) nameCount.set(n, (nameCount.get(n) ?? 0) + 1);
  const techniqueOf = new Map(model.actions.map((a) => [a.id, a.technique]));
  for (const [id, name] of model.names) {
    const t = techniqueOf.get(id);
    const g = model.nodeGate.get(id) ?? model.assetGate.get(id);
    labels[id] = {
      type: id.split('--')[0],
      // names shared by several objects get a short id suffix so that sets stay readable
      name: (nameCount.get(name) ?? 0) > 1 ? `${name} [${id.split('--')[1]?.slice(0, 8)}]` : name,
      rank: g === undefined ? 0 : rankOf[g],
      ...(t ? { technique: t } : {}),
    };
  }

  return {
    method: p.method,
    seed,
    samples: n,
    horizon_days: model.horizonDays,
    nodes,
    assets,
    harm: { ...harmEst, within_horizon: within, ttc },
    minimal_attacks: structure ? structure.minimalAttacks : null,
    minimal_cut_sets: structure ? structure.minimalCutSets : null,
    min_steps_to_harm: structure ? structure.minStepsToHarm : null,
    min_techniques_to_harm: structure ? structure.minTechniquesToHarm : null,
    min_technique_set: structure ? structure.minTechniqueSet : null,
    controls,
    minimal_control_sets: controlSets,
    unparameterized: model.unparameterized,
    warnings: sortIssues(warnings),
    provenance: provenance(p, structure, n),
    labels,
  };
}

function provenance(p: Planned, structure: Structure | undefined, n: number): Record<string, unknown> {
  const { model } = p;
  const params: Record<string, unknown> = {};
  for (const [ai, a] of model.actions.entries()) {
    params[a.id] = {
      source: describeSource(a.source),
      p_exist: a.pExist,
      ...(a.dist ? { ttc: describeDist(a.dist) } : {}),
      ...(a.band ? { band: a.band } : {}),
      p_effective: round(p.baseProbs[ai]),
    };
  }
  for (const c of model.conditions) params[c.id] = { source: c.source === 'params' ? 'parameters file' : 'default q = 1 (worst case)', q: c.q };
  const mapping: Record<string, Record<string, number>> = {};
  for (const st of CONTROL_STATUSES) {
    mapping[st] = {};
    for (const ef of EFFECTIVENESS_LEVELS) {
      const bp = bypassOf({ id: '', mitigates: [], status: st, effectiveness: ef }, model.controlModel, model.horizonDays);
      mapping[st][ef] = round(controlMultiplier(model.controlModel.statusWeight[st], bp.p), 6);
    }
  }
  return {
    engine: ENGINE_VERSION,
    exact_engine: p.method === 'exact' ? 'ROBDD (Shannon expansion), least fixed point per cycle by Kleene iteration' : undefined,
    bdd_nodes: p.comp ? p.comp.bdd.size : undefined,
    bdd_budget: p.options.bddBudget ?? DEFAULT_BDD_BUDGET,
    monte_carlo: n > 0 ? {
      prng: PRNG_NAME,
      streams: 'one per (seed, chunk, variable); chunks reduced in order',
      chunk_samples: CHUNK_SAMPLES,
      probability_bits: P_BITS,
      interval: 'Wilson score, 95%',
      stop: p.plan.samples !== undefined ? 'fixed sample count' : `adaptive: 95% half-width ≤ ${p.plan.targetHalfWidth} or ${p.plan.maxSamples} samples`,
      used_for: p.method === 'exact' ? ['time to compromise'] : ['reachability', 'controls', 'time to compromise'],
    } : undefined,
    horizon_days: model.horizonDays,
    harm_definition: model.harmDefinition,
    parameters_file: model.paramsFile,
    parameters: params,
    control_model: {
      note: 'modelling choice (medflow default), overridable with control_model in the parameters file',
      status_weight: model.controlModel.statusWeight,
      bypass: model.controlModel.bypass,
      multiplier_at_horizon: mapping,
    },
    controls: Object.fromEntries(model.controls.map((c) => [c.spec.id, {
      status: c.spec.status,
      effectiveness: c.spec.effectiveness,
      multiplier: round(controlMultiplier(c.weight, c.bypassP), 9),
      covers: c.covers.map((i) => model.actions[i].id),
    }])),
    structure: structure ? { minimal_attacks_total: structure.minimalAttacksTotal, minimal_cut_sets_total: structure.minimalCutSetsTotal } : undefined,
    catalog: catalogVersion(),
    label: 'exploitability-weighted estimates, not calibrated probabilities',
  };
}

/** Analyses a compiled model in this thread. */
export function analyzeModel(model: SimModel, options: AnalyzeOptions = {}): SimulationResult {
  const p = plan(model, options);
  const mc = p.jobs.static || p.jobs.ttc ? runMcSync(p.jobs, p.plan, options.onProgress) : undefined;
  return finish(p, mc);
}

/** Analyses a flow with its parameters in this thread (same result as analyzeAsync for any thread count). */
export function analyze(graph: FlowGraph, params: SimulationParams = emptyParams(), options: AnalyzeOptions = {}): SimulationResult {
  return analyzeModel(buildModel(graph, params, { horizonDays: options.horizonDays }), options);
}

/** As `analyze`, running Monte Carlo chunks on worker threads. */
export async function analyzeAsync(graph: FlowGraph, params: SimulationParams = emptyParams(), options: AsyncAnalyzeOptions = {}): Promise<SimulationResult> {
  return analyzeModelAsync(buildModel(graph, params, { horizonDays: options.horizonDays }), options);
}

export async function analyzeModelAsync(model: SimModel, options: AsyncAnalyzeOptions = {}): Promise<SimulationResult> {
  const threads = options.pool?.size ?? options.threads ?? 1;
  const p = plan(model, options);
  if (!p.jobs.static && !p.jobs.ttc) return finish(p, undefined);
  if (threads <= 1 && !options.pool) return finish(p, runMcSync(p.jobs, p.plan, options.onProgress));
  const pool = options.pool ?? new WorkerPool(threads);
  try {
    return finish(p, await runMc(p.jobs, p.plan, pool, options.onProgress));
  } finally {
    if (!options.pool) await pool.close();
  }
}

// ---- control what-ifs ------------------------------------------------------------------------

export interface ControlSetEvaluation {
  method: 'exact' | 'mc';
  /** Harm with the controls as given. */
  baseline: Estimate;
  /** Harm with the changed statuses applied together (jointly: effects are not additive). */
  variant: Estimate;
  /** baseline − variant (positive = the change lowers harm). */
  delta_p: number;
  samples: number;
}

/**
 * Evaluates a set of control status changes jointly, e.g. `{MFA: 'implemented', patch: 'implemented'}`.
 * Exact when the BDD fits; otherwise Monte Carlo with common random numbers for baseline and variant.
 */
export function evaluateControlSet(model: SimModel, changes: Record<string, ControlStatus>, options: AnalyzeOptions = {}): ControlSetEvaluation {
  const m = new Map<number, ControlStatus>();
  for (const [id, st] of Object.entries(changes)) {
    const i = model.controls.findIndex((c) => c.spec.id === id);
    if (i < 0) throw new MedflowError(`unknown control "${id}" (known: ${model.controls.map((c) => c.spec.id).join(', ') || 'none'})`);
    if (!CONTROL_STATUSES.includes(st)) throw new MedflowError(`unknown status "${st}" for control ${id}`);
    m.set(i, st);
  }
  const base = variableProbabilities(model);
  const variant = variantProbabilities(model, m);
  const comp = options.method === 'mc' ? undefined : compiled(model, options.bddBudget ?? DEFAULT_BDD_BUDGET);
  const h = model.circuit.harm;
  if (comp) {
    const b = round(gateProbabilities(comp, base)[h]), v = round(gateProbabilities(comp, variant)[h]);
    return { method: 'exact', baseline: { p: b, ci_low: b, ci_high: b }, variant: { p: v, ci_low: v, ci_high: v }, delta_p: round(b - v), samples: 0 };
  }
  const job = staticJob(model.circuit, (options.seed ?? 1) >>> 0, [base, variant]);
  const out = runMcSync({ static: job }, samplingPlan(options));
  const e = (k: number): Estimate => {
    const w = wilson(out.harmCounts![k], out.samples);
    return { p: round(w.p), ci_low: round(w.low), ci_high: round(w.high) };
  };
  return { method: 'mc', baseline: e(0), variant: e(1), delta_p: round((out.harmCounts![0] - out.harmCounts![1]) / out.samples), samples: out.samples };
}

/**
 * Ranks controls by delta_p and reliance (the `controls` list of a full analysis) without the rest
 * of the analysis: exact when possible, else Monte Carlo with common random numbers.
 */
export function rankControls(model: SimModel, options: AnalyzeOptions = {}): ControlResult[] {
  return analyzeModel(model, { ...options, ttc: false, structure: false }).controls;
}

/** Options of the structural entry points. */
export interface StructureOptions {
  /** Node budget of each decision diagram (default 200 000). */
  bddBudget?: number;
  /** How many sets to list, smallest first (default 1000). */
  listLimit?: number;
}

/**
 * Parameter-free structure of a model: minimal attacks, minimal cut sets, fewest steps and fewest
 * distinct techniques to harm. Null when the flow exceeds the decision-diagram budget.
 */
export function structure(model: SimModel, options: StructureOptions = {}): Structure | null {
  const comp = compiled(model, options.bddBudget ?? DEFAULT_BDD_BUDGET);
  if (!comp) return null;
  try {
    return structuralAnalysis(model, comp, options.bddBudget ?? DEFAULT_BDD_BUDGET, options.listLimit ?? DEFAULT_LIST_LIMIT);
  } catch (e) {
    if (e instanceof BudgetExceeded) return null;
    throw e;
  }
}

/**
 * Minimal sets of the model's controls that, assumed perfect, cut every path to harm: exact
 * (BDD/ZBDD) while the diagrams fit their budget, else a greedy hitting set over the minimal
 * attacks with its approximation factor and a lower bound.
 */
export function minimalControlSets(model: SimModel, options: StructureOptions = {}): MinimalControlSets {
  const budget = options.bddBudget ?? DEFAULT_BDD_BUDGET;
  const comp = compiled(model, budget);
  let attacks: string[][] | undefined;
  const s = structure(model, options);
  if (s && s.minimalAttacksTotal <= s.minimalAttacks.length) attacks = s.minimalAttacks;
  return controlSetsFrom(model, comp, attacks, { budget, limit: options.listLimit });
}
