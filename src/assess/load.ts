// The edge of the assessment: reading profiles, their architectures, SBOMs, RACI overrides, the library
// and the policies, sharing the per-architecture preparation between profiles, then running the pure
// assessment for each profile.
import { readFileSync } from 'node:fs';
import { controlCatalog, loadControls, type Control } from '../controls/index.ts';
import { CONTENT_DIR, loadLibrary, type Library } from '../library/index.ts';
import { defaultOverridesFile, loadRaciOverrides, type RaciOverrides } from '../raci/index.ts';
import { assessProfile, type AssessContext } from './engine.ts';
import { ACCEPTANCE_FILE, SCORE_FILE, loadAcceptance, loadScoreDefinition } from './policy.ts';
import { prepare, type Prepared } from './prepare.ts';
import { loadProfile, profileArchitecture, profileFiles } from './profile.ts';
import { loadSbom } from './sbom.ts';
import type { AssessmentResult } from './types.ts';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
export const MEDFLOW_VERSION = `medflow ${PKG.version}`;

export interface AssessRunOptions {
  seed?: number;
  next?: number;
  ttc?: boolean;
  sensitivity?: boolean;
  threats?: boolean;
  acceptanceFile?: string;
  scoreFile?: string;
  /** Controls files or folders instead of the shipped catalog. */
  controls?: string[];
  /** RACI override files instead of the architecture's side file. */
  overrides?: string[];
  library?: Library;
}

/** Caches shared across profiles (and across calls, e.g. in tests and benchmarks). */
export class AssessSession {
  readonly controls: readonly Control[];
  readonly library: Library;
  private prepared = new Map<string, Prepared>();

  constructor(opts: { controls?: string[]; library?: Library } = {}) {
    this.controls = opts.controls?.length ? loadControls(opts.controls).controls : controlCatalog();
    this.library = opts.library ?? loadLibrary(CONTENT_DIR, { validate: false });
  }

  /** Assesses one profile file. Errors in the profile, its architecture or SBOM throw one MedflowError. */
  assessFile(file: string, opts: AssessRunOptions = {}): AssessmentResult {
    const profile = loadProfile(file, this.controls);
    const arch = profileArchitecture(profile);
    const horizon = profile.horizon_days ?? 30;
    const key = `${arch.file}|${horizon}|${opts.threats !== false}`;
    let prep = this.prepared.get(key);
    if (!prep) {
      prep = prepare(arch, this.controls, this.library, { horizonDays: horizon, threats: opts.threats });
      this.prepared.set(key, prep);
    }
    const overrideFiles = opts.overrides ?? [defaultOverridesFile(arch)].filter((f): f is string => !!f);
    const archOverrides: RaciOverrides[] = overrideFiles.map((f) => loadRaciOverrides(f));
    const ctx: AssessContext = {
      acceptance: loadAcceptance(opts.acceptanceFile ?? ACCEPTANCE_FILE),
      score: loadScoreDefinition(opts.scoreFile ?? SCORE_FILE),
      archOverrides,
      sbom: profile.sbom ? loadSbom(profile.sbom.file, profile.date) : null,
      seed: opts.seed ?? 1,
      next: opts.next,
      ttc: opts.ttc,
      sensitivity: opts.sensitivity,
      versions: { medflow: MEDFLOW_VERSION },
    };
    return assessProfile(profile, prep, ctx);
  }
}

/** Assesses profile files and folders (folders: their *.yaml files), in the order given. */
export function assessPaths(paths: readonly string[], opts: AssessRunOptions = {}, session = new AssessSession({ controls: opts.controls, library: opts.library })): AssessmentResult[] {
  return profileFiles(paths).map((f) => session.assessFile(f, opts));
}

