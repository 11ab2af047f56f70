import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../../src/util/json.ts';
import {
  THREAT_REPORT_FORMATS, THREAT_REPORT_FORMAT_NAMES, canonicalJsonChunks, jsonReport, sarifLog, summarize, threatReportFormatForFile,
  type ThreatReportInput,
} from '../../../src/threatmodel/report/index.ts';
import { elementLines } from '../../../src/threatmodel/report/lines.ts';
import { LINT, MODEL, MODEL_YAML, THREATS } from './fixture.ts';

const lines = elementLines(MODEL_YAML);
const INPUT: ThreatReportInput = {
  model: MODEL, threats: THREATS, lint: LINT, file: 'models/pump lab.yaml', lineOf: (id) => lines.get(id),
  engine: { version: '1.0.0', rules_digest: 'abcdef0123456789', rule_count: 4 }, tool: { name: 'medflow', version: '0.1.0' },
};
const lineNo = (text: string) => MODEL_YAML.split('\n').indexOf(text) + 1;

test('summary: counts by risk, STRIDE, status, harm; untriaged in risk order; views; orphan tracking; rules', () => {
  const s = summarize(INPUT);
  assert.deepEqual(s.byRisk, { low: 1, medium: 1, high: 1, critical: 2 });
  assert.deepEqual(s.byStride, { spoofing: 1, tampering: 1, repudiation: 0, 'information-disclosure': 1, 'denial-of-service': 2, 'elevation-of-privilege': 0 });
  assert.deepEqual(s.byStatus, { untriaged: 2, open: 0, 'in-progress': 0, mitigated: 1, eliminated: 0, accepted: 2, transferred: 0, 'false-positive': 0 });
  assert.deepEqual(s.harmMatrix.serious, { 'single-patient': 1, 'multi-patient': 0, fleet: 1 });
  assert.deepEqual(s.harmMatrix.negligible, { 'single-patient': 0, 'multi-patient': 1, fleet: 0 });
  assert.equal(s.medical, 2);
  assert.deepEqual(s.untriaged.map((t) => t.id), ['r-leak@cloud-gw', 'r-spoof@nurse']);
  assert.deepEqual(s.elements.map((e) => [e.id, e.type, e.threats.map((t) => t.id), e.top ?? null]), [
    ['pump', 'component', ['r-dos@pump'], 'high'],
    ['gw', 'component', [], null],
    ['cloud', 'component', ['r-dos@cloud'], 'critical'],
    ['nurse', 'component', ['r-spoof@nurse'], 'low'],
    ['gw-pump', 'flow', ['r-cmd@gw-pump'], 'critical'],
    ['cloud-gw', 'flow', ['r-leak@cloud-gw'], 'medium'],
    ['nurse-gw', 'flow', [], null],
    ['hospital', 'boundary', [], null],
    ['device', 'boundary', [], null],
    ['vendor-cloud', 'boundary', [], null],
  ]);
  assert.equal(s.elements[4].name, 'Gateway → Infusion Pump: Program pump');
  assert.deepEqual(s.views.map((v) => [v.key, v.elements, v.threats, v.byRisk.critical, v.untriaged]), [
    ['global-system', 7, 5, 2, 2],
    ['multi-patient-harm', 2, 1, 1, 0],
    ['security-use-case:programming', 1, 1, 1, 0],
  ]);
  assert.deepEqual(s.orphanTracking.map((o) => o.key), ['tmt.d4@cloud-gw']);
  assert.deepEqual(s.rulesFired.map((r) => [r.id, r.count, r.top]), [['r-cmd', 1, 'critical'], ['r-dos', 2, 'critical'], ['r-leak', 1, 'medium'], ['r-spoof', 1, 'low']]);
});

test('Markdown: summary tables, escaped cells, untriaged list, per-element details, lint and orphan sections', () => {
  const md = THREAT_REPORT_FORMATS.md.render(INPUT);
  const has = (line: string) => assert.ok(md.split('\n').includes(line), `missing line: ${line}`);
  has('# Threat model: Pump &lt;Lab> & Co');
  has('model `pump-lab` version 1.0 · file `models/pump lab.yaml` · 5 threats (2 medical) · 4 components, 3 flows, 3 trust boundaries · rules `abcdef0123456789` (4)');
  has('| critical | 2 | 0 |');
  has('| medium | 1 | 1 |');
  has('| Denial of service | 1 | 1 | 0 | 0 | 2 |');
  has('| serious | 1 | 0 | 1 | 2 |');
  has('## Untriaged threats (2)');
  has('| **medium** | `r-leak@cloud-gw` | Title of r-leak | [Pump Cloud → Gateway](#el-cloud-gw) | Information disclosure | negligible / multi-patient |');
  has('| Multi-patient harm | 2 | 1 | 1 | 0 | 0 | 0 | 0 |');
  has('### <a id="el-gw-pump"></a>Gateway → Infusion Pump: Program pump');
  has('`gw-pump` · flow · wifi · 1 threat');
  has('| **critical** | `r-cmd@gw-pump` | Commands &lt;unsigned> \\| replayable | Tampering ⚕ | critical / single-patient | medium (`AV:A/AC:L/PR:N/UI:N`) | mitigated | T0831, T0855 |');
  has('  - *Tracking* (`r-cmd@gw-pump`): mitigated — strategy mitigate; owner Pump team; Messages are signed | checked.');
  has('  - *Attack flows:* `pump-reprogram`');
  has('`pump` · component · medical-device · **safety-critical** · 1 threat');
  has('Elements without threats: `gw`, `nurse-gw`, `hospital`, `device`, `vendor-cloud`');
  has('## Lint findings (1 errors, 1 warnings)');
  has('| warning | `flow-security-unstated` | gw-pump | flow "gw-pump" does not state authentication (assumed none) |');
  has('| `tmt.d4@cloud-gw` | open | Imported. |');
  has('| `r-dos` | Title of r-dos | Denial of service ⚕ | 2 | critical |');
  assert.equal(md.indexOf('## Summary') < md.indexOf('## Untriaged') && md.indexOf('## Untriaged') < md.indexOf('## FDA architecture views'), true);
});

test('HTML: self-contained (no scripts, no external resources), escaped, anchors resolve, balanced sections', () => {
  const html = THREAT_REPORT_FORMATS.html.render(INPUT);
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'));
  for (const bad of [/<script/i, /\ssrc=/i, /<link/i, /url\(/i, /@import/i, /https?:\/\//i, /\son\w+=/i]) assert.doesNotMatch(html, bad);
  assert.match(html, /<title>Threat model: Pump &lt;Lab&gt; &amp; Co<\/title>/);
  assert.match(html, /Commands &lt;unsigned&gt; \| replayable <code>r-cmd@gw-pump<\/code>/);
  assert.match(html, /@media print/);
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
  assert.ok(hrefs.length > 5);
  for (const h of hrefs) assert.ok(ids.has(h), `dangling anchor #${h}`);
  for (const tag of ['section', 'table', 'details', 'tr']) {
    assert.equal(html.split(`<${tag}`).length, html.split(`</${tag}>`).length, `unbalanced <${tag}>`);
  }
  assert.match(html, /<div class="card critical"><b>2<\/b>critical<\/div>/);
  assert.match(html, /<span class="tag safety">safety-critical<\/span>/);
  assert.equal((html.match(/<details>/g) ?? []).length, 5);
});

function checkSarif(log: Record<string, unknown>): void {
  // required members of SARIF 2.1.0 (sarif-schema-2.1.0: sarifLog.version/runs, run.tool.driver.name,
  // result.message; reportingDescriptor.id; artifactLocation.uri; region.startLine ≥ 1)
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const runs = log.runs as Record<string, any>[];
  assert.ok(Array.isArray(runs) && runs.length === 1);
  const run = runs[0];
  assert.equal(typeof run.tool.driver.name, 'string');
  const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[];
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  for (const r of rules) {
    assert.ok(r.id && r.shortDescription.text && r.help.text);
    assert.ok(['error', 'warning', 'note', 'none'].includes(r.defaultConfiguration.level));
  }
  for (const res of run.results as Record<string, any>[]) {
    assert.ok(typeof res.message.text === 'string' && res.message.text.length > 0);
    assert.ok(['error', 'warning', 'note', 'none'].includes(res.level));
    assert.equal(rules[res.ruleIndex].id, res.ruleId);
    for (const loc of res.locations) {
      if (loc.physicalLocation) {
        assert.equal(typeof loc.physicalLocation.artifactLocation.uri, 'string');
        assert.equal(loc.physicalLocation.artifactLocation.index, 0);
        if (loc.physicalLocation.region) assert.ok(Number.isInteger(loc.physicalLocation.region.startLine) && loc.physicalLocation.region.startLine >= 1);
      }
    }
    for (const s of res.suppressions ?? []) assert.ok(['inSource', 'external'].includes(s.kind));
  }
  if (run.artifacts && run.results.length) assert.equal(run.artifacts[0].location.uri, run.results[0].locations[0].physicalLocation.artifactLocation.uri);
}

test('SARIF 2.1.0: valid structure, rules with help, level from risk, threat-id fingerprints, YAML lines, suppressions', () => {
  const log = sarifLog(INPUT);
  checkSarif(log);
  const run = (log.runs as any[])[0];
  assert.deepEqual(run.tool.driver.rules.map((r: any) => [r.id, r.defaultConfiguration.level, r.properties['security-severity'] ?? null]), [
    ['r-cmd', 'error', '9.5'], ['r-dos', 'error', '9.5'], ['r-leak', 'warning', '5.5'], ['r-spoof', 'note', '3.0'],
    ['lint/flow-security-unstated', 'warning', null], ['lint/tracking-unknown-rule', 'error', null],
  ]);
  assert.deepEqual(run.tool.driver.rules[0].properties.tags, ['security', 'tampering', 'medical', 'patient-safety']);
  assert.equal(run.tool.driver.rules[0].help.text, 'Commands <unsigned> | replayable.\n\nMitigation: Fix r-cmd.');
  const brief = run.results.map((r: any) => [r.ruleId, r.level, r.fingerprints?.['medflow/threat/v1'] ?? null, r.locations[0].physicalLocation.region?.startLine ?? null, !!r.suppressions]);
  assert.deepEqual(brief, [
    ['r-cmd', 'error', 'r-cmd@gw-pump', lineNo('  - id: gw-pump'), true],
    ['r-dos', 'error', 'r-dos@pump', lineNo('  - id: pump'), true],
    ['r-dos', 'error', 'r-dos@cloud', lineNo('  - id: cloud'), true],
    ['r-spoof', 'note', 'r-spoof@nurse', lineNo('  - id: nurse'), false],
    ['r-leak', 'warning', 'r-leak@cloud-gw', lineNo('  - id: cloud-gw'), false],
    ['lint/tracking-unknown-rule', 'error', null, lineNo('  tmt.d4@cloud-gw:'), false],
    ['lint/flow-security-unstated', 'warning', null, lineNo('  - id: gw-pump'), false],
  ]);
  assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'models/pump%20lab.yaml');
  assert.deepEqual(run.results[0].locations[0].logicalLocations, [{ name: 'Gateway → Infusion Pump: Program pump', fullyQualifiedName: 'flow:gw-pump', kind: 'flow' }]);
  assert.deepEqual(run.results[1].suppressions, [{ kind: 'external', status: 'accepted', justification: 'accepted: Pump keeps running locally. (tracking r-dos@*)' }]);
  assert.equal(run.results[4].message.text, 'Title of r-leak (Pump Cloud → Gateway): medium risk, harm negligible/multi-patient, exploitability medium. Why r-leak fired on cloud-gw.');
  // without a file: logical locations only, still valid
  const bare = sarifLog({ model: MODEL, threats: THREATS });
  checkSarif(bare);
  assert.equal((bare.runs as any[])[0].results[0].locations[0].physicalLocation, undefined);
});

test('JSON: canonical (equals canonicalJson of the report object), streamed in chunks, with summary and ids', () => {
  const text = THREAT_REPORT_FORMATS.json.render(INPUT);
  // sorted keys everywhere; short lists pretty-printed, long ones (here none) one item per line
  assert.equal(text, canonicalJson(jsonReport(INPUT)));
  assert.equal(canonicalJson(JSON.parse(text)), canonicalJson(jsonReport(INPUT)));
  const r = JSON.parse(text);
  assert.equal(r.format, 'medflow-threat-report/1');
  assert.deepEqual(r.summary.by_risk, { critical: 2, high: 1, low: 1, medium: 1 });
  assert.deepEqual(r.untriaged, ['r-leak@cloud-gw', 'r-spoof@nurse']);
  assert.deepEqual(r.orphan_tracking, [{ key: 'tmt.d4@cloud-gw', status: 'open', rationale: 'Imported.' }]);
  assert.equal(r.threats.length, 5);
  // the streaming writer gives canonicalJson's bytes for awkward values and long arrays
  const values: unknown[] = [
    { b: [1, { d: undefined, c: [] }, null, 'x"y'], a: {}, e: [undefined, () => 1], f: -0, g: 1e21 },
    { items: Array.from({ length: 300 }, (_, i) => ({ i, s: `v${i}`, n: [i, { z: i }] })), tail: { k: [1, 2] } },
    [{ z: 1, a: [Array.from({ length: 70 }, (_, i) => i)] }], 'text', 5, null,
  ];
  for (const v of values) {
    const chunks = [...canonicalJsonChunks(v)];
    assert.equal(chunks.join(''), canonicalJson(v));
  }
  assert.ok([...canonicalJsonChunks({ items: Array.from({ length: 5000 }, (_, i) => ({ i, pad: 'x'.repeat(40) })) })].length > 2);
  // one line per item of a long list: same data, sorted keys
  const long = { b: 1, list: Array.from({ length: 100 }, (_, i) => ({ z: i, a: { y: [i], x: 'q' } })) };
  const oneLine = [...canonicalJsonChunks(long, 2, true)].join('');
  assert.equal(canonicalJson(JSON.parse(oneLine)), canonicalJson(long));
  assert.equal(oneLine.split('\n')[4], '    {"a":{"x":"q","y":[1]},"z":1},');
  assert.equal(oneLine.split('\n').length, 106);
});

test('every format is deterministic (same bytes twice) and chunks join to the rendered text', () => {
  for (const name of THREAT_REPORT_FORMAT_NAMES) {
    const f = THREAT_REPORT_FORMATS[name];
    const a = f.render(INPUT);
    assert.equal(a, f.render(INPUT), name);
    assert.equal([...f.chunks(INPUT)].join(''), a, name);
  }
});

test('formats by file extension; an empty threat list still renders', () => {
  assert.equal(threatReportFormatForFile('out/r.sarif.json')?.name, 'sarif');
  assert.equal(threatReportFormatForFile('R.HTML')?.name, 'html');
  assert.equal(threatReportFormatForFile('r.md')?.name, 'md');
  assert.equal(threatReportFormatForFile('r.json')?.name, 'json');
  assert.equal(threatReportFormatForFile('r.txt'), undefined);
  const empty: ThreatReportInput = { model: { ...MODEL, threat_tracking: undefined }, threats: [] };
  assert.match(THREAT_REPORT_FORMATS.md.render(empty), /Every threat has a tracking entry\.\n[\s\S]*No threats\.\n[\s\S]*Lint was not run\./);
  checkSarif(sarifLog(empty));
});

test('element lines: ids of components, flows, boundaries, assets and tracking keys', () => {
  assert.equal(lines.get('pump'), lineNo('  - id: pump'));
  assert.equal(lines.get('cmd'), lineNo('  - id: cmd'));
  assert.equal(lines.get('nurse-gw'), lineNo('  - id: nurse-gw'));
  assert.equal(lines.get('vendor-cloud'), lineNo('  - id: vendor-cloud'));
  assert.equal(lines.get('r-dos@*'), lineNo('  r-dos@*:'));
  assert.equal(elementLines('{"components": [{"id": "a"}]}').get('a'), 1);
  assert.equal(elementLines(': : :').size, 0);
});
