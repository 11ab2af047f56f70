// Technique → control mapping over the controls catalog: which techniques a control covers, which
// controls cover a technique, coverage and gap reports for a set of techniques (e.g. every technique
// of a flow library), and the control parameters the simulation engine takes. Pure functions.
//
// Coverage rules (docs/controls.md, "How mapping works"):
// - A control covers the techniques it lists in `techniques`. A listed parent technique (T1566) also
//   covers all its current sub-techniques (T1566.001 …); a listed sub-technique covers only itself.
// - A control covers every technique ATT&CK/ATLAS links to one of its mitigation ids, exactly as the
//   catalog links them: no expansion from parent to sub-technique or back, because ATT&CK maps
//   mitigations to sub-techniques one by one.
// - Revoked and deprecated techniques are never covered; a queried id that was revoked is followed to
//   the technique that replaced it.
// - A query for a parent technique matches controls that cover the parent itself. Controls covering
//   only some of its sub-techniques are reported separately (`subtechnique_controls`), not as coverage.
import { catalog, catalogVersion, type Catalog, type TechniqueFact } from '../catalog/index.ts';
import { CONTROL_STATUSES, type ControlEffectiveness, type ControlStatus } from '../vocab/index.ts';
import { compareControlIds } from './validate.ts';
import type { Control, SimulationControl } from './types.ts';

const isCurrent = (t: TechniqueFact | undefined): t is TechniqueFact => !!t && !t.revoked && !t.deprecated;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Current sub-techniques of each parent technique id. */
const subsCache = new WeakMap<Catalog, Map<string, string[]>>();
function subTechniques(cat: Catalog): Map<string, string[]> {
  let m = subsCache.get(cat);
  if (!m) {
    m = new Map();
    for (const t of cat.techniques.values()) {
      if (!t.parent || !isCurrent(t)) continue;
      const list = m.get(t.parent) ?? [];
      list.push(t.id);
      m.set(t.parent, list);
    }
    for (const list of m.values()) list.sort(byId);
    subsCache.set(cat, m);
  }
  return m;
}

const coveredCache = new WeakMap<Catalog, WeakMap<Control, string[]>>();

/** Sorted ids of every current technique `control` covers (explicit techniques and those its mitigations mitigate). */
export function techniquesCoveredBy(control: Control, cat: Catalog = catalog()): string[] {
  let perCat = coveredCache.get(cat);
  if (!perCat) coveredCache.set(cat, (perCat = new WeakMap()));
  const hit = perCat.get(control);
  if (hit) return hit;
  const out = new Set<string>();
  const subs = subTechniques(cat);
  for (const id of control.techniques ?? []) {
    if (!isCurrent(cat.technique(id))) continue;
    out.add(id);
    for (const s of subs.get(id) ?? []) out.add(s);
  }
  for (const m of [...(control.attack_mitigations ?? []), ...(control.atlas_mitigations ?? [])]) {
    for (const id of cat.techniquesMitigatedBy(m)) if (isCurrent(cat.technique(id))) out.add(id);
  }
  const list = [...out].sort(byId);
  perCat.set(control, list);
  return list;
}

/** Where a control's coverage of one technique comes from: its own technique list and/or which mitigation ids. */
export function coverageBasis(control: Control, techniqueId: string, cat: Catalog = catalog()): { explicit: boolean; mitigations: string[] } {
  const t = cat.technique(techniqueId);
  const explicit = (control.techniques ?? []).some((id) => id === techniqueId || (t?.parent === id && isCurrent(t)));
  const mitigations = [...(control.attack_mitigations ?? []), ...(control.atlas_mitigations ?? [])].filter((m) =>
    cat.techniquesMitigatedBy(m).includes(techniqueId),
  );
  return { explicit, mitigations };
}

/** Technique id → ids of the controls covering it, for one control list. */
const indexCache = new WeakMap<Catalog, WeakMap<readonly Control[], Map<string, string[]>>>();
function techniqueIndex(controls: readonly Control[], cat: Catalog): Map<string, string[]> {
  let perCat = indexCache.get(cat);
  if (!perCat) indexCache.set(cat, (perCat = new WeakMap()));
  let idx = perCat.get(controls);
  if (!idx) {
    idx = new Map();
    for (const c of controls) {
      for (const t of techniquesCoveredBy(c, cat)) {
        const list = idx.get(t) ?? [];
        list.push(c.id);
        idx.set(t, list);
      }
    }
    for (const list of idx.values()) list.sort(compareControlIds);
    perCat.set(controls, idx);
  }
  return idx;
}

/** How an input technique id was understood. */
export interface ResolvedTechnique {
  input: string;
  /** The current catalog technique, when the input names one. */
  technique?: TechniqueFact;
  /** Set when the input was changed to find it: "repaired" (typo, "/" for "."), "revoked" (followed to its replacement). */
  change?: 'repaired' | 'revoked';
  /** Why the input could not be used (unknown id, not a technique id, deprecated without replacement). */
  problem?: string;
}

/** Resolves a technique id as written in a flow or list: trims, repairs unambiguous typos, follows revocations. */
export function resolveTechnique(input: string, cat: Catalog = catalog()): ResolvedTechnique {
  const trimmed = input.trim();
  let id = cat.technique(trimmed) ? trimmed : undefined;
  let change: ResolvedTechnique['change'];
  if (!id) {
    const candidate = /^(AML\.)?T\d{3,4}\/\d{1,3}$/i.test(trimmed) ? trimmed.replace('/', '.') : trimmed;
    const fixed = cat.repairId(candidate);
    if (fixed && cat.technique(fixed)) [id, change] = [fixed, 'repaired'];
  }
  if (!id) {
    const problem = /^(AML\.)?T\d/i.test(trimmed)
      ? `${JSON.stringify(trimmed)} is not a technique in ${catalogVersion(cat)}`
      : `${JSON.stringify(trimmed)} is not an ATT&CK or ATLAS technique id`;
    return { input, problem };
  }
  const t = cat.technique(id)!;
  if (t.revoked) {
    const now = cat.current(id);
    if (isCurrent(now) && now.id !== id) return { input, technique: now, change: 'revoked' };
    return { input, problem: `${id} (${t.name}) is revoked with no current replacement` };
  }
  if (t.deprecated) return { input, problem: `${id} (${t.name}) is deprecated in ${catalogVersion(cat)}` };
  return { input, technique: t, change };
}

/** Controls covering one technique (resolved as `resolveTechnique` does), sorted by id. */
export function controlsForTechnique<C extends Control>(techniqueId: string, controls: readonly C[], cat: Catalog = catalog()): C[] {
  const r = resolveTechnique(techniqueId, cat);
  if (!r.technique) return [];
  const ids = new Set(techniqueIndex(controls, cat).get(r.technique.id) ?? []);
  return controls.filter((c) => ids.has(c.id)).sort((a, b) => compareControlIds(a.id, b.id));
}

/** Controls per technique for many techniques at once: input id → covering controls (empty when none). */
export function controlsForTechniques<C extends Control>(techniqueIds: Iterable<string>, controls: readonly C[], cat: Catalog = catalog()): Map<string, C[]> {
  const out = new Map<string, C[]>();
  for (const id of techniqueIds) if (!out.has(id)) out.set(id, controlsForTechnique(id, controls, cat));
  return out;
}

/** One use of a technique id, with where it came from (a flow file, an action). */
export interface TechniqueUse {
  technique: string;
  source?: string;
}

export interface CoveredTechnique {
  technique: string;
  name: string;
  controls: string[];
  sources: string[];
}

export interface TechniqueGap {
  technique: string;
  name: string;
  domains: string[];
  sources: string[];
  /** For a parent technique: controls covering some of its sub-techniques (not counted as coverage). */
  subtechnique_controls: string[];
  /** ATT&CK/ATLAS mitigations of the technique; a control citing one would close the gap. */
  catalog_mitigations: string[];
  /**
   * Reconnaissance or resource development only: the attacker does it on its own infrastructure or in
   * public sources, outside any system the five parties run, so no control of theirs applies directly.
   */
  pre_compromise: boolean;
}

/** Tactics that happen before the attacker touches the victim's systems (ATT&CK and ATLAS). */
export const PRE_COMPROMISE_TACTICS = new Set(['TA0043', 'TA0042', 'AML.TA0002', 'AML.TA0003']);

export interface CoverageReport {
  catalog: string;
  controls: number;
  /** Distinct current techniques examined. */
  techniques: number;
  covered_count: number;
  gap_count: number;
  /** Gaps that are pre-compromise techniques (see TechniqueGap.pre_compromise). */
  pre_compromise_gap_count: number;
  /** covered / techniques, 0..1 (1 when there are no techniques). */
  coverage: number;
  covered: CoveredTechnique[];
  gaps: TechniqueGap[];
  /** Inputs changed to find the technique (typo repaired, revoked id followed). */
  resolved: { input: string; technique: string; change: 'repaired' | 'revoked'; sources: string[] }[];
  /** Inputs that name no current technique. */
  unresolved: { input: string; problem: string; sources: string[] }[];
}

/**
 * Coverage of a set of techniques by a control list: which techniques no control mitigates (gaps),
 * which are covered and by what. Plain id strings or `{technique, source}` uses are accepted.
 */
export function coverageReport(uses: Iterable<string | TechniqueUse>, controls: readonly Control[], cat: Catalog = catalog()): CoverageReport {
  const idx = techniqueIndex(controls, cat);
  const subs = subTechniques(cat);
  const byTechnique = new Map<string, Set<string>>();
  const resolved = new Map<string, { technique: string; change: 'repaired' | 'revoked'; sources: Set<string> }>();
  const unresolved = new Map<string, { problem: string; sources: Set<string> }>();
  for (const u of uses) {
    const { technique: input, source } = typeof u === 'string' ? { technique: u, source: undefined } : u;
    const r = resolveTechnique(input, cat);
    const key = input.trim();
    if (!r.technique) {
      const e = unresolved.get(key) ?? { problem: r.problem ?? 'unknown', sources: new Set<string>() };
      if (source) e.sources.add(source);
      unresolved.set(key, e);
      continue;
    }
    if (r.change) {
      const e = resolved.get(key) ?? { technique: r.technique.id, change: r.change, sources: new Set<string>() };
      if (source) e.sources.add(source);
      resolved.set(key, e);
    }
    const s = byTechnique.get(r.technique.id) ?? new Set<string>();
    if (source) s.add(source);
    byTechnique.set(r.technique.id, s);
  }
  const covered: CoveredTechnique[] = [];
  const gaps: TechniqueGap[] = [];
  for (const id of [...byTechnique.keys()].sort(byId)) {
    const t = cat.technique(id)!;
    const sources = [...byTechnique.get(id)!].sort();
    const ctl = idx.get(id) ?? [];
    if (ctl.length) covered.push({ technique: id, name: t.name, controls: ctl, sources });
    else {
      const viaSubs = new Set<string>();
      for (const s of subs.get(id) ?? []) for (const c of idx.get(s) ?? []) viaSubs.add(c);
      gaps.push({
        technique: id,
        name: t.name,
        domains: [...t.domains],
        sources,
        subtechnique_controls: [...viaSubs].sort(compareControlIds),
        catalog_mitigations: [...t.mitigations].sort(byId),
        pre_compromise: t.tactics.length > 0 && t.tactics.every((ta) => PRE_COMPROMISE_TACTICS.has(ta)),
      });
    }
  }
  const n = byTechnique.size;
  return {
    catalog: catalogVersion(cat),
    controls: controls.length,
    techniques: n,
    covered_count: covered.length,
    gap_count: gaps.length,
    pre_compromise_gap_count: gaps.filter((g) => g.pre_compromise).length,
    coverage: n === 0 ? 1 : covered.length / n,
    covered,
    gaps,
    resolved: [...resolved.entries()]
      .sort(([a], [b]) => byId(a, b))
      .map(([input, e]) => ({ input, technique: e.technique, change: e.change, sources: [...e.sources].sort() })),
    unresolved: [...unresolved.entries()]
      .sort(([a], [b]) => byId(a, b))
      .map(([input, e]) => ({ input, problem: e.problem, sources: [...e.sources].sort() })),
  };
}

export interface SimulationControlOptions {
  /** Status of every control (default "implemented"), or per control id; ids not listed use `defaultStatus`. */
  status?: ControlStatus | Readonly<Record<string, ControlStatus>>;
  defaultStatus?: ControlStatus;
  /** Effectiveness overrides per control id (default: each control's default_effectiveness). */
  effectiveness?: Readonly<Record<string, ControlEffectiveness>>;
  /**
   * Restrict `mitigates` to these technique ids (e.g. the techniques of one flow, resolved like coverage
   * input) and drop controls that cover none of them.
   */
  techniques?: Iterable<string>;
}

/** The simulation engine's control parameters (`{id, mitigates, status, effectiveness}`) for a control list. */
export function toSimulationControls(controls: readonly Control[], opts: SimulationControlOptions = {}, cat: Catalog = catalog()): SimulationControl[] {
  const defaultStatus = opts.defaultStatus ?? 'implemented';
  const statusOf = (id: string): ControlStatus =>
    typeof opts.status === 'string' ? opts.status : (opts.status?.[id] ?? defaultStatus);
  let within: Set<string> | undefined;
  if (opts.techniques) {
    within = new Set();
    for (const id of opts.techniques) {
      const r = resolveTechnique(id, cat);
      if (r.technique) within.add(r.technique.id);
    }
  }
  const out: SimulationControl[] = [];
  for (const c of [...controls].sort((a, b) => compareControlIds(a.id, b.id))) {
    const status = statusOf(c.id);
    if (!(CONTROL_STATUSES as readonly string[]).includes(status)) throw new TypeError(`unknown control status "${status}" for ${c.id}`);
    let mitigates = techniquesCoveredBy(c, cat);
    if (within) mitigates = mitigates.filter((t) => within.has(t));
    if (within && mitigates.length === 0) continue;
    out.push({ id: c.id, mitigates, status, effectiveness: opts.effectiveness?.[c.id] ?? c.default_effectiveness.level });
  }
  return out;
}
