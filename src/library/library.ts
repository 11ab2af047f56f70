// Loading the whole library from a content folder (states, flows, scenarios), checking every file and
// compiling every sound flow. Collects findings instead of stopping at the first, so `library validate`
// can list them all.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MedflowError, isMedflowError } from '../util/errors.ts';
import { catalog as defaultCatalog, type Catalog } from '../catalog/index.ts';
import { YamlFile, sortSourceIssues, type FlowSource, type SourceIssue } from './source.ts';
import { readStates, type StateVocabulary } from './states.ts';
import { checkFlowSource, compileFlow, validateCompiled, type CompiledFlow } from './flow.ts';
import { checkScenarioSource, composeScenario, type Scenario, type ComposedScenario } from './compose.ts';

/** The content folder medflow ships (content/ at the package root). */
export const CONTENT_DIR = fileURLToPath(new URL('../../content/', import.meta.url));

export interface LibraryFlow {
  file: string;
  source: FlowSource;
  compiled: CompiledFlow;
}

export interface LibraryScenario {
  file: string;
  scenario: Scenario;
  composed?: ComposedScenario;
}

export interface Library {
  root: string;
  states: StateVocabulary;
  /** Flows that passed their checks, sorted by id. */
  flows: LibraryFlow[];
  scenarios: LibraryScenario[];
  /** Every finding, sorted by file and line. */
  issues: SourceIssue[];
  /** Number of flow files read (including those with errors). */
  flowFiles: number;
}

/** Path shown to the user: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function readYaml(file: string, issues: SourceIssue[]): YamlFile | undefined {
  try {
    return YamlFile.read(file);
  } catch (e) {
    if (!isMedflowError(e)) throw e;
    const m = /^(\d+):/.exec(e.at ?? '');
    issues.push({ severity: 'error', code: 'yaml', message: e.message, file, at: '', line: m ? Number(m[1]) : undefined });
    return undefined;
  }
}

export interface LoadOptions {
  catalog?: Catalog;
  /** Run the Attack Flow validator on every compiled flow and scenario (default true). */
  validate?: boolean;
}

/** Loads, checks and compiles the library under `root` (a folder holding states.yaml, flows/, scenarios/). */
export function loadLibrary(root = CONTENT_DIR, opts: LoadOptions = {}): Library {
  const cat = opts.catalog ?? defaultCatalog();
  const validate = opts.validate ?? true;
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new MedflowError('library folder not found', { file: displayPath(root) });
  const issues: SourceIssue[] = [];
  const statesFile = join(root, 'states.yaml');
  if (!existsSync(statesFile)) throw new MedflowError('missing states.yaml (the attacker-state vocabulary)', { file: displayPath(statesFile) });
  const sy = readYaml(displayPath(statesFile), issues);
  const states = sy ? readStates(sy, issues) : { file: displayPath(statesFile), states: new Map<string, string>() };

  const flows: LibraryFlow[] = [];
  const flowFiles = yamlFiles(join(root, 'flows')).map(displayPath);
  const byId = new Map<string, string>();
  const seenIds = new Map<string, string>(); // every flow id declared, including flows with errors
  for (const file of flowFiles) {
    const y = readYaml(file, issues);
    if (!y) continue;
    const declared = (y.data as { id?: unknown } | null)?.id;
    if (typeof declared === 'string' && !seenIds.has(declared)) seenIds.set(declared, file);
    const found = checkFlowSource(y, { states, catalog: cat, checkPlacement: true });
    issues.push(...found);
    if (found.some((i) => i.severity === 'error')) continue;
    const src = y.data as FlowSource;
    const other = byId.get(src.id);
    if (other) {
      issues.push(y.issue('error', 'duplicate-flow-id', `flow id "${src.id}" is also used by ${other}`, ['id']));
      continue;
    }
    byId.set(src.id, file);
    const compiled = compileFlow(src, file, cat);
    if (validate) {
      const v = validateCompiled(compiled, y);
      issues.push(...v);
      if (v.some((i) => i.severity === 'error')) continue;
    }
    flows.push({ file, source: src, compiled });
  }
  flows.sort((a, b) => (a.source.id < b.source.id ? -1 : 1));

  const scenarios: LibraryScenario[] = [];
  const flowIndex = new Map(flows.map((f) => [f.source.id, f]));
  const scenarioIds = new Map<string, string>();
  for (const file of yamlFiles(join(root, 'scenarios')).map(displayPath)) {
    const y = readYaml(file, issues);
    if (!y) continue;
    const { scenario, issues: found } = checkScenarioSource(y, { flows: flowIndex, states, knownFlowIds: seenIds });
    issues.push(...found);
    if (!scenario) continue;
    const other = scenarioIds.get(scenario.id);
    if (other) {
      issues.push(y.issue('error', 'duplicate-scenario-id', `scenario id "${scenario.id}" is also used by ${other}`, ['id']));
      continue;
    }
    scenarioIds.set(scenario.id, file);
    if (found.some((i) => i.severity === 'error')) {
      scenarios.push({ file, scenario });
      continue;
    }
    const composed = composeScenario(scenario, flowIndex);
    if (validate) issues.push(...composed.validate(y));
    scenarios.push({ file, scenario, composed });
  }
  scenarios.sort((a, b) => (a.scenario.id < b.scenario.id ? -1 : 1));
  return { root, states, flows, scenarios, issues: sortSourceIssues(issues), flowFiles: flowFiles.length };
}

export function findFlow(lib: Library, id: string): LibraryFlow | undefined {
  return lib.flows.find((f) => f.source.id === id);
}

export function findScenario(lib: Library, id: string): LibraryScenario | undefined {
  return lib.scenarios.find((s) => s.scenario.id === id || s.file === id);
}

export const hasErrors = (lib: Library): boolean => lib.issues.some((i) => i.severity === 'error');
