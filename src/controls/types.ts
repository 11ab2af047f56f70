// Shapes of medflow's security controls (content/controls/*.yaml, schemas/control.schema.json) and of
// the findings the controls loader reports.
import type {
  ComponentKind, ControlEffectiveness, ControlFunction, ControlStatus, EvidenceType, FdaCategory, HostingModel, Party,
} from '../vocab/index.ts';
import type { Issue, Severity } from '../util/issue.ts';

export interface ControlEvidence {
  type: EvidenceType;
  description: string;
  /** MDS2 (HN 1-2019) item ids, required for questionnaire items. */
  mds2?: string[];
  /** Infrastructure-as-code check ids (e.g. Checkov CKV_AWS_7) that test this evidence. */
  checks?: string[];
}

/** Owner value: one of the five parties, or whoever operates the component in the architecture. */
export type OwnerValue = Party | 'operator';
export type OwnerHint = Partial<Record<HostingModel | 'default', OwnerValue>>;

export interface Control {
  id: string;
  title: string;
  category: FdaCategory;
  function: ControlFunction;
  objective: string;
  applies_to: ComponentKind[];
  nist_800_53: string[];
  hipaa?: string[];
  attack_mitigations?: string[];
  atlas_mitigations?: string[];
  techniques?: string[];
  evidence: ControlEvidence[];
  default_effectiveness: { level: ControlEffectiveness; rationale: string };
  owner: OwnerHint;
  external_references?: { source_name: string; url?: string; description?: string }[];
}

/** A control with the file it was read from (for messages and `controls show`). */
export interface LoadedControl extends Control {
  /** Not part of the file format: where the control was read from. */
  readonly source?: { file: string; index: number; line?: number };
}

/** The control parameter shape the simulation engine takes (issue 3). */
export interface SimulationControl {
  id: string;
  /** Technique ids (mitigation ids already resolved through the catalog), sorted. */
  mitigates: string[];
  status: ControlStatus;
  effectiveness: ControlEffectiveness;
}

/** A validation finding in a controls file. */
export interface ControlIssue {
  severity: Severity;
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  issue: Issue;
}

export interface ControlSet {
  controls: LoadedControl[];
  errors: ControlIssue[];
  warnings: ControlIssue[];
  files: string[];
}
