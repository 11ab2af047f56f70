// The Markdown threat report: summary by risk, STRIDE, patient harm (severity × reach) and status; the
// untriaged list; FDA architecture views; threats per element with description and mitigation; lint findings;
// tracking entries that match no threat; the rules that fired. Streamed one element at a time.
import { HARM_SEVERITIES, REACHES, STRIDE } from '../../vocab/index.ts';
import { THREAT_STATUSES, type Threat } from '../model.ts';
import { RISK_ORDER, STRIDE_NAMES, summarize, type ElementEntry, type ThreatReportInput } from './input.ts';

/** Text safe inside a Markdown table cell (and inline elsewhere): no pipes, no newlines, no raw HTML. */
export function mdCell(s: string | number | undefined): string {
  if (s === undefined) return '';
  return String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}
const mdText = (s: string) => s.replace(/</g, '&lt;');
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';
const anchor = (id: string) => `el-${id.replace(/[^a-z0-9_-]/gi, '-')}`;

function row(cells: (string | number | undefined)[]): string {
  return `| ${cells.map((c) => (typeof c === 'number' ? String(c) : c ?? '')).join(' | ')} |\n`;
}

function table(header: string[], rows: (string | number | undefined)[][], align?: ('l' | 'r')[]): string {
  let s = row(header);
  s += row(header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---')));
  for (const r of rows) s += row(r);
  return s;
}

const harmText = (t: Threat) => `${t.harm.severity} / ${t.harm.reach}`;

function threatRow(t: Threat): (string | number)[] {
  return [
    `**${t.risk.level}**`, code(t.id), mdCell(t.title), STRIDE_NAMES[t.stride] + (t.medical ? ' ⚕' : ''), harmText(t),
    `${t.exploitability.level} (${code(t.exploitability.vector)})`, t.status, mdCell(t.techniques.join(', ')),
  ];
}

function* elementSection(e: ElementEntry): Generator<string> {
  const flags = [e.type, e.detail, e.safetyCritical ? '**safety-critical**' : '', e.inScope ? '' : 'out of scope'].filter(Boolean).join(' · ');
  let s = `### <a id="${anchor(e.id)}"></a>${mdCell(e.name)}\n\n${code(e.id)} · ${flags} · ${e.threats.length} threat${e.threats.length === 1 ? '' : 's'}\n\n`;
  s += table(['Risk', 'Id', 'Threat', 'STRIDE', 'Harm (severity / reach)', 'Exploitability', 'Status', 'Techniques'], e.threats.map(threatRow));
  s += '\n';
  for (const t of e.threats) {
    s += `- ${code(t.id)} — ${mdText(t.description.trim())}\n`;
    s += `  - *Mitigation:* ${mdText(t.mitigation.trim())}\n`;
    s += `  - *Harm:* ${mdText(t.harm.basis)}; *exploitability:* ${mdText(t.exploitability.basis)}; *risk matrix:* ${mdText(t.risk.matrix)}\n`;
    if (t.fda_categories.length) s += `  - *FDA control categories:* ${t.fda_categories.join(', ')}\n`;
    if (t.flows.length) s += `  - *Attack flows:* ${t.flows.map(code).join(', ')}\n`;
    if (t.tracking) {
      const tr = t.tracking;
      const bits = [tr.strategy && `strategy ${tr.strategy}`, tr.owner && `owner ${mdText(tr.owner)}`, tr.ticket && `ticket ${mdText(tr.ticket)}`, tr.rationale && mdText(tr.rationale)].filter(Boolean);
      s += `  - *Tracking* (${code(tr.key)}): ${tr.status}${bits.length ? ' — ' + bits.join('; ') : ''}\n`;
    }
  }
  yield s + '\n';
}

export function* renderMarkdownChunks(input: ThreatReportInput): Generator<string> {
  const m = input.model;
  const s = summarize(input);
  let h = `# Threat model: ${mdText(m.name)}\n\n`;
  const facts = [
    `model ${code(m.id)}${m.version ? ` version ${mdText(m.version)}` : ''}`,
    input.file ? `file ${code(input.file)}` : '',
    `${s.threats} threats (${s.medical} medical)`,
    `${m.components.length} components, ${(m.data_flows ?? []).length} flows, ${(m.trust_boundaries ?? []).length} trust boundaries`,
    input.engine?.rules_digest ? `rules ${code(input.engine.rules_digest)}${input.engine.rule_count !== undefined ? ` (${input.engine.rule_count})` : ''}` : '',
  ].filter(Boolean);
  h += facts.join(' · ') + '\n\n';
  if (m.description) h += `${mdText(m.description.trim())}\n\n`;

  h += '## Summary\n\n';
  h += table(['Risk', 'Threats', 'Untriaged'], RISK_ORDER.map((r) => [r, s.byRisk[r], s.untriaged.filter((t) => t.risk.level === r).length]), ['l', 'r', 'r']);
  h += `\n### STRIDE × risk\n\n`;
  h += table(['STRIDE', ...RISK_ORDER, 'Total'], STRIDE.map((st) => [STRIDE_NAMES[st], ...RISK_ORDER.map((r) => s.strideRisk[st][r]), s.byStride[st]]), ['l', 'r', 'r', 'r', 'r', 'r']);
  h += `\n### Patient harm: severity × reach\n\n`;
  h += table(['Severity', ...REACHES, 'Total'], [...HARM_SEVERITIES].reverse().map((sev) => [sev, ...REACHES.map((r) => s.harmMatrix[sev][r]), s.bySeverity[sev]]), ['l', 'r', 'r', 'r', 'r']);
  h += `\n### Status\n\n`;
  h += table(['Status', 'Threats'], THREAT_STATUSES.filter((st) => s.byStatus[st] > 0).map((st) => [st, s.byStatus[st]]), ['l', 'r']);
  h += '\n';
  yield h;

  let u = `## Untriaged threats (${s.untriaged.length})\n\n`;
  if (s.untriaged.length === 0) u += 'Every threat has a tracking entry.\n\n';
  else {
    u += table(['Risk', 'Id', 'Threat', 'Element', 'STRIDE', 'Harm'],
      s.untriaged.map((t) => [`**${t.risk.level}**`, code(t.id), mdCell(t.title), `[${mdCell(t.element_name)}](#${anchor(t.element)})`, STRIDE_NAMES[t.stride], harmText(t)]));
    u += '\n';
  }
  yield u;

  let v = '## FDA architecture views\n\n';
  if (s.views.length === 0) v += 'The model marks no FDA architecture views.\n\n';
  else {
    v += table(['View', 'Elements', 'Threats', ...RISK_ORDER, 'Untriaged'],
      s.views.map((x) => [mdCell(x.name), x.elements, x.threats, ...RISK_ORDER.map((r) => x.byRisk[r]), x.untriaged]), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
    v += '\n';
  }
  yield v;

  yield '## Threats by element\n\n';
  let any = false;
  for (const e of s.elements) {
    if (e.threats.length === 0) continue;
    any = true;
    yield* elementSection(e);
  }
  if (!any) yield 'No threats.\n\n';
  const quiet = s.elements.filter((e) => e.threats.length === 0 && e.inScope);
  if (quiet.length) yield `Elements without threats: ${quiet.map((e) => code(e.id)).join(', ')}\n\n`;

  let l = `## Lint findings (${s.lintErrors.length} errors, ${s.lintWarnings.length} warnings)\n\n`;
  if (s.lintErrors.length + s.lintWarnings.length === 0) l += input.lint ? 'None.\n\n' : 'Lint was not run.\n\n';
  else {
    l += table(['Severity', 'Code', 'Where', 'Message'], [
      ...s.lintErrors.map((i) => ['error', code(i.code), mdCell([i.object, i.property].filter(Boolean).join(' ')), mdCell(i.message)]),
      ...s.lintWarnings.map((i) => ['warning', code(i.code), mdCell([i.object, i.property].filter(Boolean).join(' ')), mdCell(i.message)]),
    ]);
    l += '\n';
  }
  yield l;

  if (s.orphanTracking.length) {
    let o = `## Tracking entries without a threat (${s.orphanTracking.length})\n\n`;
    o += 'Entries whose threat did not fire in this run (threats imported from other tools, or threats the model no longer has).\n\n';
    o += table(['Key', 'Status', 'Rationale'], s.orphanTracking.map((x) => [code(x.key), x.tracking.status, mdCell(x.tracking.rationale)]));
    yield o + '\n';
  }

  let r = `## Rules that fired (${s.rulesFired.length})\n\n`;
  r += table(['Rule', 'Title', 'STRIDE', 'Threats', 'Highest risk'], s.rulesFired.map((x) => [code(x.id), mdCell(x.title), STRIDE_NAMES[x.stride] + (x.medical ? ' ⚕' : ''), x.count, x.top]), ['l', 'l', 'l', 'r', 'l']);
  yield r + '\n⚕ = medical rule (patient safety, clinical data or device specific).\n';
}
