// The flow argument of commands that work on one attack flow: a file (.json STIX bundle or .afb of any
// generation), or the id of a flow or scenario of medflow's library, so that
// `medflow simulate infusion-pump-unauthenticated-command` works without exporting it first.
import { existsSync } from 'node:fs';
import { MedflowError } from '../util/errors.ts';
import { loadFlowFile, type LoadedFlow } from '../flow/load.ts';
import { toBundle } from '../flow/bundle.ts';
import { findFlow, findScenario, loadLibrary } from '../library/index.ts';

const LIBRARY_ID = /^[a-z0-9][a-z0-9-]*$/;

export function loadFlowArgument(arg: string, options: { repair?: boolean } = {}): LoadedFlow {
  if (existsSync(arg) || !LIBRARY_ID.test(arg)) return loadFlowFile(arg, options);
  const lib = loadLibrary(undefined, { validate: false });
  const flow = findFlow(lib, arg);
  const graph = flow?.compiled.graph ?? findScenario(lib, arg)?.composed?.graph;
  if (!graph) {
    throw new MedflowError(`no such file, and no library flow or scenario has this id (see "medflow library list")`, { file: arg });
  }
  return { file: arg, format: 'stix', graph, warnings: [], raw: toBundle(graph) };
}
