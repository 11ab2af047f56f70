// Presenting a simulation result: the JSON document of `medflow simulate --json` (the issue's shape
// plus a few documented extras) and the readable tables printed by default.
import { canonicalJson } from '../util/json.ts';
import type { SimulationResult } from './analyze.ts';

/** The JSON document (plain object) for a result: everything except the table labels. */
export function resultJson(r: SimulationResult): Record<string, unknown> {
  const { labels: _labels, ...rest } = r;
  return rest;
}

export function resultJsonText(r: SimulationResult): string {
  return canonicalJson(resultJson(r));
}

export interface FormatOptions {
  title?: string;
  file?: string;
  /** Longest list shown per section in tables (default 10). */
  maxRows?: number;
}

function fmtP(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  if (x === 1) return '1';
  return x < 0.001 ? x.toExponential(1) : x.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

function fmtDays(x: number | null): string {
  if (x === null) return '—';
  if (x === 0) return '0 d';
  return x < 10 ? `${x.toFixed(2)} d` : `${x.toFixed(1)} d`;
}

function table(head: string[], rows: string[][], align: ('l' | 'r')[] = []): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

/** Readable tables for the terminal. */
export function formatResult(r: SimulationResult, o: FormatOptions = {}): string {
  const max = o.maxRows ?? 10;
  const name = (id: string) => r.labels[id]?.name ?? id;
  const tech = (id: string) => r.labels[id]?.technique ?? '';
  const exact = r.method === 'exact';
  const out: string[] = [];
  out.push(`${o.title ?? 'Attack simulation'}${o.file ? ` (${o.file})` : ''}`);
  const prov = r.provenance as { bdd_nodes?: number; harm_definition?: { kind: string; ids: string[] }; monte_carlo?: { prng: string } };
  const engine = exact ? `exact (BDD, ${prov.bdd_nodes} nodes)` : `Monte Carlo (${r.samples.toLocaleString('en-US')} samples, Wilson 95% intervals)`;
  out.push(`engine ${engine} · horizon ${r.horizon_days} days · seed ${r.seed}${r.samples ? ` · ${prov.monte_carlo?.prng}` : ''}`);
  out.push('exploitability-weighted estimates, not calibrated probabilities');
  out.push('');
  const hd = prov.harm_definition;
  const harmWhat = hd?.kind === 'patient-harm-assets' ? `patient-harm asset${hd.ids.length > 1 ? 's' : ''}: ${hd.ids.map(name).join(', ')}`
    : hd?.kind === 'sink-actions' ? `no asset marked patient_harm; any final action (${hd.ids.length})` : `any final node (${hd?.ids.length ?? 0})`;
  out.push(`Harm (${harmWhat})`);
  const ci = (e: { p: number; ci_low: number; ci_high: number }) => (exact ? 'exact' : `[${fmtP(e.ci_low)}, ${fmtP(e.ci_high)}]`);
  out.push(...table(['measure', 'value', 'note'], [
    ['P(harm), steps feasible within horizon', fmtP(r.harm.p), ci(r.harm)],
    ...(r.harm.within_horizon !== null ? [
      [`P(harm within ${r.horizon_days} days), time to compromise`, fmtP(r.harm.within_horizon), `${r.samples.toLocaleString('en-US')} samples`],
      ['time to harm p5 / p50 / p95', `${fmtDays(r.harm.ttc.p5)} / ${fmtDays(r.harm.ttc.p50)} / ${fmtDays(r.harm.ttc.p95)}`, '— = harm less likely than that'],
    ] : []),
    ['fewest attacker steps to harm', r.min_steps_to_harm === null ? '—' : String(r.min_steps_to_harm), ''],
    ['fewest distinct techniques', r.min_techniques_to_harm === null ? '—' : String(r.min_techniques_to_harm), (r.min_technique_set ?? []).map((t) => (r.labels[t] ? name(t) : t)).join(', ')],
  ], ['l', 'r', 'l']));
  out.push('');

  const nodeRows = Object.entries(r.nodes)
    .sort((a, b) => b[1].p - a[1].p || (name(a[0]) < name(b[0]) ? -1 : 1))
    .map(([id, e]) => [name(id), r.labels[id]?.type.replace('attack-', '') ?? '', tech(id), fmtP(e.p), ...(exact ? [] : [`[${fmtP(e.ci_low)}, ${fmtP(e.ci_high)}]`]), r.unparameterized.includes(id) ? 'unparameterized' : '']);
  out.push(`Steps: probability of being reached (${nodeRows.length})`);
  out.push(...table(['step', 'type', 'technique', 'P', ...(exact ? [] : ['95% CI']), 'note'], nodeRows, ['l', 'l', 'l', 'r', 'l', 'l']));
  if (Object.keys(r.assets).length > 0) {
    out.push('');
    out.push('Assets: probability of being reached');
    out.push(...table(['asset', 'P', ...(exact ? [] : ['95% CI'])], Object.entries(r.assets).map(([id, e]) => [name(id), fmtP(e.p), ...(exact ? [] : [`[${fmtP(e.ci_low)}, ${fmtP(e.ci_high)}]`])]), ['l', 'r', 'l']));
  }
  const sets = (title: string, list: string[][] | null, total: number | undefined) => {
    if (!list) return;
    out.push('');
    out.push(`${title} (${total ?? list.length}${list.length > max ? `, ${max} smallest shown` : ''})`);
    if (list.length === 0) out.push('  none');
    const byFlow = (a: string, b: string) => (r.labels[a]?.rank ?? 0) - (r.labels[b]?.rank ?? 0);
    list.slice(0, max).forEach((s, i) => out.push(`  ${String(i + 1).padStart(2)}. ${[...s].sort(byFlow).map(name).join(' → ')}`));
  };
  const st = (r.provenance.structure ?? {}) as { minimal_attacks_total?: number; minimal_cut_sets_total?: number };
  sets('Minimal attacks (steps that together reach harm)', r.minimal_attacks, st.minimal_attacks_total);
  sets('Minimal cut sets (steps whose failure stops every attack)', r.minimal_cut_sets, st.minimal_cut_sets_total);
  if (r.controls.length > 0) {
    out.push('');
    out.push('Controls (delta_p: harm removed by fully implementing; reliance: harm added if removed)');
    const ctl = (r.provenance.controls ?? {}) as Record<string, { status: string; effectiveness: string; covers: string[] }>;
    out.push(...table(['control', 'status', 'effectiveness', 'steps', 'delta_p', 'reliance'], r.controls.map((c) => [
      c.id, ctl[c.id]?.status ?? '', ctl[c.id]?.effectiveness ?? '', String(ctl[c.id]?.covers.length ?? 0), fmtP(c.delta_p), fmtP(c.reliance),
    ]), ['l', 'l', 'l', 'r', 'r', 'r']));
  }
  const mcs = r.minimal_control_sets;
  if (mcs) {
    out.push('');
    const extra = mcs.method === 'greedy' ? `, greedy: at most ${mcs.approximation_factor}× the optimum, which needs at least ${mcs.lower_bound}` : '';
    out.push(`Minimal control sets cutting every path to harm, controls assumed perfect (${mcs.method}${extra})`);
    if (mcs.note) out.push(`  ${mcs.note}`);
    mcs.sets.slice(0, max).forEach((s, i) => out.push(`  ${String(i + 1).padStart(2)}. ${s.join(' + ')}`));
  }
  if (r.unparameterized.length > 0) {
    out.push('');
    out.push(`${r.unparameterized.length} of ${Object.keys(r.nodes).filter((id) => id.startsWith('attack-action--')).length} actions are unparameterized (worst case p = 1, instantaneous): give them p, band or ttc in a parameters file.`);
  }
  return out.join('\n') + '\n';
}
