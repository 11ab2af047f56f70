// A seeded generator of large, valid, varied architecture models for benchmarks and scale tests: devices,
// gateways, apps, cloud services, stores, ML and people, joined by a ring plus random flows (~1.5 flows
// per component), in nested trust boundaries, with randomly present or missing controls.
import { sfc32, type Rng } from '../util/rng.ts';
import type { ComponentKind, Hosting, Party } from '../vocab/index.ts';
import type { Architecture, Component, ComponentSecurity, DataAsset, DataFlow, Protocol, TrustBoundary } from './model.ts';
import { COMPONENT_SECURITY_PROPERTIES } from './schema.ts';

const KINDS: { kind: ComponentKind; hosting: Hosting; operator: Party; weight: number }[] = [
  { kind: 'medical-device', hosting: 'hdo-network', operator: 'hdo', weight: 4 },
  { kind: 'sensor', hosting: 'patient-home', operator: 'mdm', weight: 3 },
  { kind: 'actuator', hosting: 'patient-home', operator: 'mdm', weight: 2 },
  { kind: 'gateway', hosting: 'hdo-network', operator: 'hdo', weight: 2 },
  { kind: 'mobile-app', hosting: 'patient-home', operator: 'mdm', weight: 2 },
  { kind: 'clinician-workstation', hosting: 'hdo-network', operator: 'hdo', weight: 2 },
  { kind: 'cloud-iot-ingestion', hosting: 'cloud', operator: 'mdm', weight: 1 },
  { kind: 'cloud-compute', hosting: 'cloud', operator: 'mdm', weight: 3 },
  { kind: 'cloud-storage', hosting: 'cloud', operator: 'mdm', weight: 2 },
  { kind: 'ml-service', hosting: 'cloud', operator: 'mdm', weight: 1 },
  { kind: 'fhir-server', hosting: 'cloud', operator: 'ehr-vendor', weight: 1 },
  { kind: 'vendor-remote-management', hosting: 'cloud', operator: 'mdm', weight: 1 },
  { kind: 'human-actor', hosting: 'hdo-network', operator: 'hdo', weight: 1 },
];
const PROTOCOLS: Protocol[] = ['https', 'mqtt', 'ble', 'fhir', 'hl7v2', 'dicom', 'websocket', 'http', 'wifi', 'proprietary-rf'];
const ASSETS: DataAsset[] = [
  { id: 'a-phi', name: 'PHI', type: 'phi', confidentiality: 'critical', integrity: 'high', availability: 'medium', patient_harm: { confidentiality: 'minor', integrity: 'serious' } },
  { id: 'a-tel', name: 'Telemetry', type: 'telemetry', confidentiality: 'high', integrity: 'high', availability: 'high', patient_harm: { integrity: 'critical', availability: 'serious' } },
  { id: 'a-cmd', name: 'Commands', type: 'commands', confidentiality: 'low', integrity: 'critical', availability: 'high', patient_harm: { integrity: 'catastrophic' } },
  { id: 'a-cfg', name: 'Configuration', type: 'configuration', confidentiality: 'low', integrity: 'critical', availability: 'medium', signed: false, patient_harm: { integrity: 'critical' } },
  { id: 'a-fw', name: 'Firmware', type: 'firmware', confidentiality: 'low', integrity: 'critical', availability: 'medium', signed: true },
  { id: 'a-alarm', name: 'Alarms', type: 'alarms', confidentiality: 'low', integrity: 'high', availability: 'critical', patient_harm: { availability: 'critical' } },
  { id: 'a-cred', name: 'Credentials', type: 'credentials', confidentiality: 'critical', integrity: 'high', availability: 'high' },
  { id: 'a-log', name: 'Audit logs', type: 'audit-logs', confidentiality: 'high', integrity: 'high', availability: 'medium' },
  { id: 'a-model', name: 'Model', type: 'ml-model', confidentiality: 'high', integrity: 'critical', availability: 'high', signed: false, patient_harm: { integrity: 'critical' } },
];

function pickKind(rng: Rng) {
  const total = KINDS.reduce((n, k) => n + k.weight, 0);
  let x = rng.int(total);
  for (const k of KINDS) {
    if (x < k.weight) return k;
    x -= k.weight;
  }
  return KINDS[0];
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

/** A valid model with `components` components, about 1.5 × that many flows and components/10 boundaries. */
export function syntheticArchitecture(components: number, seed = 1): Architecture {
  const rng = sfc32(seed);
  const comps: Component[] = [];
  for (let i = 0; i < components; i++) {
    const k = pickKind(rng);
    const security: ComponentSecurity = {};
    for (const p of COMPONENT_SECURITY_PROPERTIES) if (rng.float() < 0.5) (security as Record<string, boolean>)[p] = rng.float() < 0.7 && p !== 'public_access';
    const c: Component = {
      id: `c${i}`, name: `${k.kind} ${i}`, kind: k.kind, operator: k.operator, hosting: k.hosting, security,
      safety_critical: (k.kind === 'medical-device' || k.kind === 'actuator' || k.kind === 'sensor') && rng.float() < 0.7,
      clinical_functions: k.kind === 'actuator' ? ['therapy-delivery'] : k.kind === 'sensor' ? ['diagnosis-monitoring'] : [],
      stores: rng.float() < 0.4 ? [pick(rng, ASSETS).id] : [],
      instances: k.hosting === 'patient-home' ? 1 + rng.int(100) : 1,
    };
    if (k.hosting === 'cloud') c.service_model = pick(rng, ['iaas', 'paas', 'saas'] as const);
    if (k.kind === 'ml-service') c.processes = ['a-model'];
    comps.push(c);
  }
  const flows: DataFlow[] = [];
  const addFlow = (s: number, t: number) => {
    if (s === t) return;
    const assets = [...new Set([pick(rng, ASSETS).id, pick(rng, ASSETS).id])];
    flows.push({
      id: `f${flows.length}`, source: comps[s].id, target: comps[t].id, protocol: pick(rng, PROTOCOLS), assets,
      authentication: pick(rng, ['none', 'password', 'api-key', 'token', 'certificate', 'mutual-tls'] as const),
      encryption: pick(rng, ['none', 'link', 'transport', 'end-to-end'] as const),
      heartbeat: rng.float() < 0.5,
      replay_protection: rng.float() < 0.5,
      initiated_by: rng.float() < 0.3 ? 'target' : 'source',
      ...(rng.float() < 0.2 ? { purposes: [pick(rng, ['update', 'remote-access', 'backup', 'authentication'] as const)] } : {}),
    });
  };
  for (let i = 0; i < components; i++) addFlow(i, (i + 1) % components);
  for (let i = 0; i < Math.floor(components / 2); i++) addFlow(rng.int(components), rng.int(components));

  // Boundaries of ten consecutive components; every third nests in the previous one.
  const boundaries: TrustBoundary[] = [];
  const types = ['hdo-network', 'cloud-account', 'patient-home', 'network-segment', 'device', 'third-party'] as const;
  for (let b = 0; b * 10 < components; b++) {
    const members = comps.slice(b * 10, b * 10 + 10).map((c) => c.id);
    const tb: TrustBoundary = { id: `b${b}`, name: `Zone ${b}`, type: types[b % types.length], members };
    if (b % 3 === 2) tb.parent = `b${b - 1}`;
    boundaries.push(tb);
  }
  return {
    format: 'medflow-architecture/1', id: `synthetic-${components}`, name: `Synthetic ${components}`,
    components: comps, data_assets: ASSETS.map((a) => ({ ...a })), data_flows: flows, trust_boundaries: boundaries,
    views: { global_system: { elements: 'all', flows: 'all' } },
  };
}
