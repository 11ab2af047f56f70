// The device assessment itself (pure): a profile's control statuses over a prepared architecture give the
// structural results per patient-harm outcome, the exploitability-weighted harm probabilities, the
// controlled / uncontrolled labels of the acceptance matrix, coverage per FDA category and per party, RACI
// gaps, MDS2 hard-fails, SBOM findings, the next controls to implement (greedy, evaluated jointly) and the
// headline score with its sub-scores. docs/assessment.md describes every rule used here.
import type { Control } from '../controls/index.ts';
import { compareControlIds } from '../controls/index.ts';
import { deriveRaci, type RaciMatrix, type RaciOverrides } from '../raci/index.ts';
import { analyzeModel, evaluateControlSet, flowSimulationControlsStatus, SIMULATE_VERSION, type ControlStatus } from './sim.ts';
import { round } from '../util/json.ts';
import {
  FDA_CATEGORIES, FDA_CATEGORY_NAMES, HARM_SEVERITIES, PARTIES, PARTY_NAMES, SAFETY_GOAL_NAMES, reachRank, severityRank,
  type ControlEffectiveness, type HarmSeverity, type Party, type SafetyGoal,
} from '../vocab/index.ts';
import {
  exploitabilityLevel, levelIndex, policyStamp, requiresGuardedPaths, SUB_SCORES,
  type AcceptanceMatrix, type ScoreDefinition, type SubScore,
} from './policy.ts';
import { MC_SAMPLES, TTC_SAMPLES, modelFor, type Prepared, type PreparedFlow } from './prepare.ts';
import type { AssessStatus, DeviceProfile } from './profile.ts';
import type { SbomSummary } from './sbom.ts';
import {
  ASSESSMENT_FORMAT, type AssessmentResult, type ControlResultRow, type Finding, type FlowResult, type Interval, type NextControl, type OutcomeResult,
} from './types.ts';

export const ASSESS_VERSION = 'medflow-assess 1.0';

export interface AssessContext {
  acceptance: AcceptanceMatrix;
  score: ScoreDefinition;
  /** RACI overrides of the architecture (side file); the profile's own come after them. */
  archOverrides?: RaciOverrides[];
  sbom?: SbomSummary | null;
  seed?: number;
  /** How many next controls to rank (default 5; 0 = none). */
  next?: number;
  /** Time-to-harm Monte Carlo per flow (default true). */
  ttc?: boolean;
  /** Band-sensitivity range per flow (default true). */
  sensitivity?: boolean;
  /** Extra version stamps (medflow package version…). */
  versions?: Record<string, string>;
}

/** Probabilities in outputs: the engine's 12 decimals (no output depends on the last ulp). */
const r12 = (x: number) => round(x, 12);
const r9 = (x: number) => round(x, 9);
const r1 = (x: number) => Math.round(x * 10 + 1e-9) / 10;

/** Effective statuses after the evidence policy, for every applicable control. */
export function effectiveStatuses(profile: DeviceProfile, applicable: readonly Control[]): Map<string, { declared: AssessStatus; status: AssessStatus; listed: boolean; evidence: number }> {
  const out = new Map<string, { declared: AssessStatus; status: AssessStatus; listed: boolean; evidence: number }>();
  for (const c of applicable) {
    const claim = profile.controls.get(c.id);
    const declared = claim?.status ?? profile.default_status;
    let status = declared;
    const evidence = claim?.evidence.length ?? 0;
    if (evidence === 0 && (declared === 'implemented' || declared === 'partial')) {
      if (profile.unevidenced === 'partial') status = declared === 'implemented' ? 'partial' : 'unknown';
      if (profile.unevidenced === 'unknown') status = 'unknown';
    }
    out.set(c.id, { declared, status, listed: !!claim, evidence });
  }
  return out;
}

const simStatus = (s: AssessStatus | undefined): ControlStatus => (s === 'implemented' || s === 'partial' ? s : 'not-implemented');

interface FlowEval {
  harm: Interval & { method: 'exact' | 'mc' };
  open: number | null;
  openMinSteps: number | null;
  /** Sum over minimal attacks of min(1, implemented guarding controls / layers). */
  layerCredit: number;
  controlled: boolean;
  level: string;
  reasons: string[];
}

/** Evaluates one flow under a status assignment (only statuses of its guarding controls matter). */
function evalFlow(prep: Prepared, pf: PreparedFlow, status: (id: string) => AssessStatus, eff: Record<string, ControlEffectiveness>, ctx: AssessContext): FlowEval {
  const changes: Record<string, ControlStatus> = {};
  for (const id of pf.map.controls) {
    const s = simStatus(status(id));
    if (s !== 'not-implemented') changes[id] = s;
  }
  const e = evaluateControlSet(modelFor(prep, pf, 'base', eff), changes, { seed: ctx.seed ?? 1, samples: MC_SAMPLES });
  const harm = { p: e.variant.p, ci_low: e.variant.ci_low, ci_high: e.variant.ci_high, method: e.method };
  let open: number | null = null, openMinSteps: number | null = null, layerCredit = 0;
  if (pf.attacks) {
    open = 0;
    for (const a of pf.attacks) {
      const layers = new Set(a.flatMap((act) => (pf.guards.get(act) ?? []).filter((id) => status(id) === 'implemented'))).size;
      layerCredit += Math.min(1, layers / ctx.score.path_closure_layers);
      if (layers === 0) {
        open++;
        openMinSteps = openMinSteps === null ? a.length : Math.min(openMinSteps, a.length);
      }
    }
  }
  const m = ctx.acceptance;
  const level = exploitabilityLevel(m, harm.ci_high);
  const accepted = m.acceptable[pf.reach][pf.severity];
  const reasons: string[] = [];
  let controlled = levelIndex(m, level) <= levelIndex(m, accepted);
  if (!controlled) reasons.push(`exploitability ${level} (P(harm) up to ${fmtP(harm.ci_high)}) is above the ${accepted} accepted for ${pf.severity} harm to ${pf.reach === 'single-patient' ? 'one patient' : pf.reach === 'fleet' ? 'a fleet' : 'several patients'}`);
  if (requiresGuardedPaths(m, pf.severity)) {
    if (open === null) {
      controlled = false;
      reasons.push('paths could not be enumerated, so the guarded-path rule cannot be shown to hold');
    } else if (open > 0) {
      controlled = false;
      reasons.push(`${open} of ${pf.attacks!.length} minimal attack${pf.attacks!.length === 1 ? '' : 's'} ha${open === 1 ? 's' : 've'} no step guarded by an implemented control (required from ${m.guarded_paths_required_from} harm)`);
    }
  }
  return { harm, open, openMinSteps, layerCredit, controlled, level, reasons };
}

/** A probability for people: three decimals from 0.01 up, two significant digits below; below the 12 decimals kept, "< 1e-12". */
export function fmtP(p: number, reachable = false): string {
  if (p === 0) return reachable ? '< 1e-12' : '0';
  if (p >= 0.01) return p.toFixed(3);
  return p.toExponential(1).replace('e-', 'e-');
}

interface Metrics {
  evals: Map<string, FlowEval>;
  /** null: not available (no impact flow to measure it on). */
  sub: Record<SubScore, number | null>;
  headline: number;
  uncapped: number;
  caps: string[];
  harmIndex: number;
  weightedP: number;
}

/**
 * Harm-reduction credit of one flow, 0..1: log10(P unprotected / P) over the target orders of magnitude,
 * capped at 1; 1 when the flow cannot reach harm even unprotected.
 */
export function reductionCredit(p0: number, p: number, orders: number): number {
  if (p0 <= 0) return 1;
  if (p <= 0) return 1;
  return Math.max(0, Math.min(1, Math.log10(p0 / p) / orders));
}

/** Flow weight in the score (impact flows only). */
const weightOf = (def: ScoreDefinition, pf: PreparedFlow) => def.flow_weights[pf.severity][pf.reach];

function metrics(prep: Prepared, status: (id: string) => AssessStatus, eff: Record<string, ControlEffectiveness>, ctx: AssessContext, hardFail: boolean, only?: Set<string>, previous?: Map<string, FlowEval>): Metrics {
  const def = ctx.score;
  const evals = new Map<string, FlowEval>();
  for (const pf of prep.flows) {
    if (pf.kind === 'staging' && only) continue;
    if (only && previous && !pf.map.controls.some((id) => only.has(id))) evals.set(pf.id, previous.get(pf.id)!);
    else evals.set(pf.id, evalFlow(prep, pf, status, eff, ctx));
  }
  const impact = prep.flows.filter((f) => f.kind === 'flow');
  let W = 0, WP = 0, WR = 0, WC = 0, WA = 0;
  for (const pf of impact) {
    const w = weightOf(def, pf), e = evals.get(pf.id)!;
    W += w;
    WP += w * e.harm.p;
    WR += w * reductionCredit(pf.p0, e.harm.p, def.harm_reduction_orders);
    WA += e.controlled ? w : 0;
    WC += w * (pf.attacks === null ? 0 : pf.attacks.length === 0 ? 1 : e.layerCredit / pf.attacks.length);
  }
  let credit = 0;
  for (const c of prep.applicable) credit += def.status_credit[status(c.id)];
  // With no impact flow (an architecture whose use case the library does not serve) the flow-based
  // sub-scores cannot be measured: they are null and the headline is the weighted mean of the others.
  const sub: Record<SubScore, number | null> = {
    harm_reduction: W > 0 ? r1((100 * WR) / W) : null,
    path_closure: W > 0 ? r1((100 * WC) / W) : null,
    acceptance: W > 0 ? r1((100 * WA) / W) : null,
    control_implementation: r1(prep.applicable.length ? (100 * credit) / prep.applicable.length : 100),
  };
  const avail = SUB_SCORES.filter((k) => sub[k] !== null);
  const wsum = avail.reduce((s, k) => s + def.weights[k], 0);
  const uncapped = r1(wsum > 0 ? avail.reduce((s, k) => s + def.weights[k] * sub[k]!, 0) / wsum : 0);
  const caps: string[] = [];
  let headline = uncapped;
  if (hardFail && def.caps.mds2_hard_fail !== undefined && headline > def.caps.mds2_hard_fail) {
    headline = def.caps.mds2_hard_fail;
    caps.push(`MDS2 hard-fail: capped at ${def.caps.mds2_hard_fail}`);
  } else if (hardFail && def.caps.mds2_hard_fail !== undefined) caps.push(`MDS2 hard-fail: cap ${def.caps.mds2_hard_fail} (not reached)`);
  return { evals, sub, headline, uncapped, caps, harmIndex: W > 0 ? WP / W : 0, weightedP: WP };
}

/** Minimum hitting set: the fewest candidates meeting every set (exact branch and bound within a budget, else greedy). */
export function minHittingSet(sets: string[][], budget = 200_000): { set: string[]; method: 'exact' | 'greedy' } {
  const live = sets.filter((s) => s.length > 0).map((s) => [...new Set(s)].sort(compareControlIds));
  // Greedy upper bound: most sets hit first, ties by id.
  const greedy: string[] = [];
  let rest = live;
  while (rest.length) {
    const count = new Map<string, number>();
    for (const s of rest) for (const c of s) count.set(c, (count.get(c) ?? 0) + 1);
    const best = [...count.entries()].sort((a, b) => b[1] - a[1] || compareControlIds(a[0], b[0]))[0][0];
    greedy.push(best);
    rest = rest.filter((s) => !s.includes(best));
  }
  let best = [...greedy].sort(compareControlIds);
  let nodes = 0, exhausted = false;
  const rec = (chosen: string[], remaining: string[][]) => {
    if (++nodes > budget) {
      exhausted = true;
      return;
    }
    if (remaining.length === 0) {
      if (chosen.length < best.length) best = [...chosen].sort(compareControlIds);
      return;
    }
    if (chosen.length + 1 >= best.length) return;
    let pick = remaining[0];
    for (const s of remaining) if (s.length < pick.length) pick = s;
    for (const c of pick) {
      rec([...chosen, c], remaining.filter((s) => !s.includes(c)));
      if (exhausted) return;
    }
  };
  rec([], live);
  return { set: best, method: exhausted ? 'greedy' : 'exact' };
}

const RISK_ORDER = ['critical', 'high', 'medium', 'low'];

/** Assesses one profile over a prepared architecture. */
export function assessProfile(profile: DeviceProfile, prep: Prepared, ctx: AssessContext): AssessmentResult {
  const seed = ctx.seed ?? 1;
  const arch = prep.arch.model;
  const findings: Finding[] = [];
  const eff: Record<string, ControlEffectiveness> = {};
  for (const [id, c] of profile.controls) if (c.effectiveness) eff[id] = c.effectiveness;
  const statuses = effectiveStatuses(profile, prep.applicable);
  const status = (id: string): AssessStatus => statuses.get(id)?.status ?? 'unknown';
  const titles = new Map(prep.controls.map((c) => [c.id, c.title]));

  // ---- RACI -------------------------------------------------------------------------------------
  const overrides: RaciOverrides[] = [...(ctx.archOverrides ?? [])];
  if (profile.raci_overrides.length) overrides.push({ source: `${profile.file} (raci_overrides)`, overrides: profile.raci_overrides });
  const raci: RaciMatrix = deriveRaci(arch, prep.controls, { overrides });
  const rowOf = new Map(raci.rows.map((r) => [r.control, r]));
  const engaged = new Set<Party>(['mdm', 'hdo']);
  for (const c of arch.components) if (c.in_scope !== false) engaged.add(c.operator);
  for (const p of PARTIES) {
    const e = profile.parties[p];
    if (e) e.engaged ? engaged.add(p) : engaged.delete(p);
  }
  const gaps: AssessmentResult['raci']['gaps'] = [];
  for (const r of raci.rows) {
    if (r.accountable.length !== 1) gaps.push({ control: r.control, title: r.title, accountable: r.accountable, reason: r.accountable.length ? 'several parties are Accountable' : 'nobody is Accountable' });
    else if (!engaged.has(r.accountable[0])) {
      const p = r.accountable[0];
      gaps.push({
        control: r.control, title: r.title, accountable: r.accountable,
        reason: profile.parties[p]?.engaged === false
          ? `${p} is Accountable but has not taken it on (parties.${p}: engaged false${profile.parties[p]?.basis ? `: ${profile.parties[p]!.basis}` : ''})`
          : `${p} is Accountable but operates no component and is not declared engaged`,
      });
    }
  }

  // ---- profile findings -----------------------------------------------------------------------
  if (!prep.useCaseKnown) findings.push({ severity: 'warning', code: 'no-library-use-case', message: `architecture ${arch.id} names use case "${arch.use_case ?? ''}", which no library flow serves; there are no flows to simulate` });
  for (const id of profile.controls.keys()) {
    if (!statuses.has(id)) findings.push({ severity: 'warning', code: 'control-not-applicable', control: id, message: `${id} applies to no in-scope component of ${arch.id}; its status is not counted` });
  }
  const unknown = [...statuses.entries()].filter(([, s]) => s.status === 'unknown').map(([id]) => id);
  if (unknown.length) {
    findings.push({ severity: 'warning', code: 'unknown-status', message: `${unknown.length} of ${prep.applicable.length} applicable controls have no known status and count as not implemented (worst case): ${unknown.join(', ')}` });
  }
  const unevidenced = [...statuses.entries()].filter(([, s]) => s.evidence === 0 && (s.declared === 'implemented' || s.declared === 'partial')).map(([id]) => id);
  if (unevidenced.length) {
    findings.push({
      severity: profile.unevidenced === 'as-claimed' ? 'warning' : 'info', code: 'unevidenced-claim',
      message: `${unevidenced.length} implemented or partial claim${unevidenced.length === 1 ? '' : 's'} without evidence (${profile.unevidenced === 'as-claimed' ? 'counted as claimed' : `counted as ${profile.unevidenced}`}): ${unevidenced.join(', ')}`,
    });
  }
  if (gaps.length) findings.push({ severity: 'warning', code: 'raci-gap', message: `${gaps.length} control${gaps.length === 1 ? ' has' : 's have'} nobody accountable in this deployment: ${gaps.map((g) => g.control).join(', ')}` });
  const patientR = raci.findings.filter((f) => f.code === 'patient-responsible').map((f) => f.control!);
  if (patientR.length) findings.push({ severity: 'warning', code: 'patient-responsible', message: `the patient is Responsible for ${patientR.join(', ')}: each needs usability evidence (human-factors validation and labelling)` });
  for (const f of raci.findings.filter((x) => x.severity === 'error')) findings.push({ severity: 'error', code: f.code, message: f.message, ...(f.control ? { control: f.control } : {}) });

  // ---- MDS2 -----------------------------------------------------------------------------------
  const mds2Provided = Object.keys(profile.mds2).length > 0;
  const hardFails: AssessmentResult['mds2']['hard_fails'] = [];
  const unanswered: string[] = [];
  for (const h of ctx.acceptance.mds2_hard_fails) {
    const a = profile.mds2[h.item];
    if (a === undefined) {
      if (mds2Provided) unanswered.push(h.item);
      continue;
    }
    if (a === 'see-note') {
      findings.push({ severity: 'warning', code: 'mds2-see-note', message: `MDS2 ${h.item} (${h.label}) is answered "see note": review the note; the hard-fail rule cannot decide it` });
      continue;
    }
    if (a !== h.expected) {
      hardFails.push({ item: h.item, answer: a, expected: h.expected, label: h.label });
      findings.push({ severity: 'error', code: 'mds2-hard-fail', message: `MDS2 ${h.item} answered "${a}" (${h.label}: expected "${h.expected}")` });
      for (const c of prep.applicable) {
        if (status(c.id) !== 'implemented') continue;
        if (c.evidence.some((e) => e.mds2?.includes(h.item))) {
          findings.push({ severity: 'warning', code: 'mds2-contradiction', control: c.id, message: `${c.id} is claimed implemented, but MDS2 ${h.item}, which documents it, is answered "${a}"` });
        }
      }
    }
  }
  if (mds2Provided && unanswered.length) findings.push({ severity: 'info', code: 'mds2-unanswered', message: `MDS2 hard-fail items not answered: ${unanswered.join(', ')}` });
  if (!mds2Provided) findings.push({ severity: 'info', code: 'mds2-not-provided', message: 'no MDS2 answers given: the hard-fail items were not checked' });

  // ---- SBOM -----------------------------------------------------------------------------------
  const sbom = ctx.sbom ?? null;
  if (!sbom) findings.push({ severity: 'info', code: 'sbom-not-provided', message: 'no SBOM given: component support and end-of-support dates were not checked' });
  else {
    if (sbom.unsupported.length) {
      findings.push({ severity: 'warning', code: 'sbom-unsupported', message: `${sbom.unsupported.length} SBOM component${sbom.unsupported.length === 1 ? ' is' : 's are'} unsupported: ${sbom.unsupported.map((c) => `${c.name}${c.version ? ` ${c.version}` : ''} (${c.reason})`).join('; ')}` });
    }
    if (sbom.with_end_of_support > 0 && !sbom.as_of) findings.push({ severity: 'info', code: 'sbom-no-date', message: 'the profile has no date, so end-of-support dates were not compared' });
    const missing = sbom.components - sbom.with_version;
    if (missing) findings.push({ severity: 'warning', code: 'sbom-incomplete', message: `${missing} SBOM component${missing === 1 ? ' has' : 's have'} no version` });
  }

  // ---- simulation, structure, labels, score ----------------------------------------------------
  const hardFail = hardFails.length > 0;
  const m = metrics(prep, status, eff, ctx, hardFail);
  const flowsOut: FlowResult[] = [];
  for (const pf of prep.flows) {
    const e = m.evals.get(pf.id)!;
    let range: FlowResult['harm_range'] = null;
    if (ctx.sensitivity !== false) {
      const changes: Record<string, ControlStatus> = {};
      for (const id of pf.map.controls) if (simStatus(status(id)) !== 'not-implemented') changes[id] = simStatus(status(id));
      const h = evaluateControlSet(modelFor(prep, pf, 'harder', eff), changes, { seed, samples: MC_SAMPLES }).variant.p;
      const ez = evaluateControlSet(modelFor(prep, pf, 'easier', eff), changes, { seed, samples: MC_SAMPLES }).variant.p;
      range = { harder: r12(h), easier: r12(ez) };
    }
    let within: number | null = null, p50: number | null = null;
    if (ctx.ttc !== false) {
      const model = flowSimulationControlsStatus(prep, pf, status, eff);
      const a = analyzeModel(model, { seed, samples: TTC_SAMPLES, structure: false, controls: false, ttc: true });
      within = a.harm.within_horizon === null ? null : r9(a.harm.within_horizon);
      p50 = a.harm.ttc.p50 === null ? null : round(a.harm.ttc.p50, 3);
    }
    const implemented = pf.map.controls.filter((id) => status(id) === 'implemented');
    const partial = pf.map.controls.filter((id) => status(id) === 'partial');
    const names = new Map(pf.map.actions.map((a) => [a.action, a.name]));
    flowsOut.push({
      rank: 0, id: pf.id, name: pf.name, kind: pf.kind, goal: pf.goal, severity: pf.severity, reach: pf.reach, provenance: pf.provenance,
      ...(pf.members ? { members: pf.members } : {}),
      harm: { p: r12(e.harm.p), ci_low: r12(e.harm.ci_low), ci_high: r12(e.harm.ci_high), method: e.harm.method },
      harm_range: range,
      harm_unprotected: r12(pf.p0),
      within_horizon: within,
      ttc_p50_days: p50,
      exploitability: e.level,
      accepted_up_to: ctx.acceptance.acceptable[pf.reach][pf.severity],
      label: pf.kind === 'staging' ? 'not-rated' : e.controlled ? 'controlled' : 'uncontrolled',
      reasons: pf.kind === 'staging' ? [] : e.reasons,
      structure: {
        min_steps: pf.minSteps, attacks: pf.attacks?.length ?? null, open_attacks: e.open, min_steps_open: e.openMinSteps,
        unguarded: pf.attacks !== null && pf.attacks.length > 0 && e.open === pf.attacks.length,
      },
      controls: { guarding: pf.map.controls.length, implemented, partial },
      unguarded_steps: pf.map.unguarded.map((id) => names.get(id) ?? id).sort(),
    });
  }
  const ranked = flowsOut.filter((f) => f.kind !== 'staging').sort((a, b) =>
    severityRank(b.severity) - severityRank(a.severity) || reachRank(b.reach) - reachRank(a.reach) || b.harm.p - a.harm.p || (a.id < b.id ? -1 : 1));
  ranked.forEach((f, i) => (f.rank = i + 1));
  const staging = flowsOut.filter((f) => f.kind === 'staging').sort((a, b) => b.harm.p - a.harm.p || (a.id < b.id ? -1 : 1));
  const unguardedSteps = ranked.filter((f) => f.kind === 'flow' && f.unguarded_steps.length);
  if (unguardedSteps.length) {
    findings.push({ severity: 'info', code: 'unguarded-steps', message: `${unguardedSteps.length} flow${unguardedSteps.length === 1 ? ' has' : 's have'} steps no applicable control guards (a catalog or architecture gap, whatever the device does): ${unguardedSteps.map((f) => f.id).join(', ')}` });
  }

  // ---- outcomes -------------------------------------------------------------------------------
  const outcomes: OutcomeResult[] = [];
  const impact = prep.flows.filter((f) => f.kind === 'flow');
  for (const goal of [...new Set(impact.map((f) => f.goal))].sort()) {
    const fl = impact.filter((f) => f.goal === goal);
    const sets: string[][] = [];
    let attacks = 0, open = 0, unclosable = 0;
    let minSteps: number | null = null, minOpen: number | null = null;
    const unguarded: string[] = [];
    for (const pf of fl) {
      const e = m.evals.get(pf.id)!;
      if (pf.minSteps !== null) minSteps = minSteps === null ? pf.minSteps : Math.min(minSteps, pf.minSteps);
      if (e.openMinSteps !== null) minOpen = minOpen === null ? e.openMinSteps : Math.min(minOpen, e.openMinSteps);
      if (!pf.attacks) continue;
      attacks += pf.attacks.length;
      open += e.open ?? 0;
      if (pf.attacks.length && e.open === pf.attacks.length) unguarded.push(pf.id);
      for (const a of pf.attacks) {
        const guards = new Set(a.flatMap((act) => pf.guards.get(act) ?? []));
        if ([...guards].some((id) => status(id) === 'implemented')) continue;
        const cands = [...guards];
        if (cands.length === 0) unclosable++;
        else sets.push(cands);
      }
    }
    const hs = sets.length ? minHittingSet(sets) : { set: [], method: 'none-needed' as const };
    outcomes.push({
      goal, name: SAFETY_GOAL_NAMES[goal as SafetyGoal] ?? goal, flows: fl.map((f) => f.id).sort(),
      severity: HARM_SEVERITIES[Math.max(...fl.map((f) => severityRank(f.severity))) - 1],
      min_steps: minSteps, min_steps_open: minOpen, attacks, open_attacks: open,
      closing_set: { controls: hs.set, method: hs.method, unclosable },
      unguarded_flows: unguarded.sort(),
      worst_harm: r12(Math.max(...fl.map((f) => m.evals.get(f.id)!.harm.p))),
    });
  }

  // ---- next controls (greedy forward selection, each candidate evaluated jointly with those chosen) ----
  const next: NextControl[] = [];
  const wanted = ctx.next ?? 5;
  if (wanted > 0) {
    const chosen = new Set<string>();
    const st = (id: string): AssessStatus => (chosen.has(id) ? 'implemented' : status(id));
    let cur = m;
    const candidates = prep.applicable.map((c) => c.id).filter((id) => status(id) !== 'implemented' && impact.some((f) => f.map.controls.includes(id)));
    for (let k = 0; k < wanted; k++) {
      let best: { id: string; m: Metrics; red: number } | undefined;
      for (const id of candidates) {
        if (chosen.has(id)) continue;
        chosen.add(id);
        const trial = metrics(prep, st, eff, ctx, hardFail, new Set([id]), cur.evals);
        chosen.delete(id);
        const red = cur.weightedP - trial.weightedP;
        if (red <= 1e-12) continue;
        if (!best || red > best.red + 1e-12 || (Math.abs(red - best.red) <= 1e-12 && (trial.headline > best.m.headline || (trial.headline === best.m.headline && compareControlIds(id, best.id) < 0)))) {
          best = { id, m: trial, red };
        }
      }
      if (!best) break;
      chosen.add(best.id);
      const before = cur;
      cur = metrics(prep, st, eff, ctx, hardFail, new Set([best.id]), cur.evals);
      const row = rowOf.get(best.id);
      next.push({
        rank: k + 1, control: best.id, title: titles.get(best.id) ?? best.id, status: status(best.id),
        responsible: row?.responsible ?? [], accountable: row?.accountable ?? [],
        reduction: r12(before.harmIndex - cur.harmIndex), harm_index_after: r12(cur.harmIndex), score_after: cur.headline, uncapped_after: cur.uncapped,
        now_controlled: impact.filter((f) => !before.evals.get(f.id)!.controlled && cur.evals.get(f.id)!.controlled).map((f) => f.id).sort(),
      });
    }
  }

  // ---- coverage -------------------------------------------------------------------------------
  const byCategory = FDA_CATEGORIES.map((cat) => {
    const list = prep.applicable.filter((c) => c.category === cat);
    const n = (s: AssessStatus) => list.filter((c) => status(c.id) === s).length;
    const credit = list.reduce((s, c) => s + ctx.score.status_credit[status(c.id)], 0);
    return {
      category: cat, name: FDA_CATEGORY_NAMES[cat], applicable: list.length, implemented: n('implemented'), partial: n('partial'),
      not_implemented: n('not-implemented'), unknown: n('unknown'), credit: r1(list.length ? (100 * credit) / list.length : 100),
    };
  });
  const byParty = PARTIES.map((p) => {
    const rows = raci.rows.filter((r) => r.responsible.includes(p));
    return {
      party: p, name: PARTY_NAMES[p], responsible: rows.length, accountable: raci.rows.filter((r) => r.accountable.includes(p)).length,
      implemented: rows.filter((r) => status(r.control) === 'implemented').length,
      open: rows.filter((r) => status(r.control) !== 'implemented').map((r) => r.control),
    };
  });

  // ---- threats --------------------------------------------------------------------------------
  let threats: AssessmentResult['threats'] = null;
  if (prep.threats) {
    const byRisk: Record<string, { total: number; addressed: number; partly: number; open: number }> = {};
    const open: { id: string; title: string; risk: string; element: string; controls: string[] }[] = [];
    for (const t of prep.threats) {
      const b = (byRisk[t.risk] ??= { total: 0, addressed: 0, partly: 0, open: 0 });
      b.total++;
      if (t.controls.some((id) => status(id) === 'implemented')) b.addressed++;
      else if (t.controls.some((id) => status(id) === 'partial')) b.partly++;
      else {
        b.open++;
        open.push({ id: t.id, title: t.title, risk: t.risk, element: t.element, controls: t.controls.slice(0, 3) });
      }
    }
    open.sort((a, b) => RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) || (a.id < b.id ? -1 : 1));
    threats = { total: prep.threats.length, by_risk: byRisk, top_open: open.slice(0, 10) };
  }

  // ---- controls table -------------------------------------------------------------------------
  const controlsOut: ControlResultRow[] = prep.applicable.map((c) => {
    const s = statuses.get(c.id)!;
    const row = rowOf.get(c.id);
    return {
      id: c.id, title: c.title, category: c.category, declared: s.declared, status: s.status, listed: s.listed, evidence: s.evidence,
      responsible: row?.responsible ?? [], accountable: row?.accountable ?? [],
      flows: impact.filter((f) => f.map.controls.includes(c.id)).length,
    };
  });
  const byStatus = { implemented: 0, partial: 0, 'not-implemented': 0, unknown: 0 } as Record<AssessStatus, number>;
  for (const c of controlsOut) byStatus[c.status]++;
  const claims = [...statuses.values()].filter((s) => s.declared === 'implemented' || s.declared === 'partial');

  const w = ctx.score.weights;
  const worst = impact.length ? impact.reduce((a, b) => (m.evals.get(b.id)!.harm.p > m.evals.get(a.id)!.harm.p ? b : a)) : undefined;
  const WW = impact.reduce((s, f) => s + weightOf(ctx.score, f), 0);
  const sevOrder = (f: Finding) => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
  return {
    format: ASSESSMENT_FORMAT,
    profile: {
      id: profile.id, name: profile.name, file: profile.file,
      ...(profile.description ? { description: profile.description } : {}),
      ...(profile.device ? { device: Object.fromEntries(Object.entries(profile.device).map(([k, v]) => [k, String(v)])) } : {}),
      ...(profile.date ? { date: profile.date } : {}), ...(profile.assessor ? { assessor: profile.assessor } : {}),
    },
    architecture: {
      id: arch.id, name: arch.name, ...(arch.version ? { version: arch.version } : {}),
      source: prep.arch.reference ? `reference:${prep.arch.reference}` : prep.arch.file, ...(prep.useCase ? { use_case: prep.useCase } : {}),
    },
    versions: {
      assess: ASSESS_VERSION, controls: raci.versions.controls, catalog: raci.versions.catalog, library: prep.libraryVersion,
      simulate: SIMULATE_VERSION, raci: raci.versions.raci, acceptance: policyStamp(ctx.acceptance), score: policyStamp(ctx.score),
      ...(prep.threatEngine ? { threatmodel: prep.threatEngine } : {}),
      ...ctx.versions,
    },
    acceptance: {
      id: ctx.acceptance.id, version: ctx.acceptance.version, levels: ctx.acceptance.exploitability_levels,
      acceptable: ctx.acceptance.acceptable, guarded_paths_required_from: ctx.acceptance.guarded_paths_required_from,
    },
    seed,
    horizon_days: prep.horizonDays,
    score: {
      value: m.headline,
      grade: ctx.score.grades.find((g) => m.headline >= g.min)?.grade ?? ctx.score.grades[ctx.score.grades.length - 1].grade,
      uncapped: m.uncapped,
      caps: m.caps,
      sub_scores: Object.fromEntries(SUB_SCORES.map((k) => [k, { value: m.sub[k], weight: w[k] }])) as AssessmentResult['score']['sub_scores'],
      formula: `${SUB_SCORES.map((k) => `${w[k]}·${k}`).join(' + ')}, rounded to 0.1${ctx.score.caps.mds2_hard_fail !== undefined ? `; at most ${ctx.score.caps.mds2_hard_fail} after an MDS2 hard-fail` : ''} (${policyStamp(ctx.score)}, docs/assessment.md)`,
    },
    harm_index: {
      value: r12(m.harmIndex), unprotected: r12(WW > 0 ? impact.reduce((s, f) => s + weightOf(ctx.score, f) * f.p0, 0) / WW : 0),
      worst_flow: worst ? worst.id : null, worst_p: worst ? r12(m.evals.get(worst.id)!.harm.p) : 0,
    },
    indicators: {
      applicable_controls: prep.applicable.length, by_status: byStatus, unknown: byStatus.unknown,
      claims_with_evidence: claims.filter((s) => s.evidence > 0).length, claims: claims.length,
      accountability: r1(raci.rows.length ? (100 * (raci.rows.length - gaps.length)) / raci.rows.length : 100),
    },
    outcomes,
    flows: ranked,
    staging,
    next_controls: next,
    coverage: { by_category: byCategory, by_party: byParty },
    raci: { gaps, engaged: PARTIES.filter((p) => engaged.has(p)), findings: raci.findings },
    threats,
    mds2: { provided: mds2Provided, answered: Object.keys(profile.mds2).length, hard_fails: hardFails, unanswered_hard_fail_items: unanswered },
    sbom,
    controls: controlsOut,
    findings: findings.sort((a, b) => sevOrder(a) - sevOrder(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || compareControlIds(a.control ?? '', b.control ?? '') || (a.message < b.message ? -1 : 1)),
  };
}
