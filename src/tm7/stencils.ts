// How TMT stencils translate into medflow's vocabulary: component kind, DFD role, hosting, protocol and
// boundary type, from the stencil name (template stencils have GUID ids that differ between templates, names
// do not), the generic type and keywords in the modeller's labels. Each guess says how strong it is, so the
// converter can let diagram context (the trust zone an element sits in) decide the weak ones.
import type { ComponentKind, Hosting } from '../vocab/index.ts';
import type { BoundaryType, DfdRole, Protocol } from '../threatmodel/model.ts';

export interface KindGuess {
  kind?: ComponentKind;
  hosting?: Hosting;
  /** A medical component stencil (the template's "Generic Physical Medical Component" family). */
  medical?: boolean;
  /** Kind chosen from strong evidence (stencil or label); weak kinds are filled in from hosting later. */
  strongKind: boolean;
  strongHosting: boolean;
}

const MEDICAL_STENCILS: Record<string, ComponentKind> = {
  sensor: 'sensor',
  'image detector': 'sensor',
  'pharmaceutical pump': 'medical-device',
  'imaging device': 'medical-device',
  'clinical information display': 'medical-device',
  'moving gantry or c arm': 'actuator',
  'remotely controllable patient table': 'actuator',
  'ionizing radiation source': 'actuator',
  'emergency stop': 'actuator',
  'safety interlock': 'actuator',
};

/** Stencils whose kind is clear (by lower-case stencil name). */
const KNOWN_STENCILS: Record<string, { kind: ComponentKind; hosting?: Hosting }> = {
  'cloud storage': { kind: 'cloud-storage', hosting: 'cloud' },
  'human user': { kind: 'human-actor', hosting: 'hdo-network' },
  'authorization provider': { kind: 'identity-provider', hosting: 'cloud' },
  'external web application': { kind: 'cloud-compute', hosting: 'cloud' },
  'external web service': { kind: 'cloud-compute', hosting: 'cloud' },
  megaservice: { kind: 'cloud-compute', hosting: 'cloud' },
  browser: { kind: 'clinician-workstation' },
  'third party emr interface': { kind: 'ehr', hosting: 'hdo-network' },
  'ldap client': { kind: 'identity-provider' },
};

/** Keywords in a label that decide the kind (checked in order; the first match wins). */
const LABEL_KINDS: [RegExp, ComponentKind, Hosting?][] = [
  [/digital[\s-]*twin/i, 'digital-twin', 'cloud'],
  [/\bfhir\b/i, 'fhir-server', 'cloud'],
  [/\b(ehr|emr)\b|electronic (health|medical) record/i, 'ehr', 'hdo-network'],
  [/\biot[\s-]*(hub|core|ingest\w*)|ingestion/i, 'cloud-iot-ingestion', 'cloud'],
  [/\b(ml|ai)\b|machine[\s-]*learning|inference|model[\s-]*serv/i, 'ml-service', 'cloud'],
  [/identity|\bidp\b|\bsso\b|\bldap\b|directory|auth(entication|orization)?[\s-]*(server|provider|service)/i, 'identity-provider'],
  [/remote[\s-]*(management|access|service|support)|\bvendor\b/i, 'vendor-remote-management', 'vendor-network'],
  [/router|firewall|\bswitch\b|access[\s-]*point|\bvpn\b|load[\s-]*balancer/i, 'network-device'],
  [/gateway|\bhub\b|bridge/i, 'gateway'],
  [/\bapp\b|mobile|smart[\s-]*phone|\bphone\b|tablet/i, 'mobile-app', 'patient-home'],
  [/workstation|console|\bpc\b|laptop|desktop/i, 'clinician-workstation'],
];

/** Guesses kind and hosting of one TMT element. */
export function guessKind(stencil: string, label: string, medicalFamily: boolean, annotation: boolean): KindGuess {
  const s = stencil.trim().toLowerCase();
  if (medicalFamily || MEDICAL_STENCILS[s]) {
    return { kind: MEDICAL_STENCILS[s] ?? 'medical-device', hosting: 'on-device', medical: true, strongKind: true, strongHosting: true };
  }
  const known = KNOWN_STENCILS[s];
  if (known && !annotation) {
    return { kind: known.kind, hosting: known.hosting, strongKind: true, strongHosting: known.hosting !== undefined };
  }
  for (const [re, kind, hosting] of LABEL_KINDS) {
    if (re.test(label)) return { kind, hosting, strongKind: true, strongHosting: hosting !== undefined };
  }
  if (/cloud|azure|\baws\b|\bgcp\b|saas|paas/i.test(label)) return { hosting: 'cloud', strongKind: false, strongHosting: true };
  if (/\b(home|patient'?s)\b/i.test(label)) return { hosting: 'patient-home', strongKind: false, strongHosting: true };
  return { strongKind: false, strongHosting: false };
}

/** Kind for an element whose stencil and label said nothing specific, from where it runs and its DFD role. */
export function kindFromHosting(hosting: Hosting, role: DfdRole): ComponentKind {
  switch (hosting) {
    case 'cloud': return role === 'store' ? 'cloud-storage' : 'cloud-compute';
    case 'on-device': return 'medical-device';
    case 'patient-home': return 'gateway';
    case 'vendor-network': return 'vendor-remote-management';
    case 'hdo-network': return role === 'external' ? 'human-actor' : 'clinician-workstation';
  }
}

/** Hosting a kind usually has when nothing else says. */
export function defaultHosting(kind: ComponentKind): Hosting {
  switch (kind) {
    case 'cloud-storage': case 'cloud-compute': case 'cloud-iot-ingestion': case 'ml-service': case 'digital-twin':
    case 'fhir-server': case 'identity-provider':
      return 'cloud';
    case 'medical-device': case 'sensor': case 'actuator':
      return 'on-device';
    case 'gateway': case 'mobile-app':
      return 'patient-home';
    case 'vendor-remote-management':
      return 'vendor-network';
    default:
      return 'hdo-network';
  }
}

/** DFD role from the TMT generic type (annotations and medical components have their own). */
export function roleOf(genericTypeId: string, shape: string, medical: boolean): DfdRole {
  if (medical) return 'process';
  if (genericTypeId === 'GE.P') return 'process';
  if (genericTypeId === 'GE.DS') return 'store';
  if (genericTypeId === 'GE.EI' || genericTypeId === 'GE.A') return 'external';
  if (shape === 'parallel-lines') return 'store';
  if (shape === 'rectangle') return 'external';
  return 'process';
}

export interface ProtocolGuess {
  protocol?: Protocol;
  /** The stencil itself implies transport encryption and integrity (HTTPS, DICOM TLS, SSH, IPsec, LDAPS). */
  secure?: boolean;
}

const FLOW_STENCILS: Record<string, ProtocolGuess> = {
  http: { protocol: 'http' },
  https: { protocol: 'https', secure: true },
  ipsec: { protocol: 'vpn', secure: true },
  'named pipe': { protocol: 'ipc' },
  alpc: { protocol: 'ipc' },
  'rpc or dcom': { protocol: 'ipc' },
  'ioctl interface': { protocol: 'ipc' },
  smb: { protocol: 'smb' },
  'hl7 classic': { protocol: 'hl7v2' },
  'hl7 fhir': { protocol: 'fhir' },
  ssh: { protocol: 'ssh', secure: true },
  dicom: { protocol: 'dicom' },
  'dicom tls': { protocol: 'dicom', secure: true },
  canbus: { protocol: 'can' },
  ldaps: { secure: true },
};

/** Protocol of a TMT connector stencil; `protocol` is undefined for generic ones (the converter decides). */
export function protocolOf(stencil: string): ProtocolGuess {
  return FLOW_STENCILS[stencil.trim().toLowerCase()] ?? {};
}

/** Protocol a TMT "Physical Network" choice implies for an otherwise generic flow. */
export function protocolOfChannel(channel: string | undefined): Protocol | undefined {
  switch ((channel ?? '').toLowerCase()) {
    case 'bluetooth': return 'ble';
    case 'wi-fi': return 'wifi';
    case '2g-4g': return 'cellular';
    default: return undefined;
  }
}

/** Boundary type from the stencil and label; `containsCloud` tells an internet boundary around cloud services. */
export function boundaryTypeOf(stencil: string, label: string, containsCloud: boolean): BoundaryType {
  const s = `${stencil} ${label}`.toLowerCase();
  if (/machine|device|robot/.test(s)) return 'device';
  if (/kernel|appcontainer|sandbox|browser|internet explorer|process/.test(s)) return 'execution-environment';
  if (/cloud|azure|aws|gcp/.test(s)) return containsCloud ? 'cloud-network' : 'network-segment';
  if (/corpnet|hospital|\bhdo\b|clinic|corporate/.test(s)) return 'hdo-network';
  if (/home|patient/.test(s)) return 'patient-home';
  if (/vendor|manufacturer/.test(s)) return 'vendor-network';
  if (/third|partner/.test(s)) return 'third-party';
  if (/internet/.test(s)) return containsCloud ? 'cloud-network' : 'network-segment';
  return 'network-segment';
}

/** STRIDE category of a TMT threat category name, when it is one of the six. */
export function strideOfCategory(category: string): string | undefined {
  const c = category.toLowerCase().replace(/\s+/g, ' ').trim();
  const map: Record<string, string> = {
    spoofing: 'spoofing', tampering: 'tampering', repudiation: 'repudiation',
    'information disclosure': 'information-disclosure', 'denial of service': 'denial-of-service',
    'elevation of privilege': 'elevation-of-privilege',
  };
  return map[c];
}
