// medflow's own statement of the STIX 2.1 and Attack Flow 2.0.0 object rules: for every object type the
// official schemas define (the five Attack Flow SDOs, the STIX SDOs, SCOs and SROs, extension-definition,
// marking-definition, language-content), the required properties, property types, identifier types,
// timestamps, enumerations and combination rules. Written from the specifications' facts in medflow's
// own words; the conformance test proves it agrees with the official schema files.
import {
  any, binary, bool, checkDictionary, checkObject, constant, coreRules, dictionary, EXTENSION_TYPES, externalReference,
  fail, granularMarking, hashes, hex, ident, int, isObj, killChainPhase, list, num, object, scoCoreRules, scoExtensions,
  sdoExtensions, str, string, timestamp, ts, typeRules, type Finding, type Obj, type ObjectSpec, type Out, type Rule, IDENTIFIER_RE,
} from './rules.ts';
import { AF_EXTENSION_ID, FLOW_SCOPES, OPERATORS } from '../stix/attack-flow.ts';

export type { Finding } from './rules.ts';

const strings = list(string);
/** Lists whose published schema does not itself require an item (the generic rule still applies at the top level). */
const stringsAny = list(string, 0);
const killChain = list(killChainPhase);
const REACH_TYPES = ['attack-action', 'attack-operator', 'attack-condition'] as const;

// ---------------------------------------------------------------------------------------------
// Attack Flow 2.0.0 SDOs

const AF_SPECS: Record<string, ObjectSpec> = {
  'attack-flow': {
    props: {
      name: string,
      description: string,
      scope: str({ enum: FLOW_SCOPES }),
      start_refs: list(ident(['attack-action', 'attack-condition'])),
    },
    required: ['name', 'start_refs', 'scope'],
  },
  'attack-action': {
    props: {
      name: string,
      tactic_id: string,
      tactic_ref: ident(),
      technique_id: string,
      technique_ref: ident(['attack-pattern']),
      description: string,
      execution_start: ts,
      execution_end: ts,
      command_ref: ident(['process']),
      asset_refs: list(ident(['attack-asset'])),
      effect_refs: list(ident(REACH_TYPES)),
    },
    required: ['name'],
  },
  'attack-asset': { props: { name: string, description: string, object_ref: ident() }, required: ['name'] },
  'attack-condition': {
    props: {
      description: string,
      pattern: string,
      pattern_type: string,
      pattern_version: string,
      on_true_refs: list(ident(REACH_TYPES)),
      on_false_refs: list(ident(REACH_TYPES)),
    },
    required: ['description'],
  },
  'attack-operator': { props: { operator: str({ enum: OPERATORS }), effect_refs: list(ident(REACH_TYPES)) }, required: ['operator'] },
};

function attackFlowObject(type: string): (o: Obj, out: Out) => void {
  const spec = AF_SPECS[type];
  return (o, out) => {
    coreRules(o, out, { specVersion: '2.1' });
    const ext = o.extensions;
    if (!('extensions' in o)) {
      fail(out, 'extension-marker', 'extensions',
        `Attack Flow objects must declare the Attack Flow extension: "extensions": {"${AF_EXTENSION_ID}": {"extension_type": "new-sdo"}}`);
    } else if (isObj(ext)) {
      const marker = ext[AF_EXTENSION_ID];
      const at = `extensions.${AF_EXTENSION_ID}`;
      if (marker === undefined) {
        fail(out, 'extension-marker', 'extensions', `"extensions" must contain the Attack Flow extension ${AF_EXTENSION_ID}`);
      } else if (isObj(marker) && typeof marker.extension_type === 'string' && marker.extension_type !== 'new-sdo') {
        fail(out, 'extension-marker', `${at}.extension_type`, `the Attack Flow extension_type must be "new-sdo"; got "${marker.extension_type}"`);
      }
    }
    typeRules(o, out, spec);
  };
}

// ---------------------------------------------------------------------------------------------
// STIX 2.1 domain objects, relationship objects and common objects

const notSroTargets = ['relationship', 'sighting', 'bundle', 'marking-definition', 'language-content'];

const SDO_SPECS: Record<string, ObjectSpec> = {
  'attack-pattern': { props: { aliases: stringsAny, name: string, kill_chain_phases: killChain }, required: ['name'] },
  campaign: {
    props: { name: string, aliases: strings, first_seen: ts, last_seen: ts, objective: string },
    required: ['name'],
  },
  'course-of-action': { props: { name: string }, required: ['name'] },
  grouping: { props: { name: string, context: string, object_refs: list(ident()) }, required: ['context', 'object_refs'] },
  identity: {
    props: { roles: strings, name: string, identity_class: string, sectors: strings, contact_information: string },
    required: ['name'],
  },
  incident: { props: { name: string }, required: ['name'] },
  indicator: {
    props: {
      indicator_types: strings, name: string, pattern: string, pattern_type: string, pattern_version: string,
      valid_from: ts, valid_until: ts, kill_chain_phases: killChain,
    },
    required: ['pattern', 'pattern_type', 'valid_from'],
  },
  infrastructure: {
    props: {
      name: string, infrastructure_types: strings, aliases: strings, kill_chain_phases: killChain, first_seen: ts, last_seen: ts,
    },
    required: ['name'],
  },
  'intrusion-set': {
    props: {
      name: string, aliases: strings, first_seen: ts, last_seen: ts, goals: strings, resource_level: string,
      primary_motivation: string, secondary_motivations: strings,
    },
    required: ['name'],
  },
  location: {
    props: {
      name: string, latitude: num(-90, 90), longitude: num(-180, 180), precision: num(), region: string, country: string,
      administrative_area: string, city: string, street_address: string, postal_code: string,
    },
    also(o, _at, out) {
      const has = (k: string) => k in o;
      if (!has('region') && !has('country') && !(has('latitude') && has('longitude'))) {
        fail(out, 'constraint', '', 'a location needs "region", "country", or both "latitude" and "longitude"');
      }
      if (has('latitude') !== has('longitude')) {
        fail(out, 'constraint', has('latitude') ? 'longitude' : 'latitude', '"latitude" and "longitude" must be given together');
      }
      if (has('precision') && !(has('latitude') && has('longitude'))) {
        fail(out, 'constraint', 'precision', '"precision" needs "latitude" and "longitude"');
      }
    },
  },
  'malware-analysis': {
    props: {
      product: string, version: string, configuration_version: string, modules: strings, analysis_engine_version: string,
      analysis_definition_version: string, submitted: ts, analysis_started: ts, analysis_ended: ts, result_name: string,
      result: string, host_vm_ref: ident(['software']), operating_system_ref: ident(['software']),
      installed_software_refs: list(ident(['software'])), analysis_sco_refs: list(ident()),
      sample_ref: ident(['artifact', 'file', 'network-traffic']),
    },
    required: ['product'],
    anyOf: [['result', 'analysis_sco_refs']],
  },
  malware: {
    props: {
      aliases: strings, first_seen: ts, last_seen: ts, operating_system_refs: list(ident(['software'])),
      architecture_execution_envs: strings, implementation_languages: strings, capabilities: strings, sample_refs: strings,
      malware_types: strings, name: string, kill_chain_phases: killChain, is_family: bool,
    },
    required: ['is_family'],
    also(o, _at, out) {
      if (o.is_family === true && !('name' in o)) fail(out, 'missing-property', 'name', 'a malware family ("is_family": true) needs "name"');
    },
  },
  note: {
    props: { abstract: string, content: string, authors: strings, object_refs: list(ident()) },
    required: ['content', 'object_refs'],
  },
  'observed-data': {
    props: {
      first_observed: ts, last_observed: ts, number_observed: int(1, 999999999),
      objects: (v, at, out) => {
        if (!isObj(v)) return fail(out, 'wrong-type', at, `"${at}" must be an object`);
        if (Object.keys(v).length === 0) fail(out, 'empty-list', at, `"${at}" must not be an empty object`);
        for (const [k, x] of Object.entries(v)) embeddedObservable(x, `${at}.${k}`, out);
      },
      object_refs: list(ident()),
    },
    required: ['first_observed', 'last_observed', 'number_observed'],
    also(o, _at, out) {
      if (('objects' in o) === ('object_refs' in o)) {
        fail(out, 'constraint', 'object_refs', 'observed-data needs exactly one of "objects" and "object_refs"');
      }
    },
  },
  opinion: {
    props: {
      explanation: string, authors: strings, object_refs: list(ident()),
      opinion: str({ enum: ['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree'] }),
    },
    required: ['object_refs', 'opinion'],
  },
  report: {
    props: { report_types: strings, name: string, published: ts, object_refs: list(ident()) },
    required: ['name', 'object_refs', 'published'],
  },
  'threat-actor': {
    props: {
      threat_actor_types: strings, name: string, aliases: strings, roles: strings, goals: strings, first_seen: ts,
      last_seen: ts, sophistication: string, resource_level: string, primary_motivation: string,
      secondary_motivations: strings, personal_motivations: strings,
    },
    required: ['name'],
  },
  tool: {
    props: { aliases: strings, tool_types: strings, name: string, tool_version: string, kill_chain_phases: killChain },
    required: ['name'],
  },
  vulnerability: { props: { name: string }, required: ['name'] },
  relationship: {
    props: {
      relationship_type: str({ pattern: /^[a-z0-9-]+$/, hint: 'may only use lowercase letters, digits and "-"' }),
      source_ref: ident(undefined, notSroTargets),
      target_ref: ident(undefined, notSroTargets),
      start_time: ts,
      stop_time: ts,
    },
    required: ['relationship_type', 'source_ref', 'target_ref'],
  },
  sighting: {
    props: {
      first_seen: ts, last_seen: ts, count: int(0, 999999999),
      sighting_of_ref: ident(undefined, ['sighting', 'relationship', 'bundle', 'marking-definition', 'language-content']),
      observed_data_refs: list(ident(['observed-data'])), where_sighted_refs: list(ident(['identity', 'location'])),
      summary: bool,
    },
    required: ['sighting_of_ref'],
  },
  'extension-definition': {
    props: {
      name: string, schema: string, version: string, extension_types: list(str({ enum: EXTENSION_TYPES })),
      extension_properties: strings,
    },
    required: ['name', 'schema', 'version', 'extension_types'],
    also(o, _at, out) {
      const types = o.extension_types;
      const toplevel = Array.isArray(types) && types.includes('toplevel-property-extension');
      if ('extension_properties' in o && !toplevel && types !== undefined) {
        fail(out, 'constraint', 'extension_properties', '"extension_properties" is only allowed with the "toplevel-property-extension" type');
      }
    },
  },
  'language-content': {
    props: {
      object_ref: ident(undefined, ['bundle', 'language-content']), object_modified: ts, contents: dictionary(),
    },
    required: ['object_ref', 'contents'],
  },
};

/** Types whose published schema types `description` as a string (the rest accept any value there). */
const DESCRIBED = new Set([
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator', 'infrastructure',
  'intrusion-set', 'location', 'malware', 'report', 'threat-actor', 'tool', 'vulnerability', 'relationship', 'sighting',
  'extension-definition',
]);

function domainObject(type: string): (o: Obj, out: Out) => void {
  const spec = SDO_SPECS[type];
  const withId: ObjectSpec = {
    ...spec,
    props: { ...spec.props, id: ident([type]), ...(DESCRIBED.has(type) ? { description: string } : {}) },
  };
  return (o, out) => {
    coreRules(o, out);
    typeRules(o, out, withId);
  };
}

// ---------------------------------------------------------------------------------------------
// Cyber observables (SCOs)

const scoId = (type: string): Rule => ident([type]);

const pebinarySection = object({
  props: { name: string, size: int(0), entropy: num(), hashes },
  required: ['name'],
});

const peOptionalHeader = object({
  props: Object.fromEntries([
    ...['magic_hex', 'win32_version_value_hex', 'checksum_hex', 'subsystem_hex', 'dll_characteristics_hex', 'loader_flags_hex']
      .map((k) => [k, hex]),
    ...['major_linker_version', 'minor_linker_version', 'address_of_entry_point', 'base_of_code', 'base_of_data', 'image_base',
      'section_alignment', 'file_alignment', 'major_os_version', 'minor_os_version', 'major_image_version', 'minor_image_version',
      'major_subsystem_version', 'minor_subsystem_version', 'number_of_rva_and_sizes'].map((k) => [k, int()]),
    ...['size_of_code', 'size_of_initialized_data', 'size_of_uninitialized_data', 'size_of_image', 'size_of_headers',
      'size_of_stack_reserve', 'size_of_stack_commit', 'size_of_heap_reserve', 'size_of_heap_commit'].map((k) => [k, int(0)]),
    ['hashes', hashes],
  ]) as Record<string, Rule>,
  minProps: 1,
  closed: true,
});

const anyOfPresent = (keys: string[]) => [keys] as const;

const FILE_EXTENSIONS: Record<string, Rule> = {
  'ntfs-ext': object({
    props: { sid: string, alternate_data_streams: list(pebinaryLike(), 0) },
    anyOf: anyOfPresent(['sid', 'alternate_data_streams']),
  }),
  'raster-image-ext': object({
    props: {
      image_height: int(), image_width: int(), bits_per_pixel: int(),
      exif_tags: dictionary((v, at, out) => {
        if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) {
          fail(out, 'wrong-type', at, `"${at}" must be a string or an integer`);
        }
      }, { pattern: /^[A-Z][a-zA-Z0-9_-]+$/, hint: 'must start with an uppercase letter (EXIF tag name)' }),
    },
    anyOf: anyOfPresent(['image_height', 'image_width', 'bits_per_pixel', 'image_compression_algorithm', 'exif_tags']),
  }),
  'pdf-ext': object({
    props: { version: string, is_optimized: bool, document_info_dict: dictionary(string), pdfid0: string, pdfid1: string },
    anyOf: anyOfPresent(['version', 'is_optimized', 'document_info_dict', 'pdfid0', 'pdfid1']),
  }),
  'archive-ext': object({ props: { contains_refs: strings, comment: string }, required: ['contains_refs'] }),
  'windows-pebinary-ext': object({
    props: {
      pe_type: string, imphash: string, machine_hex: hex, number_of_sections: int(0),
      time_date_stamp: timestamp({ wholeSeconds: true }), pointer_to_symbol_table_hex: hex, number_of_symbols: int(0),
      size_of_optional_header: int(0), characteristics_hex: hex, file_header_hashes: hashes, optional_header: peOptionalHeader,
      sections: list(pebinarySection),
    },
    required: ['pe_type'],
    anyOf: anyOfPresent(['imphash', 'machine_hex', 'number_of_sections', 'time_date_stamp', 'pointer_to_symbol_table_hex',
      'number_of_symbols', 'size_of_optional_header', 'characteristics_hex', 'file_header_hashes', 'optional_header', 'sections']),
  }),
};

/** Alternate data stream entries: checked only when they are objects (as published). */
function pebinaryLike(): Rule {
  return (v, at, out) => {
    if (!isObj(v)) return;
    checkObject(v, at, out, { props: { name: string, hashes, size: int(0) }, required: ['name'] });
  };
}

const NETWORK_TRAFFIC_EXTENSIONS: Record<string, Rule> = {
  'http-request-ext': object({
    props: {
      request_method: string, request_value: string, request_version: string,
      request_header: dictionary(string, { pattern: /^.+$/, hint: 'must not be empty' }),
      message_body_length: int(), message_body_data_ref: string,
    },
    required: ['request_method', 'request_value'],
  }),
  'icmp-ext': object({ props: { icmp_type_hex: hex, icmp_code_hex: hex }, required: ['icmp_type_hex', 'icmp_code_hex'] }),
  'socket-ext': object({
    props: {
      address_family: str({ enum: ['AF_UNSPEC', 'AF_INET', 'AF_IPX', 'AF_APPLETALK', 'AF_NETBIOS', 'AF_INET6', 'AF_IRDA', 'AF_BTH'] }),
      is_blocking: bool, is_listening: bool,
      options: dictionary(int(), { pattern: /^(SO|ICMP|ICMP6|IP|IPV6|MCAST|TCP|IRLMP)(_[A-Z]+)+$/, hint: 'is not a socket option name (e.g. SO_REUSEADDR)' }),
      socket_type: str({ enum: ['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET'] }),
      socket_descriptor: int(0), socket_handle: int(),
    },
    required: ['address_family'],
  }),
  'tcp-ext': object({ props: { src_flags_hex: hex, dst_flags_hex: hex }, anyOf: anyOfPresent(['src_flags_hex', 'dst_flags_hex']) }),
};

const startupInfo: Rule = (v, at, out) => {
  if (!isObj(v)) return fail(out, 'wrong-type', at, `"${at}" must be an object`);
  checkDictionary(v, at, out, (x, p, o) => {
    const k = p.slice(p.lastIndexOf('.') + 1);
    if (/^cb|dwX|dwY|dwXSize|dwYSize|dwXCountChars|dwYCountChars$/.test(k)) int()(x, p, o);
    if (/^cbReserved2$/.test(k)) int(0, 0)(x, p, o);
    if (/^lpDesktop|lpTitle|dwFillAttribute|dwFlags|wShowWindow|hStdInput|hStdOutput|hStdError$/.test(k)) string(x, p, o);
    if (/^lpReserved|lpReserved2$/.test(k)) fail(o, 'wrong-type', p, `"${p}" must be null, which STIX dictionaries do not allow`);
  }, {
    pattern: /^cb|dwX|dwY|dwXSize|dwYSize|dwXCountChars|dwYCountChars$|^lpDesktop|lpTitle|dwFillAttribute|dwFlags|wShowWindow|hStdInput|hStdOutput|hStdError$|^lpReserved|lpReserved2$/,
    hint: 'is not a Windows STARTUPINFO member',
  });
};

const PROCESS_EXTENSIONS: Record<string, Rule> = {
  'windows-process-ext': object({
    props: {
      aslr_enabled: bool, dep_enabled: bool, priority: string, owner_sid: string, window_title: string,
      startup_info: startupInfo, integrity_level: str({ enum: ['low', 'medium', 'high', 'system'] }),
    },
    anyOf: anyOfPresent(['aslr_enabled', 'dep_enabled', 'priority', 'owner_sid', 'window_title', 'startup_info']),
  }),
  'windows-service-ext': object({
    props: {
      service_name: string, descriptions: strings, display_name: string, group_name: string,
      start_type: str({ enum: ['SERVICE_AUTO_START', 'SERVICE_BOOT_START', 'SERVICE_DEMAND_START', 'SERVICE_DISABLED', 'SERVICE_SYSTEM_ALERT'] }),
      service_dll_refs: strings,
      service_type: str({ enum: ['SERVICE_KERNEL_DRIVER', 'SERVICE_FILE_SYSTEM_DRIVER', 'SERVICE_WIN32_OWN_PROCESS', 'SERVICE_WIN32_SHARE_PROCESS'] }),
      service_status: str({ enum: ['SERVICE_CONTINUE_PENDING', 'SERVICE_PAUSE_PENDING', 'SERVICE_PAUSED', 'SERVICE_RUNNING', 'SERVICE_START_PENDING', 'SERVICE_STOP_PENDING', 'SERVICE_STOPPED'] }),
    },
    anyOf: anyOfPresent(['service_name', 'descriptions', 'display_name', 'group_name', 'start_type', 'service_dll_refs', 'service_type', 'service_status']),
  }),
};

const USER_ACCOUNT_EXTENSIONS: Record<string, Rule> = {
  'unix-account-ext': object({
    props: { gid: num(), groups: strings, home_dir: string, shell: string },
    anyOf: anyOfPresent(['gid', 'groups', 'home_dir', 'shell']),
  }),
};

const mimePart = object({
  props: { body: string, body_raw_ref: string, content_type: string, content_disposition: string },
  also(o, at, out) {
    if (('body' in o) === ('body_raw_ref' in o)) fail(out, 'constraint', at, `"${at}" needs exactly one of "body" and "body_raw_ref"`);
  },
});

const HEADER_ONLY_RE = /^date|received_lines|content_type|from_ref|sender_ref|to_refs|cc_refs|bcc_refs|subject$/;

const emailHeaders: Rule = (v, at, out) => {
  if (!isObj(v)) return fail(out, 'wrong-type', at, `"${at}" must be an object`);
  checkDictionary(v, at, out, (x, p, o) => {
    const ok = typeof x === 'string' || (Array.isArray(x) && x.length >= 2 && x.every((s) => typeof s === 'string'));
    if (!ok) fail(o, 'wrong-type', p, `"${p}" must be a string or a list of at least two strings`);
  });
  const keys = Object.keys(v);
  if (keys.length && keys.every((k) => HEADER_ONLY_RE.test(k))) {
    fail(out, 'constraint', at, `"${at}" must hold headers other than those with their own email-message properties`);
  }
};

// IPv4 with optional CIDR suffix.
const IPV4_RE = /^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\/(3[0-2]|[1-2][0-9]|[0-9]))?$/;

/** IPv6 in hexadecimal notation (full or "::"-compressed), optional zone and prefix length. */
export function isIpv6(s: string): boolean {
  const m = /^([0-9A-Fa-f:]+)(%.+)?(\/(12[0-8]|1[0-1][0-9]|[1-9][0-9]|[0-9]))?$/.exec(s);
  if (!m) return false;
  const addr = m[1];
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const parts = halves.flatMap(groups);
  if (!parts.every((p) => /^[0-9A-Fa-f]{1,4}$/.test(p))) return false;
  return halves.length === 2 ? parts.length <= 7 : parts.length === 8;
}

const ipv6: Rule = (v, at, out) => {
  if (typeof v !== 'string') return fail(out, 'wrong-type', at, `"${at}" must be a string`);
  if (!isIpv6(v)) fail(out, 'invalid-value', at, `"${at}" must be an IPv6 address in hexadecimal notation; got ${JSON.stringify(v)}`);
};

const CPE_PART = String.raw`(((\?*|\*?)([a-zA-Z0-9\-._]|(\\[\\*?!"#$%&'()+,/:;<=>@\[\]^\x60{|}~]))+(\?*|\*?))|[*\-])`;
const CPE_RE = new RegExp(String.raw`cpe:2\.3:[aho*\-](:${CPE_PART}){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[*\-]))(:${CPE_PART}){4}`);

const SCO_SPECS: Record<string, ObjectSpec & { extensions?: Record<string, Rule> }> = {
  artifact: {
    props: {
      mime_type: str({ pattern: /^(application|audio|font|image|message|model|multipart|text|video)\/[a-zA-Z0-9.+_-]+/, hint: 'must be an IANA media type' }),
      payload_bin: binary, url: string, hashes,
      encryption_algorithm: str({ enum: ['AES-256-GCM', 'ChaCha20-Poly1305', 'mime-type-indicated'] }), decryption_key: string,
    },
    also(o, _at, out) {
      const payload = 'payload_bin' in o, url = 'url' in o;
      if (payload === url) fail(out, 'constraint', 'payload_bin', 'an artifact needs exactly one of "payload_bin" and "url"');
      else if (url && !('hashes' in o)) fail(out, 'missing-property', 'hashes', 'an artifact given by "url" needs "hashes"');
      if ('decryption_key' in o && !('encryption_algorithm' in o)) {
        fail(out, 'constraint', 'decryption_key', '"decryption_key" needs "encryption_algorithm"');
      }
    },
  },
  'autonomous-system': { props: { number: int(), name: string, rir: string }, required: ['number'] },
  directory: {
    props: {
      path: string, path_enc: str({ pattern: /^[a-zA-Z0-9/.+_:-]{2,250}$/, hint: 'is not a character-set name' }),
      ctime: ts, mtime: ts, atime: ts, contains_refs: strings,
    },
    required: ['path'],
  },
  'domain-name': { props: { value: string, resolves_to_refs: strings }, required: ['value'] },
  'email-addr': { props: { value: string, display_name: string, belongs_to_ref: string }, required: ['value'] },
  'email-message': {
    props: {
      date: ts, content_type: string, from_ref: string, sender_ref: string, to_refs: strings, cc_refs: strings,
      bcc_refs: strings, message_id: string, subject: string, received_lines: stringsAny,
      additional_header_fields: emailHeaders, raw_email_ref: string, is_multipart: bool, body: string,
      body_multipart: list(mimePart, 0),
    },
    required: ['is_multipart'],
    also(o, _at, out) {
      if (o.is_multipart === true && 'body' in o) fail(out, 'constraint', 'body', 'a multipart message uses "body_multipart", not "body"');
      if (o.is_multipart === false && 'body_multipart' in o) {
        fail(out, 'constraint', 'body_multipart', 'a message that is not multipart uses "body", not "body_multipart"');
      }
    },
  },
  file: {
    props: {
      hashes, size: int(0), name: string, name_enc: str({ pattern: /^[a-zA-Z0-9/.+_:-]{2,250}$/, hint: 'is not a character-set name' }),
      magic_number_hex: hex, mime_type: string, ctime: ts, mtime: ts, atime: ts, parent_directory_ref: string,
      contains_refs: strings, content_ref: string,
    },
    anyOf: [['hashes', 'name']],
    extensions: FILE_EXTENSIONS,
  },
  'ipv4-addr': {
    props: { value: str({ pattern: IPV4_RE, hint: 'must be an IPv4 address (optionally with /prefix)' }), resolves_to_refs: strings, belongs_to_refs: strings },
    required: ['value'],
  },
  'ipv6-addr': { props: { value: ipv6, resolves_to_refs: strings, belongs_to_refs: strings }, required: ['value'] },
  'mac-addr': { props: { value: str({ pattern: /^([0-9a-f]{2}[:]){5}([0-9a-f]{2})$/, hint: 'must be a lowercase colon-separated MAC address' }) }, required: ['value'] },
  mutex: { props: { name: string }, required: ['name'] },
  'network-traffic': {
    props: {
      start: ts, end: ts, src_ref: string, dst_ref: string, src_port: int(0, 65535), dst_port: int(0, 65535), protocols: strings,
      src_byte_count: int(), dst_byte_count: int(), src_packets: int(), dst_packets: int(),
      ipfix: dictionary((v, at, out) => {
        if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) fail(out, 'wrong-type', at, `"${at}" must be a string or an integer`);
      }),
      src_payload_ref: string, dst_payload_ref: string, encapsulates_refs: strings, encapsulated_by_ref: string, is_active: bool,
    },
    required: ['protocols'],
    anyOf: [['src_ref', 'dst_ref']],
    also(o, _at, out) {
      if (o.is_active === true && 'end' in o) fail(out, 'constraint', 'end', 'active network traffic ("is_active": true) must not have "end"');
    },
    extensions: NETWORK_TRAFFIC_EXTENSIONS,
  },
  process: {
    props: {
      is_hidden: bool, pid: int(), created_time: ts, cwd: string, command_line: string, environment_variables: dictionary(),
      opened_connection_refs: strings, creator_user_ref: string, image_ref: string, parent_ref: string, child_refs: strings,
    },
    anyOf: [['extensions', 'is_hidden', 'pid', 'name', 'created', 'cwd', 'arguments', 'command_line', 'environment_variables',
      'opened_connection_refs', 'creator_user_ref', 'image_ref', 'parent_ref', 'child_refs']],
    extensions: PROCESS_EXTENSIONS,
  },
  software: {
    props: {
      name: string, cpe: str({ pattern: CPE_RE, hint: 'must contain a CPE 2.3 formatted string' }), swid: string,
      languages: list(str({ pattern: /^[a-z]{3}$/, hint: 'must be an ISO 639-2 language code' })), vendor: string, version: string,
    },
    required: ['name'],
  },
  url: { props: { value: string }, required: ['value'] },
  'user-account': {
    props: {
      user_id: string, credential: string, account_login: string, account_type: string, display_name: string,
      is_service_account: bool, is_privileged: bool, can_escalate_privs: bool, is_disabled: bool, account_created: ts,
      account_expires: ts, credential_last_changed: ts, account_first_login: ts, account_last_login: ts,
    },
    anyOf: [['extensions', 'user_id', 'credential', 'account_login', 'account_type', 'display_name', 'is_service_account',
      'is_privileged', 'can_escalate_privs', 'is_disabled', 'account_created', 'account_expires', 'credential_last_changed',
      'account_first_login', 'account_last_login']],
    extensions: USER_ACCOUNT_EXTENSIONS,
  },
  'windows-registry-key': {
    props: {
      key: str({ not: /^HKLM|HKCC|HKCR|HKCU|HKU|hklm|hkcc|hkcr|hkcu|hku/, hint: 'must name the hive in full (e.g. HKEY_LOCAL_MACHINE), not abbreviated' }),
      values: list(object({
        props: {
          name: string, data: string,
          data_type: str({ enum: ['REG_NONE', 'REG_SZ', 'REG_EXPAND_SZ', 'REG_BINARY', 'REG_DWORD', 'REG_DWORD_BIG_ENDIAN',
            'REG_DWORD_LITTLE_ENDIAN', 'REG_LINK', 'REG_MULTI_SZ', 'REG_RESOURCE_LIST', 'REG_FULL_RESOURCE_DESCRIPTION',
            'REG_RESOURCE_REQUIREMENTS_LIST', 'REG_QWORD', 'REG_INVALID_TYPE'] }),
        },
        anyOf: [['name', 'data', 'data_type']],
      }), 0),
      modified_time: ts, creator_user_ref: string, number_of_subkeys: int(),
    },
    anyOf: [['key', 'values', 'modified', 'creator_user_ref', 'number_of_subkeys']],
  },
  'x509-certificate': {
    props: {
      is_self_signed: bool, hashes, version: string, serial_number: string, signature_algorithm: string, issuer: string,
      validity_not_before: ts, validity_not_after: ts, subject: string, subject_public_key_algorithm: string,
      subject_public_key_modulus: string, subject_public_key_exponent: int(),
      x509_v3_extensions: object({
        props: {
          ...Object.fromEntries(['basic_constraints', 'name_constraints', 'policy_constraints', 'key_usage', 'extended_key_usage',
            'subject_key_identifier', 'authority_key_identifier', 'subject_alternative_name', 'issuer_alternative_name',
            'subject_directory_attributes', 'crl_distribution_points', 'inhibit_any_policy', 'certificate_policies',
            'policy_mappings'].map((k) => [k, string])),
          private_key_usage_period_not_before: ts,
          private_key_usage_period_not_after: ts,
        },
        anyOf: [['basic_constraints', 'name_constraints', 'policy_constraints', 'key_usage', 'extended_key_usage',
          'subject_key_identifier', 'authority_key_identifier', 'subject_alternative_name', 'issuer_alternative_name',
          'subject_directory_attributes', 'crl_distribution_points', 'inhibit_any_policy', 'private_key_usage_period_not_before',
          'private_key_usage_period_not_after', 'certificate_policies', 'policy_mappings']],
      }),
    },
    anyOf: [['is_self_signed', 'hashes', 'version', 'serial_number', 'signature_algorithm', 'issuer', 'validity_not_before',
      'validity_not_after', 'subject', 'subject_public_key_algorithm', 'subject_public_key_modulus',
      'subject_public_key_exponent', 'x509_v3_extensions']],
  },
};

function observable(type: string): (o: Obj, out: Out) => void {
  const { extensions, ...spec } = SCO_SPECS[type];
  const withId: ObjectSpec = { ...spec, props: { ...spec.props, id: scoId(type) } };
  const ext = scoExtensions(extensions);
  return (o, out) => {
    scoCoreRules(o, out, ext);
    typeRules(o, out, withId);
  };
}

/** Observables embedded in the deprecated `objects` property of observed-data. */
const CUSTOM_SCO_EXCLUDED = /^artifact|directory|file|mutex|process|software|user-account|windows-registry-key|x509-certificate|autonomous-system|domain-name|email-addr|email-message|ipv4-addr|ipv6-addr|mac-addr|network-traffic|url$/;
function embeddedObservable(v: unknown, at: string, out: Out): void {
  if (!isObj(v)) return fail(out, 'wrong-type', at, `"${at}" must be an object (a cyber observable)`);
  const type = v.type;
  const sub: Out = [];
  if (typeof type === 'string' && SCO_SPECS[type]) OBJECT_RULES[type](v, sub);
  else if (typeof type === 'string' && CUSTOM_SCO_EXCLUDED.test(type)) {
    fail(sub, 'invalid-value', 'type', `"${type}" is not a cyber observable type`);
  } else scoCoreRules(v, sub, scoExtensions());
  for (const f of sub) out.push({ ...f, property: f.property ? `${at}.${f.property}` : at });
}

// ---------------------------------------------------------------------------------------------
// marking-definition (statement, TLP 1.0 and extension-defined markings)

const TLP: Record<string, { id: string; name: string }> = {
  white: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', name: 'TLP:WHITE' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', name: 'TLP:RED' },
};
/** Ids of the four TLP 1.0 marking definitions every STIX consumer knows without a copy in the bundle. */
export const TLP_MARKING_IDS = new Set(Object.values(TLP).map((t) => t.id));

function markingDefinition(o: Obj, out: Out): void {
  if (o.definition_type === 'tlp') return tlpMarking(o, out);
  checkObject(o, '', out, {
    props: {
      type: constant('marking-definition'),
      spec_version: str({ enum: ['2.0', '2.1'] }),
      id: ident(['marking-definition']),
      name: string,
      created_by_ref: ident(),
      created: ts,
      external_references: list(externalReference),
      object_marking_refs: list(ident(['marking-definition'])),
      granular_markings: list(granularMarking),
      extensions: sdoExtensions,
      definition_type: (v, at, o2) => {
        if (v === 'statement') return;
        str({ not: /^(statement)|(tlp)$/, hint: 'must be "statement", "tlp" or the name of another marking type' })(v, at, o2);
      },
      definition: (v, at, o2) => {
        if (o.definition_type === 'statement') object({ props: { statement: string }, required: ['statement'] })(v, at, o2);
        else object({})(v, at, o2);
      },
    },
    required: ['id', 'type', 'spec_version', 'created', ...('extensions' in o && o.definition_type !== 'statement' ? [] : ['definition', 'definition_type'])],
  });
}

/** TLP 1.0 markings: exactly the four published objects. */
function tlpMarking(o: Obj, out: Out): void {
  checkObject(o, '', out, {
    props: {
      type: constant('marking-definition'), id: string, spec_version: constant('2.1'), name: string,
      created: constant('2017-01-20T00:00:00.000Z'), definition: object({ props: { tlp: string } }), definition_type: string,
    },
    required: ['id', 'type', 'spec_version', 'created', 'name', 'definition', 'definition_type'],
    closed: true,
  });
  const known = Object.entries(TLP).find(([, t]) => t.id === o.id);
  const level = isObj(o.definition) ? o.definition.tlp : undefined;
  if (!known) fail(out, 'invalid-value', 'id', 'a TLP marking must have the id of one of the four TLP 1.0 marking definitions');
  else if (o.name !== known[1].name) fail(out, 'invalid-value', 'name', `this TLP marking must be named "${known[1].name}"`);
  else if (level !== undefined && level !== known[0]) fail(out, 'invalid-value', 'definition.tlp', `this TLP marking's level is "${known[0]}"`);
}

// ---------------------------------------------------------------------------------------------
// Dispatch

const OBJECT_RULES: Record<string, (o: Obj, out: Out) => void> = {
  ...Object.fromEntries(Object.keys(AF_SPECS).map((t) => [t, attackFlowObject(t)])),
  ...Object.fromEntries(Object.keys(SDO_SPECS).map((t) => [t, domainObject(t)])),
  ...Object.fromEntries(Object.keys(SCO_SPECS).map((t) => [t, observable(t)])),
  'marking-definition': markingDefinition,
};

/** STIX types medflow has object rules for (the same set the official schemas cover). */
export const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.keys(OBJECT_RULES));
export const SCO_TYPES: ReadonlySet<string> = new Set(Object.keys(SCO_SPECS));

/**
 * Schema findings for one STIX object; undefined when medflow has no rules for its type.
 * (`type` must be a string; callers report entries without one.)
 */
export function objectFindings(o: Obj): Finding[] | undefined {
  const rules = OBJECT_RULES[o.type as string];
  if (!rules) return undefined;
  const out: Finding[] = [];
  rules(o, out);
  return out;
}

export { IDENTIFIER_RE, any };
