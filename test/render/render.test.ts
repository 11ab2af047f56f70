// Renderers: exact output on the clean fixture, escaping of hostile text, SVG without a browser, ATT&CK
// Navigator layers, and sanity checks on corpus flows (every drawable object and edge is drawn once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFlowFile } from '../../src/flow/load.ts';
import { graphFromObjects, readBundle } from '../../src/flow/bundle.ts';
import { edgesOf, type FlowGraph, type StixObject } from '../../src/flow/model.ts';
import { renderMermaid, mermaidText } from '../../src/render/mermaid.ts';
import { renderDot } from '../../src/render/dot.ts';
import { renderSvg } from '../../src/render/svg.ts';
import { navigatorLayers, renderNavigator } from '../../src/render/navigator.ts';
import { wrap } from '../../src/render/diagram.ts';
import { formatForFile } from '../../src/flow/formats.ts';
import { corpusFiles } from '../helpers.ts';
import { fx, ID } from '../fixtures/flows/generate.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/flows/', import.meta.url));
const EXPECTED = fileURLToPath(new URL('./expected/', import.meta.url));
const clean = () => loadFlowFile(`${FIXTURES}clean.json`).graph;
const expected = (f: string) => readFileSync(EXPECTED + f, 'utf8');

test('Mermaid: exact flowchart of the clean fixture', () => {
  assert.equal(renderMermaid(clean()), expected('clean.mmd'));
});

test('Mermaid: conditions branch with labelled, coloured true/false edges; operators are circles', () => {
  const m = renderMermaid(clean());
  const id = (stix: string) => [...m.matchAll(/%% (n\d+) = (\S+)/g)].find((x) => x[2] === stix)![1];
  assert.ok(m.includes(`  ${id(fx('attack-condition', 'c1'))} -->|true| ${id(ID.a3)}\n`));
  assert.ok(m.includes(`  ${id(fx('attack-condition', 'c1'))} -->|false| ${id(ID.a4)}\n`));
  assert.ok(m.includes(`  ${id(ID.op1)}(("AND"))\n`));
  assert.ok(m.includes('T0836 · Impair Process Control'));
  assert.match(m, /linkStyle \d+ stroke:#15803d/);
});

test('DOT: exact drawing of the clean fixture', () => {
  assert.equal(renderDot(clean()), expected('clean.dot'));
});

test('hostile names cannot break out of labels', async () => {
  const evil = 'x"]; A --> B; click A "javascript:alert(1)" %% <script>&#|';
  const g = graphFromObjects([
    { type: 'attack-flow', id: fx('attack-flow', 'evil'), name: evil, start_refs: [fx('attack-action', 'evil')] },
    { type: 'attack-action', id: fx('attack-action', 'evil'), name: evil, technique_id: '"T1"' },
  ]);
  const m = renderMermaid(g);
  const body = m.slice(m.indexOf('flowchart'));
  assert.ok(!body.includes('"]; A') && !body.includes('<script>') && !body.includes('" %%'));
  assert.ok(m.startsWith(`---\ntitle: ${JSON.stringify(evil)}\n---\n`));
  assert.equal(mermaidText('a"b<c>&#|%'), 'a#quot;b#lt;c#gt;#amp;#35;#124;#37;');
  const dot = renderDot(g);
  assert.ok(dot.includes('label=<x&quot;]; A --&gt; B; click A<BR/>&quot;javascript:alert(1)&quot; %%<BR/>&lt;script&gt;&amp;#|<BR/>'));
  assert.ok(dot.includes('graph [label="x\\"]; A --> B; click A \\"javascript:alert(1)\\" %% <script>&#|", '));
  const svg = await renderSvg(g);
  assert.ok(!svg.includes('<script>') && svg.includes('&lt;script&gt;'));
});

test('wrap: words to lines, long words cut, too many lines end with an ellipsis', () => {
  assert.deepEqual(wrap('Exploit the pump-management API', 30), ['Exploit the pump-management', 'API']);
  assert.deepEqual(wrap('a'.repeat(12), 5), ['aaaa-', 'aaaa-', 'aaaa']);
  assert.deepEqual(wrap('one two three four five', 3, 2), ['one', 'tw…']);
});

test('SVG: laid out by Graphviz WebAssembly, deterministic, one node and edge element per drawn item', async () => {
  const g = clean();
  const svg = await renderSvg(g);
  assert.match(svg, /^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\n?$/);
  assert.equal(svg, await renderSvg(g));
  assert.equal([...svg.matchAll(/class="node"/g)].length, 11);
  assert.equal([...svg.matchAll(/class="edge"/g)].length, 11);
  assert.ok(svg.includes('Change the basal rate'));
  assert.ok(svg.includes('<title>attack&#45;action&#45;&#45;'));
});

test('formats registry: the renderers are registered by extension', async () => {
  const g = clean();
  assert.equal(await formatForFile('flow.mmd')!.write(g), expected('clean.mmd'));
  assert.equal(await formatForFile('flow.dot')!.write(g), expected('clean.dot'));
  assert.equal(await formatForFile('flow.layer.json')!.write(g), expected('clean.layer.json'));
  assert.match(await formatForFile('flow.svg')!.write(g), /<svg /);
});

test('Navigator: exact layers of the clean fixture (Enterprise and ICS; the ATLAS technique is listed as not drawn)', () => {
  const text = renderNavigator(clean());
  assert.equal(text, expected('clean.layer.json'));
  const layers = JSON.parse(text) as { domain: string; versions: Record<string, string>; techniques: { techniqueID: string }[] }[];
  assert.deepEqual(layers.map((l) => l.domain), ['enterprise-attack', 'ics-attack']);
  assert.deepEqual(layers[0].versions, { attack: '18', layer: '4.5', navigator: '5.1.0' });
  assert.deepEqual(layers[0].techniques.map((t) => t.techniqueID), ['T1110', 'T1190', 'T1566.002']);
  assert.deepEqual(navigatorLayers(clean()).skipped, [{ action: ID.a5, technique_id: 'AML.T0043', reason: 'atlas' }]);
});

test('Navigator: scores count actions, comments name them, revoked ids count for their replacement', () => {
  const act = (k: string, name: string, technique: string, tactic?: string): StixObject => ({
    type: 'attack-action', id: fx('attack-action', k), name, technique_id: technique, ...(tactic ? { tactic_id: tactic } : {}),
  });
  const g: FlowGraph = graphFromObjects([
    { type: 'attack-flow', id: fx('attack-flow', 'nav'), name: 'Pump phishing', start_refs: [] },
    act('1', 'Phish the nurse', 'T1566.002', 'TA0001'),
    act('2', 'Phish the vendor', 'T1192'),
    act('3', 'Phish again', ' t1566.2 ', 'TA0002'),
    act('4', 'Smishing the patient', 'T1660', 'TA0027'),
    act('5', 'Unknown thing', 'X-1'),
  ]);
  const { layers, skipped } = navigatorLayers(g);
  assert.deepEqual(layers.map((l) => [l.domain, l.name]), [['enterprise-attack', 'Pump phishing (Enterprise)'], ['mobile-attack', 'Pump phishing (Mobile)']]);
  assert.deepEqual(layers[0].techniques, [{
    techniqueID: 'T1566.002',
    score: 3,
    comment: 'Phish again; Phish the nurse; Phish the vendor [T1192 given (revoked); t1566.2 given]',
    enabled: true,
  }]);
  assert.deepEqual(layers[0].gradient, { colors: ['#fde68a', '#ef4444'], minValue: 0, maxValue: 3 });
  assert.deepEqual(layers[1].techniques, [{ techniqueID: 'T1660', tactic: 'initial-access', score: 1, comment: 'Smishing the patient', enabled: true }]);
  assert.deepEqual(skipped, [{ action: fx('attack-action', '5'), technique_id: 'X-1', reason: 'unknown' }]);
  assert.equal(renderNavigator(graphFromObjects([act('6', 'Only ATLAS', 'AML.T0043')])), '[]\n');
});

for (const file of corpusFiles('attack-flow-stix').filter((f) => /Hancitor|Turla|Conti CISA|SolarWinds/.test(f))) {
  test(`corpus sanity: ${basename(file)} draws every object and edge once`, () => {
    const g = loadFlowFile(file).graph;
    const skip = new Set(['attack-flow', 'extension-definition', 'marking-definition', 'relationship', 'language-content']);
    const edges = edgesOf(g).filter((e) => g.objects.has(e.source) && g.objects.has(e.target));
    const ends = new Set(edges.flatMap((e) => [e.source, e.target]));
    const nodes = [...g.objects.values()].filter((o) => !skip.has(o.type) && (o.type !== 'identity' || ends.has(o.id)));
    const unique = new Set(edges.map((e) => `${e.source} ${e.target} ${e.kind} ${e.relationship?.type ?? ''}`));
    const dot = renderDot(g);
    assert.equal(dot.split('\n').filter((l) => /^ {2}"[^"]+" \[/.test(l)).length, nodes.length);
    assert.equal(dot.split('\n').filter((l) => / -> /.test(l)).length, unique.size);
    const mmd = renderMermaid(g);
    assert.equal(mmd.split('\n').filter((l) => /^ {2}n\d+ (-->|-\.->)/.test(l)).length, unique.size);
    const trues = edges.filter((e) => e.kind === 'on_true_refs').length;
    assert.equal([...mmd.matchAll(/-->\|true\|/g)].length, trues);
    assert.equal(renderDot(readBundle(JSON.parse(readFileSync(file, 'utf8'))).graph), dot);
  });
}
