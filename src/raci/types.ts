// Shapes of the five-party RACI: one row per control that applies to an architecture, the per-component
// derivation behind it, per-architecture overrides, and the findings of the RACI checks.
import type { ComponentKind, ControlFunction, FdaCategory, HostingModel, Party } from '../vocab/index.ts';
import type { OwnerValue } from '../controls/types.ts';

export type RaciRole = 'R' | 'A' | 'C' | 'I';

/** How one component the control applies to contributes to the row. */
export interface RaciComponentBasis {
  component: string;
  name: string;
  kind: ComponentKind;
  /** Hosting as written (`vendor-network` has no owner-hint key; see docs/raci.md). */
  hosting: string;
  /** The owner-hint key used (`null` for vendor-network, where the operator is the owner). */
  hosting_model: HostingModel | null;
  operator: Party;
  /** The control's owner hint for that hosting model, before `operator` is resolved. */
  hint: OwnerValue;
  /** The party that does the work on this component (Responsible). */
  owner: Party;
  /** The party answerable for it on this component (candidate for Accountable). */
  answerable: Party;
  /** Set when a per-component override changed the owner. */
  overridden?: boolean;
}

export interface RaciRow {
  control: string;
  title: string;
  category: FdaCategory;
  function: ControlFunction;
  responsible: Party[];
  /** Exactly one party when the row passes the checks (an override can break that; the checks say so). */
  accountable: Party[];
  consulted: Party[];
  informed: Party[];
  components: RaciComponentBasis[];
  /** How Accountable was chosen, in words. */
  basis: string;
  /** Set when the architecture's overrides changed this row. */
  override?: { rationale: string; fields: string[]; source: string };
}

export interface RaciFinding {
  severity: 'error' | 'warning';
  code: string;
  control?: string;
  message: string;
}

/** One override entry (docs/raci.md). */
export interface RaciOverride {
  control: string;
  /** Reassign the owner on one component; roles are then derived again. */
  component?: string;
  owner?: Party;
  responsible?: Party[];
  accountable?: Party[];
  consulted?: Party[];
  informed?: Party[];
  rationale: string;
}

export interface RaciOverrides {
  /** Where the overrides were read from (file, or "profile FILE"). */
  source: string;
  /** Architecture id the overrides were written for (checked when given). */
  architecture?: string;
  overrides: RaciOverride[];
}

export interface RaciMatrix {
  format: 'medflow-raci/1';
  architecture: { id: string; name: string; version?: string };
  versions: Record<string, string>;
  rows: RaciRow[];
  findings: RaciFinding[];
  /** Per party: how many rows give it each role. */
  summary: Record<Party, Record<RaciRole, number>>;
  /** Controls of the catalog that apply to no in-scope component here (left out of the matrix). */
  not_applicable: string[];
}
