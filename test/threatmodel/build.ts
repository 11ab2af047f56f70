// A tiny builder for purpose-built architecture models in tests: defaults fill in everything a case does
// not care about, so each case states only what makes a rule fire (or not).
import type { Architecture, Component, DataAsset, DataFlow, TrustBoundary } from '../../src/threatmodel/model.ts';

type CompSpec = Partial<Component> & { id: string };
type FlowSpec = Partial<DataFlow> & { id: string; source: string; target: string };

/** Asset library: each case picks assets by id. */
export const ASSETS: Record<string, DataAsset> = {
  phi: {
    id: 'phi', name: 'Patient record', type: 'phi', confidentiality: 'critical', integrity: 'high', availability: 'medium',
    patient_harm: { confidentiality: 'minor', integrity: 'serious' },
  },
  tel: {
    id: 'tel', name: 'Vital signs', type: 'telemetry', confidentiality: 'high', integrity: 'high', availability: 'high',
    patient_harm: { integrity: 'critical', availability: 'serious' },
  },
  cmd: {
    id: 'cmd', name: 'Dose command', type: 'commands', confidentiality: 'low', integrity: 'critical', availability: 'high',
    patient_harm: { integrity: 'catastrophic', availability: 'serious' },
  },
  cfg: {
    id: 'cfg', name: 'Therapy settings', type: 'configuration', confidentiality: 'low', integrity: 'critical', availability: 'medium',
    signed: false, patient_harm: { integrity: 'critical' },
  },
  fw: {
    id: 'fw', name: 'Signed firmware', type: 'firmware', confidentiality: 'low', integrity: 'critical', availability: 'medium',
    signed: true, patient_harm: { integrity: 'catastrophic' },
  },
  fwu: {
    id: 'fwu', name: 'Unsigned firmware', type: 'firmware', confidentiality: 'low', integrity: 'critical', availability: 'medium',
    signed: false, patient_harm: { integrity: 'catastrophic' },
  },
  alarm: {
    id: 'alarm', name: 'Alarm', type: 'alarms', confidentiality: 'low', integrity: 'high', availability: 'critical',
    patient_harm: { availability: 'critical', integrity: 'serious' },
  },
  cred: { id: 'cred', name: 'Service key', type: 'credentials', confidentiality: 'critical', integrity: 'high', availability: 'high' },
  logs: { id: 'logs', name: 'Audit log', type: 'audit-logs', confidentiality: 'high', integrity: 'high', availability: 'medium' },
  model: {
    id: 'model', name: 'Classifier', type: 'ml-model', confidentiality: 'high', integrity: 'critical', availability: 'high',
    provenance_tracked: false, signed: false, patient_harm: { integrity: 'critical' },
  },
  train: {
    id: 'train', name: 'Training set', type: 'training-data', confidentiality: 'high', integrity: 'critical', availability: 'medium',
    provenance_tracked: false, deidentified: false, patient_harm: { integrity: 'serious' },
  },
  bak: {
    id: 'bak', name: 'Backup', type: 'backup', confidentiality: 'high', integrity: 'high', availability: 'high',
    patient_harm: { availability: 'serious', integrity: 'serious' },
  },
};

/** A cloud PaaS component unless told otherwise. */
export function comp(id: string, extra: Partial<Component> = {}): CompSpec {
  return { id, ...extra };
}

/** A safety-critical medical device on the hospital network. */
export function device(id: string, extra: Partial<Component> = {}): CompSpec {
  return { id, kind: 'medical-device', operator: 'hdo', hosting: 'hdo-network', safety_critical: true, ...extra };
}

export function human(id: string, extra: Partial<Component> = {}): CompSpec {
  return { id, kind: 'human-actor', operator: 'hdo', hosting: 'hdo-network', ...extra };
}

export function flow(id: string, source: string, target: string, extra: Partial<DataFlow> = {}): FlowSpec {
  return { id, source, target, ...extra };
}

export function boundary(id: string, type: TrustBoundary['type'], members: string[], parent?: string): TrustBoundary {
  return { id, name: id, type, members, ...(parent ? { parent } : {}) };
}

export interface Spec {
  components: CompSpec[];
  flows?: FlowSpec[];
  boundaries?: TrustBoundary[];
  /** Asset ids from ASSETS, or full assets. */
  assets?: (string | DataAsset)[];
  tracking?: Architecture['threat_tracking'];
}

export function model(spec: Spec): Architecture {
  const components: Component[] = spec.components.map((c) => {
    const hosting = c.hosting ?? 'cloud';
    const out: Component = {
      name: c.id, kind: 'cloud-compute', operator: 'mdm', ...c, hosting,
    } as Component;
    if (hosting === 'cloud') out.service_model = c.service_model ?? 'paas';
    else delete out.service_model;
    return out;
  });
  const flows: DataFlow[] = (spec.flows ?? []).map((f) => ({ protocol: 'https', ...f }) as DataFlow);
  const assets = (spec.assets ?? []).map((a) => (typeof a === 'string' ? structuredClone(ASSETS[a]) : a));
  return {
    format: 'medflow-architecture/1',
    id: 'test',
    name: 'test model',
    components,
    data_assets: assets,
    data_flows: flows,
    trust_boundaries: spec.boundaries ?? [],
    ...(spec.tracking ? { threat_tracking: spec.tracking } : {}),
  };
}

/** Finds a component or flow in a built model to tweak it. */
export function el(m: Architecture, id: string): Component & DataFlow {
  const x = m.components.find((c) => c.id === id) ?? m.data_flows?.find((f) => f.id === id);
  if (!x) throw new Error(`no element ${id}`);
  return x as Component & DataFlow;
}

export function sec(m: Architecture, id: string): NonNullable<Component['security']> {
  const c = m.components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}`);
  c.security ??= {};
  return c.security;
}
