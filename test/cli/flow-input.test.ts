// Commands that take one flow accept a file or a library flow/scenario id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadFlowArgument } from '../../src/cli/flow-input.ts';
import { writeBundle } from '../../src/flow/bundle.ts';
import { findFlow, findScenario, loadLibrary } from '../../src/library/index.ts';
import { MedflowError } from '../../src/util/errors.ts';
import { SHARED } from '../helpers.ts';

const lib = loadLibrary(undefined, { validate: false });

test('a library flow id loads the compiled flow, a scenario id the composed scenario', () => {
  const f = loadFlowArgument('infusion-pump-unauthenticated-command');
  assert.equal(writeBundle(f.graph), writeBundle(findFlow(lib, 'infusion-pump-unauthenticated-command')!.compiled.graph));
  const s = loadFlowArgument('vendor-phish-to-robot-motion');
  assert.equal(writeBundle(s.graph), writeBundle(findScenario(lib, 'vendor-phish-to-robot-motion')!.composed!.graph));
});

test('a path loads the file; an unknown id or missing file is one clear error', () => {
  const example = loadFlowArgument(join(SHARED, 'attack-flow/stix/attack-flow-example.json'));
  assert.equal(example.format, 'stix');
  assert.throws(() => loadFlowArgument('no-such-flow'), (e: unknown) =>
    e instanceof MedflowError && e.file === 'no-such-flow' && /no library flow or scenario has this id/.test(e.message));
  assert.throws(() => loadFlowArgument('missing/file.json'), (e: unknown) => e instanceof MedflowError && e.message === 'file not found');
});
