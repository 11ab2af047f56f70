// Flow → control and threat → control mapping: which catalog controls guard each step of an Attack
// Flow, which controls address a threat of the threat-model engine, and the simulation engine's control
// set for one flow built from those (statuses from an assessment). Pure functions.
//
// Rules (docs/assessment.md, "Which controls guard a flow"):
// - A control guards a flow action when it covers the action's technique (as `controlsForTechnique`
//   resolves it) and, when the action names the component kind it runs on (medflow metadata
//   `component_kind`), the control applies to that kind. A cloud-account control does not guard a step
//   on a network switch even if the technique matches.
// - Optionally the controls are first restricted to those that apply to some component kind present in
//   an architecture (`kinds`): a control with nowhere to be implemented guards nothing there.
// - A control addresses a threat when the threat's triage names it (`tracking.controls`), or when it
//   covers one of the threat's techniques and applies to the kind of a component the threat involves.
//   Controls in one of the rule's FDA categories are marked `in_rule_category` (the rule's own view of
//   what kind of control fixes it).
import { catalog, type Catalog } from '../catalog/index.ts';
import { actionsOf, type FlowGraph } from '../flow/model.ts';
import { medicalProps, type ActionMedicalProps } from '../stix/medflow-extension.ts';
import type { ComponentKind, ControlStatus } from '../vocab/index.ts';
import type { Architecture, Threat } from '../threatmodel/model.ts';
import { controlsForTechnique, resolveTechnique } from './mapping.ts';
import { compareControlIds } from './validate.ts';
import type { Control, SimulationControl } from './types.ts';

const TECHNIQUE_SOURCES = new Set(['mitre-attack', 'mitre-ics-attack', 'mitre-mobile-attack', 'mitre-atlas']);

/** One step of a flow and the controls that guard it. */
export interface ActionControls {
  /** STIX id of the attack-action. */
  action: string;
  name: string;
  /** The technique as written, and the current catalog technique it resolves to (when it does). */
  technique?: string;
  resolved?: string;
  component_kind?: string;
  /** Ids of the guarding controls, sorted. */
  controls: string[];
}

export interface FlowControlMap {
  /** Every action, sorted by STIX id. */
  actions: ActionControls[];
  /** Union of the guarding controls, sorted. */
  controls: string[];
  /** Actions no control guards (technique unknown, no covering control, or none for its component kind). */
  unguarded: string[];
}

export interface FlowControlOptions {
  /** Component kinds present (e.g. in an architecture): controls applying to none of them are left out. */
  kinds?: Iterable<ComponentKind | string>;
}

function techniqueOf(graph: FlowGraph, a: { technique_id?: unknown; technique_ref?: unknown }): string | undefined {
  if (typeof a.technique_id === 'string' && a.technique_id.trim()) return a.technique_id.trim();
  if (typeof a.technique_ref !== 'string') return undefined;
  const ap = graph.objects.get(a.technique_ref) as { external_references?: { source_name?: string; external_id?: string }[] } | undefined;
  for (const r of ap?.external_references ?? []) {
    if (r && typeof r.external_id === 'string' && typeof r.source_name === 'string' && TECHNIQUE_SOURCES.has(r.source_name)) return r.external_id;
  }
  return undefined;
}

/** Controls guarding each action of a flow (rules in the header). */
export function flowControlMap(graph: FlowGraph, controls: readonly Control[], opts: FlowControlOptions = {}, cat: Catalog = catalog()): FlowControlMap {
  const kinds = opts.kinds ? new Set<string>(opts.kinds) : undefined;
  const usable = kinds ? controls.filter((c) => c.applies_to.some((k) => kinds.has(k))) : controls;
  const actions: ActionControls[] = [];
  const all = new Set<string>();
  const unguarded: string[] = [];
  for (const a of [...actionsOf(graph)].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const technique = techniqueOf(graph, a);
    const r = technique ? resolveTechnique(technique, cat) : undefined;
    const kind = medicalProps<ActionMedicalProps>(a)?.component_kind;
    const guards = r?.technique
      ? controlsForTechnique(r.technique.id, usable, cat).filter((c) => !kind || (c.applies_to as string[]).includes(kind)).map((c) => c.id)
      : [];
    for (const id of guards) all.add(id);
    if (guards.length === 0) unguarded.push(a.id);
    actions.push({
      action: a.id,
      name: typeof a.name === 'string' ? a.name : a.id,
      ...(technique ? { technique } : {}),
      ...(r?.technique ? { resolved: r.technique.id } : {}),
      ...(kind ? { component_kind: kind } : {}),
      controls: guards,
    });
  }
  return { actions, controls: [...all].sort(compareControlIds), unguarded };
}

/**
 * The simulation engine's control set for one flow: one entry per guarding control, `mitigates` naming
 * the action STIX ids it guards (so component-kind matching carries into the simulation), with the given
 * status (default not-implemented; "unknown" is not a simulation status, map it before) and the
 * control's default effectiveness.
 */
export function flowSimulationControls(
  map: FlowControlMap,
  controls: readonly Control[],
  status: (id: string) => ControlStatus = () => 'not-implemented',
): SimulationControl[] {
  const byId = new Map(controls.map((c) => [c.id, c]));
  const guarded = new Map<string, string[]>();
  for (const a of map.actions) for (const id of a.controls) guarded.set(id, [...(guarded.get(id) ?? []), a.action]);
  return map.controls.map((id) => {
    const c = byId.get(id);
    if (!c) throw new TypeError(`control ${id} is not in the control list`);
    return { id, mitigates: [...guarded.get(id)!].sort(), status: status(id), effectiveness: c.default_effectiveness.level };
  });
}

/** Why a control addresses a threat. */
export interface ThreatControl {
  control: string;
  /** Threat techniques the control covers. */
  techniques: string[];
  /** The control applies to the kind of a component the threat involves. */
  applies: boolean;
  /** The control's FDA category is one the threat's rule names. */
  in_rule_category: boolean;
  /** Named in the threat's triage entry (`threat_tracking.*.controls`). */
  tracked: boolean;
}

/**
 * Controls addressing a threat (rules in the header), sorted: tracked first, then those in the rule's
 * FDA categories, then by id. `architecture` supplies the kinds of the involved components; without it
 * every technique match counts as applying.
 */
export function controlsForThreat(
  threat: Pick<Threat, 'techniques' | 'fda_categories' | 'involved' | 'tracking'>,
  controls: readonly Control[],
  opts: { architecture?: Pick<Architecture, 'components'> } = {},
  cat: Catalog = catalog(),
): ThreatControl[] {
  const kinds = opts.architecture
    ? new Set<string>(threat.involved.components.map((id) => opts.architecture!.components.find((c) => c.id === id)?.kind).filter((k): k is ComponentKind => !!k))
    : undefined;
  const tracked = new Set(threat.tracking?.controls ?? []);
  const categories = new Set<string>(threat.fda_categories);
  const hits = new Map<string, Set<string>>();
  for (const t of threat.techniques) {
    for (const c of controlsForTechnique(t, controls, cat)) {
      const s = hits.get(c.id) ?? new Set<string>();
      s.add(t);
      hits.set(c.id, s);
    }
  }
  const out: ThreatControl[] = [];
  for (const c of controls) {
    const techniques = [...(hits.get(c.id) ?? [])].sort();
    const applies = !kinds || c.applies_to.some((k) => kinds.has(k));
    const isTracked = tracked.has(c.id);
    if (!isTracked && !(techniques.length > 0 && applies)) continue;
    out.push({ control: c.id, techniques, applies, in_rule_category: categories.has(c.category), tracked: isTracked });
  }
  return out.sort((a, b) =>
    Number(b.tracked) - Number(a.tracked) || Number(b.in_rule_category) - Number(a.in_rule_category) || compareControlIds(a.control, b.control));
}
