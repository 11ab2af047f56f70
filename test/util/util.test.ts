import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../src/util/json.ts';
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
