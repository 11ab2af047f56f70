// Controlled vocabularies shared by every medflow feature: component kinds, the five parties,
// patient-safety goals, ISO 14971 harm severity, reach, STRIDE, FDA control categories and the
// MAL difficulty bands. Content files are validated against these lists.

/** What a component is. Used by architectures, flow actions/assets and controls. `data-store`: an on-premises database, file share or backup appliance. */
export const COMPONENT_KINDS = [
  'medical-device', 'sensor', 'actuator', 'gateway', 'mobile-app', 'clinician-workstation',
  'cloud-iot-ingestion', 'cloud-storage', 'cloud-compute', 'ml-service', 'digital-twin', 'fhir-server', 'ehr',
  'vendor-remote-management', 'network-device', 'identity-provider', 'human-actor', 'pacs', 'data-store',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** The five stakeholders of a cloud-connected device deployment. */
export const PARTIES = ['csp', 'mdm', 'hdo', 'ehr-vendor', 'patient'] as const;
export type Party = (typeof PARTIES)[number];
export const PARTY_NAMES: Record<Party, string> = {
  csp: 'Cloud service provider',
  mdm: 'Medical device manufacturer',
  hdo: 'Healthcare delivery organization',
  'ehr-vendor': 'EHR vendor',
  patient: 'Patient',
};

/** Patient-safety goals a flow attacks (plus `staging` for initial-access and preparation modules). */
export const SAFETY_GOALS = [
  'device-integrity', 'cloud-availability', 'patient-status-accuracy', 'command-integrity',
  'communications-availability', 'traceability', 'patient-privacy', 'staging',
] as const;
export type SafetyGoal = (typeof SAFETY_GOALS)[number];
export const SAFETY_GOAL_NAMES: Record<SafetyGoal, string> = {
  'device-integrity': 'Device integrity (firmware and configuration)',
  'cloud-availability': 'Cloud service availability',
  'patient-status-accuracy': 'Accurate view of patient status (sensor and display data)',
  'command-integrity': 'Command integrity',
  'communications-availability': 'Communications availability',
  traceability: 'Traceability (logs and forensics)',
  'patient-privacy': 'Patient privacy (PHI)',
  staging: 'Staging (initial access and preparation)',
};

/** ISO 14971 severity of harm, lowest first. */
export const HARM_SEVERITIES = ['negligible', 'minor', 'serious', 'critical', 'catastrophic'] as const;
export type HarmSeverity = (typeof HARM_SEVERITIES)[number];
export const severityRank = (s: HarmSeverity): number => HARM_SEVERITIES.indexOf(s) + 1;

/** How many patients one attack can harm (FDA multi-patient harm view), smallest first. */
export const REACHES = ['single-patient', 'multi-patient', 'fleet'] as const;
export type Reach = (typeof REACHES)[number];
export const reachRank = (r: Reach): number => REACHES.indexOf(r) + 1;

export const PROVENANCES = ['realized', 'theoretical'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const CLINICAL_FUNCTIONS = [
  'therapy-delivery', 'diagnosis-monitoring', 'clinical-workflow', 'surgery', 'alarming', 'data-reporting',
] as const;
export type ClinicalFunction = (typeof CLINICAL_FUNCTIONS)[number];

export const STRIDE = [
  'spoofing', 'tampering', 'repudiation', 'information-disclosure', 'denial-of-service', 'elevation-of-privilege',
] as const;
export type Stride = (typeof STRIDE)[number];

/** FDA premarket guidance security control categories (Appendix 1). */
export const FDA_CATEGORIES = [
  'authentication', 'authorization', 'cryptography', 'integrity', 'confidentiality',
  'event-detection-logging', 'resiliency-recovery', 'updatability-patchability',
] as const;
export type FdaCategory = (typeof FDA_CATEGORIES)[number];

/** MAL/coreLang time-to-compromise bands (used as action difficulty). */
export const DIFFICULTY_BANDS = [
  'EasyAndCertain', 'EasyAndUncertain', 'HardAndCertain', 'HardAndUncertain', 'VeryHardAndCertain', 'VeryHardAndUncertain',
] as const;
export type DifficultyBand = (typeof DIFFICULTY_BANDS)[number];

export function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}

// ---- Architecture model (issue 5): where components run, how cloud services are consumed, which FDA
// architecture views exist and how a threat is treated. Controls and RACI (issue 6) read these too.

/** Where a component runs. `cloud` components also name a service model. */
export const HOSTINGS = ['on-device', 'patient-home', 'hdo-network', 'vendor-network', 'cloud'] as const;
export type Hosting = (typeof HOSTINGS)[number];

/** Cloud service model: who runs the OS (IaaS: the customer), the platform (PaaS: the provider) or everything (SaaS). */
export const SERVICE_MODELS = ['iaas', 'paas', 'saas'] as const;
export type ServiceModel = (typeof SERVICE_MODELS)[number];

/** The architecture views the FDA premarket guidance asks for. */
export const FDA_VIEWS = ['global-system', 'multi-patient-harm', 'updatability-patchability', 'security-use-case'] as const;
export type FdaView = (typeof FDA_VIEWS)[number];

/** What kind of data a data asset is. */
export const DATA_ASSET_TYPES = [
  'phi', 'telemetry', 'commands', 'alarms', 'firmware', 'software', 'credentials', 'configuration',
  'ml-model', 'training-data', 'audit-logs', 'backup',
] as const;
export type DataAssetType = (typeof DATA_ASSET_TYPES)[number];

/** Playbook treatment strategies for a threat. */
export const TREATMENT_STRATEGIES = ['eliminate', 'mitigate', 'accept', 'transfer'] as const;
export type TreatmentStrategy = (typeof TREATMENT_STRATEGIES)[number];
