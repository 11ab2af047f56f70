// The JSON Schema of the architecture model, built from the shared vocabularies so the two never drift.
// `schemas/architecture.schema.json` is this object written out (a test checks they are identical;
// `medflow model schema -o schemas/architecture.schema.json` regenerates it).
import {
  CLINICAL_FUNCTIONS, COMPONENT_KINDS, DATA_ASSET_TYPES, HARM_SEVERITIES, HOSTINGS, PARTIES, SERVICE_MODELS,
  TREATMENT_STRATEGIES, USE_CASES,
} from '../vocab/index.ts';
import {
  ARCHITECTURE_FORMAT, AUTHENTICATIONS, AUTHORIZATIONS, BOUNDARY_TYPES, DFD_ROLES, ENCRYPTIONS, FLOW_PURPOSES,
  HIGH_VALUE_FLOWS, INTEGRITIES, NETWORKS, PROTOCOLS, RATINGS, THREAT_STATUSES,
} from './model.ts';

export const SCHEMA_ID = 'https://medflow.dev/schemas/architecture.schema.json';

const ID_PATTERN = '^[a-z0-9][a-z0-9._-]*$';
const id = { type: 'string', pattern: ID_PATTERN, maxLength: 100, description: 'Lower-case id: letters, digits, ".", "_", "-".' };
const text = { type: 'string', minLength: 1 };
const en = (values: readonly string[], description?: string) => ({ enum: [...values], ...(description ? { description } : {}) });
const ids = (description: string) => ({ type: 'array', items: { $ref: '#/definitions/id' }, uniqueItems: true, description });
const bool = (description: string) => ({ type: 'boolean', description });

const SECURITY_PROPS: Record<string, string> = {
  encryption_at_rest: 'Stored data is encrypted.',
  integrity_at_rest: 'Stored data is protected against undetected change.',
  secure_boot: 'Only signed boot images run.',
  verifies_updates: 'Updates are accepted only with a valid manufacturer signature.',
  anti_rollback: 'Older signed but vulnerable versions cannot be installed.',
  secure_element: 'Keys and credentials are kept in hardware (secure element, TPM, HSM, platform keystore).',
  unique_credentials: 'No default, shared, hard-coded or serial-derived credentials.',
  debug_ports_locked: 'Debug and service ports are locked or disabled in the field.',
  input_validation: 'Inputs are parsed defensively.',
  range_checking: 'Commands and settings are checked against safe clinical ranges.',
  least_privilege: 'Runs with least privilege and separated roles.',
  hardened: 'Secure configuration baseline applied.',
  supported: 'OS and third-party software still receive security patches.',
  anti_malware: 'Anti-malware or endpoint detection runs on it.',
  audit_logging: 'Security-relevant events are logged with time and identity.',
  logs_off_device: 'Logs are shipped off the component to a place an attacker there cannot rewrite.',
  mfa: 'Interactive and administrative access needs multi-factor authentication.',
  rate_limiting: 'Requests are rate limited.',
  redundancy: 'Runs redundantly so one failure or attack does not stop it.',
  backup: 'Data is backed up to an isolated, tested copy.',
  safe_mode: 'Keeps essential clinical function, or fails safe, when communication or a dependency is lost.',
  emergency_access: 'Clinicians have an emergency (break-glass) path when authentication fails.',
  tenant_isolation: 'Tenants or patients sharing it are isolated from one another.',
  public_access: 'Reachable without authentication from the internet (a weakness when true).',
  anomaly_detection: 'Abnormal behaviour is detected and alerted on.',
  app_attestation: 'The app proves it runs unmodified on an unrooted platform.',
  drift_monitoring: 'Model performance and input distribution are monitored for drift.',
  change_approval: 'Fleet-wide operations need a second person\'s approval.',
  sbom: 'A software bill of materials is maintained.',
};

/** Security property names a component can declare (also used by the rule language). */
export const COMPONENT_SECURITY_PROPERTIES = Object.keys(SECURITY_PROPS);

const view = (description: string) => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties: {
    description: text,
    elements: { oneOf: [{ const: 'all' }, ids('Component ids shown in the view.')] },
    flows: { oneOf: [{ const: 'all' }, ids('Flow ids shown in the view.')] },
    boundaries: ids('Trust boundary ids shown in the view.'),
  },
});

export function architectureSchema(): Record<string, unknown> {
  const useCase = view('A security use case view: one safety-relevant function in given operational and clinical states.');
  (useCase as { required?: string[] }).required = ['id', 'name'];
  Object.assign(useCase.properties, {
    id: { $ref: '#/definitions/id' },
    name: text,
    operational_states: { type: 'array', items: text },
    clinical_states: { type: 'array', items: text },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'medflow architecture model',
    description:
      'A cloud-connected medical system as components, data assets, data flows and trust boundaries, with the FDA ' +
      'architecture views and threat tracking. Semantic rules (unique ids, resolvable references, acyclic nesting) are ' +
      'checked by `medflow model validate` in addition to this schema.',
    type: 'object',
    additionalProperties: false,
    required: ['format', 'id', 'name', 'components'],
    properties: {
      format: { const: ARCHITECTURE_FORMAT, description: 'Format marker and version.' },
      id: { $ref: '#/definitions/id' },
      name: text,
      version: { type: 'string' },
      description: text,
      use_case: { enum: [...USE_CASES], description: 'The flow-library use case this architecture belongs to (links threats and assessments to its flows).' },
      assumptions: { type: 'array', items: text },
      references: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['url'], properties: { title: text, url: { type: 'string', format: 'uri' } } },
      },
      components: { type: 'array', minItems: 1, items: { $ref: '#/definitions/component' } },
      data_assets: { type: 'array', items: { $ref: '#/definitions/data_asset' } },
      data_flows: { type: 'array', items: { $ref: '#/definitions/data_flow' } },
      trust_boundaries: { type: 'array', items: { $ref: '#/definitions/trust_boundary' } },
      views: {
        type: 'object',
        description: 'FDA premarket architecture views.',
        additionalProperties: false,
        properties: {
          global_system: view('Global system view: every element and connection.'),
          multi_patient_harm: view('Elements whose compromise can harm many patients at once, and their defences.'),
          updatability_patchability: view('The end-to-end update path, including hops outside the manufacturer\'s control.'),
          security_use_cases: { type: 'array', items: useCase },
        },
      },
      high_value_exemptions: {
        type: 'object',
        description: 'High-value flow groups this system does not have, each with the reason.',
        additionalProperties: false,
        properties: Object.fromEntries(HIGH_VALUE_FLOWS.map((h) => [h.id, { ...text, description: h.name }])),
      },
      threat_tracking: {
        type: 'object',
        description: 'Triage per threat id (rule@element; "*" as element matches all elements).',
        propertyNames: { pattern: '^[a-z0-9][a-z0-9._-]*@([a-z0-9][a-z0-9._-]*|\\*)$' },
        additionalProperties: { $ref: '#/definitions/tracking' },
      },
    },
    definitions: {
      id,
      harm: en(HARM_SEVERITIES, 'ISO 14971 severity of harm.'),
      rating: en(RATINGS),
      component: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'kind', 'operator', 'hosting'],
        properties: {
          id: { $ref: '#/definitions/id' },
          name: text,
          kind: en(COMPONENT_KINDS),
          operator: en(PARTIES, 'Party that operates it.'),
          hosting: en(HOSTINGS),
          service_model: en(SERVICE_MODELS, 'Cloud service model; required when hosting is cloud.'),
          provider: { type: 'string' },
          service: { type: 'string' },
          description: text,
          safety_critical: bool('Its failure or compromise can directly harm a patient.'),
          clinical_functions: { type: 'array', items: en(CLINICAL_FUNCTIONS), uniqueItems: true },
          dfd_role: en(DFD_ROLES),
          instances: { type: 'integer', minimum: 1 },
          per_patient: bool('Each copy belongs to one patient.'),
          patients: { type: 'integer', minimum: 0 },
          internet_facing: bool('Reachable from the internet.'),
          multi_tenant: bool('Shared by several customers or tenants.'),
          in_scope: bool('False for context-only elements (needs out_of_scope_reason).'),
          out_of_scope_reason: text,
          stores: ids('Data assets stored at rest.'),
          processes: ids('Data assets processed beyond those on its flows.'),
          security: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(Object.entries(SECURITY_PROPS).map(([k, d]) => [k, bool(d)])),
          },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
      data_asset: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'type', 'confidentiality', 'integrity', 'availability'],
        properties: {
          id: { $ref: '#/definitions/id' },
          name: text,
          type: en(DATA_ASSET_TYPES),
          description: text,
          confidentiality: { $ref: '#/definitions/rating' },
          integrity: { $ref: '#/definitions/rating' },
          availability: { $ref: '#/definitions/rating' },
          patient_harm: {
            type: 'object',
            additionalProperties: false,
            description: 'Harm to a patient if the property is lost.',
            properties: {
              confidentiality: { $ref: '#/definitions/harm' },
              integrity: { $ref: '#/definitions/harm' },
              availability: { $ref: '#/definitions/harm' },
              description: text,
            },
          },
          provenance_tracked: bool('Origin and lineage are recorded.'),
          signed: bool('Signed or hash-pinned by its author.'),
          deidentified: bool('Direct identifiers removed.'),
        },
      },
      data_flow: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'source', 'target', 'protocol'],
        properties: {
          id: { $ref: '#/definitions/id' },
          name: text,
          source: { $ref: '#/definitions/id' },
          target: { $ref: '#/definitions/id' },
          protocol: en(PROTOCOLS),
          port: { oneOf: [{ type: 'integer', minimum: 0, maximum: 65535 }, { type: 'string' }] },
          description: text,
          bidirectional: { type: 'boolean' },
          assets: ids('Data assets carried.'),
          purposes: { type: 'array', items: en(FLOW_PURPOSES), uniqueItems: true },
          network: en(NETWORKS),
          initiated_by: en(['source', 'target'], 'Which end opens the connection (default source).'),
          authentication: en(AUTHENTICATIONS, 'How the responder authenticates the initiator (client authentication).'),
          mfa: bool('A human starts this flow and proves a second factor.'),
          authorization: en(AUTHORIZATIONS),
          encryption: en(ENCRYPTIONS),
          integrity: en(INTEGRITIES),
          replay_protection: bool('Messages carry nonces or counters against replay.'),
          heartbeat: bool('Loss of the flow is detected in time.'),
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
      trust_boundary: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'type', 'members'],
        properties: {
          id: { $ref: '#/definitions/id' },
          name: text,
          type: en(BOUNDARY_TYPES),
          description: text,
          parent: { $ref: '#/definitions/id' },
          members: ids('Components directly inside.'),
        },
      },
      tracking: {
        type: 'object',
        additionalProperties: false,
        required: ['status'],
        properties: {
          status: en(THREAT_STATUSES.filter((s) => s !== 'untriaged')),
          strategy: en(TREATMENT_STRATEGIES),
          rationale: text,
          owner: text,
          recipient: text,
          recipient_party: en(PARTIES),
          ticket: { type: 'string' },
          date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          controls: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  };
}
