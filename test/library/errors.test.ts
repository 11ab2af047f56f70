// Broken content files give clear findings naming the file, the YAML path and the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLibrary, YamlFile, checkFlowSource, checkScenarioSource, readStates, type SourceIssue } from '../../src/library/index.ts';
import { MedflowError } from '../../src/util/errors.ts';
import { ROOT } from '../helpers.ts';

const dir = join(ROOT, 'test/fixtures/library/broken');
const lib = loadLibrary(dir);
const of = (name: string) => lib.issues.filter((i) => i.file.endsWith(`/${name}.yaml`));
const brief = (i: SourceIssue) => [i.line, i.at, i.code];

test('nothing broken is compiled, every file with a problem is reported', () => {
  assert.deepEqual(lib.flows, []);
  assert.equal(lib.flowFiles, 9);
  const files = new Set(lib.issues.map((i) => i.file.split('/').pop()));
  assert.deepEqual([...files].sort(), [
    'bad-links.yaml', 'bad-pair.yaml', 'dangling-key.yaml', 'lonely-operator.yaml', 'missing-field.yaml', 'quality.yaml',
    'state-errors.yaml', 'syntax-error.yaml', 'unknown-technique.yaml', 'wrong-name.yaml',
  ]);
});

test('wrong tactic pairing names the valid tactics', () => {
  const [i] = of('bad-pair');
  assert.deepEqual(brief(i), [40, 'actions[2].tactic', 'tactic-pair']);
  assert.match(i.message, /T0855 \(Unauthorized Command Message\) is not listed under TA0001 \(Initial Access\); valid tactics: TA0106 Impair Process Control/);
});

test('unknown and revoked techniques', () => {
  assert.deepEqual(of('unknown-technique').map(brief), [
    [21, 'actions[0].technique', 'unknown-technique'],
    [30, 'actions[1].technique', 'revoked-technique'],
    [31, 'actions[1].tactic', 'tactic-pair'],
  ]);
  assert.match(of('unknown-technique')[1].message, /T1193 .* is revoked; use T1566\.001/);
});

test('dangling keys and keys of the wrong kind', () => {
  assert.deepEqual(of('dangling-key').map((i) => [...brief(i), i.message]), [
    [44, 'actions[2].effects[1]', 'unknown-key', '"nowhere" is not the key of any action, condition, operator'],
    [53, 'actions[3].assets[1]', 'wrong-key-kind', '"inject" is an action; expected asset'],
  ]);
});

test('schema errors: missing and unknown properties', () => {
  assert.deepEqual(of('missing-field').map((i) => [...brief(i), i.message]), [
    [2, '', 'flow-schema', 'missing required property "harm_severity"'],
    [10, 'severity', 'flow-schema', 'unknown property "severity"'],
  ]);
});

test('state errors', () => {
  assert.deepEqual(of('state-errors').map(brief), [
    [16, 'entry_states[1]', 'entry-state-unused'],
    [17, 'exit_states[1]', 'exit-state-unproduced'],
    [17, 'exit_states[1]', 'unknown-state'],
    [45, 'actions[2].consumes', 'consumes-not-start'],
  ]);
});

test('quality rules', () => {
  assert.deepEqual(of('quality').map(brief), [
    [2, 'external_references', 'realized-without-reference'],
    [47, 'actions[3].description', 'action-description-short'],
    [55, 'assets', 'no-patient-harm'],
  ]);
});

test('graph shape, naming, YAML syntax and scenarios', () => {
  assert.deepEqual(of('lonely-operator').map((i) => [...brief(i), i.severity]), [
    [37, 'actions[2]', 'implicit-or', 'warning'],
    [55, 'operators[0]', 'operator-inputs', 'error'],
    [55, 'operators[0]', 'unreachable', 'error'],
  ]);
  assert.deepEqual(of('wrong-name').map(brief), [[2, 'id', 'flow-id-file']]);
  const [syntax] = of('syntax-error');
  assert.deepEqual(brief(syntax), [7, '', 'yaml']);
  assert.match(syntax.message, /^invalid YAML/);
  assert.deepEqual(of('bad-links').map((i) => [...brief(i), i.message]), [
    [7, 'flows[0]', 'scenario-unknown-flow', 'no flow "mini-harm-absent" in the library'],
    [7, 'flows[1]', 'scenario-flow-invalid', 'flow "lonely-operator" has errors; fix it first'],
  ]);
});

test('a scenario link whose state the flows do not share is rejected with both sides named', () => {
  const mini = join(ROOT, 'test/fixtures/library/mini');
  const y = new YamlFile('bad.yaml', [
    'id: bad', 'name: Bad link', 'description: A scenario linking through a state the upstream flow does not exit in.',
    'created: 2026-01-03', 'patient_safety_goal: command-integrity', 'flows: [mini-harm, mini-stage]',
    'links:', '  - {from: mini-harm, to: mini-stage, state: "credential:hdo-clinician"}', '',
  ].join('\n'));
  const l = loadLibrary(mini);
  const flows = new Map(l.flows.map((f) => [f.source.id, f]));
  const { issues } = checkScenarioSource(y, { flows, states: l.states });
  assert.deepEqual(issues.map((i) => [i.line, i.at, i.code]), [
    [8, 'links[0].state', 'scenario-link-state'],
    [8, 'links[0].state', 'scenario-link-state'],
  ]);
  assert.ok(issues.some((i) => /flow "mini-harm" does not exit in "credential:hdo-clinician"/.test(i.message)));
  assert.ok(issues.some((i) => /flow "mini-stage" does not start from "credential:hdo-clinician" \(its entry states: none\)/.test(i.message)));
});

test('a malformed states vocabulary and a missing library folder are clear errors', () => {
  const issues: SourceIssue[] = [];
  readStates(new YamlFile('states.yaml', 'states:\n  Foothold: x\n  access:thing: ok meaning here\n  control:short: hi\n'), issues);
  assert.deepEqual(issues.map((i) => [i.line, i.at, i.code]), [[2, 'states.Foothold', 'state-name'], [4, 'states.control:short', 'state-meaning']]);
  assert.throws(() => loadLibrary(join(dir, 'nope')), (e: unknown) => e instanceof MedflowError && /library folder not found/.test(e.message));
  const y = new YamlFile('x.yaml', '- just\n- a list\n');
  const found = checkFlowSource(y, { states: { file: 's', states: new Map() } });
  assert.deepEqual(found.map((i) => i.code), ['flow-not-mapping']);
});

test('a patient-harm asset on an action that leads on is flagged', () => {
  const mini = join(ROOT, 'test/fixtures/library/mini');
  const text = readFileSync(join(mini, 'flows/telesurgery/mini-harm.yaml'), 'utf8')
    .replace('    effects: [harm]\n', '    effects: [harm]\n    assets: [arm]\n');
  const states = loadLibrary(mini).states;
  const found = checkFlowSource(new YamlFile('mini-harm.yaml', text), { states });
  assert.deepEqual(found.map((i) => [i.severity, i.at, i.code]), [['warning', 'actions[2].assets', 'harm-before-end']]);
  assert.match(found[0].message, /references patient-harm asset "arm" but leads on/);
});
