// Everything about an assessment that does not depend on the device profile's control statuses,
// computed once per architecture (and attacker horizon) and shared by every profile of that architecture:
// the applicable controls, the relevant library flows with their flow → control maps, one simulation model
// per flow with every control present but not in force, the structural analysis, the band-sensitivity
// models, and the threat model with its threat → control mapping.
import { createHash } from 'node:crypto';
import { flowControlMap, controlsForThreat, type Control, type FlowControlMap, flowSimulationControls } from '../controls/index.ts';
import type { Library, LibraryFlow } from '../library/index.ts';
import { componentsFor, type ResolvedArchitecture } from '../raci/index.ts';
import {
  buildModel, emptyParams, structure, evaluateControlSet, type SimModel, type SimulationParams,
} from '../simulate/index.ts';
import { evaluate, type ThreatModelResult } from '../threatmodel/index.ts';
import { canonicalJson } from '../util/json.ts';
import {
  HARM_SEVERITIES, REACHES, USE_CASES, isOneOf, severityRank, reachRank,
  type ComponentKind, type ControlEffectiveness, type DifficultyBand, type HarmSeverity, type Reach,
} from '../vocab/index.ts';
import type { FlowGraph } from '../flow/model.ts';
import type { FlowKind } from './types.ts';


export interface PreparedFlow {
  id: string;
  name: string;
  kind: FlowKind;
  goal: string;
  severity: HarmSeverity;
  reach: Reach;
  provenance: string;
  members?: string[];
  graph: FlowGraph;
  map: FlowControlMap;
  /** Action id → guarding control ids. */
  guards: Map<string, string[]>;
  /** Controls present, none in force (status not-implemented), default effectiveness. */
  model: SimModel;
  /** Minimal attacks (action ids), smallest first; null when the flow exceeds the structural budget. */
  attacks: string[][] | null;
  attacksTotal: number | null;
  minSteps: number | null;
  /** P(harm) with no control in force. */
  p0: number;
  /** Band of every action with one step easier / harder (band sensitivity). */
  easierBands: Map<string, DifficultyBand>;
  harderBands: Map<string, DifficultyBand>;
}

export interface PreparedThreat {
  id: string;
  title: string;
  risk: string;
  element: string;
  controls: string[];
}

export interface Prepared {
  arch: ResolvedArchitecture;
  useCase?: string;
  useCaseKnown: boolean;
  horizonDays: number;
  /** Catalog controls that apply to an in-scope component, in catalog order. */
  applicable: Control[];
  controls: readonly Control[];
  flows: PreparedFlow[];
  threats: PreparedThreat[] | null;
  threatEngine?: string;
  libraryVersion: string;
  /** Models rebuilt for effectiveness overrides, keyed by flow id and override signature. */
  modelCache: Map<string, SimModel>;
}

const EASIER: Record<DifficultyBand, DifficultyBand> = {
  EasyAndCertain: 'EasyAndCertain', EasyAndUncertain: 'EasyAndUncertain',
  HardAndCertain: 'EasyAndCertain', HardAndUncertain: 'EasyAndUncertain',
  VeryHardAndCertain: 'HardAndCertain', VeryHardAndUncertain: 'HardAndUncertain',
};
const HARDER: Record<DifficultyBand, DifficultyBand> = {
  EasyAndCertain: 'HardAndCertain', EasyAndUncertain: 'HardAndUncertain',
  HardAndCertain: 'VeryHardAndCertain', HardAndUncertain: 'VeryHardAndUncertain',
  VeryHardAndCertain: 'VeryHardAndCertain', VeryHardAndUncertain: 'VeryHardAndUncertain',
};

/** "medflow-library 57 flows, 21 scenarios (sha256:…)": what the library content was. */
export function libraryVersion(lib: Library): string {
  const h = createHash('sha256');
  for (const f of lib.flows) h.update(canonicalJson(f.source, 0));
  for (const s of lib.scenarios) h.update(canonicalJson(s.scenario, 0));
  return `medflow-library ${lib.flows.length} flows, ${lib.scenarios.length} scenarios (sha256:${h.digest('hex').slice(0, 12)})`;
}

/** Monte Carlo samples when a flow is too large for the exact engine (fixed, so what-ifs share streams). */
export const MC_SAMPLES = 20_000;
/** Samples of the time-to-harm Monte Carlo per flow (P(harm within the horizon), median time). */
export const TTC_SAMPLES = 10_000;

/** Simulation parameters of a flow: its controls (status not-implemented) and optional band shifts. */
export function flowParams(pf: { graph: FlowGraph; map: FlowControlMap }, controls: readonly Control[], horizonDays: number, opts: {
  bands?: Map<string, DifficultyBand>;
  effectiveness?: Readonly<Record<string, ControlEffectiveness>>;
} = {}): SimulationParams {
  const p = emptyParams();
  p.horizonDays = horizonDays;
  p.controls = flowSimulationControls(pf.map, controls).map((c) => ({ ...c, effectiveness: opts.effectiveness?.[c.id] ?? c.effectiveness }));
  for (const [id, band] of opts.bands ?? []) p.actions[id] = { band };
  return p;
}

function shiftedBands(base: SimModel, shift: Record<DifficultyBand, DifficultyBand>): Map<string, DifficultyBand> {
  const bands = new Map<string, DifficultyBand>();
  for (const a of base.actions) if (a.band) bands.set(a.id, shift[a.band as DifficultyBand]);
  return bands;
}

function prepareFlow(
  base: { id: string; name: string; kind: FlowKind; goal: string; severity: HarmSeverity; reach: Reach; provenance: string; members?: string[]; graph: FlowGraph },
  controls: readonly Control[], applicable: Control[], kinds: Set<ComponentKind>, horizonDays: number,
): PreparedFlow {
  const map = flowControlMap(base.graph, applicable, { kinds });
  const guards = new Map(map.actions.map((a) => [a.action, a.controls]));
  const pfBase = { graph: base.graph, map };
  const model = buildModel(base.graph, flowParams(pfBase, controls, horizonDays));
  const s = structure(model);
  const p0 = evaluateControlSet(model, {}, { samples: MC_SAMPLES }).baseline.p;
  return {
    ...base, map, guards, model,
    attacks: s ? s.minimalAttacks : null,
    attacksTotal: s ? s.minimalAttacksTotal : null,
    minSteps: s ? s.minStepsToHarm : null,
    p0,
    easierBands: shiftedBands(model, EASIER),
    harderBands: shiftedBands(model, HARDER),
  };
}

const maxSeverity = (xs: string[]) => HARM_SEVERITIES[Math.max(...xs.map((x) => severityRank(x as HarmSeverity))) - 1];
const maxReach = (xs: string[]) => REACHES[Math.max(...xs.map((x) => reachRank(x as Reach))) - 1];

/**
 * The relevant library content for an architecture's use case: its impact flows (patient-safety goal other
 * than staging), the shared staging modules that list the use case (initial access, shown apart, never
 * scored), and the scenarios whose flows all belong to the use case (end-to-end chains, ranked and labelled
 * with the flows, not scored: they repeat the impact flows' harm steps).
 */
export function relevantContent(lib: Library, useCase: string | undefined): { impact: LibraryFlow[]; staging: LibraryFlow[]; scenarios: Library['scenarios'] } {
  if (!useCase) return { impact: [], staging: [], scenarios: [] };
  const uses = (f: LibraryFlow) => f.source.use_cases.includes(useCase);
  const impact = lib.flows.filter((f) => uses(f) && f.source.patient_safety_goal !== 'staging');
  const staging = lib.flows.filter((f) => uses(f) && f.source.patient_safety_goal === 'staging');
  const byId = new Map(lib.flows.map((f) => [f.source.id, f]));
  const scenarios = lib.scenarios.filter((s) => s.composed && s.scenario.flows.every((id) => { const f = byId.get(id); return !!f && uses(f); }));
  return { impact, staging, scenarios };
}

export interface PrepareOptions {
  horizonDays?: number;
  /** Run the threat model (default true). */
  threats?: boolean;
}

export function prepare(arch: ResolvedArchitecture, controls: readonly Control[], lib: Library, opts: PrepareOptions = {}): Prepared {
  const horizonDays = opts.horizonDays ?? 30;
  const model = arch.model;
  const applicable = controls.filter((c) => componentsFor(c, model).length > 0);
  const kinds = new Set(model.components.filter((c) => c.in_scope !== false).map((c) => c.kind));
  const useCase = model.use_case;
  const useCaseKnown = isOneOf(USE_CASES, useCase);
  const { impact, staging, scenarios } = relevantContent(lib, useCaseKnown ? useCase : undefined);
  const flows: PreparedFlow[] = [];
  for (const f of impact) {
    flows.push(prepareFlow({
      id: f.source.id, name: f.source.name, kind: 'flow', goal: f.source.patient_safety_goal, severity: f.source.harm_severity as HarmSeverity,
      reach: f.source.reach as Reach, provenance: f.source.provenance, graph: f.compiled.graph,
    }, controls, applicable, kinds, horizonDays));
  }
  for (const f of staging) {
    flows.push(prepareFlow({
      id: f.source.id, name: f.source.name, kind: 'staging', goal: 'staging', severity: f.source.harm_severity as HarmSeverity,
      reach: f.source.reach as Reach, provenance: f.source.provenance, graph: f.compiled.graph,
    }, controls, applicable, kinds, horizonDays));
  }
  const byId = new Map(lib.flows.map((f) => [f.source.id, f]));
  for (const s of scenarios) {
    const members = s.scenario.flows.map((id) => byId.get(id)!).filter((f) => f.source.patient_safety_goal !== 'staging');
    if (members.length === 0) continue;
    flows.push(prepareFlow({
      id: s.scenario.id, name: s.scenario.name, kind: 'scenario', goal: s.scenario.patient_safety_goal,
      severity: maxSeverity(members.map((f) => f.source.harm_severity)) as HarmSeverity,
      reach: maxReach(members.map((f) => f.source.reach)) as Reach,
      provenance: members.some((f) => f.source.provenance === 'realized') ? 'realized' : 'theoretical',
      members: [...s.scenario.flows], graph: s.composed!.graph,
    }, controls, applicable, kinds, horizonDays));
  }
  let threats: PreparedThreat[] | null = null;
  let threatEngine: string | undefined;
  if (opts.threats !== false) {
    const r: ThreatModelResult = evaluate(model);
    threatEngine = `medflow-threatmodel ${r.engine.version} (${r.engine.rule_count} rules, ${r.engine.rules_digest})`;
    threats = r.threats.map((t) => {
      // The controls that address a threat: those in its rule's FDA categories (or named in its triage);
      // when none is, every control covering one of its techniques on the involved components.
      const all = controlsForThreat(t, applicable, { architecture: model });
      const primary = all.filter((x) => x.tracked || x.in_rule_category);
      return { id: t.id, title: t.title, risk: t.risk.level, element: t.element_name, controls: (primary.length ? primary : all).map((x) => x.control) };
    });
  }
  return {
    arch, ...(useCase ? { useCase } : {}), useCaseKnown, horizonDays, applicable, controls, flows, threats,
    ...(threatEngine ? { threatEngine } : {}), libraryVersion: libraryVersion(lib), modelCache: new Map(),
  };
}

export type ModelVariant = 'base' | 'easier' | 'harder';

/**
 * The model of a flow for a band variant and the profile's effectiveness overrides: the shared base model
 * when nothing changes it, else built once and cached on `prep`.
 */
export function modelFor(prep: Prepared, pf: PreparedFlow, variant: ModelVariant, effectiveness: Readonly<Record<string, ControlEffectiveness>> = {}): SimModel {
  const touched = pf.map.controls.filter((id) => effectiveness[id]);
  if (variant === 'base' && touched.length === 0) return pf.model;
  const key = `${pf.id}|${variant}|${touched.map((id) => `${id}=${effectiveness[id]}`).join(',')}`;
  let m = prep.modelCache.get(key);
  if (!m) {
    const bands = variant === 'easier' ? pf.easierBands : variant === 'harder' ? pf.harderBands : undefined;
    m = buildModel(pf.graph, flowParams(pf, prep.controls, prep.horizonDays, { effectiveness, ...(bands ? { bands } : {}) }));
    prep.modelCache.set(key, m);
  }
  return m;
}
