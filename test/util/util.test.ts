import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, sortKeys, writeCanonicalJson } from '../../src/util/json.ts';
import { parseJson, parseYaml, readData, readText } from '../../src/util/io.ts';
import { MedflowError } from '../../src/util/errors.ts';
import { uuidv5, stixId, isStixId } from '../../src/stix/ids.ts';
import { sfc32, mixSeed } from '../../src/util/rng.ts';

const dir = mkdtempSync(join(tmpdir(), 'medflow-util-'));

function errorOf(fn: () => unknown): MedflowError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof MedflowError, `expected MedflowError, got ${e}`);
    return e;
  }
  assert.fail('expected an error');
}

test('canonical JSON sorts keys and drops undefined', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } }, 0), '{"a":{"d":[2,1]},"b":1}\n');
});

test('canonical JSON writes the bytes of JSON.stringify over key-sorted copies (random values)', () => {
  const rng = sfc32(mixSeed(42));
  const rnd = () => rng.float();
  const keys = ['a', 'b', 'B', '10', '2', '0', 'zz', 'é', 'x"y', '-1', '01', '1.5', '', 'id\n'];
  const leaf = (): unknown => {
    const q = rnd();
    return q < 0.2 ? (rnd() - 0.5) * 1e6 : q < 0.3 ? NaN : q < 0.35 ? -Infinity : q < 0.45 ? `s\n"\u2028${q}` : q < 0.55 ? null
      : q < 0.65 ? undefined : q < 0.7 ? false : q < 0.75 ? -0 : q < 0.8 ? 1e21 : q < 0.85 ? () => 1 : 'x';
  };
  const gen = (depth: number): unknown => {
    const r = rnd();
    if (depth > 4 || r < 0.3) return leaf();
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 5) }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = 0; i < rnd() * 6; i++) o[keys[Math.floor(rnd() * keys.length)]] = gen(depth + 1);
    return o;
  };
  for (let i = 0; i < 3000; i++) {
    const v = gen(0);
    for (const indent of [0, 2]) {
      const expected = JSON.stringify(sortKeys(v), null, indent) + '\n';
      assert.equal(canonicalJson(v, indent), expected);
      assert.equal(writeCanonicalJson(v, indent), expected);
    }
  }
  // many distinct keys (a map keyed by id) take the writer path: still the same bytes
  const byId = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`node--${(i * 7919) % 600}`, { p: i / 600, ids: [i, `x${i}`] }]));
  assert.equal(canonicalJson(byId), JSON.stringify(sortKeys(byId), null, 2) + '\n');
});

test('canonical JSON follows JSON.stringify on toJSON, holes, non-finite numbers and cycles', () => {
  assert.equal(canonicalJson({ d: new Date(0), a: [undefined, NaN, () => 1] }, 0), '{"a":[null,null,null],"d":"1970-01-01T00:00:00.000Z"}\n');
  assert.equal(canonicalJson({ z: {}, y: [], x: { u: undefined } }), '{\n  "x": {},\n  "y": [],\n  "z": {}\n}\n');
  assert.equal(canonicalJson({ 10: 'b', 9: 'a', b: 1, A: 2 }, 0), '{"9":"a","10":"b","A":2,"b":1}\n');
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = { loop };
  assert.throws(() => canonicalJson(loop), /circular/);
  assert.throws(() => writeCanonicalJson(loop), /circular/);
  assert.equal(writeCanonicalJson({ d: new Date(0), a: [undefined, NaN] }, 0), '{"a":[null,null],"d":"1970-01-01T00:00:00.000Z"}\n');
  const shared = { p: 1 };
  assert.equal(canonicalJson([shared, shared], 0), '[{"p":1},{"p":1}]\n');
});

test('JSON syntax errors name line and column', () => {
  const e = errorOf(() => parseJson('{\n  "a": 1,\n  "b": }', 'x.json'));
  assert.equal(e.file, 'x.json');
  assert.equal(e.at, '3:8');
});

test('YAML errors and alias bombs are bounded', () => {
  const e = errorOf(() => parseYaml('a: 1\na: 2\n', 'dup.yaml'));
  assert.match(e.message, /invalid YAML/);
  assert.equal(e.at, '2:1');
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const e2 = errorOf(() => parseYaml(bomb.join('\n'), 'bomb.yaml'));
  assert.match(e2.message, /alias/i);
});

test('file errors are clear', () => {
  assert.equal(errorOf(() => readText(join(dir, 'missing.json'))).message, 'file not found');
  mkdirSync(join(dir, 'd'));
  assert.match(errorOf(() => readText(join(dir, 'd'))).message, /directory/);
  writeFileSync(join(dir, 'big.json'), 'x'.repeat(2000));
  assert.match(errorOf(() => readText(join(dir, 'big.json'), 1000)).message, /2000 bytes, more than the 1000-byte limit/);
  writeFileSync(join(dir, 'bom.json'), '\ufeff{"a":1}');
  assert.deepEqual(readData(join(dir, 'bom.json')), { a: 1 });
});

test('name-based ids are RFC 4122 v5 and stable', () => {
  // RFC 4122 appendix example namespace (DNS) and name "python.org".
  assert.equal(uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  const id = stixId('attack-action', 'flow-x/step-1');
  assert.ok(isStixId(id));
  assert.equal(id, stixId('attack-action', 'flow-x/step-1'));
});

test('seeded PRNG gives the same stream for the same seed', () => {
  const a = sfc32(42), b = sfc32(42), c = sfc32(43);
  const xs = [a.u32(), a.u32(), a.u32()];
  assert.deepEqual(xs, [b.u32(), b.u32(), b.u32()]);
  assert.notDeepEqual(xs, [c.u32(), c.u32(), c.u32()]);
  assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
});
