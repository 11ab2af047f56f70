// medflow's own STIX property extension: the medical metadata carried on attack flows, actions and
// assets (use cases, patient-safety goal, harm severity, reach, attacker states, difficulty,
// patient-harm assets). Fixed id and version; the schema is published with medflow.

export const MEDFLOW_EXTENSION_ID = 'extension-definition--bf17edd1-3cf4-469c-93e1-70435101feff';
export const MEDFLOW_EXTENSION_VERSION = '1.0.0';
export const MEDFLOW_EXTENSION_SCHEMA_URL = 'https://github.com/medflow/medflow/blob/main/schemas/medflow-extension-1.0.0.json';
export const MEDFLOW_IDENTITY_ID = 'identity--5f3c0a52-9d2e-4c1b-8f6e-3a7d1e9b4c20';
export const MEDFLOW_EXTENSION_DATE = '2026-11-25T00:00:00.000Z';

/** Medical metadata on an attack-flow SDO. */
export interface FlowMedicalProps {
  use_cases: string[];
  patient_safety_goal: string;
  harm_severity: string;
  reach: string;
  provenance: 'realized' | 'theoretical';
  clinical_functions: string[];
  entry_states: string[];
  exit_states: string[];
}

/** Medical metadata on an attack-action SDO. */
export interface ActionMedicalProps {
  difficulty?: { band: string; rationale: string };
  component_kind?: string;
  /** The attacker state this entry action needs (library flows; composition wires states to actions). */
  entry_states?: string[];
  /** The attacker states this action gives the attacker. */
  exit_states?: string[];
}

/** Medical metadata on an attack-asset SDO. */
export interface AssetMedicalProps {
  component_kind?: string;
  patient_harm?: boolean;
  /** What happens to the patient when this asset is compromised (required when patient_harm is true). */
  harm?: string;
}

/** Reads medflow's extension properties from any STIX object (undefined when absent). */
export function medicalProps<T = Record<string, unknown>>(obj: Record<string, unknown>): T | undefined {
  const ext = (obj.extensions as Record<string, unknown> | undefined)?.[MEDFLOW_EXTENSION_ID];
  return ext && typeof ext === 'object' ? (ext as T) : undefined;
}

/** The `extensions` entry carrying medical properties on an object. */
export function medicalExtension(props: object): Record<string, unknown> {
  return { [MEDFLOW_EXTENSION_ID]: { extension_type: 'property-extension', ...props } };
}

/** The extension-definition object a bundle using medflow metadata must contain. */
export function medflowExtensionDefinition(): Record<string, unknown> {
  return {
    type: 'extension-definition',
    id: MEDFLOW_EXTENSION_ID,
    spec_version: '2.1',
    name: 'medflow medical device metadata',
    description: 'Patient-safety metadata for attack flows on cloud-connected medical devices: use cases, safety goal, ISO 14971 harm severity, reach, attacker states, step difficulty and patient-harm assets.',
    created: MEDFLOW_EXTENSION_DATE,
    modified: MEDFLOW_EXTENSION_DATE,
    created_by_ref: MEDFLOW_IDENTITY_ID,
    schema: MEDFLOW_EXTENSION_SCHEMA_URL,
    version: MEDFLOW_EXTENSION_VERSION,
    extension_types: ['property-extension'],
  };
}

export function medflowIdentity(): Record<string, unknown> {
  return {
    type: 'identity',
    id: MEDFLOW_IDENTITY_ID,
    spec_version: '2.1',
    created: MEDFLOW_EXTENSION_DATE,
    modified: MEDFLOW_EXTENSION_DATE,
    name: 'medflow project',
    identity_class: 'organization',
  };
}
