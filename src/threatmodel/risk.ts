// Scoring a threat: patient-harm severity and reach from the assets and components involved, CVSS-style
// exploitability from the network the attacker comes over, and a risk level read from the declared,
// versioned severity × exploitability matrix in content/rules/risk-matrix.yaml (never a product of ordinals).
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import { MedflowError } from '../util/errors.ts';
import { readData } from '../util/io.ts';
import { HARM_SEVERITIES, REACHES, type HarmSeverity, type Reach, severityRank } from '../vocab/index.ts';
import {
  EXPLOITABILITY_LEVELS, RISK_LEVELS, type AttackComplexity, type AttackVector, type Exploitability, type ExploitabilityLevel,
  type PrivilegesRequired, type RiskLevel, type UserInteraction,
} from './model.ts';

export const RISK_MATRIX_FILE = fileURLToPath(new URL('../../content/rules/risk-matrix.yaml', import.meta.url));

export interface RiskMatrix {
  id: string;
  version: string;
  description?: string;
  /** Lowest CVSS exploitability sub-score of each level above `low`. */
  exploitability_thresholds: { medium: number; high: number };
  /** Patient counts from which a shared component's reach is multi-patient or fleet. */
  reach_thresholds: { 'multi-patient': number; fleet: number };
  /** severity → risk level per exploitability level (low, medium, high). */
  matrix: Record<HarmSeverity, [RiskLevel, RiskLevel, RiskLevel]>;
  /** Levels added for reach when the severity is at least `min_severity` (capped at critical). */
  reach_escalation: { min_severity: HarmSeverity; 'multi-patient': number; fleet: number };
}

const level = { enum: [...RISK_LEVELS] };
const MATRIX_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'exploitability_thresholds', 'reach_thresholds', 'matrix', 'reach_escalation'],
  properties: {
    id: { type: 'string' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    description: { type: 'string' },
    exploitability_thresholds: {
      type: 'object', additionalProperties: false, required: ['medium', 'high'],
      properties: { medium: { type: 'number' }, high: { type: 'number' } },
    },
    reach_thresholds: {
      type: 'object', additionalProperties: false, required: ['multi-patient', 'fleet'],
      properties: { 'multi-patient': { type: 'integer', minimum: 2 }, fleet: { type: 'integer', minimum: 2 } },
    },
    matrix: {
      type: 'object', additionalProperties: false, required: [...HARM_SEVERITIES],
      properties: Object.fromEntries(HARM_SEVERITIES.map((s) => [s, { type: 'array', items: level, minItems: 3, maxItems: 3 }])),
    },
    reach_escalation: {
      type: 'object', additionalProperties: false, required: ['min_severity', 'multi-patient', 'fleet'],
      properties: { min_severity: { enum: [...HARM_SEVERITIES] }, 'multi-patient': { type: 'integer', minimum: 0 }, fleet: { type: 'integer', minimum: 0 } },
    },
  },
};

export function checkRiskMatrix(data: unknown, file?: string): RiskMatrix {
  const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
  const v = new (Ajv as unknown as new (o: object) => import('ajv').default)({ allErrors: true, strict: false }).compile(MATRIX_SCHEMA);
  if (!v(data)) {
    const e = v.errors![0];
    throw new MedflowError(`risk matrix: ${e.instancePath || '(top)'} ${e.message}`, { file });
  }
  const m = data as unknown as RiskMatrix;
  if (m.exploitability_thresholds.medium > m.exploitability_thresholds.high) throw new MedflowError('risk matrix: medium threshold above high', { file });
  if (m.reach_thresholds['multi-patient'] > m.reach_thresholds.fleet) throw new MedflowError('risk matrix: multi-patient threshold above fleet', { file });
  // Monotone: more harm or more exploitability never lowers risk.
  const r = (l: RiskLevel) => RISK_LEVELS.indexOf(l);
  HARM_SEVERITIES.forEach((s, i) => {
    const row = m.matrix[s];
    for (let j = 1; j < 3; j++) if (r(row[j]) < r(row[j - 1])) throw new MedflowError(`risk matrix: row "${s}" decreases with exploitability`, { file });
    if (i > 0) {
      const prev = m.matrix[HARM_SEVERITIES[i - 1]];
      for (let j = 0; j < 3; j++) if (r(row[j]) < r(prev[j])) throw new MedflowError(`risk matrix: "${s}" is below "${HARM_SEVERITIES[i - 1]}" in column ${j}`, { file });
    }
  });
  return m;
}

let cached: RiskMatrix | undefined;
export function defaultRiskMatrix(): RiskMatrix {
  cached ??= checkRiskMatrix(readData(RISK_MATRIX_FILE), RISK_MATRIX_FILE);
  return cached;
}

// CVSS v3.1 exploitability weights (scope unchanged).
const W_AV: Record<AttackVector, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const W_AC: Record<AttackComplexity, number> = { L: 0.77, H: 0.44 };
const W_PR: Record<PrivilegesRequired, number> = { N: 0.85, L: 0.62, H: 0.27 };
const W_UI: Record<UserInteraction, number> = { N: 0.85, R: 0.62 };

/** CVSS v3.1 exploitability sub-score (8.22 × AV × AC × PR × UI), to one decimal. */
export function exploitabilityScore(av: AttackVector, ac: AttackComplexity, pr: PrivilegesRequired, ui: UserInteraction): number {
  return Math.round(8.22 * W_AV[av] * W_AC[ac] * W_PR[pr] * W_UI[ui] * 10) / 10;
}

const scored = new WeakMap<RiskMatrix, Map<string, { vector: string; score: number; level: ExploitabilityLevel }>>();

export function exploitability(
  av: AttackVector, ac: AttackComplexity, pr: PrivilegesRequired, ui: UserInteraction, basis: string, m: RiskMatrix,
): Exploitability {
  let cache = scored.get(m);
  if (!cache) scored.set(m, (cache = new Map()));
  const key = av + ac + pr + ui;
  let s = cache.get(key);
  if (!s) {
    const score = exploitabilityScore(av, ac, pr, ui);
    const level: ExploitabilityLevel = score >= m.exploitability_thresholds.high ? 'high' : score >= m.exploitability_thresholds.medium ? 'medium' : 'low';
    cache.set(key, (s = { vector: `AV:${av}/AC:${ac}/PR:${pr}/UI:${ui}`, score, level }));
  }
  return { av, ac, pr, ui, vector: s.vector, score: s.score, level: s.level, basis };
}

/** Risk level from the matrix, raised for reach when the harm is severe enough. */
export function riskLevel(severity: HarmSeverity, reach: Reach, expl: ExploitabilityLevel, m: RiskMatrix): RiskLevel {
  const base = RISK_LEVELS.indexOf(m.matrix[severity][EXPLOITABILITY_LEVELS.indexOf(expl)]);
  let up = 0;
  if (severityRank(severity) >= severityRank(m.reach_escalation.min_severity)) {
    if (reach === 'fleet') up = m.reach_escalation.fleet;
    else if (reach === 'multi-patient') up = m.reach_escalation['multi-patient'];
  }
  return RISK_LEVELS[Math.min(RISK_LEVELS.length - 1, base + up)];
}

export function maxSeverity(a: HarmSeverity, b: HarmSeverity): HarmSeverity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export function minSeverity(a: HarmSeverity, b: HarmSeverity): HarmSeverity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

export { REACHES };
