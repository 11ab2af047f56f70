// The simulation parameters file (YAML or JSON): horizon, per-action probabilities / bands / time
// distributions, condition probabilities, controls and the control multiplier mapping. Parsing is
// strict (a typo is an error naming the file and the field); ids are checked later against the flow.
import { MedflowError } from '../util/errors.ts';
import { readData } from '../util/io.ts';
import { isPlainObject } from '../util/json.ts';
import { DIFFICULTY_BANDS, type DifficultyBand } from '../vocab/index.ts';
import { isBand, type Dist } from './distributions.ts';

export const CONTROL_STATUSES = ['implemented', 'partial', 'not-implemented'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];
export const EFFECTIVENESS_LEVELS = ['minimal', 'partial', 'significant'] as const;
export type Effectiveness = (typeof EFFECTIVENESS_LEVELS)[number];

/** What the file says about one action (keyed by STIX id or technique id). */
export interface ActionParam {
  /** Probability that the step is possible at all (existence). With no `ttc` it is the step's success probability. */
  p?: number;
  /** A MAL difficulty band (existence probability and time distribution together). */
  band?: DifficultyBand;
  /** Time distribution in days. */
  ttc?: Dist;
}

export interface ConditionParam {
  /** Probability that the condition holds when reached. */
  q: number;
}

export interface ControlSpec {
  id: string;
  name?: string;
  /** Technique ids (T…, AML.T…) and/or mitigation ids (M…, AML.M…) as written. */
  mitigates: string[];
  status: ControlStatus;
  effectiveness: Effectiveness;
  /** Fixed success multiplier for a fully implemented control (overrides the effectiveness mapping). */
  multiplier?: number;
}

/** How the attacker gets past a fully implemented control: a bypass band, or a fixed bypass probability. */
export type BypassSpec = { band: DifficultyBand } | { p: number };

/**
 * The control multiplier mapping. A step covered by a control succeeds with its own probability times
 * m = (1 − s) + s · P(bypass within the horizon), where s is the status weight.
 */
export interface ControlModel {
  statusWeight: Record<ControlStatus, number>;
  bypass: Record<Effectiveness, BypassSpec>;
}

/**
 * medflow's default mapping: a modelling choice, not a sourced value. Effectiveness levels follow the
 * CTID Security Stack Mappings scale; each is read as the coreLang idiom of an extra bypass step
 * (significant → VeryHardAndUncertain, partial → HardAndUncertain, minimal → HardAndCertain); a partially
 * implemented control is in force half of the time.
 */
export const DEFAULT_CONTROL_MODEL: ControlModel = {
  statusWeight: { implemented: 1, partial: 0.5, 'not-implemented': 0 },
  bypass: {
    significant: { band: 'VeryHardAndUncertain' },
    partial: { band: 'HardAndUncertain' },
    minimal: { band: 'HardAndCertain' },
  },
};

/** Default attacker horizon in days (the method note's reference horizon). */
export const DEFAULT_HORIZON_DAYS = 30;

export interface SimulationParams {
  horizonDays?: number;
  actions: Record<string, ActionParam>;
  conditions: Record<string, ConditionParam>;
  controls: ControlSpec[];
  controlModel: ControlModel;
  /** The file the parameters came from (for messages and provenance). */
  file?: string;
}

export function emptyParams(): SimulationParams {
  return { actions: {}, conditions: {}, controls: [], controlModel: cloneModel(DEFAULT_CONTROL_MODEL) };
}

function cloneModel(m: ControlModel): ControlModel {
  return { statusWeight: { ...m.statusWeight }, bypass: { ...m.bypass } };
}

/** Reads and checks a parameters file (.yaml, .yml or .json). */
export function loadParams(file: string): SimulationParams {
  return parseParams(readData(file), file);
}

class Ctx {
  constructor(readonly file: string | undefined) {}
  fail(at: string, message: string): never {
    throw new MedflowError(message, { file: this.file, at });
  }
  object(v: unknown, at: string): Record<string, unknown> {
    if (!isPlainObject(v)) this.fail(at, `expected a mapping (object), got ${describe(v)}`);
    return v;
  }
  keys(o: Record<string, unknown>, at: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        this.fail(join(at, k), `unknown field "${k}" (expected one of: ${allowed.join(', ')})`);
      }
    }
  }
  number(v: unknown, at: string, min: number, max: number, opts: { openMin?: boolean } = {}): number {
    if (typeof v !== 'number' || Number.isNaN(v)) this.fail(at, `expected a number, got ${describe(v)}`);
    if (v < min || v > max || (opts.openMin && v === min)) {
      this.fail(at, `must be ${opts.openMin ? 'greater than' : 'at least'} ${min}${max === Infinity ? '' : ` and at most ${max}`}, got ${v}`);
    }
    return v;
  }
  prob(v: unknown, at: string): number {
    return this.number(v, at, 0, 1);
  }
  positive(v: unknown, at: string): number {
    const n = this.number(v, at, 0, Infinity, { openMin: true });
    if (!Number.isFinite(n)) this.fail(at, 'must be finite');
    return n;
  }
  oneOf<T extends string>(v: unknown, at: string, list: readonly T[]): T {
    if (typeof v !== 'string' || !(list as readonly string[]).includes(v)) {
      this.fail(at, `expected one of ${list.join(', ')}, got ${describe(v)}`);
    }
    return v as T;
  }
}

function join(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`;
  return at ? `${at}.${key}` : key;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** Checks parsed parameter data. Throws MedflowError naming the file and the field on any problem. */
export function parseParams(raw: unknown, file?: string): SimulationParams {
  const c: Ctx = new Ctx(file);
  const out = emptyParams();
  out.file = file;
  if (raw === null || raw === undefined) return out; // an empty file means "no parameters"
  const top = c.object(raw, '');
  c.keys(top, '', ['horizon_days', 'actions', 'conditions', 'controls', 'control_model', 'description', 'name', 'notes']);
  if (top.horizon_days !== undefined) out.horizonDays = c.number(top.horizon_days, 'horizon_days', 0, Infinity, { openMin: true });
  if (top.actions !== undefined && top.actions !== null) {
    const actions = c.object(top.actions, 'actions');
    for (const [id, v] of Object.entries(actions)) out.actions[id] = parseActionParam(c, v, join('actions', id));
  }
  if (top.conditions !== undefined && top.conditions !== null) {
    const conds = c.object(top.conditions, 'conditions');
    for (const [id, v] of Object.entries(conds)) {
      const at = join('conditions', id);
      if (typeof v === 'number') {
        out.conditions[id] = { q: c.prob(v, at) };
        continue;
      }
      const o = c.object(v, at);
      c.keys(o, at, ['q', 'note']);
      if (o.q === undefined) c.fail(at, 'missing field "q" (probability that the condition holds)');
      out.conditions[id] = { q: c.prob(o.q, join(at, 'q')) };
    }
  }
  if (top.controls !== undefined && top.controls !== null) {
    if (!Array.isArray(top.controls)) c.fail('controls', `expected a list of controls, got ${describe(top.controls)}`);
    const seen = new Set<string>();
    top.controls.forEach((v, i) => {
      const ctl = parseControl(c, v, join('controls', i));
      if (seen.has(ctl.id)) c.fail(join(join('controls', i), 'id'), `duplicate control id "${ctl.id}"`);
      seen.add(ctl.id);
      out.controls.push(ctl);
    });
  }
  if (top.control_model !== undefined && top.control_model !== null) {
    const m = c.object(top.control_model, 'control_model');
    c.keys(m, 'control_model', ['status_weight', 'bypass']);
    if (m.status_weight !== undefined) {
      const sw = c.object(m.status_weight, 'control_model.status_weight');
      c.keys(sw, 'control_model.status_weight', CONTROL_STATUSES);
      for (const [k, v] of Object.entries(sw)) out.controlModel.statusWeight[k as ControlStatus] = c.prob(v, join('control_model.status_weight', k));
    }
    if (m.bypass !== undefined) {
      const bp = c.object(m.bypass, 'control_model.bypass');
      c.keys(bp, 'control_model.bypass', EFFECTIVENESS_LEVELS);
      for (const [k, v] of Object.entries(bp)) {
        const at = join('control_model.bypass', k);
        if (typeof v === 'string') {
          out.controlModel.bypass[k as Effectiveness] = { band: c.oneOf(v, at, DIFFICULTY_BANDS) };
        } else if (typeof v === 'number') {
          out.controlModel.bypass[k as Effectiveness] = { p: c.prob(v, at) };
        } else {
          const o = c.object(v, at);
          c.keys(o, at, ['band', 'p']);
          if ((o.band === undefined) === (o.p === undefined)) c.fail(at, 'give exactly one of "band" or "p"');
          out.controlModel.bypass[k as Effectiveness] = o.band !== undefined
            ? { band: c.oneOf(o.band, join(at, 'band'), DIFFICULTY_BANDS) }
            : { p: c.prob(o.p, join(at, 'p')) };
        }
      }
    }
  }
  return out;
}

function parseActionParam(c: Ctx, v: unknown, at: string): ActionParam {
  if (typeof v === 'number') return { p: c.prob(v, at) };
  if (typeof v === 'string') {
    if (!isBand(v)) c.fail(at, `expected a probability, a band (${DIFFICULTY_BANDS.join(', ')}) or a mapping, got ${describe(v)}`);
    return { band: v };
  }
  const o = c.object(v, at);
  c.keys(o, at, ['p', 'band', 'ttc', 'note']);
  const out: ActionParam = {};
  if (o.band !== undefined) {
    if (o.p !== undefined || o.ttc !== undefined) c.fail(at, 'give either "band" or "p"/"ttc", not both (a band already sets the existence probability and the time)');
    out.band = c.oneOf(o.band, join(at, 'band'), DIFFICULTY_BANDS);
  }
  if (o.p !== undefined) out.p = c.prob(o.p, join(at, 'p'));
  if (o.ttc !== undefined) out.ttc = parseDist(c, o.ttc, join(at, 'ttc'));
  if (out.band === undefined && out.p === undefined && out.ttc === undefined) c.fail(at, 'expected at least one of "p", "band" or "ttc"');
  return out;
}

/** Reads `{dist: exponential, rate}`-style time distributions (days). */
export function parseDist(c: Ctx, v: unknown, at: string): Dist {
  const o = c.object(v, at);
  const kind = c.oneOf(o.dist, join(at, 'dist'), ['exponential', 'gamma', 'erlang', 'lognormal', 'uniform', 'weibull', 'constant']);
  const f = (k: string) => join(at, k);
  switch (kind) {
    case 'exponential': {
      c.keys(o, at, ['dist', 'rate', 'mean']);
      if ((o.rate === undefined) === (o.mean === undefined)) c.fail(at, 'exponential needs exactly one of "rate" (per day) or "mean" (days)');
      return { kind: 'exponential', rate: o.rate !== undefined ? c.positive(o.rate, f('rate')) : 1 / c.positive(o.mean, f('mean')) };
    }
    case 'gamma':
    case 'erlang': {
      const shapeKey = kind === 'erlang' ? 'k' : 'shape';
      c.keys(o, at, ['dist', shapeKey, 'rate', 'scale', 'mean']);
      const shape = c.positive(o[shapeKey], f(shapeKey));
      if (kind === 'erlang' && !Number.isInteger(shape)) c.fail(f('k'), `erlang needs a whole number of stages, got ${shape}`);
      const given = ['rate', 'scale', 'mean'].filter((k) => o[k] !== undefined);
      if (given.length !== 1) c.fail(at, `${kind} needs exactly one of "rate", "scale" or "mean"`);
      const rate = o.rate !== undefined ? c.positive(o.rate, f('rate'))
        : o.scale !== undefined ? 1 / c.positive(o.scale, f('scale'))
        : shape / c.positive(o.mean, f('mean'));
      return { kind: 'gamma', shape, rate };
    }
    case 'lognormal': {
      c.keys(o, at, ['dist', 'mu', 'median', 'sigma']);
      if ((o.mu === undefined) === (o.median === undefined)) c.fail(at, 'lognormal needs exactly one of "mu" (log-days) or "median" (days)');
      const mu = o.mu !== undefined ? c.number(o.mu, f('mu'), -Infinity, Infinity) : Math.log(c.positive(o.median, f('median')));
      return { kind: 'lognormal', mu, sigma: c.positive(o.sigma, f('sigma')) };
    }
    case 'uniform': {
      c.keys(o, at, ['dist', 'min', 'max']);
      const min = c.number(o.min, f('min'), 0, Infinity), max = c.number(o.max, f('max'), 0, Infinity);
      if (!(max > min) || !Number.isFinite(max)) c.fail(f('max'), `must be finite and greater than min (${min})`);
      return { kind: 'uniform', min, max };
    }
    case 'weibull': {
      c.keys(o, at, ['dist', 'shape', 'scale']);
      return { kind: 'weibull', shape: c.positive(o.shape, f('shape')), scale: c.positive(o.scale, f('scale')) };
    }
    case 'constant': {
      c.keys(o, at, ['dist', 'value']);
      const value = c.number(o.value, f('value'), 0, Infinity);
      if (!Number.isFinite(value)) c.fail(f('value'), 'must be finite');
      return { kind: 'constant', value };
    }
  }
}

function parseControl(c: Ctx, v: unknown, at: string): ControlSpec {
  const o = c.object(v, at);
  c.keys(o, at, ['id', 'name', 'description', 'mitigates', 'status', 'effectiveness', 'multiplier']);
  if (typeof o.id !== 'string' || o.id.trim() === '') c.fail(join(at, 'id'), `expected a non-empty string, got ${describe(o.id)}`);
  const mit = o.mitigates;
  if (!Array.isArray(mit) || mit.length === 0) c.fail(join(at, 'mitigates'), 'expected a non-empty list of technique or mitigation ids');
  const mitigates = mit.map((m, i) => {
    if (typeof m !== 'string' || m.trim() === '') c.fail(join(join(at, 'mitigates'), i), `expected an id string, got ${describe(m)}`);
    return m.trim();
  });
  const ctl: ControlSpec = {
    id: o.id.trim(),
    mitigates,
    status: o.status === undefined ? 'implemented' : c.oneOf(o.status, join(at, 'status'), CONTROL_STATUSES),
    effectiveness: o.effectiveness === undefined ? 'partial' : c.oneOf(o.effectiveness, join(at, 'effectiveness'), EFFECTIVENESS_LEVELS),
  };
  if (typeof o.name === 'string') ctl.name = o.name;
  if (o.multiplier !== undefined) ctl.multiplier = c.prob(o.multiplier, join(at, 'multiplier'));
  return ctl;
}
