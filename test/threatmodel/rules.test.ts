// Every rule, on a purpose-built model where it must fire and on the same model with one control added
// (or one fact changed) where it must not. A final test checks that no shipped rule lacks a case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../src/threatmodel/engine.ts';
import { builtinRules } from '../../src/threatmodel/rules.ts';
import { checkArchitecture } from '../../src/threatmodel/load.ts';
import type { Architecture } from '../../src/threatmodel/model.ts';
import { boundary, comp, device, el, flow, human, model, sec, type Spec } from './build.ts';

interface Case {
  rule: string;
  element: string;
  spec: Spec;
  /** Changes the firing model into one where the rule must stay quiet. */
  quiet: (m: Architecture) => void;
}

/** Two trust zones so that a flow from `b` to `a` crosses a boundary. */
const zones = (a: string[], b: string[]) => [boundary('za', 'cloud-account', a), boundary('zb', 'third-party', b)];

const cases: Case[] = [
  // ---------------------------------------------------------------- STRIDE baseline
  {
    rule: 'server-impersonation', element: 'x',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { encryption: 'none' })], boundaries: zones(['x'], ['y']) },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'shared-static-credentials', element: 'x',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { authentication: 'password' })] },
    quiet: (m) => { sec(m, 'x').unique_credentials = true; },
  },
  {
    rule: 'external-actor-impersonation', element: 'h',
    spec: { components: [human('h'), comp('x')], flows: [flow('f', 'h', 'x', { authentication: 'password' })] },
    quiet: (m) => { el(m, 'f').mfa = true; },
  },
  {
    rule: 'unauthenticated-cross-boundary-flow', element: 'f',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { authentication: 'none', assets: ['tel'] })], boundaries: zones(['x'], ['y']), assets: ['tel'] },
    quiet: (m) => { el(m, 'f').authentication = 'token'; },
  },
  {
    rule: 'static-secret-machine-identity', element: 'f',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { authentication: 'api-key' })], boundaries: zones(['x'], ['y']) },
    quiet: (m) => { el(m, 'f').authentication = 'mutual-tls'; },
  },
  {
    rule: 'stored-data-tampering', element: 'x',
    spec: { components: [comp('x', { stores: ['tel'] })], assets: ['tel'] },
    quiet: (m) => { sec(m, 'x').integrity_at_rest = true; },
  },
  {
    rule: 'unvalidated-input', element: 'x',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x')], boundaries: zones(['x'], ['y']) },
    quiet: (m) => { sec(m, 'x').input_validation = true; },
  },
  {
    rule: 'flow-without-integrity', element: 'f',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { assets: ['tel'], encryption: 'none' })], boundaries: zones(['x'], ['y']), assets: ['tel'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'checksum-as-integrity', element: 'f',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { assets: ['tel'], integrity: 'checksum' })], assets: ['tel'] },
    quiet: (m) => { el(m, 'f').integrity = 'message'; },
  },
  {
    rule: 'no-audit-logging', element: 'x',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x')], boundaries: zones(['x'], ['y']) },
    quiet: (m) => { sec(m, 'x').audit_logging = true; },
  },
  {
    rule: 'logs-kept-locally', element: 'x',
    spec: { components: [comp('x', { security: { audit_logging: true } })] },
    quiet: (m) => { sec(m, 'x').logs_off_device = true; },
  },
  {
    rule: 'log-store-tampering', element: 's',
    spec: { components: [comp('s', { kind: 'cloud-storage', stores: ['logs'] })], assets: ['logs'] },
    quiet: (m) => { sec(m, 's').integrity_at_rest = true; },
  },
  {
    rule: 'unattributable-human-actions', element: 'h',
    spec: { components: [human('h'), comp('x', { security: { audit_logging: true } })], flows: [flow('f', 'h', 'x', { authentication: 'none' })] },
    quiet: (m) => { el(m, 'f').authentication = 'password'; },
  },
  {
    rule: 'cleartext-sensitive-flow', element: 'f',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { assets: ['cred'], encryption: 'none' })], assets: ['cred'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'link-layer-encryption-only', element: 'f',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { assets: ['cred'], encryption: 'link' })], assets: ['cred'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'sensitive-data-at-rest-unencrypted', element: 's',
    spec: { components: [comp('s', { kind: 'cloud-storage', stores: ['cred'] })], assets: ['cred'] },
    quiet: (m) => { sec(m, 's').encryption_at_rest = true; },
  },
  {
    rule: 'public-storage-access', element: 's',
    spec: { components: [comp('s', { kind: 'cloud-storage', security: { public_access: true } })] },
    quiet: (m) => { sec(m, 's').public_access = false; },
  },
  {
    rule: 'credentials-in-software-storage', element: 'x',
    spec: { components: [comp('x', { stores: ['cred'] })], assets: ['cred'] },
    quiet: (m) => { sec(m, 'x').secure_element = true; },
  },
  {
    rule: 'tenant-isolation-missing', element: 'x',
    spec: { components: [comp('x', { multi_tenant: true })] },
    quiet: (m) => { sec(m, 'x').tenant_isolation = true; },
  },
  {
    rule: 'workstation-without-endpoint-protection', element: 'w',
    spec: { components: [comp('w', { kind: 'clinician-workstation', operator: 'hdo', hosting: 'hdo-network' })] },
    quiet: (m) => { sec(m, 'w').anti_malware = true; },
  },
  {
    rule: 'no-rate-limiting', element: 'x',
    spec: { components: [comp('x', { internet_facing: true })] },
    quiet: (m) => { sec(m, 'x').rate_limiting = true; },
  },
  {
    rule: 'single-point-of-failure', element: 'x',
    spec: { components: [comp('x'), comp('y'), comp('z')], flows: [flow('f1', 'y', 'x'), flow('f2', 'x', 'z')] },
    quiet: (m) => { sec(m, 'x').redundancy = true; },
  },
  {
    rule: 'silent-loss-of-flow', element: 'f',
    spec: {
      components: [comp('g', { kind: 'gateway', hosting: 'patient-home', per_patient: false }), comp('x')],
      flows: [flow('f', 'g', 'x', { assets: ['tel'], encryption: 'transport' })], assets: ['tel'],
    },
    quiet: (m) => { el(m, 'f').heartbeat = true; },
  },
  {
    rule: 'no-backup', element: 's',
    spec: { components: [comp('s', { kind: 'cloud-storage', stores: ['cred'] })], assets: ['cred'] },
    quiet: (m) => { sec(m, 's').backup = true; },
  },
  {
    rule: 'wireless-jamming', element: 'f',
    spec: { components: [device('d', { hosting: 'patient-home' }), comp('a', { kind: 'mobile-app', hosting: 'patient-home' })], flows: [flow('f', 'd', 'a', { protocol: 'ble', assets: ['tel'] })], assets: ['tel'] },
    quiet: (m) => { el(m, 'f').protocol = 'usb'; },
  },
  {
    rule: 'excessive-privilege', element: 'x',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x')], boundaries: zones(['x'], ['y']) },
    quiet: (m) => { sec(m, 'x').least_privilege = true; },
  },
  {
    rule: 'complex-parser-exposed', element: 'x',
    spec: { components: [comp('x', { hosting: 'hdo-network', operator: 'hdo' }), comp('y', { hosting: 'hdo-network', operator: 'hdo' })], flows: [flow('f', 'y', 'x', { protocol: 'dicom' })], boundaries: zones(['x'], ['y']) },
    quiet: (m) => { sec(m, 'x').input_validation = true; },
  },
  {
    rule: 'iaas-host-unhardened', element: 'x',
    spec: { components: [comp('x', { service_model: 'iaas' })] },
    quiet: (m) => { sec(m, 'x').hardened = true; },
  },
  {
    rule: 'unsupported-software', element: 'x',
    spec: { components: [comp('x', { hosting: 'hdo-network', operator: 'hdo' })] },
    quiet: (m) => { sec(m, 'x').supported = true; },
  },
  {
    rule: 'admin-access-without-mfa', element: 'x',
    spec: { components: [human('h', { hosting: 'vendor-network', operator: 'mdm' }), comp('x')], flows: [flow('f', 'h', 'x', { authentication: 'password' })] },
    quiet: (m) => { el(m, 'f').mfa = true; },
  },
  {
    rule: 'cloud-account-without-audit', element: 'za',
    spec: { components: [comp('x')], boundaries: [boundary('za', 'cloud-account', ['x'])] },
    quiet: (m) => { sec(m, 'x').audit_logging = true; },
  },
  {
    rule: 'perimeter-bypass', element: 'hosp',
    spec: {
      components: [comp('x', { hosting: 'hdo-network', operator: 'hdo' }), comp('y')],
      flows: [flow('f', 'y', 'x')], boundaries: [boundary('hosp', 'hdo-network', ['x'])],
    },
    quiet: (m) => { el(m, 'x').kind = 'gateway'; },
  },
  // ---------------------------------------------------------------- devices, commands, updates
  {
    rule: 'safety-command-without-message-auth', element: 'f',
    spec: { components: [comp('c'), device('d')], flows: [flow('f', 'c', 'd', { assets: ['cmd'], encryption: 'transport' })], boundaries: zones(['c'], ['d']), assets: ['cmd'] },
    quiet: (m) => { el(m, 'f').integrity = 'message'; },
  },
  {
    rule: 'safety-command-replay', element: 'f',
    spec: { components: [comp('c'), device('d')], flows: [flow('f', 'c', 'd', { assets: ['cmd'] })], assets: ['cmd'] },
    quiet: (m) => { el(m, 'f').replay_protection = true; },
  },
  {
    rule: 'no-safe-range-checking', element: 'd',
    spec: { components: [comp('c'), device('d')], flows: [flow('f', 'c', 'd', { assets: ['cmd'] })], assets: ['cmd'] },
    quiet: (m) => { sec(m, 'd').range_checking = true; },
  },
  {
    rule: 'unsigned-therapy-configuration', element: 'f',
    spec: { components: [comp('c'), device('d')], flows: [flow('f', 'c', 'd', { assets: ['cfg'], encryption: 'transport' })], assets: ['cfg'] },
    quiet: (m) => { el(m, 'f').integrity = 'message'; },
  },
  {
    rule: 'ehr-driven-programming', element: 'f',
    spec: { components: [comp('e', { kind: 'ehr', operator: 'hdo', hosting: 'hdo-network' }), device('d')], flows: [flow('f', 'e', 'd', { protocol: 'hl7v2', assets: ['cmd'] })], assets: ['cmd'] },
    quiet: (m) => { sec(m, 'd').range_checking = true; },
  },
  {
    rule: 'digital-twin-commands-device', element: 't',
    spec: { components: [comp('t', { kind: 'digital-twin' }), device('d')], flows: [flow('f', 't', 'd', { assets: ['cmd'] })], assets: ['cmd'] },
    quiet: (m) => { sec(m, 't').least_privilege = true; },
  },
  {
    rule: 'spoofed-sensor-drives-therapy', element: 'f',
    spec: {
      components: [comp('s', { kind: 'sensor', hosting: 'patient-home' }), device('p', { kind: 'actuator', hosting: 'patient-home', clinical_functions: ['therapy-delivery'] })],
      flows: [flow('f', 's', 'p', { protocol: 'ble', assets: ['tel'], authentication: 'none' })], assets: ['tel'],
    },
    quiet: (m) => { el(m, 'f').authentication = 'certificate'; },
  },
  {
    rule: 'clinical-view-without-integrity', element: 'f',
    spec: {
      components: [comp('x'), comp('v', { clinical_functions: ['diagnosis-monitoring'] })],
      flows: [flow('f', 'x', 'v', { assets: ['tel'], encryption: 'none' })], assets: ['tel'],
    },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'short-range-radio-unauthenticated', element: 'f',
    spec: { components: [device('d', { hosting: 'patient-home' }), comp('a', { kind: 'mobile-app', hosting: 'patient-home' })], flows: [flow('f', 'a', 'd', { protocol: 'ble', authentication: 'none' })] },
    quiet: (m) => { el(m, 'f').authentication = 'certificate'; },
  },
  {
    rule: 'proprietary-radio-cleartext', element: 'f',
    spec: { components: [device('d', { hosting: 'patient-home' }), comp('a', { kind: 'gateway', hosting: 'patient-home' })], flows: [flow('f', 'a', 'd', { protocol: 'proprietary-rf', encryption: 'none' })] },
    quiet: (m) => { el(m, 'f').encryption = 'end-to-end'; },
  },
  {
    rule: 'no-secure-boot', element: 'd',
    spec: { components: [device('d')] },
    quiet: (m) => { sec(m, 'd').secure_boot = true; },
  },
  {
    rule: 'open-debug-ports', element: 'd',
    spec: { components: [device('d')] },
    quiet: (m) => { sec(m, 'd').debug_ports_locked = true; },
  },
  {
    rule: 'device-shared-secret', element: 'd',
    spec: { components: [device('d', { instances: 500 })] },
    quiet: (m) => { sec(m, 'd').unique_credentials = true; },
  },
  {
    rule: 'device-keys-in-software', element: 'd',
    spec: { components: [device('d', { stores: ['cred'] })], assets: ['cred'] },
    quiet: (m) => { sec(m, 'd').secure_element = true; },
  },
  {
    rule: 'no-sbom', element: 'd',
    spec: { components: [device('d')] },
    quiet: (m) => { sec(m, 'd').sbom = true; },
  },
  {
    rule: 'update-without-code-signing', element: 'f',
    spec: { components: [comp('u', { kind: 'vendor-remote-management' }), device('d', { security: { verifies_updates: true } })], flows: [flow('f', 'u', 'd', { assets: ['fwu'] })], assets: ['fwu', 'fw'] },
    quiet: (m) => { el(m, 'f').assets = ['fw']; },
  },
  {
    rule: 'update-rollback', element: 'd',
    spec: { components: [comp('u', { kind: 'vendor-remote-management' }), device('d', { security: { verifies_updates: true } })], flows: [flow('f', 'u', 'd', { assets: ['fw'] })], assets: ['fw'] },
    quiet: (m) => { sec(m, 'd').anti_rollback = true; },
  },
  {
    rule: 'update-server-not-authenticated', element: 'f',
    spec: { components: [comp('u', { kind: 'vendor-remote-management' }), device('d')], flows: [flow('f', 'u', 'd', { assets: ['fw'], encryption: 'none', initiated_by: 'target' })], assets: ['fw'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'no-update-path', element: 'd',
    spec: { components: [comp('u', { kind: 'vendor-remote-management' }), device('d')], flows: [flow('f', 'u', 'd', { assets: ['tel'] })], assets: ['tel', 'fw'] },
    quiet: (m) => { el(m, 'f').assets = ['fw']; },
  },
  {
    rule: 'phone-app-unattested-controls-therapy', element: 'f',
    spec: {
      components: [comp('a', { kind: 'mobile-app', hosting: 'patient-home' }), device('p', { kind: 'actuator', hosting: 'patient-home', clinical_functions: ['therapy-delivery'] })],
      flows: [flow('f', 'a', 'p', { protocol: 'ble', assets: ['cmd'] })], assets: ['cmd'],
    },
    quiet: (m) => { sec(m, 'a').app_attestation = true; },
  },
  {
    rule: 'patient-phone-compromise', element: 'a',
    spec: { components: [comp('a', { kind: 'mobile-app', hosting: 'patient-home', stores: ['phi'] })], assets: ['phi'] },
    quiet: (m) => { sec(m, 'a').app_attestation = true; },
  },
  // ---------------------------------------------------------------- clinical
  {
    rule: 'alarm-path-unprotected', element: 'f',
    spec: { components: [device('d'), comp('n', { kind: 'gateway', operator: 'hdo', hosting: 'hdo-network' })], flows: [flow('f', 'd', 'n', { assets: ['alarm'], encryption: 'none', authentication: 'token', heartbeat: true })], assets: ['alarm'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'alarm-loss-undetected', element: 'f',
    spec: { components: [device('d'), comp('n', { kind: 'gateway', operator: 'hdo', hosting: 'hdo-network' })], flows: [flow('f', 'd', 'n', { assets: ['alarm'] })], assets: ['alarm'] },
    quiet: (m) => { el(m, 'f').heartbeat = true; },
  },
  {
    rule: 'control-link-loss-undetected', element: 'f',
    spec: { components: [comp('c'), device('d')], flows: [flow('f', 'c', 'd', { assets: ['cmd'] })], assets: ['cmd'] },
    quiet: (m) => { el(m, 'f').heartbeat = true; },
  },
  {
    rule: 'no-safe-mode', element: 'd',
    spec: { components: [comp('c'), device('d')], flows: [flow('f', 'c', 'd')], boundaries: zones(['c'], ['d']) },
    quiet: (m) => { sec(m, 'd').safe_mode = true; },
  },
  {
    rule: 'no-emergency-access', element: 'd',
    spec: { components: [human('n'), device('d', { clinical_functions: ['therapy-delivery'] })], flows: [flow('f', 'n', 'd', { protocol: 'local-ui', authentication: 'password' })] },
    quiet: (m) => { sec(m, 'd').emergency_access = true; },
  },
  {
    rule: 'phi-at-rest-unencrypted', element: 's',
    spec: { components: [comp('s', { kind: 'cloud-storage', stores: ['phi'] })], assets: ['phi'] },
    quiet: (m) => { sec(m, 's').encryption_at_rest = true; },
  },
  {
    rule: 'phi-in-transit-unprotected', element: 'f',
    spec: { components: [comp('x'), comp('y')], flows: [flow('f', 'y', 'x', { assets: ['phi'], encryption: 'none' })], assets: ['phi'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'phi-access-not-logged', element: 's',
    spec: { components: [comp('s', { kind: 'cloud-storage', stores: ['phi'] })], assets: ['phi'] },
    quiet: (m) => { sec(m, 's').audit_logging = true; },
  },
  {
    rule: 'identifiable-data-for-ml', element: 'f',
    spec: { components: [comp('x'), comp('ml', { kind: 'ml-service' })], flows: [flow('f', 'x', 'ml', { assets: ['phi'] })], assets: ['phi'] },
    quiet: (m) => { m.data_assets![0].deidentified = true; },
  },
  {
    rule: 'ehr-write-unprotected', element: 'f',
    spec: { components: [comp('x'), comp('e', { kind: 'ehr', operator: 'ehr-vendor', service_model: 'saas' })], flows: [flow('f', 'x', 'e', { protocol: 'fhir', assets: ['phi'], authentication: 'token', encryption: 'none' })], assets: ['phi'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'legacy-clinical-protocol-unauthenticated', element: 'f',
    spec: { components: [comp('x', { hosting: 'hdo-network', operator: 'hdo' }), comp('e', { kind: 'ehr', hosting: 'hdo-network', operator: 'hdo' })], flows: [flow('f', 'x', 'e', { protocol: 'hl7v2' })] },
    quiet: (m) => { el(m, 'f').authentication = 'certificate'; },
  },
  {
    rule: 'fhir-broad-scope', element: 'f',
    spec: { components: [comp('x'), comp('e', { kind: 'fhir-server' })], flows: [flow('f', 'x', 'e', { protocol: 'fhir', authorization: 'coarse' })] },
    quiet: (m) => { el(m, 'f').authorization = 'fine'; },
  },
  {
    rule: 'medical-devices-on-flat-network', element: 'lan',
    spec: {
      components: [device('d'), comp('w', { kind: 'clinician-workstation', hosting: 'hdo-network', operator: 'hdo' })],
      boundaries: [boundary('lan', 'hdo-network', ['d', 'w'])],
    },
    quiet: (m) => { m.trust_boundaries = [boundary('lan', 'hdo-network', ['w']), boundary('vlan', 'network-segment', ['d'], 'lan')]; },
  },
  {
    rule: 'backup-restore-unverified', element: 'f',
    spec: { components: [comp('x'), comp('s', { kind: 'cloud-storage' })], flows: [flow('f', 'x', 's', { assets: ['bak'], purposes: ['backup'] })], assets: ['bak'] },
    quiet: (m) => { el(m, 'f').encryption = 'transport'; },
  },
  {
    rule: 'safety-data-without-backup', element: 's',
    spec: { components: [comp('s', { kind: 'cloud-storage', stores: ['alarm'] })], assets: ['alarm'] },
    quiet: (m) => { sec(m, 's').backup = true; },
  },
  {
    rule: 'safety-command-not-attributable', element: 'f',
    spec: { components: [comp('c'), device('d')], flows: [flow('f', 'c', 'd', { assets: ['cmd'], authentication: 'api-key' })], assets: ['cmd'] },
    quiet: (m) => { el(m, 'f').authentication = 'certificate'; },
  },
  {
    rule: 'safety-device-without-logging', element: 'd',
    spec: { components: [device('d')] },
    quiet: (m) => { sec(m, 'd').audit_logging = true; },
  },
  // ---------------------------------------------------------------- fleet
  {
    rule: 'multi-patient-push-without-approval', element: 'x',
    spec: { components: [comp('x'), device('d', { instances: 10 })], flows: [flow('f', 'x', 'd', { assets: ['cfg'] })], assets: ['cfg'] },
    quiet: (m) => { sec(m, 'x').change_approval = true; },
  },
  {
    rule: 'multi-patient-dependency-without-fallback', element: 'x',
    spec: { components: [comp('x'), device('d', { instances: 10 })], flows: [flow('f', 'd', 'x', { assets: ['tel'] })], assets: ['tel'] },
    quiet: (m) => { sec(m, 'd').safe_mode = true; },
  },
  {
    rule: 'multi-patient-attack-unmonitored', element: 'x',
    spec: { components: [comp('x'), device('d', { instances: 10 })], flows: [flow('f', 'd', 'x', { assets: ['tel'] })], assets: ['tel'] },
    quiet: (m) => { sec(m, 'x').anomaly_detection = true; },
  },
  {
    rule: 'vendor-remote-access-without-mfa', element: 'f',
    spec: { components: [comp('v', { kind: 'vendor-remote-management' }), comp('s', { kind: 'gateway', operator: 'hdo', hosting: 'hdo-network' })], flows: [flow('f', 'v', 's', { purposes: ['remote-access'] })] },
    quiet: (m) => { el(m, 'f').mfa = true; },
  },
  {
    rule: 'vendor-access-not-gated', element: 'f',
    spec: { components: [comp('v', { kind: 'vendor-remote-management' }), comp('s', { kind: 'gateway', operator: 'hdo', hosting: 'hdo-network' })], flows: [flow('f', 'v', 's', { purposes: ['remote-access'], mfa: true })] },
    quiet: (m) => { sec(m, 'v').change_approval = true; },
  },
  {
    rule: 'device-identity-not-bound', element: 'f',
    spec: { components: [device('d', { kind: 'sensor', hosting: 'patient-home' }), comp('i', { kind: 'cloud-iot-ingestion' })], flows: [flow('f', 'd', 'i', { protocol: 'mqtt', assets: ['tel'], authentication: 'api-key' })], assets: ['tel'] },
    quiet: (m) => { el(m, 'f').authentication = 'mutual-tls'; },
  },
  {
    rule: 'safety-critical-internet-exposed', element: 'd',
    spec: { components: [device('d', { internet_facing: true })] },
    quiet: (m) => { el(m, 'd').internet_facing = false; },
  },
  {
    rule: 'clinical-server-without-endpoint-protection', element: 'g',
    spec: { components: [comp('g', { kind: 'gateway', operator: 'hdo', hosting: 'hdo-network' }), device('d')], flows: [flow('f', 'g', 'd', { assets: ['cfg'] })], assets: ['cfg'] },
    quiet: (m) => { sec(m, 'g').anti_malware = true; },
  },
  // ---------------------------------------------------------------- ML
  {
    rule: 'ml-model-without-provenance', element: 'ml',
    spec: { components: [comp('ml', { kind: 'ml-service', processes: ['model'] })], assets: ['model'] },
    quiet: (m) => { Object.assign(m.data_assets![0], { signed: true, provenance_tracked: true }); },
  },
  {
    rule: 'training-data-without-provenance', element: 'ml',
    spec: { components: [comp('ml', { kind: 'ml-service', processes: ['train'] })], assets: ['train'] },
    quiet: (m) => { m.data_assets![0].provenance_tracked = true; },
  },
  {
    rule: 'ml-adversarial-input', element: 'ml',
    spec: { components: [comp('ml', { kind: 'ml-service' }), comp('x')], flows: [flow('f', 'x', 'ml', { assets: ['phi'] })], boundaries: zones(['ml'], ['x']), assets: ['phi'] },
    quiet: (m) => { sec(m, 'ml').input_validation = true; },
  },
  {
    rule: 'ml-model-extraction', element: 'ml',
    spec: { components: [comp('ml', { kind: 'ml-service' }), comp('x')], flows: [flow('f', 'x', 'ml')], boundaries: zones(['ml'], ['x']) },
    quiet: (m) => { sec(m, 'ml').rate_limiting = true; },
  },
  {
    rule: 'ml-drift-unmonitored', element: 'ml',
    spec: { components: [comp('ml', { kind: 'ml-service', clinical_functions: ['diagnosis-monitoring'] })] },
    quiet: (m) => { sec(m, 'ml').drift_monitoring = true; },
  },
];

const ids = (m: Architecture) => new Set(evaluate(m).threats.map((t) => t.id));

for (const c of cases) {
  test(`rule ${c.rule}: fires on ${c.element}, quiet once answered`, () => {
    const fire = model(c.spec);
    const check = checkArchitecture(fire);
    assert.deepEqual(check.errors, [], `the firing model must be valid: ${JSON.stringify(check.errors)}`);
    const id = `${c.rule}@${c.element}`;
    const r = evaluate(fire);
    assert.deepEqual(r.rule_errors, []);
    assert.ok(r.threats.some((t) => t.id === id), `expected ${id} among ${[...ids(fire)].join(', ')}`);
    const quiet = structuredClone(fire);
    c.quiet(quiet);
    assert.deepEqual(checkArchitecture(quiet).errors, [], 'the quiet model must be valid');
    assert.ok(!ids(quiet).has(id), `${id} must not fire once answered`);
  });
}

test('every shipped rule has a fire/quiet case', () => {
  const covered = new Set(cases.map((c) => c.rule));
  const missing = builtinRules().rules.map((r) => r.id).filter((r) => !covered.has(r));
  assert.deepEqual(missing, []);
  const unknown = [...covered].filter((r) => !builtinRules().rules.some((x) => x.id === r));
  assert.deepEqual(unknown, []);
});
