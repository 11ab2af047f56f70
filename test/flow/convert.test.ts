import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFlowFile } from '../../src/flow/load.ts';
import { writeBundle } from '../../src/flow/bundle.ts';
import { flowStats } from '../../src/flow/stats.ts';
import { CORPUS, ROOT } from '../helpers.ts';

function medflow(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const conti = join(CORPUS, 'attack-flow-v2.1/Conti Ransomware.afb');
const disrupt = join(CORPUS, 'csa-afb/AF2-13_Disrupt_Network.afb');

test('flow stats --json prints exactly the documented shape', () => {
  const r = medflow('flow', 'stats', conti, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    blocks: 37, actions: 19, assets: 3, conditions: 3, operators: 1, edges: 38, start_refs: 1,
    refs: { effect_refs: 21, on_true_refs: 3, on_false_refs: 0, asset_refs: 3, command_ref: 1, object_ref: 0, object_refs: 0, relationship: 10 },
  });
  assert.deepEqual(Object.keys(JSON.parse(r.stdout)).sort(), ['actions', 'assets', 'blocks', 'conditions', 'edges', 'operators', 'refs', 'start_refs']);
});

test('flow stats on several files: a table, or a JSON array with the file names; bad files do not stop the others', () => {
  const table = medflow('flow', 'stats', conti, disrupt);
  assert.equal(table.status, 0);
  const lines = table.stdout.trim().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^file\s+blocks\s+actions/);
  assert.match(lines[2], /Conti Ransomware\.afb\s+37\s+19\s+3\s+3\s+1\s+38\s+1\s+21\s+3\s+0\s+3\s+1\s+0\s+0\s+10$/);
  assert.match(table.stderr, /AF2-13_Disrupt_Network\.afb: 9 import warning\(s\)/);
  const json = medflow('flow', 'stats', conti, join(ROOT, 'package.json'), disrupt, '--json');
  assert.equal(json.status, 2);
  assert.match(json.stderr, /medflow: error: .*package\.json: not an Attack Flow file/);
  const rows = JSON.parse(json.stdout) as Array<{ file: string; blocks: number }>;
  assert.deepEqual(rows.map((r) => [r.file, r.blocks]), [[conti, 37], [disrupt, 8]]);
});

test('flow convert: .afb → .json → .afb → .json, warnings on stderr, format from the extension or --to', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medflow-convert-'));
  try {
    const json1 = join(dir, 'a.json'), afb = join(dir, 'b.afb');
    const r1 = medflow('flow', 'convert', disrupt, '-o', json1);
    assert.equal(r1.status, 0, r1.stderr);
    assert.match(r1.stderr, /tactic_id: warning: tactic_id "TA008" repaired to "TA0008" \[afb-id-repaired\]/);
    assert.equal(readFileSync(json1, 'utf8'), writeBundle(loadFlowFile(disrupt).graph));
    assert.equal(medflow('flow', 'convert', json1, '-o', afb).status, 0);
    assert.deepEqual(flowStats(loadFlowFile(afb).graph), flowStats(loadFlowFile(disrupt).graph));
    // --to names the format; "-" writes to standard output
    const out = medflow('flow', 'convert', afb, '-o', '-', '--to', 'stix');
    assert.equal(out.status, 0);
    assert.equal(out.stdout, readFileSync(json1, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('flow convert refuses to overwrite its input, and asks for --to when the extension says nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medflow-convert-'));
  try {
    const copy = join(dir, 'flow.afb');
    copyFileSync(conti, copy);
    const same = medflow('flow', 'convert', copy, '-o', join(dir, '.', 'flow.afb'));
    assert.equal(same.status, 2);
    assert.match(same.stderr, /refusing to overwrite the input file/);
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(conti, 'utf8'));
    const unknown = medflow('flow', 'convert', copy, '-o', join(dir, 'flow.txt'));
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /cannot tell the output format from ".*flow\.txt"; use --to \(stix, afb, mermaid, dot, svg, navigator\)/);
    const help = medflow('flow', 'convert', '--help');
    assert.match(help.stdout, /afb\s+\.afb\s+Attack Flow Builder file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
