// Text renderings of controls and coverage for people: the `controls list` table, the `controls show`
// card and the Markdown coverage report. Pure string builders; JSON output uses canonicalJson directly.
import { catalog, type Catalog } from '../catalog/index.ts';
import { FDA_CATEGORIES, FDA_CATEGORY_NAMES, HOSTING_MODELS, CONTROL_FUNCTIONS } from '../vocab/index.ts';
import { hipaaCitation } from './hipaa.ts';
import { techniquesCoveredBy, type CoverageReport } from './mapping.ts';
import { ownerHint } from './owner.ts';
import type { Control, LoadedControl } from './types.ts';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Wraps text to `width` columns, indenting continuation lines by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n' + ' '.repeat(indent));
}

/** One line per control: id, category, function, default effectiveness, title. */
export function controlsTable(controls: readonly Control[]): string {
  const idW = Math.max(2, ...controls.map((c) => c.id.length)) + 2;
  const catW = Math.max(8, ...controls.map((c) => c.category.length)) + 2;
  const head = `${pad('ID', idW)}${pad('CATEGORY', catW)}${pad('FUNCTION', 10)}${pad('EFFECT', 13)}TITLE`;
  const rows = controls.map(
    (c) => `${pad(c.id, idW)}${pad(c.category, catW)}${pad(c.function, 10)}${pad(c.default_effectiveness.level, 13)}${c.title}`,
  );
  return [head, ...rows].join('\n') + '\n';
}

/** Counts of controls per FDA category and per function (every category and function listed, zeros included). */
export function controlCounts(controls: readonly Control[]): { category: Record<string, number>; function: Record<string, number> } {
  const category = Object.fromEntries(FDA_CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
  const fn = Object.fromEntries(CONTROL_FUNCTIONS.map((f) => [f, 0])) as Record<string, number>;
  for (const c of controls) {
    category[c.category]++;
    fn[c.function]++;
  }
  return { category, function: fn };
}

/** The `controls show` card: every field, names for ids, the owner per hosting model and what it covers. */
export function controlCard(control: LoadedControl, cat: Catalog = catalog(), width = 100): string {
  const L = 22;
  const out: string[] = [];
  const row = (label: string, value: string) => out.push(`${pad(label, L)}${wrap(value, width, L)}`);
  const named = (ids: readonly string[] | undefined, name: (id: string) => string | undefined) =>
    (ids ?? []).map((id) => `${id} ${name(id) ?? '(unknown)'}`);
  out.push(`${control.id}  ${control.title}`, '');
  row('category', `${FDA_CATEGORY_NAMES[control.category]} (${control.category})`);
  row('function', control.function);
  row('effectiveness', `${control.default_effectiveness.level}: ${control.default_effectiveness.rationale}`);
  row('applies to', control.applies_to.join(', '));
  row('objective', control.objective);
  row('NIST SP 800-53 r5', control.nist_800_53.join(', '));
  if (control.hipaa?.length) row('HIPAA (45 CFR)', control.hipaa.map((h) => `${h} ${hipaaCitation(h)?.label ?? ''}`.trim()).join('; '));
  if (control.attack_mitigations?.length) row('ATT&CK mitigations', named(control.attack_mitigations, (id) => cat.mitigation(id)?.name).join('; '));
  if (control.atlas_mitigations?.length) row('ATLAS mitigations', named(control.atlas_mitigations, (id) => cat.mitigation(id)?.name).join('; '));
  if (control.techniques?.length) row('techniques (listed)', named(control.techniques, (id) => cat.technique(id)?.name).join('; '));
  control.evidence.forEach((e, i) => {
    const refs = [e.mds2?.length ? `MDS2 ${e.mds2.join(', ')}` : '', e.checks?.length ? `checks ${e.checks.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    row(i === 0 ? 'evidence' : '', `[${e.type}] ${e.description}${refs ? ` (${refs})` : ''}`);
  });
  row('owner hint', HOSTING_MODELS.map((h) => `${h}: ${ownerHint(control, h)}`).join(', '));
  const covered = techniquesCoveredBy(control, cat);
  row('covers', `${covered.length} technique(s): ${covered.join(', ')}`);
  if (control.source) row('defined in', `${control.source.file}${control.source.line ? `:${control.source.line}` : ''}`);
  return out.join('\n') + '\n';
}

const md = (s: string) => s.replace(/\|/g, '\\|');

/** The coverage report as Markdown: summary, gaps (with hints to close them), covered techniques, input problems. */
export function coverageMarkdown(r: CoverageReport, title = 'Control coverage'): string {
  const out: string[] = [];
  const pct = (r.coverage * 100).toFixed(1);
  out.push(`# ${title}`, '');
  const pre = r.pre_compromise_gap_count;
  out.push(
    `${r.covered_count} of ${r.techniques} techniques are mitigated by at least one of ${r.controls} controls (${pct}%); ` +
      `${r.gap_count} ${r.gap_count === 1 ? 'is' : 'are'} not` +
      (pre ? `, ${pre === r.gap_count ? 'all' : `${pre} of them`} pre-compromise (reconnaissance or resource development)` : '') +
      `. Catalog: ${r.catalog}.`,
    '',
  );
  out.push('## Gaps', '');
  if (r.gaps.length === 0) out.push('None: every technique is mitigated by at least one control.', '');
  else {
    if (pre) {
      out.push(
        'Pre-compromise techniques happen on the attacker\'s own infrastructure or in public sources, outside every system ' +
          'the five parties run; no control of theirs applies directly. They are listed so that nothing is hidden.',
        '',
      );
    }
    out.push('| technique | name | used in | pre-compromise | controls on sub-techniques | ATT&CK/ATLAS mitigations |', '|---|---|---|---|---|---|');
    for (const g of r.gaps) {
      const hint = g.catalog_mitigations.length ? g.catalog_mitigations.join(', ') : 'none in the catalog';
      out.push(`| ${g.technique} | ${md(g.name)} | ${md(g.sources.join(', '))} | ${g.pre_compromise ? 'yes' : 'no'} | ${g.subtechnique_controls.join(', ')} | ${hint} |`);
    }
    out.push('');
  }
  out.push('## Covered', '');
  if (r.covered.length === 0) out.push('None.', '');
  else {
    out.push('| technique | name | controls | used in |', '|---|---|---|---|');
    for (const c of r.covered) out.push(`| ${c.technique} | ${md(c.name)} | ${c.controls.join(', ')} | ${md(c.sources.join(', '))} |`);
    out.push('');
  }
  if (r.resolved.length) {
    out.push('## Ids read differently', '');
    for (const x of r.resolved) {
      const how = x.change === 'revoked' ? `is revoked; counted as its replacement ${x.technique}` : `read as ${x.technique}`;
      out.push(`- \`${md(x.input)}\` ${how}${x.sources.length ? ` (${md(x.sources.join(', '))})` : ''}`);
    }
    out.push('');
  }
  if (r.unresolved.length) {
    out.push('## Ids not counted', '');
    for (const x of r.unresolved) out.push(`- ${md(x.problem)}${x.sources.length ? ` (${md(x.sources.join(', '))})` : ''}`);
    out.push('');
  }
  return out.join('\n');
}
