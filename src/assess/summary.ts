// The short terminal summary of one or more assessments, side by side: score and sub-scores, harm index,
// uncontrolled flows, open attacks, control status, MDS2 hard-fails, SBOM and RACI findings, the first
// next controls, and which flows change label between profiles of the same architecture.
import { fmtP } from './engine.ts';
import type { AssessmentResult } from './types.ts';

const trunc = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s);

/** "head: a, b, c" wrapped at `width` columns, continuation lines indented. */
function wrapList(head: string, items: string[], width = 100): string[] {
  const lines: string[] = [];
  let line = head;
  items.forEach((it, i) => {
    const piece = it + (i < items.length - 1 ? ',' : '');
    if (line.length + 1 + piece.length > width && line.trim().length > 0 && line !== head) {
      lines.push(line);
      line = '    ' + piece;
    } else line += ' ' + piece;
  });
  lines.push(line);
  return lines;
}

export function summaryText(results: readonly AssessmentResult[], opts: { next?: number } = {}): string {
  if (results.length === 0) return '';
  const colW = Math.max(28, ...results.map((r) => r.profile.id.length + 2));
  const labelW = 34;
  const out: string[] = [];
  const row = (label: string, values: string[]) => out.push(trunc(label, labelW).padEnd(labelW) + values.map((v) => trunc(v, colW - 2).padEnd(colW)).join('').trimEnd());
  const v0 = results[0].versions;
  out.push(`medflow assess: ${results.length} device profile${results.length === 1 ? '' : 's'}`);
  out.push(`  ${v0.catalog}; ${v0.controls}; ${v0.library}`);
  out.push(`  acceptance ${v0.acceptance}; score ${v0.score}; seed ${results[0].seed}`);
  out.push('');
  row('', results.map((r) => r.profile.id));
  row('architecture', results.map((r) => r.architecture.id));
  row('score (grade)', results.map((r) => `${r.score.value} (${r.score.grade})${r.score.value !== r.score.uncapped ? ' capped' : ''}`));
  for (const k of Object.keys(results[0].score.sub_scores)) {
    row(`  ${k.replace(/_/g, ' ')}`, results.map((r) => String(r.score.sub_scores[k as keyof AssessmentResult['score']['sub_scores']].value ?? 'n/a')));
  }
  row('harm index (weighted P(harm))', results.map((r) => `${fmtP(r.harm_index.value, r.harm_index.unprotected > 0)} (none: ${fmtP(r.harm_index.unprotected)})`));
  row('worst flow', results.map((r) => (r.harm_index.worst_flow ? `${fmtP(r.harm_index.worst_p)} ${r.harm_index.worst_flow}` : '-')));
  row('uncontrolled flows', results.map((r) => `${r.flows.filter((f) => f.label === 'uncontrolled').length} of ${r.flows.length}`));
  row('open minimal attacks', results.map((r) => `${r.outcomes.reduce((s, o) => s + o.open_attacks, 0)} of ${r.outcomes.reduce((s, o) => s + o.attacks, 0)}`));
  row('controls implemented/partial', results.map((r) => `${r.indicators.by_status.implemented}/${r.indicators.by_status.partial} of ${r.indicators.applicable_controls}`));
  row('controls unknown (counted absent)', results.map((r) => String(r.indicators.unknown)));
  row('MDS2 hard-fails', results.map((r) => (r.mds2.provided ? r.mds2.hard_fails.map((h) => h.item).join(', ') || 'none' : 'not given')));
  row('unsupported SBOM components', results.map((r) => (r.sbom ? String(r.sbom.unsupported.length) : 'no SBOM')));
  row('RACI gaps (nobody accountable)', results.map((r) => String(r.raci.gaps.length)));
  row('first next control', results.map((r) => (r.next_controls[0] ? `${r.next_controls[0].control} (A ${r.next_controls[0].accountable.join(',')})` : 'none')));
  out.push('');

  const byArch = new Map<string, AssessmentResult[]>();
  for (const r of results) byArch.set(r.architecture.id, [...(byArch.get(r.architecture.id) ?? []), r]);
  for (const group of byArch.values()) {
    if (group.length < 2) continue;
    const [a, b] = [group[0], group[group.length - 1]];
    const label = (r: AssessmentResult) => new Map(r.flows.map((f) => [f.id, f.label]));
    const la = label(a), lb = label(b);
    const fixed = [...la].filter(([id, l]) => l === 'uncontrolled' && lb.get(id) === 'controlled').map(([id]) => id);
    const broke = [...lb].filter(([id, l]) => l === 'uncontrolled' && la.get(id) === 'controlled').map(([id]) => id);
    if (fixed.length) out.push(...wrapList(`Uncontrolled in ${a.profile.id}, controlled in ${b.profile.id}:`, fixed));
    if (broke.length) out.push(...wrapList(`Controlled in ${a.profile.id}, uncontrolled in ${b.profile.id}:`, broke));
    if (!fixed.length && !broke.length) out.push(`${a.profile.id} and ${b.profile.id}: no flow changes label.`);
  }
  const k = opts.next ?? 3;
  for (const r of results) {
    if (!r.next_controls.length) continue;
    out.push(`Next controls for ${r.profile.id} (chosen jointly):`);
    let before = r.harm_index.value;
    for (const x of r.next_controls.slice(0, k)) {
      const drop = before > 0 ? Math.round((100 * (before - x.harm_index_after)) / before) : 0;
      out.push(`  ${x.rank}. ${x.control} ${trunc(x.title, 52)}: R ${x.responsible.join(',') || '-'}, A ${x.accountable.join(',') || '-'}`);
      out.push(`     harm index → ${fmtP(x.harm_index_after)} (${drop >= 1 ? `−${drop} %` : 'under 1 % lower'}), score → ${x.score_after}${x.score_after < x.uncapped_after ? ` (capped; ${x.uncapped_after} uncapped)` : ''}`);
      before = x.harm_index_after;
    }
  }
  return out.join('\n') + '\n';
}
