// The assessment as Markdown: the same sections as the HTML report, as tables a reviewer can diff.
import { PARTY_NAMES } from '../vocab/index.ts';
import { fmtP } from './engine.ts';
import type { AssessmentResult, FlowResult } from './types.ts';

const cell = (s: string | number | null | undefined) => String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const pct = (x: number) => `${x.toFixed(1)}`;
const list = (xs: readonly string[], none = 'none') => (xs.length ? xs.join(', ') : none);

export const SUB_SCORE_NAMES: Record<string, string> = {
  harm_reduction: 'Harm reduction (exploitability-weighted)',
  path_closure: 'Path closure (structural)',
  acceptance: 'Flows controlled (acceptance matrix)',
  control_implementation: 'Controls implemented',
};

function flowRow(f: FlowResult): string {
  const reach = f.harm_unprotected > 0;
  const range = f.harm_range ? `${fmtP(f.harm_range.harder, reach)} – ${fmtP(f.harm_range.easier, reach)}` : '';
  return `| ${f.rank || ''} | ${cell(f.id)}${f.kind === 'scenario' ? ' (scenario)' : ''} | ${f.severity} | ${f.reach} | ${fmtP(f.harm.p, reach)} | ${range} | ${fmtP(f.harm_unprotected)} | ${f.structure.open_attacks ?? '?'}/${f.structure.attacks ?? '?'} | ${f.exploitability} (≤ ${f.accepted_up_to}) | **${f.label}** |`;
}

export function assessmentMarkdown(r: AssessmentResult): string {
  const o: string[] = [];
  const p = r.profile;
  o.push(`# Device security assessment: ${p.name}`, '');
  if (p.description) o.push(p.description, '');
  const dev = p.device ? Object.entries(p.device).map(([k, v]) => `${k}: ${v}`).join('; ') : '';
  o.push(`Profile \`${p.id}\` (${p.file})${p.date ? `, as of ${p.date}` : ''}${p.assessor ? `, by ${p.assessor}` : ''}.${dev ? ` Device: ${dev}.` : ''}`);
  o.push(`Architecture \`${r.architecture.id}\`${r.architecture.version ? ` ${r.architecture.version}` : ''} (${r.architecture.source}). Seed ${r.seed}, attacker horizon ${r.horizon_days} days.`, '');

  o.push('## Score', '');
  o.push(`**${r.score.value} / 100, grade ${r.score.grade}**${r.score.value !== r.score.uncapped ? ` (${r.score.uncapped} before caps)` : ''}.`, '');
  o.push(`Formula: ${r.score.formula}.${r.score.caps.length ? ` Caps: ${r.score.caps.join('; ')}.` : ''}`, '');
  o.push('| sub-score | value | weight |', '|---|--:|--:|');
  for (const [k, v] of Object.entries(r.score.sub_scores)) o.push(`| ${SUB_SCORE_NAMES[k] ?? k} | ${v.value === null ? 'n/a (no flow)' : pct(v.value)} | ${v.weight} |`);
  o.push('');
  const h = r.harm_index;
  o.push(`Harm index (weighted mean exploitability-weighted P(harm) over the impact flows): **${fmtP(h.value, h.unprotected > 0)}** with the controls as assessed, ${fmtP(h.unprotected)} with none.` +
    (h.worst_flow ? ` Worst flow: ${h.worst_flow} (${fmtP(h.worst_p)}).` : ''), '');
  const ind = r.indicators;
  o.push(`Controls: ${ind.applicable_controls} apply; ${ind.by_status.implemented} implemented, ${ind.by_status.partial} partial, ${ind.by_status['not-implemented']} not implemented, ${ind.unknown} unknown (counted as not implemented). ` +
    `${ind.claims_with_evidence} of ${ind.claims} implemented or partial claims carry evidence. Accountability: ${pct(ind.accountability)} % of the controls have an engaged accountable party.`, '');

  o.push('## Findings', '');
  if (r.findings.length === 0) o.push('None.');
  for (const f of r.findings) o.push(`- **${f.severity}** ${cell(f.message)} [${f.code}]`);
  o.push('');

  o.push('## Patient-harm outcomes (structural, parameter-free)', '');
  o.push('| outcome | severity | fewest actions to harm | fewest along an open attack | minimal attacks open | smallest set closing every open attack | flows with no implemented control on any path |');
  o.push('|---|---|--:|--:|--:|---|---|');
  for (const x of r.outcomes) {
    const closing = x.closing_set.method === 'none-needed' ? 'none needed' : `${list(x.closing_set.controls)}${x.closing_set.method === 'greedy' ? ' (greedy)' : ''}${x.closing_set.unclosable ? `; ${x.closing_set.unclosable} attack(s) no applicable control can close` : ''}`;
    o.push(`| ${cell(x.name)} | ${x.severity} | ${x.min_steps ?? '—'} | ${x.min_steps_open ?? '—'} | ${x.open_attacks} of ${x.attacks} | ${closing} | ${list(x.unguarded_flows)} |`);
  }
  o.push('');

  o.push('## Flows ranked by harm severity, reach and exploitability', '');
  o.push(`Acceptance matrix ${r.versions.acceptance}. P(harm) is exploitability-weighted, not a calibrated probability; the range re-runs every step one difficulty band harder and easier.`, '');
  o.push('| # | flow | severity | reach | P(harm) | band range | unprotected | open attacks | exploitability (accepted) | label |');
  o.push('|--:|---|---|---|--:|--:|--:|--:|---|---|');
  for (const f of r.flows) o.push(flowRow(f));
  o.push('');
  const un = r.flows.filter((f) => f.label === 'uncontrolled');
  if (un.length) {
    o.push('Why each uncontrolled flow is uncontrolled:', '');
    for (const f of un) o.push(`- **${f.id}**: ${f.reasons.join('; ')}.`);
    o.push('');
  }
  if (r.staging.length) {
    o.push('Entry modules (staging; not rated, not scored):', '');
    o.push('| module | P(success) | open attacks |', '|---|--:|--:|');
    for (const f of r.staging) o.push(`| ${f.id} | ${fmtP(f.harm.p, f.harm_unprotected > 0)} | ${f.structure.open_attacks ?? '?'}/${f.structure.attacks ?? '?'} |`);
    o.push('');
  }

  o.push('## Next controls to implement', '');
  if (r.next_controls.length === 0) o.push('No remaining control lowers the harm index.');
  else {
    o.push('Chosen one at a time, each evaluated jointly with the ones above it (effects are not additive).', '');
    o.push('| # | control | status now | responsible | accountable | harm index after | score after | flows that become controlled |');
    o.push('|--:|---|---|---|---|--:|--:|---|');
    for (const n of r.next_controls) {
      o.push(`| ${n.rank} | ${n.control} ${cell(n.title)} | ${n.status} | ${list(n.responsible)} | ${list(n.accountable)} | ${fmtP(n.harm_index_after)} | ${n.score_after}${n.score_after < n.uncapped_after ? ` (cap; ${n.uncapped_after})` : ''} | ${list(n.now_controlled, '')} |`);
    }
  }
  o.push('');

  o.push('## Coverage per FDA category', '');
  o.push('| category | applicable | implemented | partial | not implemented | unknown | credit % |', '|---|--:|--:|--:|--:|--:|--:|');
  for (const c of r.coverage.by_category) o.push(`| ${c.name} | ${c.applicable} | ${c.implemented} | ${c.partial} | ${c.not_implemented} | ${c.unknown} | ${pct(c.credit)} |`);
  o.push('');
  o.push('## Who must do what (per party)', '');
  o.push('| party | responsible for | accountable for | implemented | still open (responsible) |', '|---|--:|--:|--:|---|');
  for (const c of r.coverage.by_party) o.push(`| ${c.party} (${PARTY_NAMES[c.party]}) | ${c.responsible} | ${c.accountable} | ${c.implemented} | ${list(c.open, '')} |`);
  o.push('');
  o.push('## RACI gaps', '');
  o.push(`Engaged parties: ${list(r.raci.engaged)}.`, '');
  if (r.raci.gaps.length === 0) o.push('Every applicable control has exactly one accountable party, and that party is engaged.');
  for (const g of r.raci.gaps) o.push(`- ${g.control} ${cell(g.title)}: ${cell(g.reason)}`);
  o.push('');

  if (r.threats) {
    o.push('## Threats of the architecture', '');
    o.push('A threat counts as addressed when a control in its rule\'s FDA categories is implemented.', '');
    o.push('| risk | threats | addressed | partly | open |', '|---|--:|--:|--:|--:|');
    for (const k of ['critical', 'high', 'medium', 'low']) {
      const b = r.threats.by_risk[k];
      if (b) o.push(`| ${k} | ${b.total} | ${b.addressed} | ${b.partly} | ${b.open} |`);
    }
    o.push('');
    if (r.threats.top_open.length) {
      o.push('Open threats, highest risk first:', '');
      for (const t of r.threats.top_open) o.push(`- [${t.risk}] ${cell(t.title)} (${cell(t.element)}): ${list(t.controls, 'no control in the catalog')}`);
      o.push('');
    }
  }

  o.push('## MDS2', '');
  if (!r.mds2.provided) o.push('No MDS2 answers given.');
  else {
    o.push(`${r.mds2.answered} items answered. Hard-fails: ${r.mds2.hard_fails.length ? r.mds2.hard_fails.map((x) => `${x.item} "${x.answer}" (${x.label})`).join('; ') : 'none'}.` +
      (r.mds2.unanswered_hard_fail_items.length ? ` Not answered: ${r.mds2.unanswered_hard_fail_items.join(', ')}.` : ''));
  }
  o.push('');
  o.push('## SBOM', '');
  const s = r.sbom;
  if (!s) o.push('No SBOM given.');
  else {
    o.push(`${s.file} (CycloneDX ${s.spec_version}${s.subject ? `, ${s.subject.name}${s.subject.version ? ` ${s.subject.version}` : ''}` : ''}): ${s.components} components, ${s.with_version} with a version, ${s.with_identifier} with a package URL or CPE, ${s.with_supplier} with a supplier; ` +
      `support level stated for ${s.components - s.support_levels.unstated}, end of support for ${s.with_end_of_support}. Vulnerabilities listed: ${s.vulnerabilities.listed} (${s.vulnerabilities.open} not resolved).`, '');
    if (s.unsupported.length) {
      o.push('| unsupported component | version | why |', '|---|---|---|');
      for (const c of s.unsupported) o.push(`| ${cell(c.name)} | ${cell(c.version)} | ${c.reason} |`);
    }
  }
  o.push('');
  o.push('## Controls', '');
  o.push('| control | category | declared | counted | evidence | R | A | flows guarded |', '|---|---|---|---|--:|---|---|--:|');
  for (const c of r.controls) o.push(`| ${c.id} ${cell(c.title)} | ${c.category} | ${c.declared}${c.listed ? '' : ' (default)'} | ${c.status} | ${c.evidence} | ${list(c.responsible, '')} | ${list(c.accountable, '')} | ${c.flows} |`);
  o.push('');
  o.push('## Versions', '');
  for (const [k, v] of Object.entries(r.versions).sort(([a], [b]) => (a < b ? -1 : 1))) o.push(`- ${k}: ${v}`);
  o.push('');
  return o.join('\n');
}
