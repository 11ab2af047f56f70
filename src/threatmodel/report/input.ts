// What every threat report is made from, and the one pass over it that all formats share: threats grouped by
// element, counts by risk / STRIDE / status / severity / reach, the untriaged list, FDA view coverage and the
// tracking entries no threat uses. Everything here is linear in threats + model size (one sort for order),
// and nothing copies the model or the threats.
import type { Issue } from '../../util/issue.ts';
import {
  HARM_SEVERITIES, REACHES, STRIDE, type HarmSeverity, type Reach, type Stride,
} from '../../vocab/index.ts';
import {
  RISK_LEVELS, THREAT_STATUSES, type Architecture, type ElementType, type RiskLevel, type Threat, type ThreatStatus,
  type ThreatTracking,
} from '../model.ts';

/** Rule metadata reports use (help text in SARIF, the "rules that fired" table). Any rule object fits. */
export interface ReportRule {
  id: string;
  title: string;
  stride?: Stride;
  medical?: boolean;
  /** Explanation template or general description. */
  explanation?: string;
  mitigation?: string;
  references?: string[];
  techniques?: string[];
}

export interface ThreatReportInput {
  model: Architecture;
  threats: readonly Threat[];
  /** Lint findings (e.g. `medflow model lint`), shown in their own section and as SARIF results. */
  lint?: { errors: readonly Issue[]; warnings: readonly Issue[] };
  /** Rules that ran (for SARIF rule descriptors and help); rules of the threats are enough. */
  rules?: readonly ReportRule[];
  /** Path of the model file, as the user gave it (SARIF artifact location, report header). */
  file?: string;
  /** 1-based line in the model file where an element (component, flow, boundary, asset) or tracking key is defined. */
  lineOf?: (id: string) => number | undefined;
  /** Engine facts echoed in the header (version, rules digest, rule count). */
  engine?: { version?: string; rules_digest?: string; rule_count?: number; catalog?: string };
  /** Tool name and version for SARIF (default medflow). */
  tool?: { name?: string; version?: string; informationUri?: string };
}

export const RISK_ORDER: readonly RiskLevel[] = [...RISK_LEVELS].reverse();
export const riskRank = (r: RiskLevel): number => RISK_LEVELS.indexOf(r);
export const STRIDE_NAMES: Record<Stride, string> = {
  spoofing: 'Spoofing', tampering: 'Tampering', repudiation: 'Repudiation', 'information-disclosure': 'Information disclosure',
  'denial-of-service': 'Denial of service', 'elevation-of-privilege': 'Elevation of privilege',
};
export const VIEW_NAMES: Record<string, string> = {
  'global-system': 'Global system',
  'multi-patient-harm': 'Multi-patient harm',
  'updatability-patchability': 'Updatability / patchability',
};

export interface ElementEntry {
  id: string;
  type: ElementType;
  name: string;
  /** Kind (components), protocol (flows) or boundary type. */
  detail: string;
  safetyCritical: boolean;
  inScope: boolean;
  threats: Threat[];
  /** Highest risk among its threats. */
  top?: RiskLevel;
}

export interface ViewEntry {
  key: string;
  name: string;
  description?: string;
  elements: number;
  threats: number;
  byRisk: Record<RiskLevel, number>;
  untriaged: number;
}

export interface ReportSummary {
  threats: number;
  medical: number;
  byRisk: Record<RiskLevel, number>;
  byStride: Record<Stride, number>;
  byStatus: Record<ThreatStatus, number>;
  bySeverity: Record<HarmSeverity, number>;
  byReach: Record<Reach, number>;
  /** severity × reach counts. */
  harmMatrix: Record<HarmSeverity, Record<Reach, number>>;
  /** STRIDE × risk counts. */
  strideRisk: Record<Stride, Record<RiskLevel, number>>;
  untriaged: Threat[];
  elements: ElementEntry[];
  views: ViewEntry[];
  /** Tracking entries that match no threat (e.g. threats imported from TMT, or threats that no longer fire). */
  orphanTracking: { key: string; tracking: ThreatTracking }[];
  /** Rules that fired, with counts, in id order. */
  rulesFired: { id: string; title: string; stride: Stride; medical: boolean; count: number; top: RiskLevel }[];
  lintErrors: readonly Issue[];
  lintWarnings: readonly Issue[];
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Threat order in every report: risk (highest first), then harm severity, then id. */
export function compareThreats(a: Threat, b: Threat): number {
  return riskRank(b.risk.level) - riskRank(a.risk.level)
    || HARM_SEVERITIES.indexOf(b.harm.severity) - HARM_SEVERITIES.indexOf(a.harm.severity)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One pass over model and threats. */
export function summarize(input: ThreatReportInput): ReportSummary {
  const { model, threats } = input;
  const byRisk = zero(RISK_LEVELS);
  const byStride = zero(STRIDE);
  const byStatus = zero(THREAT_STATUSES);
  const bySeverity = zero(HARM_SEVERITIES);
  const byReach = zero(REACHES);
  const harmMatrix = Object.fromEntries(HARM_SEVERITIES.map((s) => [s, zero(REACHES)])) as Record<HarmSeverity, Record<Reach, number>>;
  const strideRisk = Object.fromEntries(STRIDE.map((s) => [s, zero(RISK_LEVELS)])) as Record<Stride, Record<RiskLevel, number>>;
  let medical = 0;

  // elements in model order: components, flows, boundaries
  const elements: ElementEntry[] = [];
  const byId = new Map<string, ElementEntry>();
  const add = (e: ElementEntry) => {
    elements.push(e);
    if (!byId.has(e.id)) byId.set(e.id, e);
  };
  for (const c of model.components) {
    add({ id: c.id, type: 'component', name: c.name, detail: c.kind, safetyCritical: !!c.safety_critical, inScope: c.in_scope !== false, threats: [] });
  }
  const compName = new Map(model.components.map((c) => [c.id, c.name]));
  for (const f of model.data_flows ?? []) {
    const ends = `${compName.get(f.source) ?? f.source} → ${compName.get(f.target) ?? f.target}`;
    add({ id: f.id, type: 'flow', name: f.name ? `${ends}: ${f.name}` : ends, detail: f.protocol, safetyCritical: false, inScope: true, threats: [] });
  }
  for (const b of model.trust_boundaries ?? []) {
    add({ id: b.id, type: 'boundary', name: b.name, detail: b.type, safetyCritical: false, inScope: true, threats: [] });
  }

  const untriaged: Threat[] = [];
  const usedTracking = new Set<string>();
  const rules = new Map<string, { id: string; title: string; stride: Stride; medical: boolean; count: number; top: RiskLevel }>();
  for (const t of threats) {
    byRisk[t.risk.level]++;
    byStride[t.stride]++;
    byStatus[t.status]++;
    bySeverity[t.harm.severity]++;
    byReach[t.harm.reach]++;
    harmMatrix[t.harm.severity][t.harm.reach]++;
    strideRisk[t.stride][t.risk.level]++;
    if (t.medical) medical++;
    if (t.status === 'untriaged') untriaged.push(t);
    if (t.tracking) usedTracking.add(t.tracking.key);
    let e = byId.get(t.element);
    if (!e) {
      e = { id: t.element, type: t.element_type, name: t.element_name, detail: '', safetyCritical: false, inScope: true, threats: [] };
      add(e);
    }
    e.threats.push(t);
    if (!e.top || riskRank(t.risk.level) > riskRank(e.top)) e.top = t.risk.level;
    const r = rules.get(t.rule);
    if (r) {
      r.count++;
      if (riskRank(t.risk.level) > riskRank(r.top)) r.top = t.risk.level;
    } else rules.set(t.rule, { id: t.rule, title: t.title, stride: t.stride, medical: t.medical, count: 1, top: t.risk.level });
  }
  for (const e of elements) e.threats.sort(compareThreats);
  untriaged.sort(compareThreats);
  const ruleTitles = new Map((input.rules ?? []).map((r) => [r.id, r.title]));
  for (const r of rules.values()) r.title = ruleTitles.get(r.id) ?? r.title;

  // FDA views: counted from each threat's `views`, element counts from the model
  const viewDefs: { key: string; name: string; description?: string; elements: number }[] = [];
  const v = model.views ?? {};
  const countEls = (x: { elements?: string[] | 'all'; flows?: string[] | 'all'; boundaries?: string[] }) =>
    (x.elements === 'all' ? model.components.length : x.elements?.length ?? 0) +
    (x.flows === 'all' ? (model.data_flows ?? []).length : x.flows?.length ?? 0) + (x.boundaries?.length ?? 0);
  if (v.global_system) viewDefs.push({ key: 'global-system', name: VIEW_NAMES['global-system'], description: v.global_system.description, elements: countEls(v.global_system) });
  if (v.multi_patient_harm) viewDefs.push({ key: 'multi-patient-harm', name: VIEW_NAMES['multi-patient-harm'], description: v.multi_patient_harm.description, elements: countEls(v.multi_patient_harm) });
  if (v.updatability_patchability) viewDefs.push({ key: 'updatability-patchability', name: VIEW_NAMES['updatability-patchability'], description: v.updatability_patchability.description, elements: countEls(v.updatability_patchability) });
  for (const u of v.security_use_cases ?? []) viewDefs.push({ key: `security-use-case:${u.id}`, name: `Security use case: ${u.name}`, description: u.description, elements: countEls(u) });
  const views: ViewEntry[] = viewDefs.map((d) => ({ ...d, threats: 0, byRisk: zero(RISK_LEVELS), untriaged: 0 }));
  const viewByKey = new Map(views.map((x) => [x.key, x]));
  for (const t of threats) {
    for (const k of t.views) {
      const ve = viewByKey.get(k);
      if (!ve) continue;
      ve.threats++;
      ve.byRisk[t.risk.level]++;
      if (t.status === 'untriaged') ve.untriaged++;
    }
  }

  const orphanTracking = Object.keys(model.threat_tracking ?? {})
    .filter((k) => !usedTracking.has(k))
    .sort()
    .map((key) => ({ key, tracking: model.threat_tracking![key] }));

  return {
    threats: threats.length,
    medical,
    byRisk, byStride, byStatus, bySeverity, byReach, harmMatrix, strideRisk,
    untriaged,
    elements,
    views,
    orphanTracking,
    rulesFired: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    lintErrors: input.lint?.errors ?? [],
    lintWarnings: input.lint?.warnings ?? [],
  };
}

/** Output chunks joined into one string. */
export function joinChunks(chunks: Iterable<string>): string {
  // concatenation builds a rope that is flattened once; Array.join of many chunks is several times slower
  let s = '';
  for (const c of chunks) s += c;
  return s;
}
