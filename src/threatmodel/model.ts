// The architecture model (what we are working on) and the threat (what can go wrong), as typed data.
// This file is the contract between the model loader, the rule engine, lint, the reports, `model diff`
// and the `.tm7` importer: the YAML format in `schemas/architecture.schema.json` maps 1:1 onto these types.
// Evolve compatibly: add optional fields, never rename or repurpose one.
import type {
  ClinicalFunction, ComponentKind, DataAssetType, FdaCategory, HarmSeverity, Hosting, Party, Reach,
  ServiceModel, Stride, TreatmentStrategy,
} from '../vocab/index.ts';

/** Value of the `format` key every architecture file starts with. */
export const ARCHITECTURE_FORMAT = 'medflow-architecture/1';

// ---------------------------------------------------------------------------------------------------
// Vocabularies local to the architecture model
// ---------------------------------------------------------------------------------------------------

/** Ordinal rating of a data asset's confidentiality, integrity or availability need. */
export const RATINGS = ['low', 'medium', 'high', 'critical'] as const;
export type Rating = (typeof RATINGS)[number];

/** Data-flow-diagram role of a component (STRIDE-per-element applies different categories to each). */
export const DFD_ROLES = ['process', 'store', 'external'] as const;
export type DfdRole = (typeof DFD_ROLES)[number];

/** Wire and application protocols a data flow can use (`local-ui`: a person at a screen, keyboard or touch panel). */
export const PROTOCOLS = [
  'https', 'http', 'mqtt', 'amqp', 'coap', 'websocket', 'grpc', 'fhir', 'hl7v2', 'dicom', 'dicomweb',
  'ble', 'nfc', 'proprietary-rf', 'wifi', 'cellular', 'vpn', 'webrtc', 'rtp', 'dds', 'ssh', 'rdp', 'sftp',
  'smb', 'sql', 'syslog', 'smtp', 'usb', 'serial', 'can', 'ethercat', 'ipc', 'local-ui',
] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** How the responder of a connection authenticates the initiator. `mutual-tls`: both ends present certificates. */
export const AUTHENTICATIONS = ['none', 'password', 'api-key', 'token', 'certificate', 'mutual-tls'] as const;
export type Authentication = (typeof AUTHENTICATIONS)[number];

/** Authorization the receiving end enforces on what the sender may do. */
export const AUTHORIZATIONS = ['none', 'coarse', 'fine'] as const;
export type Authorization = (typeof AUTHORIZATIONS)[number];

/** Confidentiality in transit, weakest first: link = radio/Wi-Fi/cellular layer only; transport = TLS/DTLS/IPsec. */
export const ENCRYPTIONS = ['none', 'link', 'transport', 'end-to-end'] as const;
export type Encryption = (typeof ENCRYPTIONS)[number];

/**
 * Integrity protection in transit, weakest first. `checksum` (CRC, unkeyed hash) detects noise, not attackers;
 * `link`/`transport` protect one hop; `message` means each message is signed or MACed end to end.
 */
export const INTEGRITIES = ['none', 'checksum', 'link', 'transport', 'message'] as const;
export type Integrity = (typeof INTEGRITIES)[number];

/** The network a flow travels over; decides the CVSS attack vector. Derived from protocol and hosting when absent. */
export const NETWORKS = [
  'internet', 'cellular', 'cloud-internal', 'private-link', 'hdo-lan', 'home-lan', 'short-range-wireless',
  'wired-local', 'device-bus', 'in-process', 'local-console',
] as const;
export type Network = (typeof NETWORKS)[number];

/** What a flow is for. Six groups of these are the playbook's high-value flows (see HIGH_VALUE_FLOWS). */
export const FLOW_PURPOSES = [
  'authentication', 'command', 'configuration', 'update', 'patient-data', 'alarm', 'backup', 'restore',
  'telemetry', 'remote-access', 'clinical-record', 'ml-inference', 'ml-training', 'logging', 'video',
] as const;
export type FlowPurpose = (typeof FLOW_PURPOSES)[number];

/** The playbook's high-value data flows, each recognised by any of its purposes. */
export const HIGH_VALUE_FLOWS = [
  { id: 'authentication', name: 'Authentication to external servers', purposes: ['authentication'] },
  { id: 'programming', name: 'Programming and configuration commands', purposes: ['command', 'configuration'] },
  { id: 'updates', name: 'Obtaining and validating updates', purposes: ['update'] },
  { id: 'patient-data', name: 'Patient data leaving the device', purposes: ['patient-data'] },
  { id: 'alarms', name: 'Raising and silencing alarms', purposes: ['alarm'] },
  { id: 'backup-restore', name: 'Backup and restore', purposes: ['backup', 'restore'] },
] as const satisfies readonly { id: string; name: string; purposes: readonly FlowPurpose[] }[];
export type HighValueFlowId = (typeof HIGH_VALUE_FLOWS)[number]['id'];

/** Kinds of trust boundary. */
export const BOUNDARY_TYPES = [
  'device', 'execution-environment', 'patient-home', 'hdo-network', 'network-segment', 'vendor-network',
  'cloud-account', 'cloud-network', 'third-party',
] as const;
export type BoundaryType = (typeof BOUNDARY_TYPES)[number];

/** Where a threat stands. `untriaged` is never written: it is what a threat without a tracking entry is. */
export const THREAT_STATUSES = [
  'untriaged', 'open', 'in-progress', 'mitigated', 'eliminated', 'accepted', 'transferred', 'false-positive',
] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

// ---------------------------------------------------------------------------------------------------
// The architecture
// ---------------------------------------------------------------------------------------------------

/**
 * Security properties a component has (true) or lacks (false or absent). Absent means "not claimed":
 * rules treat it as missing, so a model states the controls it relies on.
 */
export interface ComponentSecurity {
  /** Stored data is encrypted (disk, database or field level). */
  encryption_at_rest?: boolean;
  /** Stored data is protected against undetected change (signatures, hashes, object lock, append-only). */
  integrity_at_rest?: boolean;
  /** Only signed boot images run. */
  secure_boot?: boolean;
  /** Firmware/software updates are accepted only with a valid manufacturer signature. */
  verifies_updates?: boolean;
  /** Older, signed but vulnerable versions cannot be installed. */
  anti_rollback?: boolean;
  /** Keys and credentials live in hardware (secure element, TPM, HSM, platform keystore). */
  secure_element?: boolean;
  /** No default, shared, hard-coded or serial-derived credentials: each instance has its own. */
  unique_credentials?: boolean;
  /** JTAG/UART/debug and service ports are locked or disabled in the field. */
  debug_ports_locked?: boolean;
  /** Inputs are parsed defensively (schema, bounds, fuzz-tested parsers). */
  input_validation?: boolean;
  /** Commands and settings are checked against safe clinical ranges (hard limits) before they act. */
  range_checking?: boolean;
  /** Runs with least privilege; roles separate patient, clinician, administrator, manufacturer. */
  least_privilege?: boolean;
  /** Secure configuration baseline applied; unused services off. */
  hardened?: boolean;
  /** OS and third-party software are still supported and receive security patches. */
  supported?: boolean;
  /** Anti-malware / endpoint detection runs on it. */
  anti_malware?: boolean;
  /** Security-relevant events are logged with time and identity. */
  audit_logging?: boolean;
  /** Logs leave the device for a place an attacker on the device cannot rewrite (SIEM). */
  logs_off_device?: boolean;
  /** Interactive and administrative access needs multi-factor authentication. */
  mfa?: boolean;
  /** Requests are rate limited / throttled. */
  rate_limiting?: boolean;
  /** Runs redundantly (multi-zone, failover) so one failure or attack does not stop it. */
  redundancy?: boolean;
  /** Data is backed up to an isolated, tested copy. */
  backup?: boolean;
  /** Keeps essential clinical function safely (or fails safe) when communication or a dependency is lost. */
  safe_mode?: boolean;
  /** Clinicians have an emergency (break-glass) path when authentication fails. */
  emergency_access?: boolean;
  /** Tenants or patients sharing it are isolated from one another. */
  tenant_isolation?: boolean;
  /** Reachable without authentication from the internet (e.g. a public bucket). A weakness when true. */
  public_access?: boolean;
  /** Abnormal behaviour is detected (device behaviour monitoring, IDS, SIEM alerts). */
  anomaly_detection?: boolean;
  /** The app proves it runs unmodified on an unrooted platform (Play Integrity, App Attest). */
  app_attestation?: boolean;
  /** Model performance and input distribution are monitored for drift. */
  drift_monitoring?: boolean;
  /** Fleet-wide operations (updates, configuration pushes, remote sessions) need a second person's approval. */
  change_approval?: boolean;
  /** A software bill of materials is maintained for it. */
  sbom?: boolean;
}

export interface Component {
  id: string;
  name: string;
  kind: ComponentKind;
  /** Party that operates it (runs and configures it day to day). */
  operator: Party;
  hosting: Hosting;
  /** Required when hosting is `cloud`. */
  service_model?: ServiceModel;
  /** Cloud or platform provider, e.g. "aws", "azure", "gcp". */
  provider?: string;
  /** The concrete product or service, e.g. "AWS IoT Core", "Azure Health Data Services FHIR service". */
  service?: string;
  description?: string;
  /** Its failure or compromise can directly harm a patient. */
  safety_critical?: boolean;
  clinical_functions?: ClinicalFunction[];
  /** DFD role; default from kind (human-actor → external; cloud-storage, pacs, data-store → store; else process). */
  dfd_role?: DfdRole;
  /** How many deployed copies this element stands for (e.g. 5000 pumps). Default 1. */
  instances?: number;
  /** Each copy belongs to one patient (default: true for medical devices, sensors, actuators and for patient-home gateways and apps). */
  per_patient?: boolean;
  /** Patients depending on it; overrides the count derived from the per-patient components it talks to. */
  patients?: number;
  /** Reachable from the internet (also derived from incoming internet flows). */
  internet_facing?: boolean;
  /** Shared by several customers or tenants. */
  multi_tenant?: boolean;
  /** False for elements shown for context only; needs `out_of_scope_reason`. Default true. */
  in_scope?: boolean;
  out_of_scope_reason?: string;
  /** Data assets stored at rest here. */
  stores?: string[];
  /** Data assets processed here beyond those on its flows. */
  processes?: string[];
  security?: ComponentSecurity;
  tags?: string[];
}

/** Patient harm if one property of an asset is lost (ISO 14971 severity), with why. */
export interface PatientHarm {
  confidentiality?: HarmSeverity;
  integrity?: HarmSeverity;
  availability?: HarmSeverity;
  description?: string;
}

export interface DataAsset {
  id: string;
  name: string;
  type: DataAssetType;
  description?: string;
  confidentiality: Rating;
  integrity: Rating;
  availability: Rating;
  /** Patient-harm relevance: what losing each property does to a patient. Absent: no direct harm. */
  patient_harm?: PatientHarm;
  /** Origin and lineage are recorded (for ML models, training data, firmware, drug libraries). */
  provenance_tracked?: boolean;
  /** The asset itself is signed or hash-pinned by its author (code signing, signed drug library, signed model). */
  signed?: boolean;
  /** PHI with direct identifiers removed (for analytics and ML training). */
  deidentified?: boolean;
}

export interface DataFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  protocol: Protocol;
  port?: number | string;
  description?: string;
  /** Data also travels target → source on the same channel (the flow's security applies both ways). */
  bidirectional?: boolean;
  /** Data assets carried. */
  assets?: string[];
  /** What the flow is for; also inferred from the assets it carries. */
  purposes?: FlowPurpose[];
  /** Default derived from protocol and the endpoints' hosting. */
  network?: Network;
  /**
   * Which end opens the connection (default source). A device that polls for firmware or subscribes to
   * commands is the initiator of a flow whose data goes the other way. Exposure is computed from this.
   */
  initiated_by?: 'source' | 'target';
  /**
   * How the responder authenticates the initiator (client authentication); default none, and lint warns
   * when unstated. Server authentication comes with transport or end-to-end encryption.
   */
  authentication?: Authentication;
  /** A human starts this flow and proves a second factor. */
  mfa?: boolean;
  authorization?: Authorization;
  /** Default none (lint warns when unstated). */
  encryption?: Encryption;
  /** Default: what the encryption implies (link → link, transport → transport, end-to-end → message), else none. */
  integrity?: Integrity;
  /** Messages carry nonces/counters so a recorded command cannot be replayed. */
  replay_protection?: boolean;
  /** Loss of the flow is detected in time (heartbeat, watchdog, supervised link). */
  heartbeat?: boolean;
  tags?: string[];
}

export interface TrustBoundary {
  id: string;
  name: string;
  type: BoundaryType;
  description?: string;
  /** Enclosing boundary (nesting must be acyclic). */
  parent?: string;
  /** Components directly inside (explicit membership; a component sits in at most one boundary chain). */
  members: string[];
}

/** One FDA architecture view: which elements and flows it shows. */
export interface ArchitectureView {
  description?: string;
  /** Component ids, or "all". */
  elements?: string[] | 'all';
  /** Flow ids, or "all". */
  flows?: string[] | 'all';
  boundaries?: string[];
}

/** A security use case view: one safety-relevant function in given operational and clinical states. */
export interface SecurityUseCaseView extends ArchitectureView {
  id: string;
  name: string;
  /** e.g. power-on, standby, normal operation, update, maintenance. */
  operational_states?: string[];
  /** e.g. programming, therapy, alarming, sending data, reporting results. */
  clinical_states?: string[];
}

export interface ArchitectureViews {
  global_system?: ArchitectureView;
  multi_patient_harm?: ArchitectureView;
  updatability_patchability?: ArchitectureView;
  security_use_cases?: SecurityUseCaseView[];
}

/** Triage of one threat (keyed by threat id; `*` in the element part matches every element). */
export interface ThreatTracking {
  status: Exclude<ThreatStatus, 'untriaged'>;
  strategy?: TreatmentStrategy;
  /** Why this treatment; required for accept and transfer. */
  rationale?: string;
  /** Person or team who owns the threat's treatment. */
  owner?: string;
  /** Accept: who signed the acceptance. Transfer: who receives the risk (named person, team or role). */
  recipient?: string;
  /** Transfer: the party the risk passes to (it must be told, in labelling or a contract). */
  recipient_party?: Party;
  ticket?: string;
  /** ISO date of the decision. */
  date?: string;
  /** Control ids (issue 6 catalog) that implement a mitigation. */
  controls?: string[];
}

export interface Architecture {
  format: typeof ARCHITECTURE_FORMAT;
  id: string;
  name: string;
  version?: string;
  description?: string;
  /** Library use case this architecture belongs to (e.g. "telesurgery", "home-rpm"). */
  use_case?: string;
  assumptions?: string[];
  references?: { title?: string; url: string }[];
  components: Component[];
  data_assets?: DataAsset[];
  data_flows?: DataFlow[];
  trust_boundaries?: TrustBoundary[];
  views?: ArchitectureViews;
  /** High-value flow groups that do not exist in this system, with why (lint accepts their absence). */
  high_value_exemptions?: Partial<Record<HighValueFlowId, string>>;
  threat_tracking?: Record<string, ThreatTracking>;
}

/** Any element a threat can be about. */
export type ElementType = 'component' | 'flow' | 'boundary';

// ---------------------------------------------------------------------------------------------------
// Threats (what the rule engine produces)
// ---------------------------------------------------------------------------------------------------

export const ATTACK_VECTORS = ['N', 'A', 'L', 'P'] as const;
export type AttackVector = (typeof ATTACK_VECTORS)[number];
export type AttackComplexity = 'L' | 'H';
export type PrivilegesRequired = 'N' | 'L' | 'H';
export type UserInteraction = 'N' | 'R';

export const EXPLOITABILITY_LEVELS = ['low', 'medium', 'high'] as const;
export type ExploitabilityLevel = (typeof EXPLOITABILITY_LEVELS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface Exploitability {
  av: AttackVector;
  ac: AttackComplexity;
  pr: PrivilegesRequired;
  ui: UserInteraction;
  /** "AV:N/AC:L/PR:N/UI:N". */
  vector: string;
  /** CVSS 3.1 exploitability sub-score, 0.1–3.9. */
  score: number;
  level: ExploitabilityLevel;
  /** Why this attack vector (the network, protocol or hosting that decided it). */
  basis: string;
}

/** A threat the rule engine found. Treat as read-only: list fields may be shared with the rule and the index. */
export interface Threat {
  /** Stable id: `rule@element`. */
  id: string;
  rule: string;
  element: string;
  element_type: ElementType;
  /** Display name of the element (flows: "source → target: name"). */
  element_name: string;
  title: string;
  stride: Stride;
  /** Medical rule (patient safety, clinical data or device specific) rather than STRIDE baseline. */
  medical: boolean;
  /** Why it fired, in this model's terms (the rule's explanation template, filled in). */
  description: string;
  /** What to do about it, in general terms. */
  mitigation: string;
  /** ATT&CK (Enterprise, ICS, Mobile) and ATLAS technique ids. */
  techniques: string[];
  /** Library attack-flow ids that realize this threat (from the injected technique → flow index). */
  flows: string[];
  fda_categories: FdaCategory[];
  /** Component, flow and asset ids involved (the element, endpoints, matched neighbours). */
  involved: { components: string[]; flows: string[]; assets: string[]; boundaries: string[] };
  harm: {
    severity: HarmSeverity;
    reach: Reach;
    /** Assets whose loss sets the severity. */
    assets: string[];
    basis: string;
  };
  exploitability: Exploitability;
  risk: { level: RiskLevel; matrix: string };
  /** FDA views the element appears in. */
  views: string[];
  status: ThreatStatus;
  /** The tracking entry that applies (exact id first, then a wildcard entry), if any. */
  tracking?: ThreatTracking & { key: string };
}
