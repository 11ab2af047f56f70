// `medflow flow validate` as a user runs it: human and JSON output, exit statuses, unreadable input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../helpers.ts';
import { CHECKS } from '../../src/validate/index.ts';
import { checksHelp, humanReport, validateFile } from '../../src/cli/flow-validate.ts';
import { ID } from '../fixtures/flows/generate.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/flows/', import.meta.url));
const clean = join(FIXTURES, 'clean.json');
const dangling = join(FIXTURES, 'broken/dangling-ref.json');
const cycle = join(FIXTURES, 'broken/cycle.json');

function medflow(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'flow', 'validate', ...args], {
    encoding: 'utf8', cwd: ROOT,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('human output names file, object and property, and ends with a summary; exit 1 on errors', () => {
  const r = medflow(clean, cycle, dangling);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(lines.includes(`${clean}: OK`));
  assert.ok(lines.includes(`${cycle}: OK (1 warning)`));
  assert.ok(lines.some((l) => l.startsWith(`${cycle}: ${[ID.a3, ID.a5].sort()[0]}: effect_refs: warning: directed cycle: `) && l.endsWith('[cycle]')));
  assert.ok(lines.includes(`${dangling}: ${ID.a3}: command_ref: error: "command_ref" names ${ID.process}, which is not in the bundle [dangling-ref]`));
  assert.ok(lines.includes(`${dangling}: FAIL (1 error, 0 warnings)`));
  assert.equal(lines.at(-1), '3 files checked: 1 valid, 1 valid with warnings, 1 invalid; 1 error, 1 warning.');
});

test('--json prints exactly file/ok/errors/warnings with code/message/object/property; exit 0 with warnings only', () => {
  const r = medflow('--json', clean, cycle);
  assert.equal(r.status, 0);
  const out = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(out.length, 2);
  for (const f of out) assert.deepEqual(Object.keys(f), ['file', 'ok', 'errors', 'warnings']);
  assert.deepEqual(out[0], { file: clean, ok: true, errors: [], warnings: [] });
  const w = (out[1].warnings as Record<string, unknown>[])[0];
  assert.deepEqual(Object.keys(w), ['code', 'message', 'object', 'property']);
  assert.equal(w.code, 'cycle');
});

test('JSON reports use null for a missing object or property', () => {
  const { report, unreadable } = validateFile(join(FIXTURES, 'broken/flow-missing.json'));
  assert.equal(unreadable, false);
  assert.deepEqual(report.errors, [{ code: 'flow-missing', message: 'the bundle has no attack-flow object', object: null, property: null }]);
  assert.match(humanReport([report], true), /flow-missing\.json: error: the bundle has no attack-flow object \[flow-missing\]\n/);
});

test('unreadable or garbage input: one clear line per file on stderr, exit 2, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medflow-validate-'));
  const garbage = join(dir, 'garbage.json');
  writeFileSync(garbage, '{"type": "bundle", "objects": [\n  {"id": 1,\n');
  const notFlow = join(dir, 'not-a-flow.json');
  writeFileSync(notFlow, '{"hello": "world"}');
  const binary = join(dir, 'image.afb');
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  const missing = join(dir, 'missing.json');
  const r = medflow(garbage, notFlow, binary, missing, clean);
  assert.equal(r.status, 2);
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [
    `medflow: error: ${garbage}: 3:1: invalid JSON: unexpected end of input`,
    `medflow: error: ${notFlow}: not an Attack Flow file: expected a STIX bundle ("type": "bundle") or an Attack Flow Builder .afb document`,
    `medflow: error: ${binary}: 1:1: invalid JSON: unexpected binary data (the file is not UTF-8 text)`,
    `medflow: error: ${missing}: file not found`,
  ]);
  assert.ok(!/\n\s+at /.test(r.stderr));
  assert.match(r.stdout, /5 files checked: 1 valid, 4 unreadable; 0 errors, 0 warnings\.\n$/);
  assert.deepEqual(validateFile(missing), {
    unreadable: true,
    report: { file: missing, ok: false, errors: [{ code: 'file-unreadable', message: 'file not found', object: null, property: null }], warnings: [] },
  });
});

test('--help lists every check', () => {
  const help = checksHelp();
  for (const c of CHECKS) assert.ok(help.includes(`    ${c.code.padEnd(22)} ${c.severity}`), c.code);
  assert.match(help, /Exit status: 0 when every file is valid/);
});
