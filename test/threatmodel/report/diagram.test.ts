import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagramFormatForFile, diagramModel, renderDot, renderMermaidDfd, renderSvgDfd } from '../../../src/threatmodel/diagram/index.ts';
import { MODEL } from './fixture.ts';

test('DOT: nested boundary clusters, DFD shapes, safety-critical marking, labelled and highlighted flows', () => {
  const dot = renderDot(MODEL);
  const lines = dot.split('\n');
  const at = (s: string) => lines.findIndex((l) => l.includes(s));
  assert.equal(lines[0], 'digraph "pump-lab" {');
  // device cluster sits inside hospital, vendor cloud beside it
  assert.ok(at('subgraph "cluster_hospital"') < at('subgraph "cluster_device"'));
  assert.ok(at('subgraph "cluster_device"') < at('"c:pump" ['));
  assert.ok(at('"c:pump" [') < at('subgraph "cluster_vendor-cloud"'));
  assert.match(dot, /label="Hospital \| LAN \(hdo-network\)"; style="dashed,rounded"/);
  assert.ok(lines.includes('      "c:pump" [label="⚕ Infusion Pump\\nmedical-device", shape=ellipse, style="filled", fillcolor="#eef4ff", color="#b91c1c", penwidth=2.5, tooltip="pump (process, on-device, operated by hdo)"];'));
  assert.match(dot, /"c:nurse" \[label="Nurse\\nhuman-actor", shape=box/);
  assert.ok(lines.includes('  "c:gw" -> "c:pump" [label="Program pump\\nwifi\\nInfusion commands", color="#c2410c", penwidth=2, fontcolor="#c2410c", tooltip="gw-pump (crosses a trust boundary)"];'));
  assert.ok(lines.includes('  "c:cloud" -> "c:gw" [label="https", color="#c2410c", penwidth=2, fontcolor="#c2410c", dir=both, tooltip="cloud-gw (crosses a trust boundary)"];'));
  assert.ok(lines.includes('  "c:nurse" -> "c:gw" [label="local-ui", tooltip="nurse-gw"];'));
  assert.equal(renderDot(MODEL), dot);
  assert.doesNotMatch(renderDot(MODEL, { assets: false }), /Infusion commands/);
});

test('Mermaid: subgraphs for boundaries, shapes by role, safety class, crossing flows styled by index', () => {
  const mmd = renderMermaidDfd(MODEL);
  assert.ok(mmd.startsWith('---\ntitle: "Pump <Lab> & Co"\n---\nflowchart LR\n'));
  assert.match(mmd, /  subgraph b_hospital\["Hospital \| LAN \(hdo-network\)"\]\n    c_gw\("Gateway<br\/><small>gateway<\/small>"\)\n    c_nurse\["Nurse<br\/><small>human-actor<\/small>"\]\n    subgraph b_device\["Pump \(device\)"\]\n      c_pump\("⚕ Infusion Pump<br\/><small>medical-device<\/small>"\)\n    end\n  end\n/);
  assert.match(mmd, /  c_gw -->\|"Program pump<br\/>wifi<br\/>Infusion commands"\| c_pump\n  c_cloud <-->\|"https"\| c_gw\n  c_nurse -->\|"local-ui"\| c_gw\n/);
  assert.match(mmd, /\n  class c_pump safety;\n  linkStyle 0,1 stroke:#c2410c,stroke-width:2\.5px;\n$/);
});

test('one FDA view: its elements (or the ends of its flows), the boundaries around them, and a title', () => {
  const mph = diagramModel(MODEL, { view: 'multi-patient-harm' });
  assert.equal(mph.title, 'Pump <Lab> & Co: multi-patient harm');
  assert.deepEqual(mph.components.map((c) => c.id), ['gw', 'cloud']);
  assert.deepEqual(mph.flows.map((f) => [f.f.id, f.crossing]), [['cloud-gw', true]]);
  assert.deepEqual(mph.roots.map((r) => [r.b.id, r.members.map((c) => c.id), r.children.length]), [['hospital', ['gw'], 0], ['vendor-cloud', ['cloud'], 0]]);
  const uc = diagramModel(MODEL, { view: 'security-use-case:programming' });
  assert.equal(uc.title, 'Pump <Lab> & Co: security use case Programming an infusion');
  assert.deepEqual(uc.components.map((c) => c.id), ['pump', 'gw']);
  assert.deepEqual(uc.flows.map((f) => f.f.id), ['gw-pump']);
  assert.deepEqual(diagramModel(MODEL, { view: 'programming' }).components.map((c) => c.id), ['pump', 'gw']);
  assert.equal(diagramModel(MODEL, { view: 'global-system' }).components.length, 4);
  assert.throws(() => diagramModel(MODEL, { view: 'updatability-patchability' }),
    { message: 'the model has no view "updatability-patchability" (it has: global-system, multi-patient-harm, security-use-case:programming)' });
});

test('SVG through Graphviz WASM: a standalone drawing with the element names, no scripts', async () => {
  const svg = await renderSvgDfd(MODEL);
  assert.match(svg, /<svg [^>]*width="\d+pt"/);
  assert.match(svg, /Infusion Pump/);
  assert.match(svg, /Pump &lt;Lab&gt; &amp; Co/);
  assert.doesNotMatch(svg, /<script/i);
  assert.equal(await renderSvgDfd(MODEL), svg);
});

test('diagram formats by extension', () => {
  assert.equal(diagramFormatForFile('a.svg'), 'svg');
  assert.equal(diagramFormatForFile('a.gv'), 'dot');
  assert.equal(diagramFormatForFile('a.mmd'), 'mermaid');
  assert.equal(diagramFormatForFile('a.png'), undefined);
});
