// What a data-flow diagram shows, computed once in linear time for every output (DOT, SVG, Mermaid): the
// components, flows and boundaries selected by an FDA view (or all), each component's boundary, the boundary
// tree, and which flows cross a boundary (their endpoints sit in different boundary chains).
import type { Architecture, Component, DataFlow, DfdRole, TrustBoundary } from '../model.ts';

/** FDA views a diagram can be restricted to: the three fixed ones, or a security use case by id. */
export type DiagramView = 'global-system' | 'multi-patient-harm' | 'updatability-patchability' | `security-use-case:${string}`;

export interface DiagramOptions {
  /** Draw only one FDA view (`global-system`, `multi-patient-harm`, `updatability-patchability`, `security-use-case:<id>` or a use-case id). */
  view?: string;
  /** Left-to-right (default) or top-to-bottom. */
  direction?: 'LR' | 'TB';
  /** Show data assets on flow labels (default true). */
  assets?: boolean;
}

export interface DiagramBoundary {
  b: TrustBoundary;
  children: DiagramBoundary[];
  members: Component[];
}

export interface DiagramModel {
  title: string;
  components: Component[];
  flows: { f: DataFlow; crossing: boolean }[];
  /** Top-level boundaries (with nested children), in model order, only those with something to show. */
  roots: DiagramBoundary[];
  /** Components in no shown boundary. */
  loose: Component[];
  role(c: Component): DfdRole;
  assetName(id: string): string;
}

export function dfdRole(c: Component): DfdRole {
  if (c.dfd_role) return c.dfd_role;
  if (c.kind === 'human-actor') return 'external';
  if (c.kind === 'cloud-storage') return 'store';
  return 'process';
}

const VIEW_KEYS: Record<string, 'global_system' | 'multi_patient_harm' | 'updatability_patchability'> = {
  'global-system': 'global_system', 'multi-patient-harm': 'multi_patient_harm', 'updatability-patchability': 'updatability_patchability',
  global_system: 'global_system', multi_patient_harm: 'multi_patient_harm', updatability_patchability: 'updatability_patchability',
};

const VIEW_TITLES = { global_system: 'global system', multi_patient_harm: 'multi-patient harm', updatability_patchability: 'updatability and patchability' };

/** The view names a model offers (for help and error messages). */
export function viewNames(model: Architecture): string[] {
  const v = model.views ?? {};
  return [
    ...(v.global_system ? ['global-system'] : []), ...(v.multi_patient_harm ? ['multi-patient-harm'] : []),
    ...(v.updatability_patchability ? ['updatability-patchability'] : []),
    ...(v.security_use_cases ?? []).map((u) => `security-use-case:${u.id}`),
  ];
}

/** Selects and indexes what to draw. Throws an Error naming the available views when `view` is unknown. */
export function diagramModel(model: Architecture, opts: DiagramOptions = {}): DiagramModel {
  const allFlows = model.data_flows ?? [];
  const allBoundaries = model.trust_boundaries ?? [];
  let title = model.name;
  let compIds: Set<string> | undefined;
  let flowIds: Set<string> | undefined;
  if (opts.view) {
    const v = model.views ?? {};
    const key = VIEW_KEYS[opts.view];
    const ucId = opts.view.startsWith('security-use-case:') ? opts.view.slice('security-use-case:'.length) : opts.view;
    const view = key ? v[key] : (v.security_use_cases ?? []).find((u) => u.id === ucId);
    if (!view) {
      const names = viewNames(model);
      throw new Error(`the model has no view "${opts.view}"${names.length ? ` (it has: ${names.join(', ')})` : ' (it marks no views)'}`);
    }
    title = `${model.name}: ${'name' in view && typeof view.name === 'string' ? `security use case ${view.name}` : VIEW_TITLES[key!]}`;
    compIds = view.elements === 'all' ? undefined : new Set(view.elements ?? []);
    if (view.flows === 'all') flowIds = undefined;
    else if (view.flows) flowIds = new Set(view.flows);
    else flowIds = new Set(allFlows.filter((f) => !compIds || (compIds.has(f.source) && compIds.has(f.target))).map((f) => f.id));
    // a view listing flows but not their ends still shows the ends
    if (compIds && view.flows !== undefined) {
      for (const f of allFlows) if (flowIds === undefined || flowIds.has(f.id)) { compIds.add(f.source); compIds.add(f.target); }
    }
  }
  const components = compIds ? model.components.filter((c) => compIds!.has(c.id)) : model.components;
  const shown = new Set(components.map((c) => c.id));
  const flows0 = allFlows.filter((f) => (flowIds === undefined || flowIds.has(f.id)) && shown.has(f.source) && shown.has(f.target));

  // boundary tree and chains (innermost boundary of each component)
  const byId = new Map(allBoundaries.map((b) => [b.id, b]));
  const innermost = new Map<string, TrustBoundary>();
  for (const b of allBoundaries) for (const m of b.members) if (!innermost.has(m)) innermost.set(m, b);
  // a flow crosses a boundary when its ends sit in different innermost boundaries (one chain per component)
  const crossing = (f: DataFlow) => (innermost.get(f.source)?.id ?? '') !== (innermost.get(f.target)?.id ?? '');

  // boundaries worth drawing: those holding a shown component, and their ancestors
  const keep = new Set<string>();
  for (const c of components) {
    let b = innermost.get(c.id);
    const seen = new Set<string>();
    while (b && !keep.has(b.id) && !seen.has(b.id)) {
      seen.add(b.id);
      keep.add(b.id);
      b = b.parent ? byId.get(b.parent) : undefined;
    }
  }
  const nodes = new Map<string, DiagramBoundary>();
  for (const b of allBoundaries) if (keep.has(b.id)) nodes.set(b.id, { b, children: [], members: [] });
  const roots: DiagramBoundary[] = [];
  for (const b of allBoundaries) {
    const n = nodes.get(b.id);
    if (!n) continue;
    const p = b.parent ? nodes.get(b.parent) : undefined;
    if (p && p !== n) p.children.push(n);
    else roots.push(n);
  }
  const loose: Component[] = [];
  for (const c of components) {
    const b = innermost.get(c.id);
    const n = b ? nodes.get(b.id) : undefined;
    if (n) n.members.push(c);
    else loose.push(c);
  }
  const assets = new Map((model.data_assets ?? []).map((a) => [a.id, a.name]));
  return {
    title,
    components,
    flows: flows0.map((f) => ({ f, crossing: crossing(f) })),
    roots,
    loose,
    role: dfdRole,
    assetName: (id) => assets.get(id) ?? id,
  };
}
