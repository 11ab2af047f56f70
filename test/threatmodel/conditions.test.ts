// The rule condition language: operators, relations, quantifiers, bindings and templates, and the
// load-time errors that catch typos in rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCondition, type AnyNode, type Bindings } from '../../src/threatmodel/conditions.ts';
import { buildIndex } from '../../src/threatmodel/graph.ts';
import { compileRule, loadRules } from '../../src/threatmodel/rules.ts';
import { evaluate } from '../../src/threatmodel/engine.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { boundary, comp, device, flow, model } from './build.ts';

const ix = buildIndex(model({
  components: [
    comp('api', { security: { audit_logging: true } }),
    device('d1', { instances: 5 }),
    device('d2', { kind: 'sensor', safety_critical: false }),
    comp('ws', { kind: 'clinician-workstation', hosting: 'hdo-network', operator: 'hdo' }),
  ],
  flows: [
    flow('a1', 'api', 'd1', { assets: ['cmd'], encryption: 'transport' }),
    flow('a2', 'api', 'd2', { assets: ['tel', 'cfg'], integrity: 'checksum' }),
    flow('w1', 'ws', 'api', { assets: ['phi'], encryption: 'end-to-end' }),
  ],
  boundaries: [boundary('hosp', 'hdo-network', ['ws', 'd2']), boundary('seg', 'network-segment', ['d1'], 'hosp'), boundary('cloud', 'cloud-account', ['api'])],
  assets: ['cmd', 'tel', 'cfg', 'phi'],
}));

function holds(subject: 'component' | 'flow' | 'boundary', id: string, cond: unknown): boolean {
  const b: Bindings = new Map();
  const p = compileCondition(cond, subject, 'when', b);
  const node = (subject === 'component' ? ix.component : subject === 'flow' ? ix.flow : ix.boundary).get(id) as AnyNode;
  return p(node, { trail: [] });
}

test('property tests: equality, lists, ordinal comparisons, list operators, booleans', () => {
  assert.ok(holds('component', 'd1', { kind: 'medical-device', safety_critical: true }));
  assert.ok(holds('component', 'd1', { kind: ['sensor', 'medical-device'] }));
  assert.ok(!holds('component', 'd1', { kind: { not_in: ['medical-device'] } }));
  assert.ok(holds('flow', 'a1', { encryption: { gte: 'transport' } }));
  assert.ok(holds('flow', 'w1', { integrity: { gt: 'transport' } }), 'end-to-end encryption implies message integrity');
  assert.ok(holds('flow', 'a2', { integrity: 'checksum', asset_types: { has_all: ['telemetry', 'configuration'] } }));
  assert.ok(holds('flow', 'a2', { purposes: { has: 'configuration' } }), 'purposes are inferred from assets');
  assert.ok(holds('component', 'd1', { 'security.secure_boot': false }), 'unclaimed security properties are false');
  assert.ok(holds('component', 'd1', { instances: { gte: 5, lt: 6 } }));
  assert.ok(holds('component', 'api', { patients: 6 }), 'five d1 copies and one d2 depend on the api');
  assert.ok(holds('component', 'd1', { boundary_types: { has_all: ['hdo-network', 'network-segment'] } }));
});

test('relations, quantifiers and nesting', () => {
  assert.ok(holds('component', 'api', { outgoing: { target: { safety_critical: true } } }));
  assert.ok(holds('component', 'api', { outgoing: { at_least: 2 } }));
  assert.ok(!holds('component', 'api', { outgoing: { at_least: 2, where: { carries: { type: 'commands' } } } }));
  assert.ok(holds('component', 'api', { outgoing: { at_most: 1, where: { carries: { type: 'commands' } } } }));
  assert.ok(holds('component', 'api', { outgoing: { every: { source: { id: 'api' } } } }));
  assert.ok(holds('component', 'api', { incoming: { none: { encryption: 'none' } } }));
  assert.ok(!holds('component', 'd2', { incoming: { every: { encryption: 'transport' } } }));
  assert.ok(holds('flow', 'w1', { crosses: { type: 'cloud-account' }, crosses_boundary: true }));
  assert.ok(!holds('flow', 'a2', { crosses: { type: 'network-segment' } }));
  assert.ok(holds('flow', 'a1', { crosses: { type: 'network-segment' } }), 'entering a nested boundary crosses it and its parent');
  assert.ok(holds('boundary', 'hosp', { contains: { id: 'd1' }, members: { none: { id: 'd1' } } }));
  assert.ok(holds('boundary', 'seg', { parent: { type: 'hdo-network' } }));
  assert.ok(holds('component', 'ws', { any: [{ kind: 'sensor' }, { not: { in_boundary: false } }] }));
});

test('bindings feed explanations and are undone when a branch fails', () => {
  const r = compileRule({
    id: 'probe', title: 'Probe', stride: 'tampering', applies_to: 'component', techniques: ['T1565'],
    when: {
      any: [
        { all: [{ outgoing: { as: 'x', carries: { type: 'commands' } } }, { kind: 'sensor' }] }, // binds x, then fails
        { outgoing: { as: 'y', carries: { type: 'commands' } }, targets: { as: 'z', safety_critical: true } },
      ],
    },
    explanation: '{{element}} sends commands over {{y}} ({{y.count}}) to {{z.kind}}; x={{x}}; via {{y.protocol}}', mitigation: 'm',
  }, 'inline.yaml', 0);
  const ctx = { trail: [] as [string, AnyNode[]][] };
  const api = ix.component.get('api')! as AnyNode;
  assert.ok(r.test(api, ctx));
  assert.equal(r.render(api, ctx), 'api sends commands over api → d1 (1) to medical-device; x=(none); via https');
});

test('rule files with mistakes fail to load, naming the file and the rule', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ when: { kindd: 'sensor' } }, /unknown component property or relation "kindd" \(did you mean "kind"\?\)/],
    [{ when: { kind: 'sensr' } }, /"sensr" is not a value of "kind"/],
    [{ when: { encryption: { gte: 'strong' } }, applies_to: 'flow' }, /"strong" is not a value of "encryption"/],
    [{ when: { kind: { gte: 'sensor' } } }, /"kind" has no order/],
    [{ when: { clinical_functions: { in: ['surgery'] } } }, /is a list: use has/],
    [{ when: { outgoing: { some: { protocol: 'https' }, none: { protocol: 'http' } } } }, /not some and none/],
    [{ explanation: 'Look at {{nothing}}' }, /unknown template variable "\{\{nothing\}\}"/],
    [{ explanation: '{{element.colour}}' }, /components have no property "colour"/],
    [{ techniques: ['T9999'] }, /"T9999" is not an ATT&CK or ATLAS technique id/],
    [{ stride: 'spoof' }, /stride must be equal to one of the allowed values/],
    [{ harm: { of: 'target' } }, /harm.of: "target" applies to flow rules only/],
    [{ roles: ['process'], applies_to: 'flow', when: {} }, /only component rules take DFD roles/],
  ];
  const base = { id: 'broken', title: 'T', stride: 'tampering', applies_to: 'component', when: { kind: 'sensor' }, techniques: ['T1565'], explanation: 'e', mitigation: 'm' };
  for (const [patch, re] of bad) {
    assert.throws(() => compileRule({ ...base, ...patch }, 'rules.yaml', 3), (e: unknown) =>
      isMedflowError(e) && e.file === 'rules.yaml' && e.at === 'rules[3] (broken)' && re.test(e.message), `${JSON.stringify(patch)} should fail with ${re}`);
  }
});

test('user rule folders add to the built-in rules; duplicate ids are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medflow-rules-'));
  writeFileSync(join(dir, 'site.yaml'), [
    'rules:',
    '  - id: site-no-usb-on-pumps',
    '    title: Pumps must not accept USB',
    '    stride: tampering',
    '    applies_to: flow',
    '    when: { protocol: usb, target: { kind: medical-device } }',
    '    techniques: [T1200]',
    '    explanation: "{{source}} reaches {{target}} over USB."',
    '    mitigation: Disable the port.',
  ].join('\n'));
  const rs = loadRules([dir]);
  assert.equal(rs.rules.length, 1);
  const m = model({ components: [comp('laptop', { hosting: 'hdo-network', operator: 'hdo' }), device('pump')], flows: [flow('u', 'laptop', 'pump', { protocol: 'usb' })] });
  const r = evaluate(m, { rules: rs });
  assert.deepEqual(r.threats.map((t) => `${t.id}: ${t.description}`), ['site-no-usb-on-pumps@u: laptop reaches pump over USB.']);
  assert.equal(r.threats[0].exploitability.av, 'P', 'USB means physical access');
  writeFileSync(join(dir, 'dup.yaml'), 'rules:\n  - id: site-no-usb-on-pumps\n    title: again\n    stride: tampering\n    applies_to: flow\n    when: {}\n    techniques: [T1200]\n    explanation: e\n    mitigation: m\n');
  assert.throws(() => loadRules([dir]), /already defined/);
});

test('docs/threat-modeling.md names every property and relation of the condition language', async () => {
  const { readFileSync } = await import('node:fs');
  const { ROOT } = await import('../helpers.ts');
  const { PROPERTIES, RELATIONS } = await import('../../src/threatmodel/conditions.ts');
  const doc = readFileSync(join(ROOT, 'docs/threat-modeling.md'), 'utf8');
  const missing: string[] = [];
  for (const s of ['component', 'flow', 'boundary', 'asset'] as const) {
    for (const k of [...Object.keys(PROPERTIES[s]), ...Object.keys(RELATIONS[s])]) {
      const name = k.startsWith('security.') ? k.slice('security.'.length) : k;
      if (!doc.includes(`\`${name}\``)) missing.push(`${s}.${k}`);
    }
  }
  assert.deepEqual(missing, []);
});
