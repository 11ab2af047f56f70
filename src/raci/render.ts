// Text renderings of a RACI matrix: CSV (RFC 4180), Markdown and a self-contained HTML page (inline CSS,
// no scripts, no external resources). All deterministic: same matrix, same bytes.
import { FDA_CATEGORY_NAMES, PARTIES, PARTY_NAMES } from '../vocab/index.ts';
import { raciCell } from './derive.ts';
import type { RaciMatrix, RaciRow } from './types.ts';

export const RACI_COLUMNS = ['control', 'title', 'category', ...PARTIES, 'components', 'override'] as const;

/** The table every format shows: one array of cell texts per row, in RACI_COLUMNS order. */
export function raciTable(m: RaciMatrix): string[][] {
  return m.rows.map((r) => [
    r.control, r.title, r.category, ...PARTIES.map((p) => raciCell(r, p)),
    r.components.map((c) => c.component).join(' '), r.override ? r.override.rationale : '',
  ]);
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function raciCsv(m: RaciMatrix): string {
  return [RACI_COLUMNS as readonly string[], ...raciTable(m)].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function raciMarkdown(m: RaciMatrix): string {
  const out: string[] = [];
  out.push(`# RACI: ${m.architecture.name}`, '');
  out.push(`Architecture \`${m.architecture.id}\`${m.architecture.version ? ` ${m.architecture.version}` : ''}. ${m.rows.length} controls apply; ` +
    `${m.not_applicable.length} apply to no in-scope component and are left out.`, '');
  out.push(`Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join('; ')}.`, '');
  out.push('R = Responsible (does the work), A = Accountable (answers for it; exactly one), C = Consulted, I = Informed. ' +
    `Parties: ${PARTIES.map((p) => `${p} = ${PARTY_NAMES[p]}`).join(', ')}.`, '');
  const errors = m.findings.filter((f) => f.severity === 'error'), warnings = m.findings.filter((f) => f.severity === 'warning');
  out.push('## Checks', '');
  out.push(errors.length ? `**${errors.length} error${errors.length === 1 ? '' : 's'}**, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}.` : `Every control has exactly one Accountable and at least one Responsible party. ${warnings.length} warning${warnings.length === 1 ? '' : 's'}.`, '');
  for (const f of m.findings) out.push(`- ${f.severity}: ${f.control ? `${f.control}: ` : ''}${mdCell(f.message)} [${f.code}]`);
  if (m.findings.length) out.push('');
  out.push('## Matrix', '');
  out.push(`| control | title | ${PARTIES.join(' | ')} | components |`);
  out.push(`|---|---|${PARTIES.map(() => ':-:').join('|')}|---|`);
  for (const r of m.rows) {
    out.push(`| ${r.control}${r.override ? ' *' : ''} | ${mdCell(r.title)} | ${PARTIES.map((p) => raciCell(r, p)).join(' | ')} | ${r.components.map((c) => c.component).join(', ')} |`);
  }
  out.push('');
  if (m.rows.some((r) => r.override)) {
    out.push('\\* changed by an override:', '');
    for (const r of m.rows.filter((x) => x.override)) out.push(`- ${r.control} (${r.override!.fields.join(', ')}; ${r.override!.source}): ${mdCell(r.override!.rationale)}`);
    out.push('');
  }
  out.push('## Per party', '');
  out.push('| party | R | A | C | I |', '|---|--:|--:|--:|--:|');
  for (const p of PARTIES) {
    const s = m.summary[p];
    out.push(`| ${p} (${PARTY_NAMES[p]}) | ${s.R} | ${s.A} | ${s.C} | ${s.I} |`);
  }
  out.push('', '## How each row was derived', '');
  for (const r of m.rows) {
    out.push(`- **${r.control}** (${FDA_CATEGORY_NAMES[r.category]}): ${mdCell(r.basis)}. ` +
      r.components.map((c) => `${c.component} (${c.hosting_model ?? c.hosting}, operated by ${c.operator}): hint ${c.hint} → ${c.owner}${c.answerable !== c.owner ? `, answerable ${c.answerable}` : ''}${c.overridden ? ' (override)' : ''}`).join('; ') + '.');
  }
  out.push('');
  return out.join('\n');
}

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CELL_CLASS: Record<string, string> = { 'A/R': 'ar', A: 'a', R: 'r', C: 'c', I: 'i', '': 'n' };

function rowHtml(r: RaciRow): string {
  const cells = PARTIES.map((p) => {
    const t = raciCell(r, p);
    return `<td class="cell ${CELL_CLASS[t]}">${t}</td>`;
  }).join('');
  const comps = r.components.map((c) => `${esc(c.component)} <span class="muted">(${esc(c.hosting_model ?? c.hosting)}, ${esc(c.operator)} → ${esc(c.owner)})</span>`).join('<br>');
  return `<tr><td class="id">${esc(r.control)}${r.override ? ' <span class="ov" title="changed by an override">override</span>' : ''}</td>` +
    `<td>${esc(r.title)}<div class="muted small">${esc(FDA_CATEGORY_NAMES[r.category])} · ${esc(r.function)} · ${esc(r.basis)}${r.override ? ` · ${esc(r.override.rationale)}` : ''}</div></td>${cells}<td class="small">${comps}</td></tr>`;
}

export const BASE_CSS = `
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d5dae0;--bg:#fff;--accent:#0b5cad}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px 32px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid var(--line);padding:4px 6px;vertical-align:top;text-align:left}th{background:#f3f5f7;font-weight:600}
.muted{color:var(--muted)}.small{font-size:12px}.id{white-space:nowrap;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
.cell{text-align:center;font-weight:700;width:56px}.ar{background:#0b5cad;color:#fff}.a{background:#5b8fd0;color:#fff}.r{background:#cfe0f5}.c{background:#fdf0c4}.i{background:#eef1f4}.n{background:#fff}
.ov{font-size:10px;background:#fdf0c4;border-radius:3px;padding:0 4px;font-family:system-ui,sans-serif}
.err{color:#a4161a}.warn{color:#8a5a00}.ok{color:#1d6b2f}
.num{text-align:right;font-variant-numeric:tabular-nums}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{body{padding:0}h2{break-after:avoid}tr{break-inside:avoid}}
`;

export function raciHtml(m: RaciMatrix): string {
  const f = m.findings;
  const findings = f.length
    ? `<ul>${f.map((x) => `<li class="${x.severity === 'error' ? 'err' : 'warn'}">${x.severity}: ${x.control ? `<span class="id">${esc(x.control)}</span>: ` : ''}${esc(x.message)} <span class="muted">[${esc(x.code)}]</span></li>`).join('')}</ul>`
    : '<p class="ok">No findings.</p>';
  const summary = PARTIES.map((p) => {
    const s = m.summary[p];
    return `<tr><td>${esc(p)}</td><td>${esc(PARTY_NAMES[p])}</td><td class="num">${s.R}</td><td class="num">${s.A}</td><td class="num">${s.C}</td><td class="num">${s.I}</td></tr>`;
  }).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>RACI: ${esc(m.architecture.name)}</title><style>${BASE_CSS}</style></head>
<body>
<h1>RACI: ${esc(m.architecture.name)}</h1>
<p class="muted">Architecture <span class="id">${esc(m.architecture.id)}</span>${m.architecture.version ? ` ${esc(m.architecture.version)}` : ''} · ${m.rows.length} controls apply · ${m.not_applicable.length} left out (no in-scope component of their kinds)</p>
<p class="small">R = Responsible (does the work) · A = Accountable (answers for it; exactly one) · C = Consulted · I = Informed</p>
<h2>Checks</h2>${findings}
<h2>Per party</h2>
<table><thead><tr><th>party</th><th>name</th><th>R</th><th>A</th><th>C</th><th>I</th></tr></thead><tbody>${summary}</tbody></table>
<h2>Matrix</h2>
<table><thead><tr><th>control</th><th>title · category · how A was chosen</th>${PARTIES.map((p) => `<th>${esc(p)}</th>`).join('')}<th>components (hosting, operator → owner)</th></tr></thead>
<tbody>${m.rows.map(rowHtml).join('\n')}</tbody></table>
<footer>${Object.entries(m.versions).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(' · ')}</footer>
</body></html>
`;
}
