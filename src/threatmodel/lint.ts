// The playbook's fourth question, "did we do a good enough job?", as checks over a model and its threats:
// STRIDE coverage of every element, triage of every threat, rationale and recipients for accepted and
// transferred risk, the high-value flows present and analysed, tracking that still points at real threats,
// stated flow security, and the FDA architecture views complete.
import type { Stride } from '../vocab/index.ts';
import type { Issue } from '../util/issue.ts';
import { buildIndex, type ModelIndex } from './graph.ts';
import { HIGH_VALUE_FLOWS, type Architecture, type Threat } from './model.ts';
import { evaluate, type EvaluateOptions, type ThreatModelResult } from './engine.ts';
import { STRIDE_PER_ELEMENT, builtinRules } from './rules.ts';

/** Prefix of threat-tracking keys imported from Microsoft TMT (.tm7). */
export const IMPORTED_TRACKING_PREFIX = 'tmt.';

export interface LintResult {
  ok: boolean;
  errors: Issue[];
  warnings: Issue[];
  /** Element × STRIDE: number of threats, or 0 when examined and nothing fired; absent when not examined. */
  coverage: { element: string; element_type: string; role: string; categories: Partial<Record<Stride, number>> }[];
  high_value_flows: { id: string; name: string; flows: string[]; untriaged: number; exempt?: string }[];
  untriaged: string[];
  summary: { threats: number; triaged: number; untriaged: number; errors: number; warnings: number };
}

/** Same order as util/issue sortIssues (object, property, code, message), with each key built once. */
function sortIssues(list: Issue[]): Issue[] {
  const keyed = list.map((i) => ({ i, k: `${i.object ?? ''}\u0000${i.property ?? ''}\u0000${i.code}\u0000${i.message}` }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.i);
}

const TRIAGE_REQUIRES: Record<string, string> = { accepted: 'accept', transferred: 'transfer', eliminated: 'eliminate', mitigated: 'mitigate' };

/** Runs the checks. Pass the threats when already evaluated (they must come from the same model). */
export function lintModel(model: Architecture, opts: EvaluateOptions & { result?: ThreatModelResult; index?: ModelIndex } = {}): LintResult {
  const ix = opts.index ?? buildIndex(model);
  const result = opts.result ?? evaluate(ix, opts);
  const rules = opts.rules ?? builtinRules();
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const err = (code: string, message: string, object?: string, property?: string) => errors.push({ code, message, object, property });
  const warn = (code: string, message: string, object?: string, property?: string) => warnings.push({ code, message, object, property });

  // 1. STRIDE per element: every in-scope element is examined for each category its role calls for.
  const byElement = new Map<string, Threat[]>();
  for (const t of result.threats) {
    const list = byElement.get(t.element) ?? [];
    list.push(t);
    byElement.set(t.element, list);
  }
  const examined = (key: keyof typeof result.coverage) => new Set(result.coverage[key]);
  const coverage: LintResult['coverage'] = [];
  const checkCoverage = (id: string, type: string, role: string, expected: readonly Stride[], covered: Set<Stride>) => {
    const cats: Partial<Record<Stride, number>> = {};
    const threats = byElement.get(id) ?? [];
    for (const s of covered) cats[s] = threats.filter((t) => t.stride === s).length;
    coverage.push({ element: id, element_type: type, role, categories: cats });
    const missing = expected.filter((s) => !covered.has(s));
    if (missing.length > 0) {
      err('stride-not-covered', `${type} "${id}" (${role}) is not examined for ${missing.join(', ')}: no active rule covers that category for its role`, id);
    }
  };
  for (const c of ix.components) {
    if (!c.inScope) {
      if (!c.c.out_of_scope_reason) err('out-of-scope-without-reason', `component "${c.id}" is out of scope without an out_of_scope_reason`, c.id, 'in_scope');
      continue;
    }
    checkCoverage(c.id, 'component', c.role, STRIDE_PER_ELEMENT[c.role], examined(c.role));
    if (c.incoming.length === 0 && c.outgoing.length === 0) warn('isolated-element', `component "${c.id}" has no data flows; either connect it or remove it`, c.id);
  }
  for (const f of ix.flows) checkCoverage(f.id, 'flow', 'flow', STRIDE_PER_ELEMENT.flow, examined('flow'));

  // 2. Triage: every threat has a tracking entry or is listed as untriaged.
  const untriaged: string[] = [];
  for (const t of result.threats) {
    if (t.status !== 'untriaged') continue;
    untriaged.push(t.id);
    warn('untriaged', `untriaged ${t.risk.level}-risk threat: ${t.title} (${t.element_name})`, t.id);
  }

  // 3. Tracking entries: consistent, justified, pointing at threats that exist.
  const ids = new Set(result.threats.map((t) => t.id));
  const ruleIds = new Set(rules.rules.map((r) => r.id));
  // Entries imported from other tools (`tmt.*` from a .tm7) record that tool's analysis: they do not name
  // medflow rules, so they are summarised once instead of being checked one by one.
  const imported = Object.keys(model.threat_tracking ?? {}).filter((k) => k.startsWith(IMPORTED_TRACKING_PREFIX));
  if (imported.length > 0) {
    const open = imported.filter((k) => ['open', 'in-progress'].includes(model.threat_tracking![k].status)).length;
    warn('imported-tracking', `${imported.length} tracking entries imported from Microsoft TMT (${open} open) are kept for reference; ` +
      'triage the medflow threats that cover them, then remove the entries', imported[0]);
  }
  for (const [key, tr] of Object.entries(model.threat_tracking ?? {})) {
    if (key.startsWith(IMPORTED_TRACKING_PREFIX)) continue;
    const [rule, element] = [key.slice(0, key.lastIndexOf('@')), key.slice(key.lastIndexOf('@') + 1)];
    if (!ruleIds.has(rule)) err('tracking-unknown-rule', `tracking entry "${key}" names rule "${rule}", which does not exist`, key);
    else if (element === '*') {
      if (!result.threats.some((t) => t.rule === rule)) err('tracking-orphaned', `tracking entry "${key}" matches no threat: rule "${rule}" fires nowhere in this model`, key);
    } else if (!ix.element.has(element)) {
      err('tracking-orphaned', `tracking entry "${key}" names element "${element}", which is not in the model`, key);
    } else if (!ids.has(key)) {
      err('tracking-orphaned', `tracking entry "${key}" refers to a threat that no longer fires (the model or the rule changed); remove or update it`, key);
    }
    const want = TRIAGE_REQUIRES[tr.status];
    if (want && tr.strategy && tr.strategy !== want) {
      err('tracking-inconsistent', `tracking "${key}": status ${tr.status} does not fit strategy ${tr.strategy}`, key, 'strategy');
    }
    if (tr.status === 'accepted' || tr.strategy === 'accept') {
      if (!tr.rationale) err('accept-without-rationale', `tracking "${key}": an accepted risk needs a rationale`, key, 'rationale');
      if (!tr.recipient) err('accept-without-recipient', `tracking "${key}": name who accepted the risk (recipient)`, key, 'recipient');
    }
    if (tr.status === 'transferred' || tr.strategy === 'transfer') {
      if (!tr.rationale) err('transfer-without-rationale', `tracking "${key}": a transferred risk needs a rationale`, key, 'rationale');
      if (!tr.recipient) err('transfer-without-recipient', `tracking "${key}": name who receives the transferred risk (recipient)`, key, 'recipient');
      if (!tr.recipient_party) err('transfer-without-party', `tracking "${key}": state the party the risk is transferred to (recipient_party)`, key, 'recipient_party');
    }
    if (tr.status === 'false-positive' && !tr.rationale) err('false-positive-without-rationale', `tracking "${key}": say why this is a false positive`, key, 'rationale');
    if ((tr.status === 'open' || tr.status === 'in-progress') && !tr.owner) warn('tracking-without-owner', `tracking "${key}": an open threat needs an owner`, key, 'owner');
  }
  for (const t of result.threats) {
    if (t.status === 'accepted' && t.risk.level === 'critical') {
      warn('critical-risk-accepted', `critical risk accepted: ${t.id}; make sure the safety risk file records it`, t.id);
    }
  }

  // 4. High-value flows: present (or exempted) and analysed (all their threats triaged, part of a use case view).
  const exemptions = model.high_value_exemptions ?? {};
  const hv: LintResult['high_value_flows'] = [];
  const threatsOnFlow = (id: string) => byElement.get(id) ?? [];
  for (const g of HIGH_VALUE_FLOWS) {
    const flows = ix.flows.filter((f) => f.purposes.some((p) => (g.purposes as readonly string[]).includes(p)));
    const exempt = exemptions[g.id];
    const open = flows.reduce((n, f) => n + threatsOnFlow(f.id).filter((t) => t.status === 'untriaged').length, 0);
    hv.push({ id: g.id, name: g.name, flows: flows.map((f) => f.id), untriaged: open, ...(exempt ? { exempt } : {}) });
    if (flows.length === 0 && !exempt) {
      err('high-value-flow-missing', `no flow is recognised as "${g.name}" (purposes: ${g.purposes.join(', ')}); model it or give a reason under high_value_exemptions.${g.id}`, g.id);
    } else if (flows.length > 0 && exempt) {
      warn('high-value-exemption-stale', `"${g.name}" is exempted but flows ${flows.map((f) => f.id).join(', ')} have that purpose`, g.id);
    }
    for (const f of flows) {
      const n = threatsOnFlow(f.id).filter((t) => t.status === 'untriaged').length;
      if (n > 0) warn('high-value-flow-not-analysed', `high-value flow "${f.id}" (${g.name}) has ${n} untriaged threat${n > 1 ? 's' : ''}`, f.id);
      if (!f.views.some((v) => v.startsWith('security-use-case:'))) {
        warn('high-value-flow-without-use-case', `high-value flow "${f.id}" (${g.name}) is not part of any security use case view`, f.id);
      }
    }
  }

  // 5. Specificity: flows state their security.
  for (const f of ix.flows) {
    const missing = (['authentication', 'encryption'] as const).filter((k) => f.f[k] === undefined);
    if (missing.length > 0 && f.network !== 'local-console' && f.network !== 'in-process') {
      warn('flow-security-unstated', `flow "${f.id}" does not state ${missing.join(' or ')} (assumed none)`, f.id);
    }
  }

  // 6. FDA views.
  const v = model.views ?? {};
  if (!v.global_system) warn('view-missing', 'no global system view (views.global_system)', 'views', 'global_system');
  else {
    const missingC = ix.components.filter((c) => !c.views.includes('global-system')).map((c) => c.id);
    const missingF = ix.flows.filter((f) => !f.views.includes('global-system')).map((f) => f.id);
    if (missingC.length + missingF.length > 0) {
      warn('global-view-incomplete', `the global system view leaves out ${[...missingC, ...missingF].join(', ')}`, 'views', 'global_system');
    }
  }
  const multi = result.threats.filter((t) => t.harm.reach !== 'single-patient' && t.element_type === 'component');
  if (!v.multi_patient_harm) {
    if (multi.length > 0) warn('view-missing', 'no multi-patient harm view although threats reach several patients', 'views', 'multi_patient_harm');
  } else {
    const absent = [...new Set(multi.map((t) => t.element))].filter((e) => !ix.component.get(e)?.views.includes('multi-patient-harm'));
    if (absent.length > 0) warn('multi-patient-view-incomplete', `components with multi-patient threats are missing from the multi-patient harm view: ${absent.sort().join(', ')}`, 'views', 'multi_patient_harm');
  }
  const updates = ix.flows.filter((f) => f.purposes.includes('update'));
  if (!v.updatability_patchability) {
    if (updates.length > 0 || !exemptions.updates) warn('view-missing', 'no updatability/patchability view', 'views', 'updatability_patchability');
  } else {
    const absent = updates.filter((f) => !f.views.includes('updatability-patchability')).map((f) => f.id);
    if (absent.length > 0) warn('update-view-incomplete', `update flows missing from the updatability view: ${absent.join(', ')}`, 'views', 'updatability_patchability');
  }
  if (!v.security_use_cases || v.security_use_cases.length === 0) warn('view-missing', 'no security use case views', 'views', 'security_use_cases');

  const sortedErrors = sortIssues(errors);
  const sortedWarnings = sortIssues(warnings);
  return {
    ok: sortedErrors.length === 0,
    errors: sortedErrors,
    warnings: sortedWarnings,
    coverage,
    high_value_flows: hv,
    untriaged,
    summary: {
      threats: result.threats.length,
      triaged: result.threats.length - untriaged.length,
      untriaged: untriaged.length,
      errors: sortedErrors.length,
      warnings: sortedWarnings.length,
    },
  };
}
