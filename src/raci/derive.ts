// Deriving the five-party RACI of an architecture from the controls catalog: who operates each component
// a control applies to, where it runs (hosting and cloud service model) and the control's owner hint,
// then per-architecture overrides, then the checks (exactly one Accountable, at least one Responsible,
// a warning when the patient is Responsible). Pure; the rule is documented in docs/raci.md.
import { catalogVersion } from '../catalog/index.ts';
import { controlsVersion, ownerHint, compareControlIds, type Control } from '../controls/index.ts';
import type { Architecture, Component } from '../threatmodel/model.ts';
import { hostingModel, PARTIES, PARTY_NAMES, type Party } from '../vocab/index.ts';
import type { RaciComponentBasis, RaciFinding, RaciMatrix, RaciOverride, RaciOverrides, RaciRole, RaciRow } from './types.ts';

export const RACI_VERSION = 'medflow-raci 1.0';

/**
 * Tie-break when two parties are answerable for the same number of components: the manufacturer first
 * (it answers for the device and its related systems under FD&C Act §524B), then the hospital, the EHR
 * vendor, the cloud provider and last the patient.
 */
export const ACCOUNTABILITY_PRECEDENCE: readonly Party[] = ['mdm', 'hdo', 'ehr-vendor', 'csp', 'patient'];

const partyOrder = (a: Party, b: Party) => PARTIES.indexOf(a) - PARTIES.indexOf(b);
const sortParties = (s: Iterable<Party>): Party[] => [...new Set(s)].sort(partyOrder);

/** Components of the architecture a control applies to: in scope, of a kind the control lists. */
export function componentsFor(control: Pick<Control, 'applies_to'>, arch: Pick<Architecture, 'components'>): Component[] {
  return arch.components.filter((c) => c.in_scope !== false && (control.applies_to as string[]).includes(c.kind));
}

/**
 * Owner and answerable party of one control on one component.
 * - owner: the control's owner hint for the component's hosting model, `operator` resolved to the party
 *   operating the component. `vendor-network` (a party's own premises) has no hint key: its operator owns it.
 *   A hint naming the patient counts only where the patient can act (patient-home, or operated by the
 *   patient); elsewhere the operator owns the work.
 * - answerable: the owner, except that work done by the cloud provider stays the accountability of the
 *   provider's customer (the component's operator), and work done by a patient stays the accountability of
 *   the operator, or of the manufacturer when the patient operates the component (its labelling and
 *   usability validation are what make the patient's task safe).
 */
export function componentBasis(control: Control, c: Component, ownerOverride?: Party): RaciComponentBasis {
  const hm = hostingModel(c.hosting, c.service_model) ?? null;
  const hint = hm ? (control.owner[hm] ?? control.owner.default ?? 'operator') : 'operator';
  let owner = ownerOverride ?? (hm ? ownerHint(control, hm, c.operator) : c.operator);
  // A patient can only act on what the patient has: a hint naming the patient on a hospital, vendor or
  // cloud component that the patient does not operate falls back to the component's operator.
  if (!ownerOverride && owner === 'patient' && c.hosting !== 'patient-home' && c.operator !== 'patient') owner = c.operator;
  let answerable: Party = owner;
  if (owner === 'csp' && c.operator !== 'csp') answerable = c.operator;
  if (owner === 'patient') answerable = c.operator !== 'patient' && c.operator !== 'csp' ? c.operator : 'mdm';
  return {
    component: c.id, name: c.name, kind: c.kind, hosting: c.hosting, hosting_model: hm, operator: c.operator, hint, owner, answerable,
    ...(ownerOverride ? { overridden: true } : {}),
  };
}

/** Operators of components one data flow away from any of `ids`. */
function neighbourOperators(arch: Architecture, ids: Set<string>): Party[] {
  const byId = new Map(arch.components.map((c) => [c.id, c]));
  const out = new Set<Party>();
  for (const f of arch.data_flows ?? []) {
    for (const [a, b] of [[f.source, f.target], [f.target, f.source]]) {
      if (!ids.has(a) || ids.has(b)) continue;
      const n = byId.get(b);
      if (n && n.in_scope !== false) out.add(n.operator);
    }
  }
  return sortParties(out);
}

/** One RACI row from the per-component bases (before role overrides). */
function rowFrom(control: Control, basis: RaciComponentBasis[], arch: Architecture): RaciRow {
  const responsible = sortParties(basis.map((b) => b.owner));
  const counts = new Map<Party, number>();
  for (const b of basis) counts.set(b.answerable, (counts.get(b.answerable) ?? 0) + 1);
  const max = Math.max(...counts.values());
  const top = ACCOUNTABILITY_PRECEDENCE.filter((p) => counts.get(p) === max);
  const a = top[0];
  const n = (p: Party) => `${counts.get(p)} component${counts.get(p) === 1 ? '' : 's'}`;
  let why = counts.size === 1
    ? `${a} is answerable on every component it applies to`
    : `${a} is answerable on the most components (${[...counts.keys()].sort(partyOrder).map((p) => `${p} ${n(p)}`).join(', ')})`;
  if (top.length > 1) why += `; tie with ${top.slice(1).join(', ')} broken by precedence ${ACCOUNTABILITY_PRECEDENCE.join(' > ')}`;
  const taken = new Set<Party>([...responsible, a]);
  const consulted = sortParties(basis.map((b) => b.operator).filter((p) => !taken.has(p)));
  for (const p of consulted) taken.add(p);
  const informed = neighbourOperators(arch, new Set(basis.map((b) => b.component))).filter((p) => !taken.has(p));
  return {
    control: control.id, title: control.title, category: control.category, function: control.function,
    responsible, accountable: [a], consulted, informed, components: basis, basis: why,
  };
}

const ROLE_FIELDS = ['responsible', 'accountable', 'consulted', 'informed'] as const;
type RoleField = (typeof ROLE_FIELDS)[number];

function applyRoleOverrides(row: RaciRow, list: RaciOverride[], source: string): RaciRow {
  const given = new Map<RoleField, Party[]>();
  for (const o of list) for (const f of ROLE_FIELDS) if (o[f]) given.set(f, sortParties(o[f]!));
  if (given.size === 0) return row;
  const out: RaciRow = { ...row };
  const explicit = new Set<Party>();
  for (const [f, v] of given) {
    out[f] = v;
    for (const p of v) explicit.add(p);
  }
  // Derived roles give way to explicitly assigned ones (A may also be R).
  for (const f of ROLE_FIELDS) {
    if (given.has(f)) continue;
    if (f === 'responsible' || f === 'accountable') continue;
    out[f] = out[f].filter((p) => !explicit.has(p));
  }
  if (!given.has('consulted')) out.consulted = out.consulted.filter((p) => !out.responsible.includes(p) && !out.accountable.includes(p));
  if (!given.has('informed')) out.informed = out.informed.filter((p) => !out.responsible.includes(p) && !out.accountable.includes(p) && !out.consulted.includes(p));
  const rationale = list.filter((o) => ROLE_FIELDS.some((f) => o[f])).map((o) => o.rationale).join(' ');
  out.basis = `set by override (${source})`;
  out.override = {
    rationale: [row.override?.rationale, rationale].filter(Boolean).join(' '),
    fields: [...new Set([...(row.override?.fields ?? []), ...given.keys()])].sort(),
    source,
  };
  return out;
}

/** The checks of a RACI matrix: exactly one Accountable and at least one Responsible per control, roles
 * not doubled up (C and I apart from R/A and each other), and a warning when the patient is Responsible. */
export function checkRaci(rows: readonly RaciRow[]): RaciFinding[] {
  const out: RaciFinding[] = [];
  for (const r of rows) {
    if (r.accountable.length !== 1) {
      out.push({
        severity: 'error', code: r.accountable.length ? 'raci-several-accountable' : 'raci-no-accountable', control: r.control,
        message: r.accountable.length ? `${r.accountable.length} parties are Accountable (${r.accountable.join(', ')}); exactly one must be` : 'nobody is Accountable; exactly one party must be',
      });
    }
    if (r.responsible.length === 0) out.push({ severity: 'error', code: 'raci-no-responsible', control: r.control, message: 'nobody is Responsible; at least one party must be' });
    const ra = new Set([...r.responsible, ...r.accountable]);
    for (const p of r.consulted) if (ra.has(p)) out.push({ severity: 'error', code: 'raci-role-conflict', control: r.control, message: `${p} is both Consulted and Responsible/Accountable` });
    for (const p of r.informed) {
      if (ra.has(p) || r.consulted.includes(p)) out.push({ severity: 'error', code: 'raci-role-conflict', control: r.control, message: `${p} is both Informed and given another role` });
    }
    if (r.responsible.includes('patient')) {
      const where = r.components.filter((b) => b.owner === 'patient').map((b) => b.component);
      out.push({
        severity: 'warning', code: 'patient-responsible', control: r.control,
        message: `the patient is Responsible${where.length ? ` (on ${where.join(', ')})` : ''}: the task needs usability evidence (human-factors validation of the patient's part, and labelling that explains it)`,
      });
    }
  }
  return out;
}

export interface DeriveOptions {
  overrides?: RaciOverrides[];
  /** Extra version stamps (library, engine…) to carry. */
  versions?: Record<string, string>;
}

/**
 * The RACI matrix of an architecture: one row per catalog control that applies to one of its in-scope
 * components (sorted by control id), overrides applied in the order given, checks run. Override entries
 * naming an unknown control or component, or a control that does not apply, are errors in `findings`.
 */
export function deriveRaci(arch: Architecture, controls: readonly Control[], opts: DeriveOptions = {}): RaciMatrix {
  const findings: RaciFinding[] = [];
  const byControl = new Map<string, { list: RaciOverride[]; source: string }[]>();
  const known = new Map(controls.map((c) => [c.id, c]));
  const compIds = new Set(arch.components.map((c) => c.id));
  for (const set of opts.overrides ?? []) {
    if (set.architecture && set.architecture !== arch.id) {
      findings.push({ severity: 'error', code: 'raci-override-architecture', message: `${set.source} was written for architecture "${set.architecture}", not "${arch.id}"` });
      continue;
    }
    for (const o of set.overrides) {
      const c = known.get(o.control);
      if (!c) {
        findings.push({ severity: 'error', code: 'raci-override-unknown-control', control: o.control, message: `${set.source}: override names unknown control ${o.control}` });
        continue;
      }
      if (o.component && !compIds.has(o.component)) {
        findings.push({ severity: 'error', code: 'raci-override-unknown-component', control: o.control, message: `${set.source}: override names component "${o.component}", which is not in ${arch.id}` });
        continue;
      }
      if (componentsFor(c, arch).length === 0) {
        findings.push({ severity: 'error', code: 'raci-override-not-applicable', control: o.control, message: `${set.source}: ${o.control} applies to no in-scope component of ${arch.id} (${c.applies_to.join(', ')})` });
        continue;
      }
      if (o.component && !componentsFor(c, arch).some((x) => x.id === o.component)) {
        findings.push({ severity: 'error', code: 'raci-override-not-applicable', control: o.control, message: `${set.source}: ${o.control} does not apply to component "${o.component}"` });
        continue;
      }
      const l = byControl.get(o.control) ?? [];
      const last = l[l.length - 1];
      if (last && last.source === set.source) last.list.push(o);
      else l.push({ list: [o], source: set.source });
      byControl.set(o.control, l);
    }
  }
  const rows: RaciRow[] = [];
  const notApplicable: string[] = [];
  for (const control of [...controls].sort((a, b) => compareControlIds(a.id, b.id))) {
    const comps = componentsFor(control, arch);
    if (comps.length === 0) {
      notApplicable.push(control.id);
      continue;
    }
    const ovs = byControl.get(control.id) ?? [];
    const ownerOv = new Map<string, Party>();
    for (const { list } of ovs) for (const o of list) if (o.component && o.owner) ownerOv.set(o.component, o.owner);
    let row = rowFrom(control, comps.map((c) => componentBasis(control, c, ownerOv.get(c.id))), arch);
    if (ownerOv.size) {
      const texts = ovs.flatMap(({ list }) => list.filter((o) => o.component && o.owner).map((o) => o.rationale));
      row.override = { rationale: texts.join(' '), fields: ['components'], source: ovs.map((o) => o.source).join(', ') };
    }
    for (const { list, source } of ovs) row = applyRoleOverrides(row, list, source);
    rows.push(row);
  }
  findings.push(...checkRaci(rows));
  const summary = Object.fromEntries(PARTIES.map((p) => [p, { R: 0, A: 0, C: 0, I: 0 } as Record<RaciRole, number>])) as RaciMatrix['summary'];
  for (const r of rows) {
    for (const p of r.responsible) summary[p].R++;
    for (const p of r.accountable) summary[p].A++;
    for (const p of r.consulted) summary[p].C++;
    for (const p of r.informed) summary[p].I++;
  }
  return {
    format: 'medflow-raci/1',
    architecture: { id: arch.id, name: arch.name, ...(arch.version ? { version: arch.version } : {}) },
    versions: { raci: RACI_VERSION, controls: controlsVersion(controls), catalog: catalogVersion(), ...opts.versions },
    rows,
    findings: sortFindings(findings),
    summary,
    not_applicable: notApplicable,
  };
}

export function sortFindings(list: RaciFinding[]): RaciFinding[] {
  const sev = (f: RaciFinding) => (f.severity === 'error' ? 0 : 1);
  return [...list].sort((a, b) => sev(a) - sev(b) || compareControlIds(a.control ?? '', b.control ?? '') || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : 1));
}

/** The cell text of a party in a row: "A/R", "R", "A", "C", "I" or "". */
export function raciCell(row: RaciRow, p: Party): string {
  const a = row.accountable.includes(p), r = row.responsible.includes(p);
  if (a && r) return 'A/R';
  if (a) return 'A';
  if (r) return 'R';
  if (row.consulted.includes(p)) return 'C';
  if (row.informed.includes(p)) return 'I';
  return '';
}

export { PARTY_NAMES };
