// Scenarios (content/scenarios/*.yaml): two or more library flows chained through attacker states,
// and their composition into ONE Attack Flow bundle.
//
// Composition rule (docs/authoring-flows.md, "Scenarios"):
//  1. The bundle holds every object of every listed flow under its own id (ids do not change), the
//     four extension objects once, and one new attack-flow SDO for the scenario instead of the flows' own.
//  2. For each link {from: U, to: D, state: S}: the producers are U's actions whose `produces` lists S;
//     the consumers are D's start actions whose `consumes` is S. When all links into (D, S) together
//     give one producer, that producer gains every consumer in its effect_refs. When they give several,
//     an OR operator (id from `scenario/<id>/<D>/<S>`) joins them: each producer → OR → every consumer.
//  3. start_refs = the actions and conditions of the merged graph nothing points at; a start action
//     whose entry state no link supplies stays a start point, and its state is listed in the scenario's
//     entry_states (the attacker is assumed to hold it).
//  4. Metadata: use cases and clinical functions = union over the non-staging flows (staging modules are
//     generic enablers; all flows when every one is staging); harm severity and reach = the highest of the
//     flows; goal from the scenario file; provenance `realized` only when every flow is; exit states =
//     union of the flows' exit states; references = the scenario's own, then each flow's (deduplicated).
import { Ajv, type ValidateFunction } from 'ajv';
import { stixId, toStixTimestamp } from '../stix/ids.ts';
import { afExtensionMarker } from '../stix/attack-flow.ts';
import { MEDFLOW_EXTENSION_ID, MEDFLOW_IDENTITY_ID, type FlowMedicalProps } from '../stix/medflow-extension.ts';
import { graphFromObjects } from '../flow/bundle.ts';
import { computeEntryPoints, edgesOf, type FlowGraph, type StixObject } from '../flow/model.ts';
import { validateFlow } from '../validate/index.ts';
import { HARM_SEVERITIES, REACHES, SAFETY_GOALS } from '../vocab/index.ts';
import { isPlainObject } from '../util/json.ts';
import { asLoadedFlow, flowReference, keyIndex, withoutEmptyLists } from './flow.ts';
import { describeSchemaError, type SourceIssue, type YamlFile, type YamlPath } from './source.ts';
import type { StateVocabulary } from './states.ts';
import type { LibraryFlow } from './library.ts';

export interface ScenarioLink {
  from: string;
  to: string;
  state: string;
}

export interface Scenario {
  id: string;
  name: string;
  description: string;
  created: string;
  modified?: string;
  scope?: string;
  patient_safety_goal: string;
  flows: string[];
  links: ScenarioLink[];
  external_references?: { source_name: string; url?: string; description?: string; external_id?: string }[];
}

const SCENARIO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'description', 'created', 'patient_safety_goal', 'flows', 'links'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    name: { type: 'string', minLength: 5 },
    description: { type: 'string', minLength: 40 },
    created: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)?$' },
    modified: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)?$' },
    scope: { enum: ['incident', 'campaign', 'threat-actor', 'malware', 'emulation-plan', 'attack-tree', 'other'] },
    patient_safety_goal: { enum: SAFETY_GOALS.filter((g) => g !== 'staging') },
    flows: { type: 'array', minItems: 2, uniqueItems: true, items: { type: 'string' } },
    links: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to', 'state'],
        properties: { from: { type: 'string' }, to: { type: 'string' }, state: { type: 'string' } },
      },
    },
    external_references: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['source_name'],
        properties: {
          source_name: { type: 'string' }, url: { type: 'string', pattern: '^https?://\\S+$' },
          description: { type: 'string' }, external_id: { type: 'string' },
        },
      },
    },
  },
};

let scenarioValidator: ValidateFunction | undefined;

export interface ScenarioCheckContext {
  /** Flows that compiled cleanly, by id. */
  flows: Map<string, LibraryFlow>;
  states: StateVocabulary;
  /** Every flow id seen in the library (including flows with errors). */
  knownFlowIds?: Map<string, string>;
}

/** Checks a scenario file. `scenario` is set when the file is structurally sound. */
export function checkScenarioSource(y: YamlFile, ctx: ScenarioCheckContext): { scenario?: Scenario; issues: SourceIssue[] } {
  const issues: SourceIssue[] = [];
  const err = (code: string, message: string, path: YamlPath) => issues.push(y.issue('error', code, message, path));
  if (!isPlainObject(y.data)) return { issues: [y.issue('error', 'scenario-not-mapping', 'a scenario file must be a YAML mapping')] };
  scenarioValidator ??= new Ajv({ allErrors: true, strict: false }).compile(SCENARIO_SCHEMA);
  if (!scenarioValidator(y.data)) {
    for (const e of scenarioValidator.errors ?? []) {
      const { path, message } = describeSchemaError(e);
      err('scenario-schema', message, path);
    }
    return { issues };
  }
  const s = y.data as unknown as Scenario;
  if (!toStixTimestamp(s.created)) err('scenario-date', `"${s.created}" is not a valid date`, ['created']);
  const name = y.file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  if (name !== s.id) err('scenario-id-file', `scenario id "${s.id}" must equal the file name "${name}"`, ['id']);
  s.flows.forEach((f, i) => {
    if (!ctx.flows.has(f)) {
      const known = ctx.knownFlowIds?.has(f);
      err(known ? 'scenario-flow-invalid' : 'scenario-unknown-flow', known ? `flow "${f}" has errors; fix it first` : `no flow "${f}" in the library`, ['flows', i]);
    }
  });
  const seen = new Set<string>();
  s.links.forEach((l, i) => {
    const p: YamlPath = ['links', i];
    const k = `${l.from}\u0000${l.to}\u0000${l.state}`;
    if (seen.has(k)) err('scenario-link-duplicate', 'the same link is listed twice', p);
    seen.add(k);
    if (!s.flows.includes(l.from)) err('scenario-link-flow', `"${l.from}" is not listed in flows`, [...p, 'from']);
    if (!s.flows.includes(l.to)) err('scenario-link-flow', `"${l.to}" is not listed in flows`, [...p, 'to']);
    if (l.from === l.to) err('scenario-link-self', 'a link must join two different flows', p);
    if (!ctx.states.states.has(l.state)) err('unknown-state', `state "${l.state}" is not defined in ${ctx.states.file}`, [...p, 'state']);
    const up = ctx.flows.get(l.from)?.source, down = ctx.flows.get(l.to)?.source;
    if (up && !up.exit_states.includes(l.state)) {
      err('scenario-link-state', `flow "${l.from}" does not exit in "${l.state}" (its exit states: ${up.exit_states.join(', ') || 'none'})`, [...p, 'state']);
    }
    if (down && !down.entry_states.includes(l.state)) {
      err('scenario-link-state', `flow "${l.to}" does not start from "${l.state}" (its entry states: ${down.entry_states.join(', ') || 'none'})`, [...p, 'state']);
    }
  });
  if (issues.length === 0) {
    // Flows must form one connected, acyclic chain.
    const adj = new Map(s.flows.map((f) => [f, new Set<string>()]));
    for (const l of s.links) (adj.get(l.from)!.add(l.to), adj.get(l.to)!.add(l.from));
    const comp = new Set([s.flows[0]]);
    const stack = [s.flows[0]];
    while (stack.length) for (const n of adj.get(stack.pop()!)!) if (!comp.has(n)) (comp.add(n), stack.push(n));
    s.flows.forEach((f, i) => {
      if (!comp.has(f)) err('scenario-disconnected', `flow "${f}" is not linked to the rest of the scenario`, ['flows', i]);
    });
    const cyc = linkCycle(s);
    if (cyc) err('scenario-cycle', `links form a cycle: ${cyc.join(' → ')}`, ['links']);
  }
  return { scenario: s, issues };
}

function linkCycle(s: Scenario): string[] | undefined {
  const out = new Map(s.flows.map((f) => [f, [] as string[]]));
  for (const l of s.links) out.get(l.from)!.push(l.to);
  const state = new Map<string, number>();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 1);
    path.push(n);
    for (const m of out.get(n)!) {
      if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    path.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const f of s.flows) if (!state.has(f)) {
    const c = visit(f);
    if (c) return c;
  }
  return undefined;
}

export interface ComposedJoin {
  /** The downstream flow and the state it enters through. */
  to: string;
  state: string;
  from: string[];
  producers: string[];
  consumers: string[];
  /** The OR operator joining several producers, when there is one. */
  operator?: string;
}

export interface ComposedScenario {
  scenario: Scenario;
  graph: FlowGraph;
  joins: ComposedJoin[];
  /** Runs the Attack Flow validator and the connectivity check, findings placed in the scenario file. */
  validate(y: YamlFile): SourceIssue[];
}

const maxBy = <T extends string>(order: readonly T[], values: string[]): T =>
  order[Math.max(...values.map((v) => order.indexOf(v as T)))];

/** Composes a checked scenario into one Attack Flow graph (rule in the header of this file). */
export function composeScenario(s: Scenario, flows: Map<string, LibraryFlow>): ComposedScenario {
  const members = s.flows.map((id) => flows.get(id)!);
  const objects = new Map<string, StixObject>();
  for (const m of members) {
    for (const o of m.compiled.graph.objects.values()) {
      if (o.type === 'attack-flow') continue;
      // A copy: wiring below adds effect_refs, which must never leak into the member flow's cached graph.
      objects.set(o.id, Array.isArray(o.effect_refs) ? { ...o, effect_refs: [...(o.effect_refs as string[])] } : { ...o });
    }
  }
  const created = toStixTimestamp(s.created)!;
  const modified = s.modified ? toStixTimestamp(s.modified)! : created;

  // Group links by (downstream flow, state) and wire producers to consumers.
  const groups = new Map<string, { to: string; state: string; from: string[] }>();
  for (const l of s.links) {
    const k = `${l.to}\u0000${l.state}`;
    const g = groups.get(k) ?? { to: l.to, state: l.state, from: [] };
    g.from.push(l.from);
    groups.set(k, g);
  }
  const joins: ComposedJoin[] = [];
  const linked = new Map<string, Set<string>>(); // flow → states supplied by links
  for (const g of [...groups.values()].sort((a, b) => (a.to + a.state < b.to + b.state ? -1 : 1))) {
    const producers = [...new Set(g.from.flatMap((f) => {
      const src = flows.get(f)!.source, idx = keyIndex(src);
      return src.actions.filter((a) => a.produces?.includes(g.state)).map((a) => idx.get(a.key)!.id);
    }))].sort();
    const down = flows.get(g.to)!.source, didx = keyIndex(down);
    const consumers = down.actions.filter((a) => a.consumes === g.state).map((a) => didx.get(a.key)!.id).sort();
    const addEffects = (id: string, targets: string[]) => {
      const o = objects.get(id)!;
      o.effect_refs = [...new Set([...((o.effect_refs as string[] | undefined) ?? []), ...targets])].sort();
    };
    let operator: string | undefined;
    if (producers.length === 1) addEffects(producers[0], consumers);
    else {
      operator = stixId('attack-operator', `scenario/${s.id}/${g.to}/${g.state}`);
      objects.set(operator, {
        type: 'attack-operator', id: operator, spec_version: '2.1', created, modified, created_by_ref: MEDFLOW_IDENTITY_ID,
        operator: 'OR', effect_refs: consumers, extensions: afExtensionMarker(),
      });
      for (const p of producers) addEffects(p, [operator]);
    }
    joins.push({ to: g.to, state: g.state, from: [...g.from].sort(), producers, consumers, operator });
    linked.set(g.to, (linked.get(g.to) ?? new Set()).add(g.state));
  }

  const srcs = members.map((m) => m.source);
  const harmful = srcs.filter((f) => f.patient_safety_goal !== 'staging');
  const entry = new Set<string>(), exit = new Set<string>();
  for (const f of srcs) {
    for (const st of f.entry_states) if (!linked.get(f.id)?.has(st)) entry.add(st);
    for (const st of f.exit_states) exit.add(st);
  }
  const props: FlowMedicalProps = {
    use_cases: [...new Set((harmful.length ? harmful : srcs).flatMap((f) => f.use_cases))].sort(),
    patient_safety_goal: s.patient_safety_goal,
    harm_severity: maxBy(HARM_SEVERITIES, srcs.map((f) => f.harm_severity)),
    reach: maxBy(REACHES, srcs.map((f) => f.reach)),
    provenance: srcs.every((f) => f.provenance === 'realized') ? 'realized' : 'theoretical',
    clinical_functions: [...new Set((harmful.length ? harmful : srcs).flatMap((f) => f.clinical_functions))].sort(),
    entry_states: [...entry].sort(),
    exit_states: [...exit].sort(),
  };
  const refs: Record<string, string>[] = [{ source_name: 'medflow-scenario', external_id: s.id }];
  const seenUrls = new Set<string>();
  const pushRef = (r: { url?: string }) => {
    if (r.url && seenUrls.has(r.url)) return;
    if (r.url) seenUrls.add(r.url);
    refs.push(Object.fromEntries(Object.entries(r as Record<string, unknown>).filter(([, v]) => v !== undefined)) as Record<string, string>);
  };
  for (const r of s.external_references ?? []) pushRef(r);
  for (const f of srcs) {
    pushRef(flowReference(f.id));
    for (const r of f.external_references ?? []) pushRef(r);
  }
  const flowId = stixId('attack-flow', `scenario/${s.id}`);
  const draft = graphFromObjects(objects.values());
  const flowSdo: StixObject = {
    type: 'attack-flow', id: flowId, spec_version: '2.1', created, modified, created_by_ref: MEDFLOW_IDENTITY_ID,
    name: s.name, description: s.description.trim(), scope: s.scope ?? 'attack-tree',
    start_refs: computeEntryPoints(draft),
    external_references: refs,
    extensions: { ...afExtensionMarker(), [MEDFLOW_EXTENSION_ID]: { extension_type: 'property-extension', ...withoutEmptyLists(props) } },
  };
  const graph = graphFromObjects([flowSdo, ...objects.values()], stixId('bundle', `scenario/${s.id}`));

  return {
    scenario: s,
    graph,
    joins,
    validate(y: YamlFile): SourceIssue[] {
      const out: SourceIssue[] = [];
      const r = validateFlow(asLoadedFlow(graph, y.file));
      for (const i of r.errors) out.push(y.issue('error', `attack-flow/${i.code}`, `${i.object ?? ''} ${i.message}`.trim(), ['flows']));
      for (const i of r.warnings) if (i.code !== 'not-implemented') out.push(y.issue('warning', `attack-flow/${i.code}`, `${i.object ?? ''} ${i.message}`.trim(), ['flows']));
      const parts = components(graph);
      if (parts > 1) out.push(y.issue('error', 'scenario-disconnected', `the composed flow falls apart into ${parts} pieces; check the links`, ['links']));
      return out;
    },
  };
}

/** Number of connected pieces of the attack graph (actions, conditions, operators, assets; undirected). */
export function components(g: FlowGraph): number {
  const nodes = [...g.objects.values()].filter((o) => o.type.startsWith('attack-') && o.type !== 'attack-flow').map((o) => o.id);
  const parent = new Map(nodes.map((n) => [n, n]));
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const e of edgesOf(g)) if (parent.has(e.source) && parent.has(e.target)) parent.set(find(e.source), find(e.target));
  return new Set(nodes.map(find)).size;
}
