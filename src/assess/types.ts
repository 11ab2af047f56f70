// The assessment result: the JSON contract of `medflow assess` (format medflow-assessment/1), rendered
// as JSON, Markdown and HTML. Every list has a defined order; see docs/assessment.md for each field.
import type { FdaCategory, HarmSeverity, Party, Reach } from '../vocab/index.ts';
import type { RaciFinding } from '../raci/index.ts';
import type { AssessStatus } from './profile.ts';
import type { SbomSummary } from './sbom.ts';
import type { SubScore } from './policy.ts';

export const ASSESSMENT_FORMAT = 'medflow-assessment/1';

export interface Interval {
  p: number;
  ci_low: number;
  ci_high: number;
}

export type FlowKind = 'flow' | 'scenario' | 'staging';

export interface FlowResult {
  /** 1-based rank among impact flows and scenarios (severity, then reach, then exploitability); 0 for staging. */
  rank: number;
  id: string;
  name: string;
  kind: FlowKind;
  goal: string;
  severity: HarmSeverity;
  reach: Reach;
  provenance: string;
  /** Scenario: the flows it chains. */
  members?: string[];
  /** Exploitability-weighted P(harm) with the device's controls (95 % interval; exact = a point). */
  harm: Interval & { method: 'exact' | 'mc' };
  /** Band sensitivity: P(harm) with every step one difficulty band harder / easier. */
  harm_range: { harder: number; easier: number } | null;
  /** P(harm) with no control in force. */
  harm_unprotected: number;
  /** P(harm within the horizon) and median time to harm in days (Monte Carlo), when computed. */
  within_horizon: number | null;
  ttc_p50_days: number | null;
  exploitability: string;
  accepted_up_to: string;
  label: 'controlled' | 'uncontrolled' | 'not-rated';
  reasons: string[];
  structure: {
    min_steps: number | null;
    attacks: number | null;
    open_attacks: number | null;
    /** Fewest attacker actions among attacks with no implemented control. */
    min_steps_open: number | null;
    /** No minimal attack has any step guarded by an implemented control. */
    unguarded: boolean;
  };
  controls: { guarding: number; implemented: string[]; partial: string[] };
  /** Actions no applicable control guards (catalog or architecture gaps), by name. */
  unguarded_steps: string[];
}

export interface OutcomeResult {
  goal: string;
  name: string;
  flows: string[];
  severity: HarmSeverity;
  min_steps: number | null;
  min_steps_open: number | null;
  attacks: number;
  open_attacks: number;
  /** Smallest set of controls (not yet implemented) that would close every open attack of the outcome. */
  closing_set: { controls: string[]; method: 'exact' | 'greedy' | 'none-needed'; unclosable: number };
  /** Flows of the outcome where no path has an implemented control. */
  unguarded_flows: string[];
  worst_harm: number;
}

export interface ControlResultRow {
  id: string;
  title: string;
  category: FdaCategory;
  /** As declared (or the default status when the profile does not list it). */
  declared: AssessStatus;
  /** As counted, after the evidence policy. */
  status: AssessStatus;
  listed: boolean;
  evidence: number;
  responsible: Party[];
  accountable: Party[];
  /** Impact flows with a step this control guards. */
  flows: number;
}

export interface NextControl {
  rank: number;
  control: string;
  title: string;
  status: AssessStatus;
  responsible: Party[];
  accountable: Party[];
  /** Weighted harm index removed by this control given the ones ranked above it (joint evaluation). */
  reduction: number;
  harm_index_after: number;
  score_after: number;
  /** The score after, before caps (differs when an MDS2 hard-fail caps it). */
  uncapped_after: number;
  now_controlled: string[];
}

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  control?: string;
}

export interface AssessmentResult {
  format: typeof ASSESSMENT_FORMAT;
  profile: {
    id: string;
    name: string;
    file: string;
    description?: string;
    device?: Record<string, string>;
    date?: string;
    assessor?: string;
  };
  architecture: { id: string; name: string; version?: string; source: string; use_case?: string };
  versions: Record<string, string>;
  /** The acceptance matrix used (so the result explains its labels on its own). */
  acceptance: {
    id: string;
    version: string;
    levels: { id: string; max: number }[];
    acceptable: Record<Reach, Record<HarmSeverity, string>>;
    guarded_paths_required_from: string;
  };
  seed: number;
  horizon_days: number;
  score: {
    value: number;
    grade: string;
    uncapped: number;
    caps: string[];
    /** value null: not measurable here (no impact flow); the headline then averages the others. */
    sub_scores: Record<SubScore, { value: number | null; weight: number }>;
    formula: string;
  };
  /** Weighted mean P(harm) over impact flows (flow weights of the score), with and without controls. */
  harm_index: { value: number; unprotected: number; worst_flow: string | null; worst_p: number };
  indicators: {
    applicable_controls: number;
    by_status: Record<AssessStatus, number>;
    unknown: number;
    claims_with_evidence: number;
    claims: number;
    accountability: number;
  };
  outcomes: OutcomeResult[];
  flows: FlowResult[];
  staging: FlowResult[];
  next_controls: NextControl[];
  coverage: {
    by_category: { category: FdaCategory; name: string; applicable: number; implemented: number; partial: number; not_implemented: number; unknown: number; credit: number }[];
    by_party: { party: Party; name: string; responsible: number; accountable: number; implemented: number; open: string[] }[];
  };
  raci: {
    gaps: { control: string; title: string; accountable: Party[]; reason: string }[];
    engaged: Party[];
    findings: RaciFinding[];
  };
  threats: {
    total: number;
    by_risk: Record<string, { total: number; addressed: number; partly: number; open: number }>;
    top_open: { id: string; title: string; risk: string; element: string; controls: string[] }[];
  } | null;
  mds2: {
    provided: boolean;
    answered: number;
    hard_fails: { item: string; answer: string; expected: string; label: string }[];
    unanswered_hard_fail_items: string[];
  };
  sbom: SbomSummary | null;
  controls: ControlResultRow[];
  findings: Finding[];
}
