// A small purpose-built architecture and hand-made threats for report, diagram and diff tests (exact values,
// independent of the rule set).
import type { Architecture, Threat } from '../../../src/threatmodel/model.ts';

export const MODEL_YAML = `format: medflow-architecture/1
id: pump-lab
name: Pump <Lab> & Co
version: "1.0"
description: A bedside pump, its gateway and a cloud service.
components:
  - id: pump
    name: Infusion Pump
    kind: medical-device
    operator: hdo
    hosting: on-device
    safety_critical: true
  - id: gw
    name: Gateway
    kind: gateway
    operator: hdo
    hosting: hdo-network
  - id: cloud
    name: Pump Cloud
    kind: cloud-compute
    operator: mdm
    hosting: cloud
    service_model: paas
  - id: nurse
    name: Nurse
    kind: human-actor
    operator: hdo
    hosting: hdo-network
data_assets:
  - id: cmd
    name: Infusion commands
    type: commands
    confidentiality: medium
    integrity: critical
    availability: high
data_flows:
  - id: gw-pump
    name: Program pump
    source: gw
    target: pump
    protocol: wifi
    assets: [cmd]
  - id: cloud-gw
    source: cloud
    target: gw
    protocol: https
    bidirectional: true
  - id: nurse-gw
    source: nurse
    target: gw
    protocol: local-ui
trust_boundaries:
  - id: hospital
    name: Hospital | LAN
    type: hdo-network
    members: [gw, nurse]
  - id: device
    name: Pump
    type: device
    parent: hospital
    members: [pump]
  - id: vendor-cloud
    name: Vendor cloud
    type: cloud-account
    members: [cloud]
views:
  global_system:
    elements: all
    flows: all
  multi_patient_harm:
    description: The cloud reaches every pump.
    elements: [cloud, gw]
  security_use_cases:
    - id: programming
      name: Programming an infusion
      flows: [gw-pump]
threat_tracking:
  r-cmd@gw-pump:
    status: mitigated
    strategy: mitigate
    rationale: Messages are signed | checked.
    owner: Pump team
  r-dos@*:
    status: accepted
    strategy: accept
    rationale: Pump keeps running locally.
    recipient: CISO
  tmt.d4@cloud-gw:
    status: open
    rationale: Imported.
`;

export const MODEL: Architecture = {
  format: 'medflow-architecture/1',
  id: 'pump-lab',
  name: 'Pump <Lab> & Co',
  version: '1.0',
  description: 'A bedside pump, its gateway and a cloud service.',
  components: [
    { id: 'pump', name: 'Infusion Pump', kind: 'medical-device', operator: 'hdo', hosting: 'on-device', safety_critical: true },
    { id: 'gw', name: 'Gateway', kind: 'gateway', operator: 'hdo', hosting: 'hdo-network' },
    { id: 'cloud', name: 'Pump Cloud', kind: 'cloud-compute', operator: 'mdm', hosting: 'cloud', service_model: 'paas' },
    { id: 'nurse', name: 'Nurse', kind: 'human-actor', operator: 'hdo', hosting: 'hdo-network' },
  ],
  data_assets: [{ id: 'cmd', name: 'Infusion commands', type: 'commands', confidentiality: 'medium', integrity: 'critical', availability: 'high' }],
  data_flows: [
    { id: 'gw-pump', name: 'Program pump', source: 'gw', target: 'pump', protocol: 'wifi', assets: ['cmd'] },
    { id: 'cloud-gw', source: 'cloud', target: 'gw', protocol: 'https', bidirectional: true },
    { id: 'nurse-gw', source: 'nurse', target: 'gw', protocol: 'local-ui' },
  ],
  trust_boundaries: [
    { id: 'hospital', name: 'Hospital | LAN', type: 'hdo-network', members: ['gw', 'nurse'] },
    { id: 'device', name: 'Pump', type: 'device', parent: 'hospital', members: ['pump'] },
    { id: 'vendor-cloud', name: 'Vendor cloud', type: 'cloud-account', members: ['cloud'] },
  ],
  views: {
    global_system: { elements: 'all', flows: 'all' },
    multi_patient_harm: { description: 'The cloud reaches every pump.', elements: ['cloud', 'gw'] },
    security_use_cases: [{ id: 'programming', name: 'Programming an infusion', flows: ['gw-pump'] }],
  },
  threat_tracking: {
    'r-cmd@gw-pump': { status: 'mitigated', strategy: 'mitigate', rationale: 'Messages are signed | checked.', owner: 'Pump team' },
    'r-dos@*': { status: 'accepted', strategy: 'accept', rationale: 'Pump keeps running locally.', recipient: 'CISO' },
    'tmt.d4@cloud-gw': { status: 'open', rationale: 'Imported.' },
  },
};

type Over = Partial<Omit<Threat, 'harm' | 'risk' | 'exploitability'>> & {
  severity?: Threat['harm']['severity'];
  reach?: Threat['harm']['reach'];
  risk?: Threat['risk']['level'];
  av?: Threat['exploitability']['av'];
};

export function mkThreat(rule: string, element: string, o: Over = {}): Threat {
  const { severity = 'serious', reach = 'single-patient', risk = 'medium', av = 'A', ...rest } = o;
  const type = rest.element_type ?? (element.includes('-') ? 'flow' : 'component');
  return {
    id: `${rule}@${element}`,
    rule,
    element,
    element_type: type,
    element_name: element,
    title: `Title of ${rule}`,
    stride: 'tampering',
    medical: false,
    description: `Why ${rule} fired on ${element}.`,
    mitigation: `Fix ${rule}.`,
    techniques: [],
    flows: [],
    fda_categories: [],
    involved: { components: [], flows: [], assets: [], boundaries: [] },
    harm: { severity, reach, assets: [], basis: `harm basis ${rule}` },
    exploitability: { av, ac: 'L', pr: 'N', ui: 'N', vector: `AV:${av}/AC:L/PR:N/UI:N`, score: 2.1, level: 'medium', basis: `exposure ${av}` },
    risk: { level: risk, matrix: `${severity}×${reach}×medium → ${risk}` },
    views: [],
    status: 'untriaged',
    ...rest,
  };
}

/** Five threats: one mitigated (exact tracking), one accepted (wildcard), three untriaged. */
export const THREATS: Threat[] = [
  mkThreat('r-cmd', 'gw-pump', {
    element_name: 'Gateway → Infusion Pump: Program pump', title: 'Commands <unsigned> | replayable', stride: 'tampering', medical: true,
    severity: 'critical', risk: 'critical', techniques: ['T0831', 'T0855'], fda_categories: ['integrity'], flows: ['pump-reprogram'],
    views: ['global-system', 'security-use-case:programming'], status: 'mitigated',
    tracking: { key: 'r-cmd@gw-pump', status: 'mitigated', strategy: 'mitigate', rationale: 'Messages are signed | checked.', owner: 'Pump team' },
  }),
  mkThreat('r-dos', 'pump', {
    element_type: 'component', element_name: 'Infusion Pump', stride: 'denial-of-service', medical: true, severity: 'serious', risk: 'high',
    views: ['global-system'], status: 'accepted',
    tracking: { key: 'r-dos@*', status: 'accepted', strategy: 'accept', rationale: 'Pump keeps running locally.', recipient: 'CISO' },
  }),
  mkThreat('r-dos', 'cloud', {
    element_type: 'component', element_name: 'Pump Cloud', stride: 'denial-of-service', severity: 'serious', reach: 'fleet', risk: 'critical',
    views: ['global-system', 'multi-patient-harm'], status: 'accepted', av: 'N',
    tracking: { key: 'r-dos@*', status: 'accepted', strategy: 'accept', rationale: 'Pump keeps running locally.', recipient: 'CISO' },
  }),
  mkThreat('r-spoof', 'nurse', {
    element_type: 'component', element_name: 'Nurse', stride: 'spoofing', severity: 'minor', risk: 'low', views: ['global-system'],
  }),
  mkThreat('r-leak', 'cloud-gw', {
    element_name: 'Pump Cloud → Gateway', stride: 'information-disclosure', severity: 'negligible', reach: 'multi-patient', risk: 'medium',
    views: ['global-system'], av: 'N',
  }),
];

export const LINT = {
  errors: [{ code: 'tracking-unknown-rule', message: 'tracking entry "tmt.d4@cloud-gw" names rule "tmt.d4", which does not exist', object: 'tmt.d4@cloud-gw' }],
  warnings: [{ code: 'flow-security-unstated', message: 'flow "gw-pump" does not state authentication (assumed none)', object: 'gw-pump' }],
};
