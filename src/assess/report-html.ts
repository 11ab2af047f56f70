// The assessment as one self-contained HTML page: inline CSS, charts as inline SVG, no scripts, no fonts
// or images from elsewhere, so it opens offline, prints, and can be attached to a submission as is.
import { BASE_CSS, esc } from '../raci/index.ts';
import { HARM_SEVERITIES, PARTY_NAMES, REACHES } from '../vocab/index.ts';
import { fmtP } from './engine.ts';
import { SUB_SCORE_NAMES } from './report-md.ts';
import type { AssessmentResult, FlowResult } from './types.ts';

const C = {
  ok: '#2e7d4f', bad: '#b3261e', warn: '#b26a00', muted: '#8a939e', grid: '#e3e7eb', ink: '#1b1f24', accent: '#0b5cad',
  implemented: '#2e7d4f', partial: '#9cc7a9', notImpl: '#d9534f', unknown: '#c9ced4',
};
const n = (x: number) => (Math.round(x * 10) / 10).toString();

function svg(w: number, h: number, label: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(label)}" font-family="system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif" font-size="12"><title>${esc(label)}</title>${body}</svg>`;
}

function text(x: number, y: number, s: string, opts: { anchor?: string; fill?: string; size?: number; weight?: string } = {}): string {
  return `<text x="${n(x)}" y="${n(y)}"${opts.anchor ? ` text-anchor="${opts.anchor}"` : ''} fill="${opts.fill ?? C.ink}"${opts.size ? ` font-size="${opts.size}"` : ''}${opts.weight ? ` font-weight="${opts.weight}"` : ''}>${esc(s)}</text>`;
}

const rect = (x: number, y: number, w: number, h: number, fill: string, extra = '') =>
  `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(h)}" fill="${fill}"${extra}/>`;

function gradeColour(score: number): string {
  return score >= 70 ? C.ok : score >= 40 ? C.warn : C.bad;
}

/** Headline score and its sub-scores as bars. */
function scoreChart(r: AssessmentResult): string {
  const subs = Object.entries(r.score.sub_scores);
  const W = 720, rowH = 28, top = 12, left = 340, barW = 300;
  const h = top + subs.length * rowH + 26;
  let b = '';
  subs.forEach(([k, v], i) => {
    const y = top + i * rowH;
    b += text(0, y + 15, `${SUB_SCORE_NAMES[k] ?? k} (×${v.weight})`);
    b += rect(left, y + 3, barW, 16, C.grid);
    if (v.value === null) b += text(left + 8, y + 15, 'not measurable here (no library flow for this use case)', { fill: C.muted, size: 11 });
    else {
      b += rect(left, y + 3, (barW * v.value) / 100, 16, gradeColour(v.value));
      b += text(left + barW + 8, y + 15, n(v.value), { weight: '600' });
    }
  });
  const ax = top + subs.length * rowH + 4;
  for (const t of [0, 25, 50, 75, 100]) {
    b += `<line x1="${left + (barW * t) / 100}" y1="${ax}" x2="${left + (barW * t) / 100}" y2="${ax + 4}" stroke="${C.muted}"/>`;
    b += text(left + (barW * t) / 100, ax + 16, String(t), { anchor: 'middle', fill: C.muted, size: 10 });
  }
  return svg(W, h, `Sub-scores of the headline score ${r.score.value}`, b);
}

const LOG_MIN = -6;
/** x position of a probability on a log10 axis from 1e-6 to 1. */
function logX(p: number, x0: number, w: number): number {
  const l = p <= 0 ? LOG_MIN : Math.max(LOG_MIN, Math.log10(p));
  return x0 + ((l - LOG_MIN) / -LOG_MIN) * w;
}

/** Per-flow exploitability-weighted P(harm) on a log axis: bar, band range, unprotected marker, accepted limit. */
function flowChart(r: AssessmentResult, levelMax: Map<string, number>): string {
  const flows = r.flows;
  const W = 900, left = 330, plotW = 440, rowH = 22, top = 24;
  const h = top + flows.length * rowH + 34;
  let b = '';
  for (let e = LOG_MIN; e <= 0; e++) {
    const x = logX(10 ** e, left, plotW);
    b += `<line x1="${n(x)}" y1="${top - 6}" x2="${n(x)}" y2="${top + flows.length * rowH}" stroke="${C.grid}"/>`;
    b += text(x, top + flows.length * rowH + 14, e === 0 ? '1' : `1e${e}`, { anchor: 'middle', fill: C.muted, size: 10 });
  }
  b += text(left, 12, 'exploitability-weighted P(harm), log scale', { fill: C.muted, size: 11 });
  flows.forEach((f, i) => {
    const y = top + i * rowH;
    const colour = f.label === 'controlled' ? C.ok : C.bad;
    const name = `${f.rank}. ${f.id}${f.kind === 'scenario' ? ' ◆' : ''}`;
    b += text(0, y + 14, name.length > 48 ? name.slice(0, 47) + '…' : name, { size: 11 });
    b += rect(left, y + 5, logX(f.harm.p, left, plotW) - left, 11, colour, ' fill-opacity="0.85"');
    if (f.harm_range) {
      const x1 = logX(f.harm_range.harder, left, plotW), x2 = logX(f.harm_range.easier, left, plotW);
      b += `<line x1="${n(x1)}" y1="${y + 10.5}" x2="${n(x2)}" y2="${y + 10.5}" stroke="${C.ink}" stroke-width="1.2"/>`;
      b += `<line x1="${n(x1)}" y1="${y + 7}" x2="${n(x1)}" y2="${y + 14}" stroke="${C.ink}"/><line x1="${n(x2)}" y1="${y + 7}" x2="${n(x2)}" y2="${y + 14}" stroke="${C.ink}"/>`;
    }
    const xu = logX(f.harm_unprotected, left, plotW);
    b += `<circle cx="${n(xu)}" cy="${y + 10.5}" r="4" fill="none" stroke="${C.muted}" stroke-width="1.5"/>`;
    const lim = levelMax.get(f.accepted_up_to);
    if (lim !== undefined && lim < 1) {
      const xl = logX(lim, left, plotW);
      b += `<line x1="${n(xl)}" y1="${y + 3}" x2="${n(xl)}" y2="${y + 18}" stroke="${C.accent}" stroke-width="2"/>`;
    }
    b += text(left + plotW + 10, y + 14, `${fmtP(f.harm.p, f.harm_unprotected > 0)} ${f.label}`, { fill: colour, size: 11 });
  });
  const ly = top + flows.length * rowH + 26;
  b += rect(left, ly - 8, 10, 8, C.ok) + text(left + 14, ly, 'controlled', { size: 10 });
  b += rect(left + 80, ly - 8, 10, 8, C.bad) + text(left + 94, ly, 'uncontrolled', { size: 10 });
  b += `<circle cx="${left + 184}" cy="${ly - 4}" r="4" fill="none" stroke="${C.muted}" stroke-width="1.5"/>` + text(left + 192, ly, 'no control in force', { size: 10 });
  b += `<line x1="${left + 300}" y1="${ly - 9}" x2="${left + 300}" y2="${ly + 1}" stroke="${C.accent}" stroke-width="2"/>` + text(left + 306, ly, 'accepted limit', { size: 10 });
  b += `<line x1="${left + 390}" y1="${ly - 4}" x2="${left + 410}" y2="${ly - 4}" stroke="${C.ink}"/>` + text(left + 414, ly, 'band range', { size: 10 });
  return svg(W, h + 8, 'Flows: exploitability-weighted probability of patient harm', b);
}

/** The acceptance matrix as a grid (severity × reach), cells coloured by the accepted level, flows counted. */
function matrixChart(r: AssessmentResult, acceptable: Record<string, Record<string, string>> | null, levels: string[]): string {
  const cw = 170, ch = 50, left = 100, top = 22;
  const W = left + REACHES.length * cw + 10, H = top + HARM_SEVERITIES.length * ch + 10;
  // Strict cells (little exploitability accepted) in red tones, permissive ones in green.
  const palette = ['#f4cfcc', '#f8dfc8', '#fbeec7', '#e4f0d3', '#d2ead9'];
  const shade = (lvl: string) => {
    const i = levels.indexOf(lvl);
    if (i < 0) return C.grid;
    const t = levels.length > 1 ? i / (levels.length - 1) : 1;
    return palette[Math.round(t * (palette.length - 1))];
  };
  let b = '';
  REACHES.forEach((re, j) => (b += text(left + j * cw + cw / 2, 14, re, { anchor: 'middle', weight: '600' })));
  [...HARM_SEVERITIES].reverse().forEach((s, i) => {
    const y = top + i * ch;
    b += text(left - 8, y + ch / 2 + 4, s, { anchor: 'end', weight: '600' });
    REACHES.forEach((re, j) => {
      const x = left + j * cw;
      const lvl = acceptable?.[re]?.[s] ?? '';
      b += rect(x, y, cw - 2, ch - 2, shade(lvl));
      const inCell = r.flows.filter((f) => f.severity === s && f.reach === re);
      const ok = inCell.filter((f) => f.label === 'controlled').length, bad = inCell.length - ok;
      b += text(x + 6, y + 14, `accepted up to ${lvl}`, { size: 10, fill: '#3c4650' });
      if (ok) b += text(x + 6, y + 29, `${ok} controlled`, { size: 11, fill: C.ok });
      if (bad) b += text(x + 6, y + 43, `${bad} uncontrolled`, { size: 11, fill: C.bad, weight: '600' });
    });
  });
  return svg(W, H, 'Acceptance matrix with the flows in each cell', b);
}

/** Stacked status bars, one row per label. */
function stackedBars(rows: { label: string; parts: [number, number, number, number] }[], title: string): string {
  const W = 740, left = 260, barW = 340, rowH = 24, top = 8;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  const colours = [C.implemented, C.partial, C.notImpl, C.unknown];
  let b = '';
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    b += text(0, y + 14, r.label.length > 40 ? r.label.slice(0, 39) + '…' : r.label, { size: 11 });
    let x = left;
    r.parts.forEach((v, k) => {
      const w = (barW * v) / max;
      b += rect(x, y + 3, w, 14, colours[k]);
      x += w;
    });
    b += text(x + 6, y + 14, `${r.parts[0]}/${r.parts.reduce((a, c) => a + c, 0)}`, { size: 11, fill: C.muted });
  });
  const ly = top + rows.length * rowH + 14;
  ['implemented', 'partial', 'not implemented', 'unknown'].forEach((l, k) => {
    b += rect(left + k * 110, ly - 8, 10, 8, colours[k]) + text(left + k * 110 + 14, ly, l, { size: 10 });
  });
  return svg(W, ly + 6, title, b);
}

/** Harm index after each of the next controls, on a linear scale from zero to today's value. */
function nextChart(r: AssessmentResult): string {
  const steps = [{ label: 'today', v: r.harm_index.value }, ...r.next_controls.map((x) => ({ label: `+ ${x.control}`, v: x.harm_index_after }))];
  const W = 700, left = 160, plotW = 420, rowH = 24, top = 8;
  const max = Math.max(...steps.map((s) => s.v), 1e-12);
  let b = '';
  steps.forEach((s, i) => {
    const y = top + i * rowH;
    const w = (plotW * s.v) / max;
    b += text(0, y + 14, s.label, { size: 11 });
    b += rect(left, y + 3, w, 14, i === 0 ? C.warn : C.accent, ' fill-opacity="0.8"');
    b += text(left + w + 6, y + 14, fmtP(s.v), { size: 11, fill: C.muted });
  });
  return svg(W, top + steps.length * rowH + 6, 'Harm index after implementing the next controls (cumulative, linear scale)', b);
}

function flowTable(flows: FlowResult[], staging = false): string {
  const head = staging
    ? '<tr><th>module</th><th>P(success)</th><th>band range</th><th>open attacks</th></tr>'
    : '<tr><th>#</th><th>flow</th><th>severity</th><th>reach</th><th>P(harm)</th><th>band range</th><th>within horizon</th><th>unprotected</th><th>open attacks</th><th>exploitability (accepted)</th><th>label</th></tr>';
  const rows = flows.map((f) => {
    const reach = f.harm_unprotected > 0;
    const range = f.harm_range ? `${fmtP(f.harm_range.harder, reach)} – ${fmtP(f.harm_range.easier, reach)}` : '';
    if (staging) return `<tr><td>${esc(f.id)}</td><td class="num">${fmtP(f.harm.p, reach)}</td><td class="num">${range}</td><td class="num">${f.structure.open_attacks ?? '?'}/${f.structure.attacks ?? '?'}</td></tr>`;
    const cls = f.label === 'controlled' ? 'ok' : 'err';
    return `<tr><td class="num">${f.rank}</td><td>${esc(f.name)}<div class="muted small mono">${esc(f.id)}${f.kind === 'scenario' ? ` · scenario: ${esc((f.members ?? []).join(' → '))}` : ''}</div>${f.reasons.length ? `<div class="small err">${esc(f.reasons.join('; '))}</div>` : ''}</td>` +
      `<td class="nowrap">${f.severity}</td><td class="nowrap">${f.reach}</td><td class="num">${fmtP(f.harm.p, reach)}${f.harm.method === 'mc' ? `<div class="small muted">${fmtP(f.harm.ci_low)}–${fmtP(f.harm.ci_high)}</div>` : ''}</td><td class="num">${range}</td>` +
      `<td class="num">${f.within_horizon === null ? '' : fmtP(f.within_horizon)}</td><td class="num">${fmtP(f.harm_unprotected)}</td><td class="num">${f.structure.open_attacks ?? '?'}/${f.structure.attacks ?? '?'}</td>` +
      `<td>${f.exploitability} (≤ ${f.accepted_up_to})</td><td class="${cls} nowrap"><b>${f.label}</b></td></tr>`;
  }).join('\n');
  return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

export function assessmentHtml(r: AssessmentResult): string {
  const p = r.profile;
  const ctx = { levels: r.acceptance.levels, acceptable: r.acceptance.acceptable as Record<string, Record<string, string>> };
  const levelMax = new Map(ctx.levels.map((l) => [l.id, l.max]));
  const ind = r.indicators;
  const sevClass = (s: string) => (s === 'error' ? 'err' : s === 'warning' ? 'warn' : 'muted');
  const findings = r.findings.length
    ? `<ul>${r.findings.map((f) => `<li class="${sevClass(f.severity)}"><b>${f.severity}</b> ${esc(f.message)} <span class="muted">[${esc(f.code)}]</span></li>`).join('')}</ul>`
    : '<p class="ok">None.</p>';
  const outcomes = r.outcomes.map((x) => {
    const closing = x.closing_set.method === 'none-needed' ? '<span class="ok">none needed</span>'
      : `${esc(x.closing_set.controls.join(', ') || '—')}${x.closing_set.method === 'greedy' ? ' <span class="muted">(greedy)</span>' : ''}${x.closing_set.unclosable ? ` <span class="err">· ${x.closing_set.unclosable} attack(s) no applicable control can close</span>` : ''}`;
    return `<tr><td>${esc(x.name)}</td><td class="nowrap">${x.severity}</td><td class="num">${x.min_steps ?? '—'}</td><td class="num">${x.min_steps_open ?? '—'}</td><td class="num ${x.open_attacks ? 'err' : 'ok'}">${x.open_attacks} of ${x.attacks}</td><td>${closing}</td><td>${esc(x.unguarded_flows.join(', ') || '—')}</td><td class="num">${fmtP(x.worst_harm, x.attacks > 0)}</td></tr>`;
  }).join('\n');
  const next = r.next_controls.length
    ? `<table><thead><tr><th>#</th><th>control</th><th>status now</th><th>responsible</th><th>accountable</th><th>harm index after</th><th>score after</th><th>becomes controlled</th></tr></thead><tbody>${r.next_controls.map((x) =>
      `<tr><td class="num">${x.rank}</td><td><span class="id">${esc(x.control)}</span> ${esc(x.title)}</td><td>${x.status}</td><td>${esc(x.responsible.join(', '))}</td><td>${esc(x.accountable.join(', '))}</td><td class="num">${fmtP(x.harm_index_after)}</td><td class="num">${x.score_after}${x.score_after < x.uncapped_after ? ` <span class="small muted">(cap; ${x.uncapped_after})</span>` : ''}</td><td>${esc(x.now_controlled.join(', '))}</td></tr>`).join('')}</tbody></table>${nextChart(r)}`
    : '<p>No remaining control lowers the harm index.</p>';
  const parties = r.coverage.by_party.map((c) => `<tr><td>${esc(c.party)}</td><td>${esc(PARTY_NAMES[c.party])}</td><td class="num">${c.responsible}</td><td class="num">${c.accountable}</td><td class="num">${c.implemented}</td><td class="small">${esc(c.open.join(', '))}</td></tr>`).join('');
  const statusOf = new Map(r.controls.map((c) => [c.id, c.status]));
  const partyBars = stackedBars(r.coverage.by_party.filter((c) => c.responsible > 0).map((c) => {
    const rows = r.controls.filter((x) => x.responsible.includes(c.party));
    const k = (s: string) => rows.filter((x) => statusOf.get(x.id) === s).length;
    return { label: `${c.party} (${PARTY_NAMES[c.party]})`, parts: [k('implemented'), k('partial'), k('not-implemented'), k('unknown')] as [number, number, number, number] };
  }), 'Controls each party is responsible for, by status');
  const catBars = stackedBars(r.coverage.by_category.filter((c) => c.applicable > 0).map((c) => ({ label: c.name, parts: [c.implemented, c.partial, c.not_implemented, c.unknown] as [number, number, number, number] })), 'Controls per FDA category, by status');
  const threats = r.threats ? `<h2>Threats of the architecture</h2><p class="small muted">A threat counts as addressed when a control in its rule's FDA categories is implemented.</p>
<table><thead><tr><th>risk</th><th>threats</th><th>addressed</th><th>partly</th><th>open</th></tr></thead><tbody>${['critical', 'high', 'medium', 'low'].filter((k) => r.threats!.by_risk[k]).map((k) => {
    const b = r.threats!.by_risk[k];
    return `<tr><td>${k}</td><td class="num">${b.total}</td><td class="num">${b.addressed}</td><td class="num">${b.partly}</td><td class="num ${b.open ? 'err' : ''}">${b.open}</td></tr>`;
  }).join('')}</tbody></table>${r.threats.top_open.length ? `<ul class="small">${r.threats.top_open.map((t) => `<li>[${t.risk}] ${esc(t.title)} <span class="muted">(${esc(t.element)})</span>: ${esc(t.controls.join(', ') || 'no control in the catalog')}</li>`).join('')}</ul>` : ''}` : '';
  const s = r.sbom;
  const sbom = s
    ? `<p>${esc(s.file)} (CycloneDX ${esc(s.spec_version)}${s.subject ? `, ${esc(s.subject.name)}${s.subject.version ? ` ${esc(s.subject.version)}` : ''}` : ''}): ${s.components} components, ${s.with_version} with a version, ${s.with_identifier} with a package URL or CPE, support level stated for ${s.components - s.support_levels.unstated}, end of support for ${s.with_end_of_support}.</p>` +
      (s.unsupported.length ? `<table><thead><tr><th>unsupported component</th><th>version</th><th>why</th></tr></thead><tbody>${s.unsupported.map((c) => `<tr><td>${esc(c.name)}</td><td>${esc(c.version ?? '')}</td><td class="err">${esc(c.reason)}</td></tr>`).join('')}</tbody></table>` : '<p class="ok">No unsupported component.</p>')
    : '<p class="muted">No SBOM given.</p>';
  const mds2 = !r.mds2.provided ? '<p class="muted">No MDS2 answers given.</p>'
    : `<p>${r.mds2.answered} items answered. ${r.mds2.hard_fails.length ? `<span class="err">Hard-fails: ${esc(r.mds2.hard_fails.map((x) => `${x.item} "${x.answer}" (${x.label})`).join('; '))}</span>` : '<span class="ok">No hard-fail.</span>'}${r.mds2.unanswered_hard_fail_items.length ? ` Not answered: ${esc(r.mds2.unanswered_hard_fail_items.join(', '))}.` : ''}</p>`;
  const gaps = r.raci.gaps.length ? `<ul>${r.raci.gaps.map((g) => `<li><span class="id">${esc(g.control)}</span> ${esc(g.title)}: <span class="warn">${esc(g.reason)}</span></li>`).join('')}</ul>` : '<p class="ok">Every applicable control has exactly one accountable party, and that party is engaged.</p>';
  const controls = r.controls.map((c) => `<tr><td class="id">${esc(c.id)}</td><td>${esc(c.title)}</td><td>${esc(c.category)}</td><td>${c.declared}${c.listed ? '' : ' <span class="muted">(default)</span>'}</td><td>${c.status}</td><td class="num">${c.evidence}</td><td>${esc(c.responsible.join(', '))}</td><td>${esc(c.accountable.join(', '))}</td><td class="num">${c.flows}</td></tr>`).join('\n');
  const dev = p.device ? Object.entries(p.device).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(' · ') : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Assessment: ${esc(p.name)}</title>
<style>${BASE_CSS}
.headline{display:flex;gap:28px;align-items:center;margin:16px 0}.big{font-size:44px;font-weight:700;line-height:1}.grade{font-size:20px;font-weight:700;padding:4px 10px;border-radius:4px;color:#fff}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}.kpi{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:150px}.kpi b{display:block;font-size:20px}
svg{max-width:100%;height:auto;display:block;margin:8px 0}
.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;overflow-wrap:anywhere}
td.num,td.nowrap{white-space:nowrap}
</style></head>
<body>
<h1>Device security assessment: ${esc(p.name)}</h1>
<p class="muted">Profile <span class="id">${esc(p.id)}</span> (${esc(p.file)})${p.date ? ` · as of ${esc(p.date)}` : ''}${p.assessor ? ` · ${esc(p.assessor)}` : ''}${dev ? ` · ${dev}` : ''}<br>
Architecture <span class="id">${esc(r.architecture.id)}</span>${r.architecture.version ? ` ${esc(r.architecture.version)}` : ''} (${esc(r.architecture.source)}) · seed ${r.seed} · attacker horizon ${r.horizon_days} days</p>
${p.description ? `<p>${esc(p.description)}</p>` : ''}
<div class="headline"><div><div class="big">${r.score.value}</div><div class="muted small">of 100${r.score.value !== r.score.uncapped ? ` (${r.score.uncapped} before caps)` : ''}</div></div>
<div class="grade" style="background:${gradeColour(r.score.value)}">grade ${esc(r.score.grade)}</div>
<div class="kpis">
<div class="kpi"><span class="muted small">harm index</span><b>${fmtP(r.harm_index.value, r.harm_index.unprotected > 0)}</b><span class="small muted">${fmtP(r.harm_index.unprotected)} with no control</span></div>
<div class="kpi"><span class="muted small">flows uncontrolled</span><b class="${r.flows.some((f) => f.label === 'uncontrolled') ? 'err' : 'ok'}">${r.flows.filter((f) => f.label === 'uncontrolled').length} of ${r.flows.length}</b><span class="small muted">${esc(r.versions.acceptance)}</span></div>
<div class="kpi"><span class="muted small">controls implemented</span><b>${ind.by_status.implemented} of ${ind.applicable_controls}</b><span class="small muted">${ind.unknown} unknown, counted absent</span></div>
<div class="kpi"><span class="muted small">RACI gaps</span><b class="${r.raci.gaps.length ? 'warn' : 'ok'}">${r.raci.gaps.length}</b><span class="small muted">accountability ${ind.accountability} %</span></div>
</div></div>
${scoreChart(r)}
<p class="small">Score = ${esc(r.score.formula)}.${r.score.caps.length ? ` Caps: ${esc(r.score.caps.join('; '))}.` : ''} Exploitability-weighted probabilities are estimates from MAL difficulty bands and the controls' effectiveness, not calibrated frequencies.</p>
<h2>Findings</h2>${findings}
<h2>Patient-harm outcomes (structural, parameter-free)</h2>
<table><thead><tr><th>outcome</th><th>severity</th><th>fewest actions to harm</th><th>fewest along an open attack</th><th>minimal attacks open</th><th>smallest set closing every open attack</th><th>flows with no implemented control on any path</th><th>worst P(harm)</th></tr></thead><tbody>${outcomes}</tbody></table>
<h2>Flows ranked by harm severity, reach and exploitability</h2>
${flowChart(r, levelMax)}
${flowTable(r.flows)}
${r.staging.length ? `<h3>Entry modules (staging; not rated, not scored)</h3>${flowTable(r.staging, true)}` : ''}
<h3>Acceptance matrix</h3>
${matrixChart(r, ctx.acceptable, ctx.levels.map((l) => l.id))}
<h2>Next controls to implement</h2>
<p class="small muted">Chosen one at a time; each candidate is evaluated jointly with the ones above it, because control effects are not additive.</p>
${next}
<h2>Coverage per FDA category</h2>
${catBars}
<h2>Who must do what</h2>
${partyBars}
<table><thead><tr><th>party</th><th>name</th><th>responsible for</th><th>accountable for</th><th>implemented</th><th>still open (responsible)</th></tr></thead><tbody>${parties}</tbody></table>
<h2>RACI gaps</h2><p class="small muted">Engaged parties: ${esc(r.raci.engaged.join(', '))}</p>${gaps}
${threats}
<h2>MDS2</h2>${mds2}
<h2>SBOM</h2>${sbom}
<h2>Controls</h2>
<details><summary>${r.controls.length} applicable controls</summary>
<table><thead><tr><th>control</th><th>title</th><th>category</th><th>declared</th><th>counted</th><th>evidence</th><th>R</th><th>A</th><th>flows</th></tr></thead><tbody>${controls}</tbody></table></details>
<footer>${Object.entries(r.versions).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(' · ')}</footer>
</body></html>
`;
}
