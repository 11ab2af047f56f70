// The indexed architecture: every neighbour relation, boundary chain, boundary crossing, effective flow
// property and patient count the rules need, computed once in linear time so that rule evaluation never
// searches the model.
import type { ComponentKind, Reach } from '../vocab/index.ts';
import { reachRank } from '../vocab/index.ts';
import type {
  Architecture, AttackVector, Authentication, Component, ComponentSecurity, DataAsset, DataFlow, DfdRole, Encryption,
  FlowPurpose, Integrity, Network, Protocol, TrustBoundary,
} from './model.ts';
import { INTEGRITIES } from './model.ts';

export interface ComponentNode {
  kind: 'component';
  id: string;
  name: string;
  c: Component;
  role: DfdRole;
  inScope: boolean;
  perPatient: boolean;
  instances: number;
  /** Patients depending on this component (own instances when per-patient, else derived or declared). */
  patients: number;
  incoming: FlowNode[];
  outgoing: FlowNode[];
  /** Flows whose connection this component accepts (it is the responder). */
  accepts: FlowNode[];
  /** Flows whose connection this component opens (it is the initiator). */
  opens: FlowNode[];
  /** Precomputed for the rule engine (no allocation while rules run). */
  flows: FlowNode[];
  sources: ComponentNode[];
  targets: ComponentNode[];
  neighbours: ComponentNode[];
  boundaryTypes: string[];
  /** Enclosing boundaries, innermost first. */
  chain: BoundaryNode[];
  security: ComponentSecurity;
  stores: DataAsset[];
  /** Stored, processed and carried (in or out) assets, de-duplicated. */
  handles: DataAsset[];
  /** Most exposed attack vector from which it can be reached. */
  exposure: AttackVector;
  exposureBasis: string;
  internetFacing: boolean;
  views: string[];
  order: number;
}

export interface FlowNode {
  kind: 'flow';
  id: string;
  name: string;
  f: DataFlow;
  source: ComponentNode;
  target: ComponentNode;
  assets: DataAsset[];
  purposes: FlowPurpose[];
  network: Network;
  networkDerived: boolean;
  authentication: Authentication;
  /** How the data's sender is authenticated: client authentication when it initiates, server authentication (TLS) when it responds. */
  senderAuthentication: Authentication;
  initiator: ComponentNode;
  responder: ComponentNode;
  encryption: Encryption;
  /** Effective integrity: the declared one or what the encryption implies, whichever is stronger. */
  integrity: Integrity;
  /** Boundaries entered or left (symmetric difference of the endpoints' chains). */
  crossed: BoundaryNode[];
  crossedTypes: string[];
  assetTypes: string[];
  endpoints: ComponentNode[];
  /** One-element lists of each end (relations return lists). */
  sourceList: ComponentNode[];
  targetList: ComponentNode[];
  av: AttackVector;
  /** Why this attack vector, for reports. */
  avBasis: string;
  views: string[];
  order: number;
}

export interface BoundaryNode {
  kind: 'boundary';
  id: string;
  name: string;
  b: TrustBoundary;
  parent?: BoundaryNode;
  children: BoundaryNode[];
  depth: number;
  members: ComponentNode[];
  crossing: FlowNode[];
  views: string[];
  order: number;
}

export type ElementNode = ComponentNode | FlowNode | BoundaryNode;

export interface ModelIndex {
  model: Architecture;
  components: ComponentNode[];
  flows: FlowNode[];
  boundaries: BoundaryNode[];
  assets: DataAsset[];
  component: Map<string, ComponentNode>;
  flow: Map<string, FlowNode>;
  boundary: Map<string, BoundaryNode>;
  asset: Map<string, DataAsset>;
  /** Element id → any node. */
  element: Map<string, ElementNode>;
}

const PER_PATIENT_KINDS: ReadonlySet<ComponentKind> = new Set(['medical-device', 'sensor', 'actuator']);

export function defaultRole(c: Component): DfdRole {
  if (c.dfd_role) return c.dfd_role;
  if (c.kind === 'human-actor') return 'external';
  if (c.kind === 'cloud-storage' || c.kind === 'pacs' || c.kind === 'data-store') return 'store';
  return 'process';
}

export function isPerPatient(c: Component): boolean {
  if (c.per_patient !== undefined) return c.per_patient;
  if (PER_PATIENT_KINDS.has(c.kind)) return c.hosting !== 'cloud';
  if (c.kind === 'human-actor') return c.operator === 'patient';
  return (c.kind === 'mobile-app' || c.kind === 'gateway') && (c.hosting === 'patient-home' || c.hosting === 'on-device');
}

const WIRELESS_SHORT: ReadonlySet<Protocol> = new Set(['ble', 'nfc', 'proprietary-rf']);
const PHYSICAL: ReadonlySet<Protocol> = new Set(['usb', 'serial']);
const BUS: ReadonlySet<Protocol> = new Set(['can', 'ethercat']);

/** The network a flow travels over when the model does not say: from protocol, then from where the ends run. */
export function deriveNetwork(f: DataFlow, s: Component, t: Component): Network {
  if (f.protocol === 'ipc') return 'in-process';
  if (f.protocol === 'local-ui') return 'local-console';
  if (WIRELESS_SHORT.has(f.protocol)) return 'short-range-wireless';
  if (PHYSICAL.has(f.protocol)) return 'wired-local';
  if (BUS.has(f.protocol)) return 'device-bus';
  if (f.protocol === 'cellular') return 'cellular';
  const hs = s.hosting;
  const ht = t.hosting;
  if (hs === 'cloud' && ht === 'cloud') return 'cloud-internal';
  if (hs === ht && hs === 'hdo-network') return 'hdo-lan';
  if ((hs === 'patient-home' || hs === 'on-device') && (ht === 'patient-home' || ht === 'on-device')) return 'home-lan';
  if (hs === 'on-device' || ht === 'on-device') {
    const other = hs === 'on-device' ? ht : hs;
    if (other === 'hdo-network') return 'hdo-lan';
  }
  return 'internet';
}

const AV_OF_NETWORK: Record<Network, AttackVector> = {
  internet: 'N', cellular: 'N', 'cloud-internal': 'N', 'private-link': 'A', 'hdo-lan': 'A', 'home-lan': 'A',
  'short-range-wireless': 'A', 'wired-local': 'P', 'device-bus': 'L', 'in-process': 'L', 'local-console': 'L',
};
export const AV_RANK: Record<AttackVector, number> = { P: 0, L: 1, A: 2, N: 3 };
const AV_OF_HOSTING = { cloud: 'N', 'vendor-network': 'A', 'hdo-network': 'A', 'patient-home': 'A', 'on-device': 'P' } as const;

const IMPLIED_INTEGRITY: Record<Encryption, Integrity> = { none: 'none', link: 'link', transport: 'transport', 'end-to-end': 'message' };
const integrityRank = (i: Integrity) => INTEGRITIES.indexOf(i);

const PURPOSE_OF_ASSET: Partial<Record<DataAsset['type'], FlowPurpose>> = {
  commands: 'command', configuration: 'configuration', firmware: 'update', software: 'update', alarms: 'alarm',
  backup: 'backup', credentials: 'authentication', telemetry: 'telemetry', 'audit-logs': 'logging', 'training-data': 'ml-training',
};

/** Builds the index. The model must be valid (references resolve); dangling ones are skipped defensively. */
export function buildIndex(model: Architecture): ModelIndex {
  const asset = new Map<string, DataAsset>();
  for (const a of model.data_assets ?? []) asset.set(a.id, a);
  const component = new Map<string, ComponentNode>();
  const components: ComponentNode[] = model.components.map((c, order) => {
    const n: ComponentNode = {
      kind: 'component', id: c.id, name: c.name, c, role: defaultRole(c), inScope: c.in_scope !== false,
      perPatient: isPerPatient(c), instances: c.instances ?? 1, patients: 0, incoming: [], outgoing: [], accepts: [], opens: [], chain: [],
      flows: [], sources: [], targets: [], neighbours: [], boundaryTypes: [],
      security: c.security ?? {}, stores: [], handles: [], exposure: 'P', exposureBasis: '', internetFacing: !!c.internet_facing,
      views: [], order,
    };
    n.stores = (c.stores ?? []).map((a) => asset.get(a)).filter((a): a is DataAsset => !!a);
    component.set(c.id, n);
    return n;
  });

  const boundary = new Map<string, BoundaryNode>();
  const boundaries: BoundaryNode[] = (model.trust_boundaries ?? []).map((b, order) => {
    const n: BoundaryNode = { kind: 'boundary', id: b.id, name: b.name, b, children: [], depth: 0, members: [], crossing: [], views: [], order };
    boundary.set(b.id, n);
    return n;
  });
  for (const n of boundaries) {
    const p = n.b.parent !== undefined ? boundary.get(n.b.parent) : undefined;
    if (p && p !== n) {
      n.parent = p;
      p.children.push(n);
    }
    for (const m of n.b.members) {
      const c = component.get(m);
      if (c) n.members.push(c);
    }
  }
  // Depth and chains (guarding against cycles in unvalidated input).
  const chainOf = (b: BoundaryNode): BoundaryNode[] => {
    const out: BoundaryNode[] = [];
    for (let cur: BoundaryNode | undefined = b; cur && out.length <= boundaries.length; cur = cur.parent) {
      if (out.includes(cur)) break;
      out.push(cur);
    }
    return out;
  };
  const chains = new Map<BoundaryNode, BoundaryNode[]>();
  for (const b of boundaries) {
    const ch = chainOf(b);
    chains.set(b, ch);
    b.depth = ch.length - 1;
  }
  for (const b of boundaries) {
    for (const c of b.members) {
      const ch = chains.get(b)!;
      if (ch.length > c.chain.length) c.chain = ch; // innermost membership wins
    }
  }

  const flow = new Map<string, FlowNode>();
  const flows: FlowNode[] = [];
  (model.data_flows ?? []).forEach((f, order) => {
    const s = component.get(f.source);
    const t = component.get(f.target);
    if (!s || !t) return;
    const assets = (f.assets ?? []).map((a) => asset.get(a)).filter((a): a is DataAsset => !!a);
    const purposes = new Set<FlowPurpose>(f.purposes ?? []);
    for (const a of assets) {
      const p = PURPOSE_OF_ASSET[a.type];
      if (p) purposes.add(p);
      if ((a.type === 'phi' || a.type === 'telemetry') && s.perPatient && !t.perPatient) purposes.add('patient-data');
    }
    const network = f.network ?? deriveNetwork(f, s.c, t.c);
    const encryption = f.encryption ?? 'none';
    const declared = f.integrity ?? 'none';
    const implied = IMPLIED_INTEGRITY[encryption];
    const sSet = new Set(s.chain);
    const tSet = new Set(t.chain);
    const crossed = [...s.chain.filter((b) => !tSet.has(b)), ...t.chain.filter((b) => !sSet.has(b))];
    const authentication = f.authentication ?? 'none';
    const byTarget = f.initiated_by === 'target';
    const n: FlowNode = {
      kind: 'flow', id: f.id, name: f.name ?? `${s.name} → ${t.name}`, f, source: s, target: t, assets,
      purposes: [...purposes].sort(), network, networkDerived: f.network === undefined,
      authentication, encryption, initiator: byTarget ? t : s, responder: byTarget ? s : t,
      senderAuthentication: !byTarget ? authentication : encryption === 'transport' || encryption === 'end-to-end' ? 'certificate' : 'none',
      integrity: integrityRank(implied) > integrityRank(declared) ? implied : declared,
      crossed, av: AV_OF_NETWORK[network], views: [], order,
      crossedTypes: crossed.map((b) => b.b.type), assetTypes: [...new Set(assets.map((a) => a.type))], endpoints: [s, t], sourceList: [s], targetList: [t],
      avBasis: `${f.protocol} over ${network}${f.network === undefined ? ' (derived from protocol and hosting)' : ''}`,
    };
    flows.push(n);
    flow.set(f.id, n);
    s.outgoing.push(n);
    t.incoming.push(n);
    n.initiator.opens.push(n);
    n.responder.accepts.push(n);
    for (const b of crossed) b.crossing.push(n);
  });

  // Assets handled, exposure, patients.
  for (const c of components) {
    c.flows = [...c.incoming, ...c.outgoing];
    c.sources = [...new Set(c.incoming.map((f) => f.source))];
    c.targets = [...new Set(c.outgoing.map((f) => f.target))];
    c.neighbours = [...new Set([...c.sources, ...c.targets])];
    c.boundaryTypes = c.chain.map((b) => b.b.type);
    const seen = new Set<string>();
    const add = (a: DataAsset | undefined) => {
      if (a && !seen.has(a.id)) {
        seen.add(a.id);
        c.handles.push(a);
      }
    };
    c.stores.forEach(add);
    for (const a of c.c.processes ?? []) add(asset.get(a));
    for (const f of c.incoming) f.assets.forEach(add);
    for (const f of c.outgoing) f.assets.forEach(add);

    let av: AttackVector = AV_OF_HOSTING[c.c.hosting];
    let basis = `hosted ${c.c.hosting === 'on-device' ? 'on the device' : `in ${c.c.hosting}`}`;
    for (const f of c.accepts) {
      if (AV_RANK[f.av] > AV_RANK[av]) {
        av = f.av;
        basis = `accepts "${f.name}" over ${f.network}`;
      }
      if (f.network === 'internet' || f.network === 'cellular') c.internetFacing = true;
    }
    if (c.internetFacing && av !== 'N') {
      av = 'N';
      basis = 'reachable from the internet';
    }
    c.exposure = av;
    c.exposureBasis = basis;
  }
  countPatients(components, flows);

  // FDA views each element appears in.
  const v = model.views ?? {};
  const mark = (name: string, view: { elements?: string[] | 'all'; flows?: string[] | 'all'; boundaries?: string[] } | undefined) => {
    if (!view) return;
    const els = view.elements === 'all' ? components : (view.elements ?? []).map((e) => component.get(e)).filter((x): x is ComponentNode => !!x);
    for (const e of els) e.views.push(name);
    const fls = view.flows === 'all' ? flows : (view.flows ?? []).map((e) => flow.get(e)).filter((x): x is FlowNode => !!x);
    for (const e of fls) e.views.push(name);
    for (const b of view.boundaries ?? []) boundary.get(b)?.views.push(name);
  };
  mark('global-system', v.global_system);
  mark('multi-patient-harm', v.multi_patient_harm);
  mark('updatability-patchability', v.updatability_patchability);
  for (const u of v.security_use_cases ?? []) mark(`security-use-case:${u.id}`, u);
  for (const n of [...components, ...flows, ...boundaries]) n.views = [...new Set(n.views)].sort();

  const element = new Map<string, ElementNode>();
  for (const n of components) element.set(n.id, n);
  for (const n of flows) element.set(n.id, n);
  for (const n of boundaries) element.set(n.id, n);
  return { model, components, flows, boundaries, assets: [...asset.values()], component, flow, boundary, asset, element };
}

/** Kinds that end a dependency chain: they use shared services but do not connect them to one another. */
const LEAF_KINDS: ReadonlySet<ComponentKind> = new Set(['human-actor', 'clinician-workstation']);

/**
 * Patients depending on each component. Per-patient components count their own instances. Shared components
 * that are joined by flows form a cluster (a compromise of one reaches the others' data and commands), and
 * every member counts the per-patient instances attached to the cluster. Workstations and people use the
 * cluster without joining it (and count one patient for each per-patient device they touch directly).
 * A declared `patients` always wins for its component and raises its cluster's count. Linear time (union-find).
 */
function countPatients(components: ComponentNode[], flows: FlowNode[]): void {
  const index = new Map<ComponentNode, number>(components.map((c, i) => [c, i]));
  const parent = components.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const bridges = (c: ComponentNode) => !c.perPatient && !LEAF_KINDS.has(c.c.kind);
  for (const f of flows) {
    if (bridges(f.source) && bridges(f.target)) {
      const a = find(index.get(f.source)!);
      const b = find(index.get(f.target)!);
      if (a !== b) parent[a] = b;
    }
  }
  // Per-patient components attached to each cluster (counted once per cluster).
  const attached = new Map<number, Set<ComponentNode>>();
  const attach = (shared: ComponentNode, device: ComponentNode) => {
    if (!bridges(shared) || !device.perPatient) return;
    const root = find(index.get(shared)!);
    let set = attached.get(root);
    if (!set) attached.set(root, (set = new Set()));
    set.add(device);
  };
  for (const f of flows) {
    attach(f.source, f.target);
    attach(f.target, f.source);
  }
  const clusterPatients = new Map<number, number>();
  for (const [root, set] of attached) {
    let sum = 0;
    for (const d of set) sum += d.instances;
    clusterPatients.set(root, sum);
  }
  // A declared count on a cluster member speaks for the cluster (e.g. an imaging service with no per-patient devices).
  for (const c of components) {
    if (c.c.patients === undefined || !bridges(c)) continue;
    const root = find(index.get(c)!);
    clusterPatients.set(root, Math.max(clusterPatients.get(root) ?? 0, c.c.patients));
  }
  for (const c of components) {
    if (c.c.patients !== undefined) c.patients = c.c.patients;
    else if (c.perPatient) c.patients = c.instances;
    else if (bridges(c)) c.patients = clusterPatients.get(find(index.get(c)!)) ?? 0;
  }
  for (const c of components) {
    if (c.c.patients !== undefined || c.perPatient || bridges(c)) continue;
    // A leaf (workstation, person): the most patients behind a shared component it uses, or the
    // per-patient devices it touches directly (one patient each: it uses one device at a time).
    let best = 0;
    let direct = 0;
    const seen = new Set<ComponentNode>();
    for (const f of [...c.incoming, ...c.outgoing]) {
      const o = f.source === c ? f.target : f.source;
      if (seen.has(o)) continue;
      seen.add(o);
      if (o.perPatient) direct += 1;
      else if (bridges(o)) best = Math.max(best, o.patients);
    }
    c.patients = Math.max(best, direct);
  }
}

/** Reach of a patient count under the matrix's thresholds. */
export function reachOfPatients(patients: number, perPatient: boolean, t: { multi: number; fleet: number }): Reach {
  if (perPatient) return 'single-patient';
  if (patients >= t.fleet) return 'fleet';
  if (patients >= t.multi) return 'multi-patient';
  return 'single-patient';
}

export function maxReach(a: Reach, b: Reach): Reach {
  return reachRank(a) >= reachRank(b) ? a : b;
}
