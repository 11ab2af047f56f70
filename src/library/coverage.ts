// Coverage of the flow library: use case × safety goal matrix, techniques per ATT&CK/ATLAS domain,
// realized vs theoretical, and flows ranked by harm severity, then reach, then exploitability.
//
// Exploitability is a hook: pass an `ExploitabilityFn` (the simulation engine's harm probability,
// once it lands). Until then `bandExploitability` ranks flows by their difficulty bands: the
// weakest-link feasibility of the easiest route to harm (see its comment).
import { catalog as defaultCatalog, type Catalog, type Domain } from '../catalog/index.ts';
import {
  DIFFICULTY_BANDS, SAFETY_GOALS, USE_CASES,
  severityRank, reachRank, type DifficultyBand, type HarmSeverity, type Reach,
} from '../vocab/index.ts';
import { round } from '../util/json.ts';
import { reachEdges, startKeys } from './flow.ts';
import type { FlowSource } from './source.ts';
import type { Library, LibraryFlow } from './library.ts';

export interface Exploitability {
  /** Higher = easier for the attacker to reach harm (0..1). */
  score: number;
  /** Where the score comes from, e.g. "difficulty-bands" or "simulation". */
  source: string;
  /** A short human-readable basis, e.g. the bottleneck band. */
  basis: string;
}

/** The ranking hook: the simulation engine supplies one of these (harm probability) when it exists. */
export type ExploitabilityFn = (flow: LibraryFlow) => Exploitability | undefined;

/** Horizon for the band-based proxy, in days (the simulation method's default attacker horizon). */
export const BAND_HORIZON_DAYS = 30;

/**
 * Per-step feasibility within the horizon for a MAL band: p_exist · (1 − e^(−rate·H)), with rates
 * Easy 1/day, Hard 0.1/day, VeryHard 0.01/day and p_exist 0.5 for the …Uncertain bands
 * (docs: simulation method, parameter sources).
 */
export function bandFeasibility(band: DifficultyBand, horizonDays = BAND_HORIZON_DAYS): number {
  const rate = band.startsWith('VeryHard') ? 0.01 : band.startsWith('Hard') ? 0.1 : 1;
  const pExist = band.endsWith('Uncertain') ? 0.5 : 1;
  return round(pExist * (1 - Math.exp(-rate * horizonDays)), 6);
}

/**
 * Band-based exploitability proxy: along a route the attacker is held back by its hardest step
 * (weakest link, min of step feasibilities); an OR or several routes give the attacker the easiest
 * one (max), an AND needs all its inputs (min). The flow's score is that value at its targets:
 * actions touching a patient-harm asset (else actions producing an exit state, else sinks).
 * Ordinal by construction: it never multiplies step values.
 */
export function bandExploitability(flow: LibraryFlow): Exploitability {
  const src = flow.source;
  const value = routeValues(src);
  const harmAssets = new Set((src.assets ?? []).filter((a) => a.patient_harm).map((a) => a.key));
  let targets = src.actions.filter((a) => (a.assets ?? []).some((k) => harmAssets.has(k)));
  if (targets.length === 0) targets = src.actions.filter((a) => (a.produces ?? []).length > 0);
  if (targets.length === 0) targets = src.actions.filter((a) => !(a.effects ?? []).length);
  let best = 0, bestKey = '';
  for (const t of targets) {
    const v = value.get(t.key) ?? 0;
    if (v > best || (v === best && (bestKey === '' || t.key < bestKey))) (best = v, bestKey = t.key);
  }
  const band = bottleneckBand(best);
  return { score: best, source: 'difficulty-bands', basis: band ? `hardest step on the easiest route: ${band}` : 'no route to harm' };
}

function bottleneckBand(v: number): DifficultyBand | undefined {
  return DIFFICULTY_BANDS.find((b) => bandFeasibility(b) === v);
}

/** Weakest-link route value of every node (least fixed point, so cycles terminate). */
export function routeValues(src: FlowSource): Map<string, number> {
  const own = new Map(src.actions.map((a) => [a.key, bandFeasibility(a.difficulty.band as DifficultyBand)]));
  const ops = new Map((src.operators ?? []).map((o) => [o.key, o.operator]));
  const inputs = new Map<string, string[]>();
  for (const [s, t] of reachEdges(src)) inputs.set(t, [...(inputs.get(t) ?? []), s]);
  const starts = new Set(startKeys(src));
  const nodes = [...src.actions.map((a) => a.key), ...(src.conditions ?? []).map((c) => c.key), ...ops.keys()];
  const val = new Map(nodes.map((n) => [n, 0]));
  for (let changed = true, guard = 0; changed && guard < 10_000; guard++) {
    changed = false;
    for (const n of nodes) {
      const ins = (inputs.get(n) ?? []).map((i) => val.get(i) ?? 0);
      let reach: number;
      if (starts.has(n)) reach = 1;
      else if (ops.get(n) === 'AND') reach = ins.length ? Math.min(...ins) : 0;
      else reach = ins.length ? Math.max(...ins) : 0;
      const v = own.has(n) ? Math.min(reach, own.get(n)!) : reach;
      if (v > val.get(n)!) (val.set(n, v), (changed = true));
    }
  }
  return val;
}

export interface RankedFlow {
  rank: number;
  id: string;
  name: string;
  use_cases: string[];
  patient_safety_goal: string;
  harm_severity: string;
  reach: string;
  provenance: string;
  exploitability: Exploitability | null;
}

/** Flows ranked by harm severity, then reach, then exploitability (all descending), then id. */
export function rankFlows(flows: LibraryFlow[], exploitability: ExploitabilityFn = bandExploitability): RankedFlow[] {
  const rows = flows.map((f) => ({ f, e: exploitability(f) ?? null }));
  rows.sort((a, b) =>
    severityRank(b.f.source.harm_severity as HarmSeverity) - severityRank(a.f.source.harm_severity as HarmSeverity) ||
    reachRank(b.f.source.reach as Reach) - reachRank(a.f.source.reach as Reach) ||
    (b.e?.score ?? -1) - (a.e?.score ?? -1) ||
    (a.f.source.id < b.f.source.id ? -1 : 1));
  return rows.map(({ f, e }, i) => ({
    rank: i + 1,
    id: f.source.id,
    name: f.source.name,
    use_cases: f.source.use_cases,
    patient_safety_goal: f.source.patient_safety_goal,
    harm_severity: f.source.harm_severity,
    reach: f.source.reach,
    provenance: f.source.provenance,
    exploitability: e,
  }));
}

export interface TechniqueUse {
  id: string;
  name: string;
  /** Flows using it. */
  flows: number;
}

export interface CoverageReport {
  catalog: string;
  totals: { flows: number; scenarios: number; actions: number; realized: number; theoretical: number; branching: number };
  use_cases: string[];
  goals: string[];
  /** matrix[use case][goal] = flow ids. */
  matrix: Record<string, Record<string, string[]>>;
  /** goal → number of use cases with at least one flow for it. */
  goal_use_cases: Record<string, number>;
  techniques: Partial<Record<Domain, TechniqueUse[]>>;
  provenance: { realized: string[]; theoretical: string[] };
  scenarios: { id: string; flows: string[]; patient_safety_goal: string }[];
  ranking: RankedFlow[];
  ranking_basis: string;
}

export function coverage(
  lib: Library,
  opts: { exploitability?: ExploitabilityFn; exploitabilityBasis?: string; catalog?: Catalog; catalogName?: string } = {},
): CoverageReport {
  const cat = opts.catalog ?? defaultCatalog();
  const flows = lib.flows;
  const matrix: CoverageReport['matrix'] = {};
  for (const uc of USE_CASES) matrix[uc] = Object.fromEntries(SAFETY_GOALS.map((g) => [g, [] as string[]]));
  for (const f of flows) for (const uc of f.source.use_cases) matrix[uc]?.[f.source.patient_safety_goal]?.push(f.source.id);
  const goal_use_cases = Object.fromEntries(SAFETY_GOALS.map((g) => [g, USE_CASES.filter((uc) => matrix[uc][g].length > 0).length]));

  const uses = new Map<string, Set<string>>();
  for (const f of flows) for (const a of f.source.actions) uses.set(a.technique, (uses.get(a.technique) ?? new Set()).add(f.source.id));
  const techniques: CoverageReport['techniques'] = {};
  for (const [id, set] of [...uses].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const t = cat.technique(id);
    const d = (t?.domains[0] ?? 'enterprise') as Domain;
    (techniques[d] ??= []).push({ id, name: t?.name ?? '(unknown)', flows: set.size });
  }
  const realized = flows.filter((f) => f.source.provenance === 'realized').map((f) => f.source.id);
  const theoretical = flows.filter((f) => f.source.provenance !== 'realized').map((f) => f.source.id);
  const exploitability = opts.exploitability ?? bandExploitability;
  return {
    catalog: opts.catalogName ?? '',
    totals: {
      flows: flows.length,
      scenarios: lib.scenarios.length,
      actions: flows.reduce((n, f) => n + f.source.actions.length, 0),
      realized: realized.length,
      theoretical: theoretical.length,
      branching: flows.filter((f) => (f.source.conditions ?? []).length + (f.source.operators ?? []).length > 0).length,
    },
    use_cases: [...USE_CASES],
    goals: [...SAFETY_GOALS],
    matrix,
    goal_use_cases,
    techniques,
    provenance: { realized, theoretical },
    scenarios: lib.scenarios.map((s) => ({ id: s.scenario.id, flows: s.scenario.flows, patient_safety_goal: s.scenario.patient_safety_goal })),
    ranking: rankFlows(flows, exploitability),
    ranking_basis: opts.exploitability
      ? `harm severity, then reach, then exploitability (${opts.exploitabilityBasis ?? 'from the supplied model'})`
      : `harm severity, then reach, then a difficulty-band proxy for exploitability (weakest-link feasibility, within ${BAND_HORIZON_DAYS} days, of the easiest route from the flow's entry states to harm); to be replaced by the simulation engine's harm probability`,
  };
}

const DOMAIN_NAMES: Record<Domain, string> = { enterprise: 'ATT&CK Enterprise', ics: 'ATT&CK ICS', mobile: 'ATT&CK Mobile', atlas: 'ATLAS' };

/** The coverage report as Markdown. */
export function coverageMarkdown(r: CoverageReport): string {
  const L: string[] = [];
  const t = r.totals;
  L.push('# medflow flow library coverage', '');
  if (r.catalog) L.push(`Catalog: ${r.catalog}`, '');
  L.push(`${t.flows} flows (${t.realized} realized, ${t.theoretical} theoretical; ${t.branching} branch), ${t.actions} actions, ${t.scenarios} scenarios.`, '');
  L.push('## Use case × patient-safety goal (number of flows)', '');
  L.push(`| use case | ${r.goals.join(' | ')} |`, `|---|${r.goals.map(() => '---:').join('|')}|`);
  for (const uc of r.use_cases) L.push(`| ${uc} | ${r.goals.map((g) => String(r.matrix[uc][g].length || '·')).join(' | ')} |`);
  L.push(`| **use cases per goal** | ${r.goals.map((g) => `**${r.goal_use_cases[g]}**`).join(' | ')} |`, '');
  L.push('## Techniques per domain', '');
  for (const d of ['enterprise', 'ics', 'mobile', 'atlas'] as Domain[]) {
    const list = r.techniques[d] ?? [];
    L.push(`- **${DOMAIN_NAMES[d]}** (${list.length}): ${list.map((x) => `${x.id} ${x.name}${x.flows > 1 ? ` ×${x.flows}` : ''}`).join('; ') || '—'}`);
  }
  L.push('', '## Provenance', '');
  L.push(`- realized (${r.provenance.realized.length}): ${r.provenance.realized.join(', ') || '—'}`);
  L.push(`- theoretical (${r.provenance.theoretical.length}): ${r.provenance.theoretical.join(', ') || '—'}`, '');
  L.push('## Flows ranked', '', `Order: ${r.ranking_basis}.`, '');
  L.push('| # | flow | use cases | goal | severity | reach | exploitability | provenance |', '|---:|---|---|---|---|---|---|---|');
  for (const f of r.ranking) {
    const e = f.exploitability ? `${f.exploitability.score.toFixed(3)} (${f.exploitability.basis})` : '—';
    L.push(`| ${f.rank} | ${f.id} | ${f.use_cases.join(', ')} | ${f.patient_safety_goal} | ${f.harm_severity} | ${f.reach} | ${e} | ${f.provenance} |`);
  }
  if (r.scenarios.length) {
    L.push('', '## Scenarios', '');
    for (const s of r.scenarios) L.push(`- **${s.id}** (${s.patient_safety_goal}): ${s.flows.join(' → ')}`);
  }
  return L.join('\n') + '\n';
}
