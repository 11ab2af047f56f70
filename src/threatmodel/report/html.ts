// The self-contained HTML threat report: one file, inline CSS, no scripts, fonts, images or links to anything
// outside it; readable on screen and printable (details open, colours kept, sections break cleanly). Same
// content as the Markdown report, plus a contents list and per-threat details in <details> elements.
import { HARM_SEVERITIES, REACHES, STRIDE } from '../../vocab/index.ts';
import { THREAT_STATUSES, type RiskLevel, type Threat } from '../model.ts';
import { RISK_ORDER, STRIDE_NAMES, summarize, type ElementEntry, type ThreatReportInput } from './input.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NEEDS_ESC = /[&<>"']/;
export function esc(s: string | number | undefined): string {
  if (s === undefined) return '';
  const t = String(s);
  return NEEDS_ESC.test(t) ? t.replace(/[&<>"']/g, (c) => ESC[c]) : t;
}
const anchor = (id: string) => `el-${id.replace(/[^a-z0-9_-]/gi, '-')}`;

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--critical:#7a1111;--high:#c2410c;--medium:#a16207;--low:#15803d}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:24px 0 4px}
.meta{color:var(--muted);margin:0 0 16px}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}
.risk{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;white-space:nowrap}
.risk.critical{background:var(--critical)}.risk.high{background:var(--high)}.risk.medium{background:var(--medium)}.risk.low{background:var(--low)}
.card.critical b{color:var(--critical)}.card.high b{color:var(--high)}.card.medium b{color:var(--medium)}.card.low b{color:var(--low)}
.tag{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 8px;font-size:12px;color:var(--muted);margin-right:4px}
.tag.safety{border-color:var(--critical);color:var(--critical);font-weight:600}
.zero{color:#b0b7bf}
details{margin:2px 0}summary{cursor:pointer}
details p{margin:4px 0 4px 16px}
nav ul{columns:2;padding-left:18px}
section.element{break-inside:avoid-page}
@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}details>summary{list-style:none}
 details:not([open])>*:not(summary){display:block}details::details-content{content-visibility:visible;display:block}a{color:inherit;text-decoration:none}
 .risk,th,.card{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}tr{break-inside:avoid}}
`;

const risk = (r: RiskLevel) => `<span class="risk ${r}">${r}</span>`;
const num = (n: number) => `<td class="n${n === 0 ? ' zero' : ''}">${n}</td>`;
const th = (cells: string[], numeric: boolean[] = []) => `<tr>${cells.map((c, i) => `<th${numeric[i] ? ' class="n"' : ''}>${c}</th>`).join('')}</tr>`;

function threatRow(t: Threat): string {
  const tr = t.tracking;
  const details = [
    `<p>${esc(t.description.trim())}</p>`,
    `<p><b>Mitigation:</b> ${esc(t.mitigation.trim())}</p>`,
    `<p><b>Harm:</b> ${esc(t.harm.basis)}. <b>Exploitability:</b> ${esc(t.exploitability.basis)} (<code>${esc(t.exploitability.vector)}</code>, ${t.exploitability.score}). <b>Risk:</b> ${esc(t.risk.matrix)}.</p>`,
    t.fda_categories.length ? `<p><b>FDA control categories:</b> ${esc(t.fda_categories.join(', '))}</p>` : '',
    t.flows.length ? `<p><b>Attack flows:</b> ${t.flows.map((f) => `<code>${esc(f)}</code>`).join(' ')}</p>` : '',
    tr ? `<p><b>Tracking</b> <code>${esc(tr.key)}</code>: ${esc(tr.status)}${tr.strategy ? `, ${esc(tr.strategy)}` : ''}${tr.owner ? `, owner ${esc(tr.owner)}` : ''}${tr.ticket ? `, ticket ${esc(tr.ticket)}` : ''}${tr.rationale ? ` — ${esc(tr.rationale)}` : ''}</p>` : '',
  ].join('');
  return `<tr><td>${risk(t.risk.level)}</td><td><details><summary>${esc(t.title)} <code>${esc(t.id)}</code></summary>${details}</details></td>` +
    `<td>${esc(STRIDE_NAMES[t.stride])}${t.medical ? ' ⚕' : ''}</td><td>${esc(t.harm.severity)} / ${esc(t.harm.reach)}</td>` +
    `<td>${esc(t.exploitability.level)}</td><td>${esc(t.status)}</td><td>${esc(t.techniques.join(', '))}</td></tr>\n`;
}

function elementSection(e: ElementEntry): string {
  const tags = [
    `<span class="tag">${esc(e.type)}</span>`, e.detail ? `<span class="tag">${esc(e.detail)}</span>` : '',
    e.safetyCritical ? '<span class="tag safety">safety-critical</span>' : '', e.inScope ? '' : '<span class="tag">out of scope</span>',
  ].join('');
  let s = `<section class="element" id="${anchor(e.id)}"><h3>${esc(e.name)}</h3><p class="meta"><code>${esc(e.id)}</code> ${tags} ${e.threats.length} threat${e.threats.length === 1 ? '' : 's'}</p>\n`;
  s += `<table><thead>${th(['Risk', 'Threat', 'STRIDE', 'Harm (severity / reach)', 'Exploitability', 'Status', 'Techniques'])}</thead><tbody>\n`;
  for (const t of e.threats) s += threatRow(t);
  return s + '</tbody></table></section>\n';
}

export function* renderHtmlChunks(input: ThreatReportInput): Generator<string> {
  const m = input.model;
  const s = summarize(input);
  const title = `Threat model: ${m.name}`;
  let h = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="generator" content="medflow"><title>${esc(title)}</title><style>${CSS}</style></head><body>\n`;
  h += `<header><h1>${esc(title)}</h1><p class="meta">Model <code>${esc(m.id)}</code>${m.version ? ` version ${esc(m.version)}` : ''}` +
    `${input.file ? ` · file <code>${esc(input.file)}</code>` : ''} · ${m.components.length} components, ${(m.data_flows ?? []).length} flows, ` +
    `${(m.trust_boundaries ?? []).length} trust boundaries${input.engine?.rules_digest ? ` · rules <code>${esc(input.engine.rules_digest)}</code>` : ''}` +
    `${input.engine?.rule_count !== undefined ? ` (${input.engine.rule_count})` : ''}</p>`;
  if (m.description) h += `<p>${esc(m.description.trim())}</p>`;
  h += '</header>\n';
  h += '<nav><h2>Contents</h2><ul><li><a href="#summary">Summary</a></li><li><a href="#untriaged">Untriaged threats</a></li>' +
    '<li><a href="#views">FDA architecture views</a></li><li><a href="#elements">Threats by element</a></li><li><a href="#lint">Lint findings</a></li>' +
    `${s.orphanTracking.length ? '<li><a href="#orphans">Tracking entries without a threat</a></li>' : ''}<li><a href="#rules">Rules that fired</a></li></ul></nav>\n`;

  h += `<section id="summary"><h2>Summary</h2><div class="cards"><div class="card"><b>${s.threats}</b>threats</div>` +
    RISK_ORDER.map((r) => `<div class="card ${r}"><b>${s.byRisk[r]}</b>${r}</div>`).join('') +
    `<div class="card"><b>${s.untriaged.length}</b>untriaged</div><div class="card"><b>${s.medical}</b>medical</div></div>\n`;
  h += `<h3>STRIDE × risk</h3><table><thead>${th(['STRIDE', ...RISK_ORDER, 'Total'], [false, true, true, true, true, true])}</thead><tbody>` +
    STRIDE.map((st) => `<tr><td>${esc(STRIDE_NAMES[st])}</td>${RISK_ORDER.map((r) => num(s.strideRisk[st][r])).join('')}${num(s.byStride[st])}</tr>`).join('') + '</tbody></table>\n';
  h += `<h3>Patient harm: severity × reach</h3><table><thead>${th(['Severity', ...REACHES, 'Total'], [false, true, true, true, true])}</thead><tbody>` +
    [...HARM_SEVERITIES].reverse().map((sev) => `<tr><td>${sev}</td>${REACHES.map((r) => num(s.harmMatrix[sev][r])).join('')}${num(s.bySeverity[sev])}</tr>`).join('') + '</tbody></table>\n';
  h += `<h3>Status</h3><table><thead>${th(['Status', 'Threats'], [false, true])}</thead><tbody>` +
    THREAT_STATUSES.filter((st) => s.byStatus[st] > 0).map((st) => `<tr><td>${st}</td>${num(s.byStatus[st])}</tr>`).join('') + '</tbody></table></section>\n';
  yield h;

  let u = `<section id="untriaged"><h2>Untriaged threats (${s.untriaged.length})</h2>`;
  if (s.untriaged.length === 0) u += '<p>Every threat has a tracking entry.</p>';
  else {
    u += `<table><thead>${th(['Risk', 'Threat', 'Element', 'STRIDE', 'Harm'])}</thead><tbody>\n`;
    for (const t of s.untriaged) {
      u += `<tr><td>${risk(t.risk.level)}</td><td>${esc(t.title)} <code>${esc(t.id)}</code></td><td><a href="#${anchor(t.element)}">${esc(t.element_name)}</a></td>` +
        `<td>${esc(STRIDE_NAMES[t.stride])}</td><td>${esc(t.harm.severity)} / ${esc(t.harm.reach)}</td></tr>\n`;
    }
    u += '</tbody></table>';
  }
  yield u + '</section>\n';

  let v = '<section id="views"><h2>FDA architecture views</h2>';
  if (s.views.length === 0) v += '<p>The model marks no FDA architecture views.</p>';
  else {
    v += `<table><thead>${th(['View', 'Elements', 'Threats', ...RISK_ORDER, 'Untriaged'], [false, true, true, true, true, true, true, true])}</thead><tbody>` +
      s.views.map((x) => `<tr><td>${esc(x.name)}${x.description ? `<br><small>${esc(x.description)}</small>` : ''}</td>${num(x.elements)}${num(x.threats)}${RISK_ORDER.map((r) => num(x.byRisk[r])).join('')}${num(x.untriaged)}</tr>`).join('') +
      '</tbody></table>';
  }
  yield v + '</section>\n';

  yield '<section id="elements"><h2>Threats by element</h2>\n';
  let any = false;
  for (const e of s.elements) {
    if (e.threats.length === 0) continue;
    any = true;
    yield elementSection(e);
  }
  if (!any) yield '<p>No threats.</p>';
  const quiet = s.elements.filter((e) => e.threats.length === 0 && e.inScope);
  yield (quiet.length ? `<p>Elements without threats: ${quiet.map((e) => `<code>${esc(e.id)}</code>`).join(' ')}</p>` : '') + '</section>\n';

  let l = `<section id="lint"><h2>Lint findings (${s.lintErrors.length} errors, ${s.lintWarnings.length} warnings)</h2>`;
  if (s.lintErrors.length + s.lintWarnings.length === 0) l += input.lint ? '<p>None.</p>' : '<p>Lint was not run.</p>';
  else {
    l += `<table><thead>${th(['Severity', 'Code', 'Where', 'Message'])}</thead><tbody>` +
      [...s.lintErrors.map((i) => ['error', i] as const), ...s.lintWarnings.map((i) => ['warning', i] as const)]
        .map(([sev, i]) => `<tr><td>${sev}</td><td><code>${esc(i.code)}</code></td><td>${esc([i.object, i.property].filter(Boolean).join(' '))}</td><td>${esc(i.message)}</td></tr>`).join('\n') +
      '</tbody></table>';
  }
  yield l + '</section>\n';

  if (s.orphanTracking.length) {
    let o = `<section id="orphans"><h2>Tracking entries without a threat (${s.orphanTracking.length})</h2>` +
      '<p>Entries whose threat did not fire in this run (threats imported from other tools, or threats the model no longer has).</p>' +
      `<table><thead>${th(['Key', 'Status', 'Rationale'])}</thead><tbody>\n`;
    for (const x of s.orphanTracking) o += `<tr><td><code>${esc(x.key)}</code></td><td>${esc(x.tracking.status)}</td><td>${esc(x.tracking.rationale)}</td></tr>\n`;
    yield o + '</tbody></table></section>\n';
  }

  yield `<section id="rules"><h2>Rules that fired (${s.rulesFired.length})</h2><table><thead>${th(['Rule', 'Title', 'STRIDE', 'Threats', 'Highest risk'], [false, false, false, true, false])}</thead><tbody>` +
    s.rulesFired.map((x) => `<tr><td><code>${esc(x.id)}</code></td><td>${esc(x.title)}</td><td>${esc(STRIDE_NAMES[x.stride])}${x.medical ? ' ⚕' : ''}</td>${num(x.count)}<td>${risk(x.top)}</td></tr>`).join('') +
    '</tbody></table><p class="meta">⚕ = medical rule (patient safety, clinical data or device specific).</p></section>\n</body></html>\n';
}
