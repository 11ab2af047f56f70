// Device profiles (schemas/device-profile.schema.json): reading and checking one, with every problem
// reported as ONE MedflowError naming the profile file, the line and the field (unknown control id,
// missing architecture or SBOM, malformed content). The architecture and SBOM are resolved relative to
// the profile's folder.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Control } from '../controls/index.ts';
import { compareControlIds, controlsVersion } from '../controls/index.ts';
import {
  assertSchema, normaliseOverrides, placeOf, readYamlFile, resolveArchitecture, shownPath, type RaciOverride, type ResolvedArchitecture,
} from '../raci/index.ts';
import type { YamlFile } from '../library/source.ts';
import { MedflowError, isMedflowError } from '../util/errors.ts';
import { isPlainObject } from '../util/json.ts';
import { editDistance } from '../util/suggest.ts';
import type { ControlEffectiveness, Party } from '../vocab/index.ts';

export const PROFILE_FORMAT = 'medflow-device-profile/1';

/** Control statuses in a profile: the simulation's three plus "unknown" (treated as not implemented). */
export const ASSESS_STATUSES = ['implemented', 'partial', 'not-implemented', 'unknown'] as const;
export type AssessStatus = (typeof ASSESS_STATUSES)[number];

export type Mds2Answer = 'yes' | 'no' | 'n/a' | 'see-note';

export interface EvidenceItem {
  type?: string;
  ref: string;
  date?: string;
  note?: string;
}

export interface ControlClaim {
  status: AssessStatus;
  evidence: EvidenceItem[];
  effectiveness?: ControlEffectiveness;
  note?: string;
}

export interface DeviceProfile {
  /** The profile file as shown to the user. */
  file: string;
  id: string;
  name: string;
  description?: string;
  device?: { manufacturer?: string; model?: string; version?: string; udi?: string; description?: string };
  /** The architecture as written in the profile, and where (for messages). */
  architecture: string;
  architecture_at: string;
  date?: string;
  assessor?: string;
  horizon_days?: number;
  default_status: 'unknown' | 'not-implemented';
  unevidenced: 'as-claimed' | 'partial' | 'unknown';
  /** Control id → claim, in catalog id order. */
  controls: Map<string, ControlClaim>;
  parties: Partial<Record<Party, { engaged: boolean; basis?: string }>>;
  raci_overrides: RaciOverride[];
  mds2: Record<string, Mds2Answer>;
  /** SBOM path as written, and resolved (shown form). */
  sbom?: { written: string; file: string };
}

function normaliseAnswer(v: unknown): Mds2Answer {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  const s = String(v).toLowerCase();
  return s === 'see note' ? 'see-note' : (s as Mds2Answer);
}

/** The closest known control ids to an unknown one (edit distance ≤ 2), for "did you mean". */
export function closestIds(id: string, known: readonly string[]): string[] {
  const scored = known.map((k) => ({ k, d: editDistance(id, k) })).filter((x) => x.d <= 2);
  if (scored.length === 0) return [];
  const best = Math.min(...scored.map((x) => x.d));
  return scored.filter((x) => x.d === best).map((x) => x.k).sort(compareControlIds).slice(0, 3);
}

/**
 * Reads and checks a device profile against the schema and the control list. Throws one MedflowError
 * (exit 2) naming the file, line and field of the first problem.
 */
export function loadProfile(file: string, controls: readonly Control[]): DeviceProfile {
  const shown = shownPath(file);
  let y: YamlFile;
  try {
    y = readYamlFile(shown);
  } catch (e) {
    if (isMedflowError(e)) throw new MedflowError(e.message, { file: e.file ?? shown, at: e.at }, 2);
    throw e;
  }
  return profileFromYaml(y, controls);
}

/** As `loadProfile`, from an already parsed file (used by tests with in-memory text). */
export function profileFromYaml(y: YamlFile, controls: readonly Control[]): DeviceProfile {
  const file = y.file;
  if (!isPlainObject(y.data)) throw new MedflowError(`a device profile must be a YAML mapping starting with "format: ${PROFILE_FORMAT}"`, { file });
  assertSchema(y, 'device-profile.schema.json', 'device profile');
  const d = y.data as Record<string, unknown>;
  const known = new Set(controls.map((c) => c.id));
  const ids = controls.map((c) => c.id);
  const claims = new Map<string, ControlClaim>();
  const rawControls = (d.controls ?? {}) as Record<string, unknown>;
  for (const id of Object.keys(rawControls).sort(compareControlIds)) {
    if (!known.has(id)) {
      const near = closestIds(id, ids);
      throw new MedflowError(
        `unknown control id "${id}" (not in ${controlsVersion(controls)}${near.length ? `; did you mean ${near.join(' or ')}?` : '; run `medflow controls list`'})`,
        { file, at: placeOf(y, ['controls', id]) },
      );
    }
    const v = rawControls[id];
    if (typeof v === 'string') claims.set(id, { status: v as AssessStatus, evidence: [] });
    else {
      const o = v as { status: AssessStatus; evidence?: unknown; effectiveness?: ControlEffectiveness; note?: string };
      const list = o.evidence === undefined ? [] : Array.isArray(o.evidence) ? o.evidence : [o.evidence];
      const evidence = list.map((e) => (typeof e === 'string' ? { ref: e } : (e as EvidenceItem)));
      claims.set(id, { status: o.status, evidence, ...(o.effectiveness ? { effectiveness: o.effectiveness } : {}), ...(o.note ? { note: o.note } : {}) });
    }
  }
  for (const [i, o] of ((d.raci_overrides ?? []) as { control: string }[]).entries()) {
    if (!known.has(o.control)) throw new MedflowError(`unknown control id "${o.control}"`, { file, at: placeOf(y, ['raci_overrides', i, 'control']) });
  }
  const mds2: Record<string, Mds2Answer> = {};
  for (const [k, v] of Object.entries((d.mds2 ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) mds2[k] = normaliseAnswer(v);
  let sbom: DeviceProfile['sbom'];
  if (typeof d.sbom === 'string') {
    const p = isAbsolute(d.sbom) ? d.sbom : resolve(dirname(file), d.sbom);
    if (!existsSync(p) || !statSync(p).isFile()) {
      throw new MedflowError(`SBOM file not found: ${shownPath(p)}`, { file, at: placeOf(y, ['sbom']) });
    }
    sbom = { written: d.sbom, file: shownPath(p) };
  }
  const policy = (d.policy ?? {}) as { unevidenced?: DeviceProfile['unevidenced'] };
  const device = d.device as DeviceProfile['device'] | undefined;
  return {
    file,
    id: String(d.id),
    name: String(d.name),
    ...(typeof d.description === 'string' ? { description: d.description.trim() } : {}),
    ...(device ? { device: { ...device, ...(device.version !== undefined ? { version: String(device.version) } : {}) } } : {}),
    architecture: String(d.architecture),
    architecture_at: placeOf(y, ['architecture']),
    ...(typeof d.date === 'string' ? { date: d.date } : {}),
    ...(typeof d.assessor === 'string' ? { assessor: d.assessor } : {}),
    ...(typeof d.horizon_days === 'number' ? { horizon_days: d.horizon_days } : {}),
    default_status: (d.default_status as DeviceProfile['default_status']) ?? 'unknown',
    unevidenced: policy.unevidenced ?? 'as-claimed',
    controls: claims,
    parties: (d.parties ?? {}) as DeviceProfile['parties'],
    raci_overrides: normaliseOverrides((d.raci_overrides ?? []) as unknown[]),
    mds2,
    ...(sbom ? { sbom } : {}),
  };
}

/** The architecture a profile names, resolved relative to the profile (errors name the profile's field). */
export function profileArchitecture(p: DeviceProfile): ResolvedArchitecture {
  return resolveArchitecture(p.architecture, { baseDir: dirname(resolve(p.file)), from: { file: p.file, at: p.architecture_at } });
}

/** Profile files named on the command line: files as given, folders searched one level deep for *.yaml/*.yml. */
export function profileFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new MedflowError('profile file or folder not found', { file: p }, 2);
    }
    if (isDir) {
      const found = readdirSync(p).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(p, f));
      if (found.length === 0) throw new MedflowError('folder holds no .yaml device profiles', { file: p }, 2);
      out.push(...found);
    } else out.push(p);
  }
  return out;
}
