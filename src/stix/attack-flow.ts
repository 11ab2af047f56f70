// Constants of the Attack Flow 2.0.0 STIX extension (facts: identifiers, type names, enumerations).

export const AF_EXTENSION_ID = 'extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4';
export const AF_CREATOR_ID = 'identity--d673f8cb-c168-42da-8ed4-0cb26725f86c';
export const AF_SCHEMA_URL =
  'https://center-for-threat-informed-defense.github.io/attack-flow/stix/attack-flow-schema-2.0.0.json';
export const AF_VERSION = '2.0.0';
/** created/modified of the canonical extension-definition object. */
export const AF_EXTENSION_DATE = '2022-08-02T19:34:35.143Z';

export const AF_TYPES = ['attack-flow', 'attack-action', 'attack-asset', 'attack-condition', 'attack-operator'] as const;
export type AfType = (typeof AF_TYPES)[number];

export function isAfType(t: string): t is AfType {
  return (AF_TYPES as readonly string[]).includes(t);
}

export const FLOW_SCOPES = ['incident', 'campaign', 'threat-actor', 'malware', 'emulation-plan', 'attack-tree', 'other'] as const;
export type FlowScope = (typeof FLOW_SCOPES)[number];

export const OPERATORS = ['AND', 'OR'] as const;
export type OperatorKind = (typeof OPERATORS)[number];

/** The value every Attack Flow SDO carries under `extensions`. */
export function afExtensionMarker(): Record<string, { extension_type: string }> {
  return { [AF_EXTENSION_ID]: { extension_type: 'new-sdo' } };
}

/**
 * The extension-definition object a bundle must contain. Written from the published facts
 * (id, schema URL, version, dates, creator); the description is our own.
 */
export function afExtensionDefinition(): Record<string, unknown> {
  return {
    type: 'extension-definition',
    id: AF_EXTENSION_ID,
    spec_version: '2.1',
    name: 'Attack Flow',
    description: 'Attack Flow 2.0.0 extension (MITRE Center for Threat-Informed Defense).',
    created: AF_EXTENSION_DATE,
    modified: AF_EXTENSION_DATE,
    created_by_ref: AF_CREATOR_ID,
    schema: AF_SCHEMA_URL,
    version: AF_VERSION,
    extension_types: ['new-sdo'],
    external_references: [
      { source_name: 'Documentation', url: 'https://center-for-threat-informed-defense.github.io/attack-flow' },
      { source_name: 'GitHub', url: 'https://github.com/center-for-threat-informed-defense/attack-flow' },
    ],
  };
}

export function afCreatorIdentity(): Record<string, unknown> {
  return {
    type: 'identity',
    id: AF_CREATOR_ID,
    spec_version: '2.1',
    created_by_ref: AF_CREATOR_ID,
    created: AF_EXTENSION_DATE,
    modified: AF_EXTENSION_DATE,
    name: 'MITRE Center for Threat-Informed Defense',
    identity_class: 'organization',
  };
}
