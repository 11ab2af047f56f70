// Seeded mutation test: corpus files (and our own exports, which carry a medflow section) are truncated,
// bit-flipped and structurally damaged, then fed to the loader, the importer and the validator. Each
// case must end in a result or a MedflowError; the importer itself must never throw on a document that
// looks like an .afb. A case taking more than a second fails (a guard against hangs, not a benchmark).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadFlowText } from '../../src/flow/load.ts';
import { importAfb, isAfbDocument } from '../../src/afb/import.ts';
import { exportAfb } from '../../src/afb/export.ts';
import { validateFlow } from '../../src/validate/index.ts';
import { isMedflowError } from '../../src/util/errors.ts';
import { isPlainObject } from '../../src/util/json.ts';
import { sfc32, type Rng } from '../../src/util/rng.ts';
import { allCorpusFiles } from '../helpers.ts';

const CASES = 1200;
const SEED = 20261125;

interface Input { name: string; text: string; json: unknown }

function inputs(): Input[] {
  const out: Input[] = allCorpusFiles().map((f) => {
    const text = readFileSync(f, 'utf8');
    return { name: basename(f), text, json: JSON.parse(text) };
  });
  // exports with a medflow section, so the patch path is damaged too
  for (const name of ['medflow-extension.json', 'Conti CISA Alert.json']) {
    const src = name === 'medflow-extension.json' ? 'test/fixtures/afb/medflow-extension.json' : allCorpusFiles().find((f) => f.endsWith(`stix/${name}`))!;
    const text = exportAfb(loadFlowText(readFileSync(src, 'utf8'), src).graph);
    out.push({ name: `export of ${name}`, text, json: JSON.parse(text) });
  }
  return out;
}

const pick = <T>(rng: Rng, xs: T[]): T => xs[rng.int(xs.length)];

/** Every container (object or array) in a JSON value, iteratively. */
function containers(v: unknown, limit = 20000): Array<Record<string, unknown> | unknown[]> {
  const out: Array<Record<string, unknown> | unknown[]> = [];
  const stack = [v];
  while (stack.length && out.length < limit) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      out.push(x);
      for (const y of x) if (y && typeof y === 'object') stack.push(y);
    } else if (isPlainObject(x)) {
      out.push(x);
      for (const y of Object.values(x)) if (y && typeof y === 'object') stack.push(y);
    }
  }
  return out;
}

function randomValue(rng: Rng, ids: string[]): unknown {
  switch (rng.int(9)) {
    case 0: return null;
    case 1: return rng.int(1000) - 500;
    case 2: return rng.float() < 0.5;
    case 3: return 'x'.repeat(rng.int(5));
    case 4: return [];
    case 5: return {};
    case 6: return ids.length ? pick(rng, ids) : 'dangling';
    case 7: return [['name', pick(rng, [null, 1, 'n', [], {}])]];
    default: {
      // absurd nesting
      let v: unknown = 'deep';
      for (let i = rng.int(3000); i > 0; i--) v = [v];
      return v;
    }
  }
}

/** Applies one structural mutation in place. */
function mutate(rng: Rng, doc: unknown, ids: string[]): unknown {
  const all = containers(doc);
  if (all.length === 0 || rng.int(40) === 0) return randomValue(rng, ids); // replace the whole document
  const c = pick(rng, all);
  const keys = Array.isArray(c) ? c.map((_, i) => i) : Object.keys(c);
  if (keys.length === 0) {
    if (Array.isArray(c)) c.push(randomValue(rng, ids));
    return doc;
  }
  const k = pick(rng, keys as Array<string | number>);
  const get = () => (c as Record<string | number, unknown>)[k];
  const set = (v: unknown) => { (c as Record<string | number, unknown>)[k] = v; };
  switch (rng.int(8)) {
    case 0: // delete
      if (Array.isArray(c)) c.splice(k as number, 1);
      else delete (c as Record<string, unknown>)[k as string];
      break;
    case 1: // duplicate
      if (Array.isArray(c)) c.splice(k as number, 0, structuredClone(get()));
      else set(structuredClone(pick(rng, Object.values(c))));
      break;
    case 2: // shuffle an array
      if (Array.isArray(c)) for (let i = c.length - 1; i > 0; i--) { const j = rng.int(i + 1); [c[i], c[j]] = [c[j], c[i]]; }
      else set(null);
      break;
    case 3: set(null); break;
    case 4: set(randomValue(rng, ids)); break; // change type
    case 5: set(ids.length ? pick(rng, ids) : 'x'); break; // break or redirect a reference
    case 6: if (typeof get() === 'string') set(`${get() as string}x`); else set(String(get())); break;
    default: set([get(), get()]); break; // wrap
  }
  return doc;
}

function idsOf(doc: unknown): string[] {
  const out: string[] = [];
  for (const c of containers(doc, 2000)) {
    if (isPlainObject(c)) for (const k of ['instance', 'id', 'source', 'target']) if (typeof c[k] === 'string') out.push(c[k] as string);
    if (out.length > 200) break;
  }
  return out;
}

test(`robustness: ${CASES} seeded mutations end in a result or a MedflowError, each within 1 s`, (t) => {
  const rng = sfc32(SEED);
  const pool = inputs();
  const small = pool.filter((p) => p.text.length < 200_000);
  let results = 0, errors = 0, slowest = { ms: 0, label: '' };
  for (let i = 0; i < CASES; i++) {
    const input = rng.int(4) === 0 ? pick(rng, pool) : pick(rng, small);
    let text: string;
    let how: string;
    const kind = rng.int(10);
    if (kind < 2) {
      how = 'truncate';
      text = input.text.slice(0, rng.int(input.text.length));
    } else if (kind < 3) {
      how = 'flip bytes';
      const chars = [...input.text.slice(0, 300_000)];
      for (let n = 1 + rng.int(20); n > 0; n--) chars[rng.int(chars.length)] = pick(rng, ['{', '}', '[', ']', '"', ',', ':', '\\', '0', ' ', 'x']);
      text = chars.join('');
    } else {
      how = 'structure';
      let doc: unknown = structuredClone(input.json);
      const ids = idsOf(doc);
      for (let n = 1 + rng.int(4); n > 0; n--) doc = mutate(rng, doc, ids);
      text = JSON.stringify(doc) ?? 'undefined';
    }
    const label = `case ${i} (${how} of ${input.name})`;
    const t0 = performance.now();
    try {
      const loaded = loadFlowText(text, input.name);
      validateFlow(loaded);
      results++;
    } catch (e) {
      if (!isMedflowError(e)) assert.fail(`${label}: ${(e as Error)?.stack ?? String(e)}`);
      errors++;
    }
    // the importer itself never throws on anything shaped like an .afb (no error is hidden by the loader)
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    if (isAfbDocument(parsed)) {
      try {
        importAfb(parsed, input.name);
      } catch (e) {
        assert.fail(`${label}: importAfb threw ${(e as Error)?.stack ?? String(e)}`);
      }
    }
    const ms = performance.now() - t0;
    if (process.env.MEDFLOW_ROBUST_TRACE && ms > 50) t.diagnostic(`${label}: ${ms.toFixed(1)} ms, ${text.length} chars`);
    if (ms > slowest.ms) slowest = { ms, label };
    assert.ok(ms < 1000, `${label} took ${ms.toFixed(0)} ms`);
  }
  assert.equal(results + errors, CASES);
  assert.ok(results > CASES / 3 && errors > 50, `mix of outcomes: ${results} results, ${errors} errors`);
  t.diagnostic(`${results} results, ${errors} MedflowErrors; slowest ${slowest.ms.toFixed(1)} ms: ${slowest.label}`);
});

test('absurd nesting (20,000 levels) in properties, objects and the medflow section: a result with warnings', () => {
  const deep = (n: number) => '['.repeat(n) + '"x"' + ']'.repeat(n);
  const texts = [
    `{"schema":"attack_flow_v2","objects":[{"id":"flow","instance":"c","properties":[["scope",${deep(20000)}],["created",{"time":${deep(20000)}}]],"objects":["b"]},` +
      `{"id":"action","instance":"b","properties":[["name",${deep(20000)}],["confidence",${deep(20000)}]],"anchors":{"0":${deep(20000)}}}]}`,
    `{"schema":"attack_flow_v2","objects":[${deep(20000)}],"medflow":{"version":1,"digest":${deep(20000)}}}`,
    `{"version":"2.0.0","schema":{"templates":${deep(20000)}},"objects":[{"id":"p","template":"flow","children":${deep(20000)},"properties":[["author",${deep(20000)}]]}]}`,
  ];
  for (const text of texts) {
    const doc = JSON.parse(text);
    assert.ok(isAfbDocument(doc));
    const r = importAfb(doc, 'deep.afb');
    assert.ok(r.warnings.length > 0);
    validateFlow(loadFlowText(text, 'deep.afb'));
  }
});
