// The declared, versioned policies of an assessment: the acceptance matrix (controlled / uncontrolled,
// MDS2 hard-fails) and the score definition (weights, flow weights, caps, grades), read from
// content/acceptance/ or from files a user names, checked against their schemas and for consistency.
import { fileURLToPath } from 'node:url';
import { assertSchema, placeOf, readYamlFile, shownPath } from '../raci/index.ts';
import { MedflowError } from '../util/errors.ts';
import { HARM_SEVERITIES, REACHES, severityRank, type HarmSeverity, type Reach } from '../vocab/index.ts';
import type { AssessStatus } from './profile.ts';

export const ACCEPTANCE_FILE = fileURLToPath(new URL('../../content/acceptance/acceptance-matrix.yaml', import.meta.url));
export const SCORE_FILE = fileURLToPath(new URL('../../content/acceptance/score.yaml', import.meta.url));

export interface AcceptanceMatrix {
  id: string;
  version: string;
  description?: string;
  exploitability_levels: { id: string; max: number }[];
  acceptable: Record<Reach, Record<HarmSeverity, string>>;
  guarded_paths_required_from: HarmSeverity | 'never';
  mds2_hard_fails: { item: string; expected: 'yes' | 'no'; label: string }[];
  file: string;
}

export const SUB_SCORES = ['harm_reduction', 'path_closure', 'acceptance', 'control_implementation'] as const;
export type SubScore = (typeof SUB_SCORES)[number];

export interface ScoreDefinition {
  id: string;
  version: string;
  weights: Record<SubScore, number>;
  harm_reduction_orders: number;
  path_closure_layers: number;
  flow_weights: Record<HarmSeverity, Record<Reach, number>>;
  status_credit: Record<AssessStatus, number>;
  caps: { mds2_hard_fail?: number };
  grades: { grade: string; min: number }[];
  file: string;
}

/** Reads and checks an acceptance matrix (default: content/acceptance/acceptance-matrix.yaml). */
export function loadAcceptance(file = ACCEPTANCE_FILE): AcceptanceMatrix {
  const shown = shownPath(file);
  const y = readYamlFile(shown);
  assertSchema(y, 'acceptance-matrix.schema.json', 'acceptance matrix');
  const d = y.data as Omit<AcceptanceMatrix, 'file'>;
  const levels = d.exploitability_levels;
  const bad = (path: (string | number)[], msg: string) => new MedflowError(msg, { file: shown, at: placeOf(y, path) });
  levels.forEach((l, i) => {
    if (i > 0 && !(l.max > levels[i - 1].max)) throw bad(['exploitability_levels', i, 'max'], 'levels must be listed with increasing max');
  });
  if (levels[levels.length - 1].max !== 1) throw bad(['exploitability_levels', levels.length - 1, 'max'], 'the last level must have max 1');
  const ids = new Set(levels.map((l) => l.id));
  for (const r of REACHES) for (const s of HARM_SEVERITIES) {
    if (!ids.has(d.acceptable[r][s])) throw bad(['acceptable', r, s], `"${d.acceptable[r][s]}" is not an exploitability level (${[...ids].join(', ')})`);
  }
  return {
    id: d.id, version: d.version, ...(d.description ? { description: d.description } : {}),
    exploitability_levels: levels, acceptable: d.acceptable,
    guarded_paths_required_from: d.guarded_paths_required_from ?? 'never',
    mds2_hard_fails: d.mds2_hard_fails ?? [], file: shown,
  };
}

/** Reads and checks a score definition (default: content/acceptance/score.yaml). */
export function loadScoreDefinition(file = SCORE_FILE): ScoreDefinition {
  const shown = shownPath(file);
  const y = readYamlFile(shown);
  assertSchema(y, 'score-definition.schema.json', 'score definition');
  const d = y.data as Omit<ScoreDefinition, 'file'>;
  const sum = SUB_SCORES.reduce((s, k) => s + d.weights[k], 0);
  if (Math.abs(sum - 1) > 1e-9) throw new MedflowError(`weights add up to ${sum}, not 1`, { file: shown, at: placeOf(y, ['weights']) });
  const c = d.status_credit;
  if (!(c.implemented >= c.partial && c.partial >= c['not-implemented'] && c['not-implemented'] >= c.unknown)) {
    throw new MedflowError('status credits must not increase from implemented to partial, not-implemented and unknown (the score must never drop when a control is implemented)', { file: shown, at: placeOf(y, ['status_credit']) });
  }
  const grades = [...d.grades].sort((a, b) => b.min - a.min);
  return { ...d, caps: d.caps ?? {}, grades, file: shown };
}

/** Exploitability level of a harm probability (upper bound). */
export function exploitabilityLevel(m: AcceptanceMatrix, p: number): string {
  for (const l of m.exploitability_levels) if (p <= l.max + 1e-12) return l.id;
  return m.exploitability_levels[m.exploitability_levels.length - 1].id;
}

/** Whether structural closure is required at this severity. */
export function requiresGuardedPaths(m: AcceptanceMatrix, severity: HarmSeverity): boolean {
  return m.guarded_paths_required_from !== 'never' && severityRank(severity) >= severityRank(m.guarded_paths_required_from);
}

/** Index of a level id (0 = least exploitable). */
export function levelIndex(m: AcceptanceMatrix, id: string): number {
  return m.exploitability_levels.findIndex((l) => l.id === id);
}

export const policyStamp = (x: { id: string; version: string }) => `${x.id} ${x.version}`;
