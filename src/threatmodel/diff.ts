// `medflow model diff OLD NEW`: what changed between two versions of an architecture and its threats.
// Components, flows, boundaries, data assets and tracking entries are matched by id and compared field by
// field (dotted paths; lists of ids as added/removed items); threats are matched by their stable id and
// compared on what matters for risk (severity, reach, exploitability, risk, STRIDE, techniques, title) and
// on triage status. Pure and linear in the size of both models; output order is by id.
import type { Architecture, Threat } from './model.ts';
import { RISK_LEVELS } from './model.ts';

export const MODEL_DIFF_FORMAT = 'medflow-model-diff/1';

export interface FieldChange {
  /** Dotted path, e.g. "security.secure_boot" or "protocol". */
  path: string;
  old?: unknown;
  new?: unknown;
  /** For lists of strings: the items added and removed. */
  added?: string[];
  removed?: string[];
}

export interface ItemRef {
  id: string;
  name?: string;
  /** Kind, protocol or boundary type. */
  detail?: string;
}

export interface ItemChange extends ItemRef {
  changes: FieldChange[];
}

export interface SectionDiff {
  added: ItemRef[];
  removed: ItemRef[];
  changed: ItemChange[];
}

export interface ThreatRef {
  id: string;
  title: string;
  element: string;
  risk: string;
  severity: string;
  status: string;
}

export interface ThreatChange {
  id: string;
  title: string;
  element: string;
  changes: FieldChange[];
}

export interface StatusChange {
  id: string;
  title: string;
  old: string;
  new: string;
  /** Tracking key in the new model, when there is one. */
  tracking?: string;
}

export interface ModelDiff {
  format: typeof MODEL_DIFF_FORMAT;
  old: { id: string; name: string; version?: string; file?: string };
  new: { id: string; name: string; version?: string; file?: string };
  /** Top-level model fields (name, version, description, assumptions, views, exemptions…). */
  model: FieldChange[];
  components: SectionDiff;
  flows: SectionDiff;
  boundaries: SectionDiff;
  assets: SectionDiff;
  tracking: SectionDiff;
  threats: { compared: boolean; added: ThreatRef[]; removed: ThreatRef[]; changed: ThreatChange[] };
  status_changes: StatusChange[];
  summary: {
    changed: boolean;
    components: [number, number, number];
    flows: [number, number, number];
    boundaries: [number, number, number];
    assets: [number, number, number];
    tracking: [number, number, number];
    threats: [number, number, number];
    status_changes: number;
    /** Net change of threats per risk level (new minus old). */
    risk_delta: Record<string, number>;
  };
}

export interface DiffInput {
  model: Architecture;
  /** Threats of this model; leave out to compare architectures only. */
  threats?: readonly Threat[];
  file?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Leaves of a plain object by dotted path (arrays are leaves). */
function flatten(v: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isObj(v)) {
    for (const k of Object.keys(v)) if (v[k] !== undefined) flatten(v[k], prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Field-by-field changes between two plain objects (ignoring `skip` keys at the top). */
export function fieldChanges(a: unknown, b: unknown, skip: readonly string[] = []): FieldChange[] {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].filter((p) => !skip.includes(p.split('.')[0])).sort(cmp);
  const out: FieldChange[] = [];
  for (const p of paths) {
    const x = fa.get(p);
    const y = fb.get(p);
    if (same(x, y)) continue;
    if ((x === undefined || stringList(x)) && (y === undefined || stringList(y)) && (stringList(x) || stringList(y))) {
      const sx = new Set(x ?? []);
      const sy = new Set(y ?? []);
      const added = [...sy].filter((i) => !sx.has(i));
      const removed = [...sx].filter((i) => !sy.has(i));
      if (added.length === 0 && removed.length === 0) out.push({ path: p, old: x, new: y }); // reordered
      else out.push({ path: p, ...(added.length ? { added } : {}), ...(removed.length ? { removed } : {}) });
    } else out.push({ path: p, ...(x !== undefined ? { old: x } : {}), ...(y !== undefined ? { new: y } : {}) });
  }
  return out;
}

function sectionDiff<T extends { id: string }>(a: readonly T[] | undefined, b: readonly T[] | undefined, ref: (x: T) => ItemRef): SectionDiff {
  const ma = new Map((a ?? []).map((x) => [x.id, x]));
  const mb = new Map((b ?? []).map((x) => [x.id, x]));
  const added: ItemRef[] = [];
  const removed: ItemRef[] = [];
  const changed: ItemChange[] = [];
  for (const id of [...mb.keys()].sort(cmp)) if (!ma.has(id)) added.push(ref(mb.get(id)!));
  for (const id of [...ma.keys()].sort(cmp)) {
    const x = ma.get(id)!;
    const y = mb.get(id);
    if (!y) removed.push(ref(x));
    else {
      const changes = fieldChanges(x, y, ['id']);
      if (changes.length) changed.push({ ...ref(y), changes });
    }
  }
  return { added, removed, changed };
}

const THREAT_FIELDS: [string, (t: Threat) => unknown][] = [
  ['title', (t) => t.title],
  ['stride', (t) => t.stride],
  ['risk', (t) => t.risk.level],
  ['severity', (t) => t.harm.severity],
  ['reach', (t) => t.harm.reach],
  ['exploitability', (t) => t.exploitability.vector],
  ['techniques', (t) => [...t.techniques].sort()],
  ['fda_categories', (t) => [...t.fda_categories].sort()],
  ['status', (t) => t.status],
];

const threatRef = (t: Threat): ThreatRef => ({ id: t.id, title: t.title, element: t.element, risk: t.risk.level, severity: t.harm.severity, status: t.status });
const count = (s: { added: unknown[]; removed: unknown[]; changed: unknown[] }): [number, number, number] => [s.added.length, s.removed.length, s.changed.length];

/** Compares two models (and their threats, when both are given). */
export function diffModels(oldIn: DiffInput, newIn: DiffInput): ModelDiff {
  const a = oldIn.model;
  const b = newIn.model;
  const model = fieldChanges(a, b, ['components', 'data_flows', 'trust_boundaries', 'data_assets', 'threat_tracking', 'format']);
  const components = sectionDiff(a.components, b.components, (c) => ({ id: c.id, name: c.name, detail: c.kind }));
  const flows = sectionDiff(a.data_flows, b.data_flows, (f) => ({ id: f.id, name: f.name ?? `${f.source} → ${f.target}`, detail: f.protocol }));
  const boundaries = sectionDiff(a.trust_boundaries, b.trust_boundaries, (x) => ({ id: x.id, name: x.name, detail: x.type }));
  const assets = sectionDiff(a.data_assets, b.data_assets, (x) => ({ id: x.id, name: x.name, detail: x.type }));
  const toList = (m: Architecture['threat_tracking']) => Object.entries(m ?? {}).map(([id, t]) => ({ id, ...t }));
  const tracking = sectionDiff(toList(a.threat_tracking), toList(b.threat_tracking), (x) => ({ id: x.id, detail: x.status }));

  const compared = oldIn.threats !== undefined && newIn.threats !== undefined;
  const ta = new Map((oldIn.threats ?? []).map((t) => [t.id, t]));
  const tb = new Map((newIn.threats ?? []).map((t) => [t.id, t]));
  const tAdded: ThreatRef[] = [];
  const tRemoved: ThreatRef[] = [];
  const tChanged: ThreatChange[] = [];
  const statusChanges: StatusChange[] = [];
  const riskDelta: Record<string, number> = Object.fromEntries(RISK_LEVELS.map((r) => [r, 0]));
  if (compared) {
    for (const t of tb.values()) riskDelta[t.risk.level]++;
    for (const t of ta.values()) riskDelta[t.risk.level]--;
    for (const id of [...tb.keys()].sort(cmp)) if (!ta.has(id)) tAdded.push(threatRef(tb.get(id)!));
    for (const id of [...ta.keys()].sort(cmp)) {
      const x = ta.get(id)!;
      const y = tb.get(id);
      if (!y) {
        tRemoved.push(threatRef(x));
        continue;
      }
      const changes: FieldChange[] = [];
      for (const [field, get] of THREAT_FIELDS) {
        const ox = get(x);
        const ny = get(y);
        if (same(ox, ny)) continue;
        if (Array.isArray(ox) && Array.isArray(ny)) {
          const so = new Set(ox as string[]);
          const sn = new Set(ny as string[]);
          changes.push({ path: field, added: [...sn].filter((i) => !so.has(i)), removed: [...so].filter((i) => !sn.has(i)) });
        } else changes.push({ path: field, old: ox, new: ny });
      }
      if (changes.length) tChanged.push({ id, title: y.title, element: y.element, changes });
      if (x.status !== y.status) statusChanges.push({ id, title: y.title, old: x.status, new: y.status, ...(y.tracking ? { tracking: y.tracking.key } : {}) });
    }
  }
  const threats = { compared, added: tAdded, removed: tRemoved, changed: tChanged };
  const summary = {
    components: count(components), flows: count(flows), boundaries: count(boundaries), assets: count(assets), tracking: count(tracking),
    threats: count(threats), status_changes: statusChanges.length, risk_delta: riskDelta, changed: false,
  };
  summary.changed = model.length > 0 || [summary.components, summary.flows, summary.boundaries, summary.assets, summary.tracking, summary.threats]
    .some((c) => c[0] + c[1] + c[2] > 0);
  const head = (x: DiffInput) => ({ id: x.model.id, name: x.model.name, ...(x.model.version ? { version: x.model.version } : {}), ...(x.file ? { file: x.file } : {}) });
  return {
    format: MODEL_DIFF_FORMAT, old: head(oldIn), new: head(newIn), model, components, flows, boundaries, assets, tracking, threats,
    status_changes: statusChanges, summary,
  };
}

// ---------------------------------------------------------------------------------------------------
// Human-readable output
// ---------------------------------------------------------------------------------------------------

const show = (v: unknown): string => (v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v));

export function describeChange(c: FieldChange): string {
  if (c.added || c.removed) return `${c.path}: ${[...(c.added ?? []).map((x) => `+${x}`), ...(c.removed ?? []).map((x) => `−${x}`)].join(' ')}`;
  const text = (v: unknown) => {
    const s = show(v);
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  };
  return `${c.path}: ${text(c.old)} → ${text(c.new)}`;
}

function section(title: string, s: SectionDiff, lines: string[]): void {
  const [a, r, c] = count(s);
  if (a + r + c === 0) return;
  lines.push(`${title}: +${a} −${r} ~${c}`);
  const ref = (x: ItemRef) => `${x.id}${x.name && x.name !== x.id ? ` (${x.name}${x.detail ? `, ${x.detail}` : ''})` : x.detail ? ` (${x.detail})` : ''}`;
  for (const x of s.added) lines.push(`  + ${ref(x)}`);
  for (const x of s.removed) lines.push(`  − ${ref(x)}`);
  for (const x of s.changed) lines.push(`  ~ ${x.id}: ${x.changes.map(describeChange).join('; ')}`);
}

/** The diff as text for a terminal. */
export function formatModelDiff(d: ModelDiff): string {
  const name = (x: ModelDiff['old']) => `${x.file ?? x.id}${x.version ? ` (${x.version})` : ''}`;
  const lines: string[] = [`medflow model diff: ${name(d.old)} → ${name(d.new)}`, ''];
  if (d.model.length) {
    lines.push(`Model: ~${d.model.length}`);
    for (const c of d.model) lines.push(`  ~ ${describeChange(c)}`);
  }
  section('Components', d.components, lines);
  section('Data flows', d.flows, lines);
  section('Trust boundaries', d.boundaries, lines);
  section('Data assets', d.assets, lines);
  section('Threat tracking entries', d.tracking, lines);
  if (d.threats.compared) {
    const t = d.threats;
    const delta = RISK_LEVELS.slice().reverse().filter((r) => d.summary.risk_delta[r] !== 0)
      .map((r) => `${r} ${d.summary.risk_delta[r] > 0 ? '+' : ''}${d.summary.risk_delta[r]}`);
    if (t.added.length + t.removed.length + t.changed.length) {
      lines.push(`Threats: +${t.added.length} −${t.removed.length} ~${t.changed.length}${delta.length ? `  (net: ${delta.join(', ')})` : ''}`);
      for (const x of t.added) lines.push(`  + [${x.risk}] ${x.id}  ${x.title}`);
      for (const x of t.removed) lines.push(`  − [${x.risk}] ${x.id}  ${x.title}`);
      for (const x of t.changed) lines.push(`  ~ ${x.id}: ${x.changes.map(describeChange).join('; ')}`);
    }
    if (d.status_changes.length) {
      lines.push(`Status changes: ${d.status_changes.length}`);
      for (const s of d.status_changes) lines.push(`  ${s.id}: ${s.old} → ${s.new}${s.tracking ? `  [${s.tracking}]` : ''}`);
    }
  } else lines.push('(threats not compared)');
  if (!d.summary.changed) lines.push('No differences.');
  return lines.join('\n') + '\n';
}
