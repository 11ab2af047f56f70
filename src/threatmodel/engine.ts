// The rule engine: runs every compiled rule over the indexed model once (rules × elements, each test
// touching only the element's own neighbours), and turns each hit into a scored, explained, tracked Threat.
// Nothing here copies the model; threats reference elements by id.
import { catalogVersion } from '../catalog/index.ts';
import { severityRank, type HarmSeverity, type Reach, type Stride } from '../vocab/index.ts';
import type { AnyNode, EvalContext } from './conditions.ts';
import { subjectOf } from './conditions.ts';
import { AV_RANK, buildIndex, maxReach, reachOfPatients, type BoundaryNode, type ComponentNode, type ElementNode, type FlowNode, type ModelIndex } from './graph.ts';
import type { Architecture, AttackVector, DataAsset, DfdRole, PrivilegesRequired, Threat, ThreatTracking } from './model.ts';
import { builtinRules, type CompiledRule, type RuleSet } from './rules.ts';
import { defaultRiskMatrix, exploitability, maxSeverity, minSeverity, riskLevel, type RiskMatrix } from './risk.ts';

export const ENGINE_VERSION = '1.0.0';

const NONE: never[] = [];

/** Library attack flows by technique id (a parent id also finds flows using its sub-techniques). */
export type FlowIndex = ReadonlyMap<string, readonly string[]>;

/** Builds a FlowIndex from (flow id, technique ids) pairs, e.g. from the attack-flow library. */
export function buildFlowIndex(entries: Iterable<{ flow: string; techniques: Iterable<string> }>): FlowIndex {
  const out = new Map<string, Set<string>>();
  const add = (t: string, f: string) => {
    let s = out.get(t);
    if (!s) out.set(t, (s = new Set()));
    s.add(f);
  };
  for (const e of entries) {
    for (const t of e.techniques) {
      add(t, e.flow);
      const dot = t.lastIndexOf('.');
      if (dot > 0 && /^\d{3}$/.test(t.slice(dot + 1))) add(t.slice(0, dot), e.flow);
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

export interface EvaluateOptions {
  rules?: RuleSet;
  matrix?: RiskMatrix;
  /** Technique → library flow ids; default empty (no links). */
  flowIndex?: FlowIndex;
  /** Path of the model file, echoed in the result. */
  file?: string;
}

export interface RuleError {
  rule: string;
  element?: string;
  message: string;
}

/** Which STRIDE categories the active rules examine, per DFD role / element type. */
export type StrideCoverage = Record<DfdRole | 'flow' | 'boundary', Stride[]>;

export interface ThreatModelResult {
  format: 'medflow-threats/1';
  architecture: { id: string; name: string; version?: string; file?: string };
  engine: { version: string; rules_digest: string; rule_count: number; risk_matrix: string; catalog: string };
  threats: Threat[];
  rule_errors: RuleError[];
  coverage: StrideCoverage;
  summary: {
    threats: number;
    medical: number;
    by_risk: Record<string, number>;
    by_stride: Record<string, number>;
    by_status: Record<string, number>;
    by_severity: Record<string, number>;
  };
}

const STRIDE_DIMENSIONS: Record<Stride, ('confidentiality' | 'integrity' | 'availability')[]> = {
  spoofing: ['integrity'],
  tampering: ['integrity'],
  repudiation: ['integrity'],
  'information-disclosure': ['confidentiality'],
  'denial-of-service': ['availability'],
  'elevation-of-privilege': ['confidentiality', 'integrity', 'availability'],
};

/** Resolves the tracking entry for a threat id: exact key first, then "rule@*". */
export function trackingFor(tracking: Record<string, ThreatTracking> | undefined, rule: string, element: string): (ThreatTracking & { key: string }) | undefined {
  if (!tracking) return undefined;
  const exact = `${rule}@${element}`;
  if (Object.prototype.hasOwnProperty.call(tracking, exact)) return { key: exact, ...tracking[exact] };
  const wild = `${rule}@*`;
  if (Object.prototype.hasOwnProperty.call(tracking, wild)) return { key: wild, ...tracking[wild] };
  return undefined;
}

function subjectsOf(ix: ModelIndex, r: CompiledRule): ElementNode[] {
  if (r.applies_to === 'flow') return ix.flows;
  if (r.applies_to === 'boundary') return ix.boundaries;
  return ix.components.filter((c) => c.inScope && (!r.roleSet || r.roleSet.has(c.role)));
}

/** Runs the rules over a model (or an already built index) and returns the threats. */
export function evaluate(modelOrIndex: Architecture | ModelIndex, opts: EvaluateOptions = {}): ThreatModelResult {
  const ix = 'element' in modelOrIndex && modelOrIndex.element instanceof Map ? (modelOrIndex as ModelIndex) : buildIndex(modelOrIndex as Architecture);
  const rules = opts.rules ?? builtinRules();
  const matrix = opts.matrix ?? defaultRiskMatrix();
  const flowIndex = opts.flowIndex ?? new Map<string, string[]>();
  const tracking = ix.model.threat_tracking;
  const thresholds = { multi: matrix.reach_thresholds['multi-patient'], fleet: matrix.reach_thresholds.fleet };
  const threats: Threat[] = [];
  const errors: RuleError[] = [];
  const ctx: EvalContext = { trail: [] };
  const inScopeComponents = ix.components.filter((c) => c.inScope);

  for (const rule of rules.rules) {
    const subjects = rule.applies_to === 'component'
      ? (rule.roleSet ? inScopeComponents.filter((c) => rule.roleSet!.has(c.role)) : inScopeComponents)
      : subjectsOf(ix, rule);
    const libraryFlows = linkFlows(rule.techniques, flowIndex);
    for (const n of subjects) {
      ctx.trail.length = 0;
      try {
        if (!rule.test(n as AnyNode, ctx)) continue;
        threats.push(makeThreat(rule, n, ctx, ix, matrix, thresholds, libraryFlows, tracking));
      } catch (e) {
        errors.push({ rule: rule.id, element: n.id, message: (e as Error).message });
      }
    }
  }
  threats.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const coverage: StrideCoverage = { process: [], store: [], external: [], flow: [], boundary: [] };
  const cov = new Map<string, Set<Stride>>();
  for (const r of rules.rules) {
    const keys = r.applies_to === 'component' ? (r.roles ?? ['process', 'store', 'external']) : [r.applies_to];
    for (const k of keys) {
      let s = cov.get(k);
      if (!s) cov.set(k, (s = new Set()));
      s.add(r.stride);
    }
  }
  for (const k of Object.keys(coverage) as (keyof StrideCoverage)[]) coverage[k] = [...(cov.get(k) ?? [])].sort();

  const count = (f: (t: Threat) => string) => {
    const out: Record<string, number> = {};
    for (const t of threats) out[f(t)] = (out[f(t)] ?? 0) + 1;
    return out;
  };
  const m = ix.model;
  return {
    format: 'medflow-threats/1',
    architecture: { id: m.id, name: m.name, version: m.version, file: opts.file },
    engine: {
      version: ENGINE_VERSION, rules_digest: rules.digest, rule_count: rules.rules.length,
      risk_matrix: `${matrix.id}@${matrix.version}`, catalog: catalogVersion(),
    },
    threats,
    rule_errors: errors,
    coverage,
    summary: {
      threats: threats.length,
      medical: threats.filter((t) => t.medical).length,
      by_risk: count((t) => t.risk.level),
      by_stride: count((t) => t.stride),
      by_status: count((t) => t.status),
      by_severity: count((t) => t.harm.severity),
    },
  };
}

function sortIds(xs: Iterable<{ id: string }>): string[] {
  const out = new Set<string>();
  for (const x of xs) out.add(x.id);
  return [...out].sort();
}

function linkFlows(techniques: readonly string[], index: FlowIndex): string[] {
  if (index.size === 0) return [];
  const out = new Set<string>();
  for (const t of techniques) for (const f of index.get(t) ?? []) out.add(f);
  return [...out].sort();
}

function makeThreat(
  rule: CompiledRule, n: ElementNode, ctx: EvalContext, ix: ModelIndex, matrix: RiskMatrix,
  thresholds: { multi: number; fleet: number }, libraryFlows: string[], tracking: Record<string, ThreatTracking> | undefined,
): Threat {
  // What the condition bound, by type.
  const bound = { component: new Set<ComponentNode>(), flow: new Set<FlowNode>(), boundary: new Set<BoundaryNode>(), asset: new Set<DataAsset>() };
  for (let i = 0; i < ctx.trail.length; i++) for (const x of ctx.trail[i][1]) (bound[subjectOf(x)] as Set<AnyNode>).add(x);

  const comps = new Set<ComponentNode>(bound.component);
  const flows = new Set<FlowNode>(bound.flow);
  const bounds = new Set<BoundaryNode>(bound.boundary);
  let defaultAssets: DataAsset[];
  let safetyCritical: boolean;
  let av: AttackVector;
  let pr: PrivilegesRequired;
  let basis: string;
  let reach: Reach;
  if (n.kind === 'flow') {
    comps.add(n.source);
    comps.add(n.target);
    flows.add(n);
    n.crossed.forEach((b) => bounds.add(b));
    defaultAssets = n.assets;
    safetyCritical = !!n.target.c.safety_critical;
    av = n.av;
    pr = n.senderAuthentication === 'none' ? 'N' : 'L';
    basis = n.avBasis;
    reach = maxReach(reachOfPatients(n.source.patients, n.source.perPatient, thresholds), reachOfPatients(n.target.patients, n.target.perPatient, thresholds));
  } else if (n.kind === 'component') {
    comps.add(n);
    n.chain.slice(0, 1).forEach((b) => bounds.add(b));
    defaultAssets = n.handles;
    safetyCritical = !!n.c.safety_critical;
    av = n.exposure;
    pr = n.accepts.length === 0 || n.accepts.some((f) => f.authentication === 'none') ? 'N' : 'L';
    basis = n.exposureBasis;
    reach = reachOfPatients(n.patients, n.perPatient, thresholds);
  } else {
    bounds.add(n);
    n.members.forEach((c) => comps.add(c));
    defaultAssets = [...new Set(n.crossing.flatMap((f) => f.assets))];
    safetyCritical = n.members.some((c) => !!c.c.safety_critical);
    let best: FlowNode | undefined;
    for (const f of n.crossing) if (!best || AV_RANK[f.av] > AV_RANK[best.av]) best = f;
    av = best ? best.av : 'P';
    basis = best ? `crossed by "${best.name}" over ${best.network}` : 'no flow crosses it';
    pr = n.crossing.some((f) => f.responder.chain.includes(n) && f.authentication === 'none') ? 'N' : 'L';
    reach = 'single-patient';
    for (const c of n.members) reach = maxReach(reach, reachOfPatients(c.patients, c.perPatient, thresholds));
  }
  for (const c of bound.component) reach = maxReach(reach, reachOfPatients(c.patients, c.perPatient, thresholds));
  if (rule.reach?.min) reach = maxReach(reach, rule.reach.min);

  // Harm: the element's own assets by default; or those bound with `as` (assets, the assets of bound flows,
  // what bound components handle); or a flow's target's or source's; then filtered by type.
  let harmAssets: DataAsset[] = defaultAssets;
  const of = rule.harm?.of ?? 'element';
  if (of === 'bound') {
    harmAssets = [...new Set([...bound.asset, ...[...bound.flow].flatMap((f) => f.assets), ...[...bound.component].flatMap((c) => c.handles)])];
  } else if (n.kind === 'flow' && (of === 'target' || of === 'source')) {
    const end = of === 'target' ? n.target : n.source;
    harmAssets = end.handles;
    safetyCritical = !!end.c.safety_critical;
  }
  if (rule.harm?.assets) {
    const types = rule.harm.assets as readonly string[];
    harmAssets = harmAssets.filter((a) => types.includes(a.type));
  }
  const dims = rule.harm?.via ?? STRIDE_DIMENSIONS[rule.stride];
  let severity: HarmSeverity = 'negligible';
  const drivers: string[] = [];
  for (const a of harmAssets) {
    for (const d of dims) {
      const s = a.patient_harm?.[d];
      if (!s) continue;
      if (severityRank(s) > severityRank(severity)) {
        severity = s;
        drivers.length = 0;
      }
      if (s === severity && !drivers.includes(a.id)) drivers.push(a.id);
    }
  }
  let harmBasis = drivers.length > 0 ? `loss of ${dims.join('/')} of ${drivers.join(', ')}` : 'no asset involved is marked as harming a patient';
  if (rule.harm?.safety_floor !== false && safetyCritical && dims.some((d) => d !== 'confidentiality') && severityRank(severity) < severityRank('serious')) {
    severity = 'serious';
    harmBasis = `${n.kind === 'flow' ? 'target' : n.kind === 'boundary' ? 'a member' : 'element'} is safety-critical (floor: serious)`;
  }
  if (rule.harm?.min && severityRank(severity) < severityRank(rule.harm.min)) {
    severity = rule.harm.min;
    harmBasis = `rule sets at least ${rule.harm.min}`;
  }
  if (rule.harm?.max) severity = minSeverity(severity, rule.harm.max);
  else if (rule.stride === 'repudiation' && !rule.harm) {
    // Lost traceability harms patients only indirectly; a rule must say so explicitly to score higher.
    if (severityRank(severity) > severityRank('minor')) harmBasis += ' (repudiation capped at minor)';
    severity = minSeverity(severity, 'minor');
  }
  severity = maxSeverity(severity, 'negligible');

  const ex = exploitability(
    rule.exploitability?.av ?? av, rule.exploitability?.ac ?? 'L', rule.exploitability?.pr ?? pr, rule.exploitability?.ui ?? 'N',
    rule.exploitability?.av ? `rule: attack vector ${rule.exploitability.av}` : basis, matrix,
  );
  const tr = trackingFor(tracking, rule.id, n.id);
  const elementName = n.kind === 'flow' ? `${n.source.name} → ${n.target.name}${n.f.name ? `: ${n.f.name}` : ''}` : n.name;
  const assetIds = new Set<string>(harmAssets.map((a) => a.id));
  for (const a of bound.asset) assetIds.add(a.id);
  return {
    id: `${rule.id}@${n.id}`,
    rule: rule.id,
    element: n.id,
    element_type: n.kind,
    element_name: elementName,
    title: rule.title,
    stride: rule.stride,
    medical: !!rule.medical,
    description: rule.render(n as AnyNode, ctx),
    mitigation: rule.mitigationText,
    techniques: rule.techniques,
    flows: libraryFlows,
    fda_categories: rule.fda_categories ?? NONE,
    involved: { components: sortIds(comps), flows: sortIds(flows), assets: [...assetIds].sort(), boundaries: sortIds(bounds) },
    harm: { severity, reach, assets: [...drivers].sort(), basis: harmBasis },
    exploitability: ex,
    risk: { level: riskLevel(severity, reach, ex.level, matrix), matrix: `${matrix.id}@${matrix.version}` },
    views: n.views,
    status: tr ? tr.status : 'untriaged',
    ...(tr ? { tracking: tr } : {}),
  };
}
