// Facts about Attack Flow Builder templates: template name ↔ STIX type, the fields each current-format
// (attack_flow_v2) template has and their kinds, enumerations (with their MD5 forms used by legacy
// 2.0.0 / 0.1.0 files) and the anchor layout of blocks. Identifiers and field names only.
import { createHash } from 'node:crypto';
import { FLOW_SCOPES } from '../stix/attack-flow.ts';

/** How a Builder field stores its value (and therefore how it converts to and from STIX). */
export type FieldKind =
  | 'string'
  | 'int'
  | 'float'
  | 'date'
  | 'bool' // BoolEnum: "true" / "false"
  | 'enum' // option key
  | 'strings' // list of strings, stored as [[randomKey, value], …]
  | 'hashes' // list of {hash_type, hash_value} dictionaries → STIX hashes object
  | 'dicts' // list of dictionaries → array of objects
  | 'dict'; // dictionary → object

export interface TemplateSpec {
  /** Builder template name (current format). */
  name: string;
  /** STIX type the Builder publishes it as. */
  type: string;
  /** Fields in template order. */
  fields: ReadonlyArray<readonly [string, FieldKind]>;
}

const S = 'string', L = 'strings', D = 'date', I = 'int', F = 'float', B = 'bool', H = 'hashes';
type Spec = Array<[string, FieldKind]>;

const named: Spec = [['name', S], ['description', S]];

/** Current-format block templates and their fields (Builder v3, `AttackFlowTemplates`). */
const SPECS: Record<string, [type: string, fields: Spec]> = {
  action: ['attack-action', [['name', S], ['ttp', 'dict'], ['description', S], ['confidence', 'enum'], ['execution_start', D], ['execution_end', D]]],
  asset: ['attack-asset', [...named]],
  condition: ['attack-condition', [['description', S], ['pattern', S], ['pattern_type', S], ['pattern_version', S], ['date', D]]],
  OR_operator: ['attack-operator', [['operator', S]]],
  AND_operator: ['attack-operator', [['operator', S]]],
  attack_pattern: ['attack-pattern', [...named, ['aliases', L], ['kill_chain_phases', L]]],
  campaign: ['campaign', [...named, ['aliases', L], ['first_seen', D], ['last_seen', D], ['objective', S]]],
  course_of_action: ['course-of-action', [...named, ['action_type', S], ['os_execution_envs', L], ['action_bin', S]]],
  grouping: ['grouping', [...named, ['context', S]]],
  identity: ['identity', [...named, ['roles', L], ['identity_class', S], ['sectors', L], ['contact_information', S]]],
  indicator: ['indicator', [...named, ['indicator_types', L], ['pattern', S], ['pattern_type', S], ['pattern_version', S],
    ['valid_from', D], ['valid_until', D], ['kill_chain_phases', L]]],
  infrastructure: ['infrastructure', [...named, ['infrastructure_types', L], ['aliases', L], ['kill_chain_phases', L],
    ['first_seen', D], ['last_seen', D]]],
  intrusion_set: ['intrusion-set', [...named, ['aliases', L], ['first_seen', D], ['last_seen', D], ['goals', L],
    ['resource_level', S], ['primary_motivation', S], ['secondary_motivations', L]]],
  location: ['location', [...named, ['latitude', F], ['longitude', F], ['precision', F], ['region', S], ['country', S],
    ['administrative_area', S], ['city', S], ['street_address', S], ['postal_code', S]]],
  malware: ['malware', [...named, ['malware_types', L], ['is_family', B], ['aliases', L], ['kill_chain_phases', L],
    ['first_seen', D], ['last_seen', D], ['os_execution_envs', L], ['architecture_execution_envs', L],
    ['implementation_languages', L], ['capabilities', L]]],
  malware_analysis: ['malware-analysis', [['product', S], ['version', S], ['configuration_version', S], ['modules', L],
    ['analysis_engine_version', S], ['analysis_definition_version', S], ['submitted', D], ['analysis_started', D],
    ['analysis_ended', D], ['result', 'enum']]],
  note: ['note', [['abstract', S], ['content', S], ['authors', L]]],
  observed_data: ['observed-data', [['first_observed', D], ['last_observed', D], ['number_observed', I]]],
  opinion: ['opinion', [['explanation', S], ['authors', L], ['opinion', 'enum']]],
  report: ['report', [...named, ['report_types', L], ['published', D]]],
  threat_actor: ['threat-actor', [...named, ['threat_actor_types', L], ['aliases', L], ['first_seen', D], ['last_seen', D],
    ['roles', L], ['goals', L], ['sophistication', S], ['resource_level', S], ['primary_motivation', S],
    ['secondary_motivations', L], ['personal_motivations', L]]],
  tool: ['tool', [...named, ['tool_types', L], ['aliases', L], ['kill_chain_phases', L], ['tool_version', S]]],
  vulnerability: ['vulnerability', [...named]],
  marking_definition: ['marking-definition', [['name', S], ['definition_type', 'enum'], ['definition', 'dict']]],
  artifact: ['artifact', [['mime_type', S], ['payload_bin', S], ['url', S], ['hashes', H], ['encryption_algorithm', 'enum'],
    ['decryption_key', S]]],
  autonomous_system: ['autonomous-system', [['number', I], ['name', S], ['rir', S]]],
  directory: ['directory', [['path', S], ['path_enc', S], ['ctime', D], ['mtime', D], ['atime', D]]],
  domain_name: ['domain-name', [['value', S]]],
  email_address: ['email-addr', [['value', S], ['display_name', S]]],
  email_message: ['email-message', [['is_multipart', B], ['date', S], ['content_type', S], ['message_name', S], ['subject', S],
    ['received_lines', S], ['additional_header_fields', S], ['body', S], ['body_multipart', S]]],
  file: ['file', [['name', S], ['name_enc', S], ['size', I], ['hashes', H], ['magic_number_hex', S], ['mime_type', S],
    ['ctime', D], ['mtime', D], ['atime', D]]],
  ipv4_addr: ['ipv4-addr', [['value', S]]],
  ipv6_addr: ['ipv6-addr', [['value', S]]],
  mac_addr: ['mac-addr', [['value', S]]],
  mutex: ['mutex', [['name', S]]],
  network_traffic: ['network-traffic', [['start', D], ['end', D], ['is_active', B], ['src_port', I], ['dst_port', I],
    ['protocols', L], ['src_byte_count', I], ['dst_byte_count', I], ['src_packets', I], ['dst_packets', I], ['ipfix', S]]],
  process: ['process', [['is_hidden', B], ['pid', I], ['created_time', D], ['cwd', S], ['command_line', S],
    ['environment_variables', S]]],
  software: ['software', [['name', S], ['cpe', S], ['languages', L], ['vendor', S], ['version', S]]],
  url: ['url', [['value', S]]],
  user_account: ['user-account', [['user_name', S], ['credential', S], ['account_login', S], ['account_type', S],
    ['display_name', S], ['is_service_account', B], ['is_privileged', B], ['can_escalate_privs', B], ['is_disabled', B],
    ['account_created', D], ['account_expires', D], ['credential_last_changed', D], ['account_first_login', D],
    ['account_last_login', D]]],
  windows_registry_key: ['windows-registry-key', [['key', S], ['values', 'dicts'], ['modified_time', D], ['number_of_subkeys', I]]],
  x509_certificate: ['x509-certificate', [['subject', S], ['is_self_signed', B], ['hashes', H], ['version', S],
    ['serial_number', S], ['signature_algorithm', S], ['issuer', S], ['validity_not_before', D], ['validity_not_after', D],
    ['subject_public_key_algorithm', S], ['subject_public_key_modulus', S], ['subject_public_key_exponent', I]]],
};

export const TEMPLATES: ReadonlyMap<string, TemplateSpec> = new Map(
  Object.entries(SPECS).map(([name, [type, fields]]) => [name, { name, type, fields }]),
);

/** The current-format template for a STIX type (operators are chosen by their `operator`). */
export const TEMPLATE_FOR_TYPE: ReadonlyMap<string, string> = new Map(
  [...TEMPLATES.values()].filter((t) => t.name !== 'AND_operator').map((t) => [t.type, t.name]),
);

/** Template names of older generations that differ from the current ones. */
const LEGACY_ALIASES: Record<string, string> = {
  or: 'OR_operator',
  and: 'AND_operator',
  'attack-pattern': 'attack_pattern',
  'course-of-action': 'course_of_action',
  'intrusion-set': 'intrusion_set',
  'observed-data': 'observed_data',
  'threat-actor': 'threat_actor',
  'autonomous-system': 'autonomous_system',
  'domain-name': 'domain_name',
  'email-message': 'email_message',
  'ipv4-address': 'ipv4_addr',
  'ipv6-address': 'ipv6_addr',
  'mac-address': 'mac_addr',
  'network-traffic': 'network_traffic',
  'user-account': 'user_account',
  'windows-registry-key': 'windows_registry_key',
  'x509-certificate': 'x509_certificate',
};

/** Current template name for any generation's template name. */
export function canonicalTemplate(name: string): string {
  return LEGACY_ALIASES[name] ?? name;
}

const TYPE_RE = /^[a-z][a-z0-9-]+[a-z0-9]$/;

/**
 * STIX type of a block template: the known mapping, else the Builder's rule ("_" → "-"), else
 * undefined when the name cannot form a STIX type.
 */
export function stixTypeOfTemplate(template: string): string | undefined {
  const known = TEMPLATES.get(canonicalTemplate(template));
  if (known) return known.type;
  const t = template.replace(/_/g, '-');
  return TYPE_RE.test(t) ? t : undefined;
}

// ---- enumerations ---------------------------------------------------------------------------

/** Confidence options of actions: option key → STIX confidence (0-100). */
export const CONFIDENCE: ReadonlyArray<readonly [string, number]> = [
  ['speculative', 0], ['very-doubtful', 10], ['doubtful', 30], ['even-odds', 50],
  ['probable', 70], ['very-probable', 90], ['certain', 100],
];

export const IDENTITY_CLASSES = ['individual', 'group', 'system', 'organization', 'class', 'unknown'] as const;

const HASH_TYPES = ['custom', 'md5', 'sha-1', 'sha-256', 'sha-512', 'sha3-256', 'ssdeep', 'tlsh'];

/** Builder hash-type keys ↔ STIX hash algorithm names (the STIX hashing-algorithm vocabulary). */
export const STIX_HASH_NAME: Readonly<Record<string, string>> = {
  md5: 'MD5', 'sha-1': 'SHA-1', 'sha-256': 'SHA-256', 'sha-512': 'SHA-512', 'sha3-256': 'SHA3-256', ssdeep: 'SSDEEP', tlsh: 'TLSH',
};
export const BUILDER_HASH_KEY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(STIX_HASH_NAME).map(([k, v]) => [v, k]),
);

/** Enumerated fields and their option keys (current format; legacy files embed their own). */
export const ENUM_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  scope: FLOW_SCOPES,
  identity_class: IDENTITY_CLASSES,
  confidence: CONFIDENCE.map(([k]) => k),
  result: ['malicious', 'suspicious', 'benign', 'unknown'],
  opinion: ['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree'],
  definition_type: ['TLP', 'TLP:CLEAR', 'statement'],
  encryption_algorithm: ['AES-256-GCM', 'ChaCha20-Poly1305', 'mime-type-indicated'],
  hash_type: HASH_TYPES,
  bool: ['true', 'false'],
};

export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

/** MD5 digest → option key, over every option key known here (legacy files add their own). */
export function knownEnumDigests(): Map<string, string> {
  const m = new Map<string, string>();
  for (const keys of Object.values(ENUM_OPTIONS)) for (const k of keys) m.set(md5Hex(k), k);
  return m;
}

// ---- anchors ----------------------------------------------------------------------------------

/** Anchor positions of a block (degrees, counter-clockwise from east) and the anchor template of each. */
export const BLOCK_ANCHORS: ReadonlyArray<readonly [string, 'horizontal_anchor' | 'vertical_anchor']> = [
  ['0', 'horizontal_anchor'], ['30', 'horizontal_anchor'], ['60', 'vertical_anchor'], ['90', 'vertical_anchor'],
  ['120', 'vertical_anchor'], ['150', 'horizontal_anchor'], ['180', 'horizontal_anchor'], ['210', 'horizontal_anchor'],
  ['240', 'vertical_anchor'], ['270', 'vertical_anchor'], ['300', 'vertical_anchor'], ['330', 'horizontal_anchor'],
];

/** Condition blocks: the south anchors are replaced by the two branches. */
export const CONDITION_ANCHORS: ReadonlyArray<readonly [string, 'horizontal_anchor' | 'vertical_anchor']> = [
  ...BLOCK_ANCHORS.filter(([p]) => !['240', '270', '300'].includes(p)),
  ['branch:True', 'vertical_anchor'], ['branch:False', 'vertical_anchor'],
];

/** Anchor keys / legacy anchor templates that mean a condition's true or false branch. */
export function branchOf(via: string): 'true' | 'false' | undefined {
  if (via === 'branch:True' || via === 'true_anchor') return 'true';
  if (via === 'branch:False' || via === 'false_anchor') return 'false';
  return undefined;
}
