import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MedflowError } from '../../src/util/errors.ts';
import { decodeXmlText, parseXmlDocument, sniffXml } from '../../src/tm7/xml.ts';
import { readTm7 } from '../../src/tm7/read.ts';
import { importTm7 } from '../../src/tm7/index.ts';
import { buildTm7 } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'medflow-tm7-xml-'));

function errorOf(fn: () => unknown): MedflowError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof MedflowError, `expected MedflowError, got ${e}`);
    return e;
  }
  assert.fail('expected an error');
}

const ROOT_OPEN = '<ThreatModel xmlns="http://schemas.datacontract.org/2004/07/ThreatModeling.Model">';

test('predefined entities and character references are decoded, nothing else', () => {
  assert.equal(decodeXmlText('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#65;&#x42; &xxe; &#0; &#xD800;'), 'a <b> & "c" \'d\' AB &xxe; &#0; &#xD800;');
});

test('sniffing finds the root element after a declaration, comments and a DOCTYPE', () => {
  assert.deepEqual(sniffXml('\ufeff<?xml version="1.0"?>\n<!-- hi --><a:ThreatModel xmlns:a="x"/>'), { root: 'ThreatModel', doctype: undefined, html: false });
  assert.deepEqual(sniffXml('<!DOCTYPE x [<!ENTITY e "v">]><x/>'), { root: 'x', doctype: 'x', html: false });
  assert.equal(sniffXml('<!DOCTYPE html>\n<html lang="en"><head>').html, true);
  assert.equal(sniffXml('  <html>').html, true);
});

test('XXE: an external entity is refused and the referenced file is never read', () => {
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-CONTENT');
  const xml = `<?xml version="1.0"?><!DOCTYPE ThreatModel [<!ENTITY xxe SYSTEM "file://${secret}">]>` +
    `${ROOT_OPEN}<DrawingSurfaceList/><MetaInformation><ThreatModelName>&xxe;</ThreatModelName></MetaInformation></ThreatModel>`;
  const e = errorOf(() => importTm7(xml, { file: 'evil.tm7' }));
  assert.match(e.message, /refusing a DOCTYPE\/ENTITY declaration/);
  assert.equal(e.file, 'evil.tm7');
  assert.doesNotMatch(e.message, /TOP-SECRET/);
});

test('XXE: a parameter entity or an ENTITY outside a DOCTYPE is refused too', () => {
  const pe = `<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>${ROOT_OPEN}<DrawingSurfaceList/></ThreatModel>`;
  assert.match(errorOf(() => readTm7(pe)).message, /refusing a DOCTYPE/);
  const stray = `${ROOT_OPEN}<DrawingSurfaceList/><!ENTITY x "y"></ThreatModel>`;
  assert.match(errorOf(() => readTm7(stray)).message, /refusing a DOCTYPE/);
});

test('an undeclared entity reference stays literal text (never resolved)', () => {
  const xml = buildTm7({ name: 'Name &xxe; here', diagrams: [] }).replace('Name &amp;xxe; here', 'Name &xxe; here');
  assert.match(xml, /Name &xxe; here/);
  assert.equal(readTm7(xml).meta.name, 'Name &xxe; here');
});

test('billion laughs: nested entity definitions are refused at once, without expansion', () => {
  let defs = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= 9; i++) defs += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  const xml = `<?xml version="1.0"?><!DOCTYPE ThreatModel [${defs}]>${ROOT_OPEN}<Notes>&lol9;</Notes><DrawingSurfaceList/></ThreatModel>`;
  const before = process.memoryUsage().heapUsed;
  const e = errorOf(() => readTm7(xml));
  assert.match(e.message, /refusing a DOCTYPE/);
  assert.ok(process.memoryUsage().heapUsed - before < 50 * 1024 * 1024);
});

test('an HTML page (e.g. a saved GitHub page) gives a clear error', () => {
  const e = errorOf(() => readTm7('<!DOCTYPE html>\n<html lang="en"><head><title>x.tm7 at main</title></head><body></body></html>', 'page.tm7'));
  assert.equal(e.message, 'this is an HTML page, not a Microsoft Threat Modeling Tool .tm7 model (was a web page saved instead of the raw file?)');
  assert.equal(e.file, 'page.tm7');
});

test('another root element, text that is not XML, and malformed XML are reported', () => {
  assert.equal(errorOf(() => readTm7('<KnowledgeBase><Manifest/></KnowledgeBase>')).message,
    'root element is <KnowledgeBase>, expected <ThreatModel> (a Microsoft Threat Modeling Tool .tm7 model)');
  assert.match(errorOf(() => readTm7('{"json": true}')).message, /^not XML: expected a Microsoft Threat Modeling Tool \.tm7 model/);
  assert.match(errorOf(() => readTm7(`${ROOT_OPEN}<DrawingSurfaceList><a></DrawingSurfaceList></ThreatModel>`)).message, /^malformed XML: /);
  assert.match(errorOf(() => readTm7(`${ROOT_OPEN}<Version>4.3</Version></ThreatModel>`)).message, /neither DrawingSurfaceList nor ThreatInstances/);
});

test('parseXmlDocument matches on local names (prefixes dropped)', () => {
  const doc = parseXmlDocument('<p:Root xmlns:p="urn:x"><p:Child a:k="v" xmlns:a="urn:a">t &amp; u</p:Child></p:Root>', { root: 'Root', what: 'a test document' });
  assert.deepEqual(doc.Child, { '#text': 't &amp; u', '@k': 'v' });
});
