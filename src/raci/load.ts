// The edge of RACI: finding an architecture by reference id or path, and reading RACI override files
// (content/raci/<architecture id>.raci.yaml for the reference architectures, <model>.raci.yaml beside a
// user's own model, or a file named on the command line).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadValidArchitecture } from '../threatmodel/load.ts';
import type { Architecture } from '../threatmodel/model.ts';
import { MedflowError, isMedflowError } from '../util/errors.ts';
import { isPlainObject } from '../util/json.ts';
import { editDistance } from '../util/suggest.ts';
import type { Party } from '../vocab/index.ts';
import { assertSchema, readYamlFile } from './schema-check.ts';
import type { RaciOverride, RaciOverrides } from './types.ts';

/** Reference architectures medflow ships. */
export const ARCHITECTURES_DIR = fileURLToPath(new URL('../../content/architectures/', import.meta.url));
/** RACI overrides of the reference architectures. */
export const RACI_DIR = fileURLToPath(new URL('../../content/raci/', import.meta.url));

/** Path as shown to the user: relative to the working folder when inside it. */
export function shownPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
}

export function referenceArchitectureIds(): string[] {
  try {
    return readdirSync(ARCHITECTURES_DIR).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')).sort();
  } catch {
    return [];
  }
}

/** The known ids closest to an unknown one (edit distance at most 2), for "did you mean". */
export function nearest(id: string, known: readonly string[]): string[] {
  const scored = known.map((k) => ({ k, d: editDistance(id, k) })).filter((x) => x.d <= 2);
  if (scored.length === 0) return [];
  const best = Math.min(...scored.map((x) => x.d));
  return scored.filter((x) => x.d === best).map((x) => x.k).sort().slice(0, 3);
}

export interface ResolvedArchitecture {
  model: Architecture;
  /** The file read (as shown to the user). */
  file: string;
  /** Set when a reference architecture was named by id. */
  reference?: string;
}

export interface ResolveOptions {
  /** Folder relative paths are resolved against (the profile's folder; default the working folder). */
  baseDir?: string;
  /** For errors: the file and field that named the architecture. */
  from?: { file: string; at: string };
}

/**
 * An architecture named by a reference id (`infusion-pumps`: content/architectures/infusion-pumps.yaml)
 * or by a path (relative to `baseDir`). A path that exists wins over a reference id of the same name.
 */
export function resolveArchitecture(ref: string, opts: ResolveOptions = {}): ResolvedArchitecture {
  const base = opts.baseDir ?? process.cwd();
  const asPath = isAbsolute(ref) ? ref : resolve(base, ref);
  let file: string | undefined;
  let reference: string | undefined;
  if (existsSync(asPath) && statSync(asPath).isFile()) file = asPath;
  else if (/^[a-z0-9][a-z0-9-]*$/.test(ref)) {
    for (const ext of ['.yaml', '.yml']) {
      const f = join(ARCHITECTURES_DIR, ref + ext);
      if (existsSync(f)) {
        file = f;
        reference = ref;
        break;
      }
    }
  }
  if (!file) {
    const ids = referenceArchitectureIds();
    const near = nearest(ref, ids);
    const msg = `no architecture "${ref}": not a file${opts.from ? ` (relative to ${shownPath(base)})` : ''} and not a reference architecture${near.length ? `; did you mean ${near.join(' or ')}?` : ` (${ids.join(', ')})`}`;
    throw new MedflowError(msg, opts.from ? { file: opts.from.file, at: opts.from.at } : { file: ref }, 2);
  }
  const shown = shownPath(file);
  try {
    const loaded = loadValidArchitecture(shown);
    return { model: loaded.model, file: shown, ...(reference ? { reference } : {}) };
  } catch (e) {
    if (isMedflowError(e)) throw new MedflowError(e.message, { file: e.file ?? shown, at: e.at }, 2);
    throw e;
  }
}

/** The override file that goes with an architecture, when there is one. */
export function defaultOverridesFile(arch: ResolvedArchitecture): string | undefined {
  const f = arch.reference
    ? join(RACI_DIR, `${arch.reference}.raci.yaml`)
    : join(dirname(arch.file), basename(arch.file).replace(/\.(ya?ml|json)$/i, '') + '.raci.yaml');
  return existsSync(f) ? shownPath(f) : undefined;
}

const asList = (v: unknown): Party[] | undefined => (v === undefined ? undefined : ((Array.isArray(v) ? v : [v]) as Party[]));

/** Normalises override entries already checked against the schema (a single party becomes a list). */
export function normaliseOverrides(list: unknown[]): RaciOverride[] {
  return list.map((raw) => {
    const o = raw as Record<string, unknown>;
    const out: RaciOverride = { control: String(o.control), rationale: String(o.rationale).trim().replace(/\s+/g, ' ') };
    if (typeof o.component === 'string') out.component = o.component;
    if (typeof o.owner === 'string') out.owner = o.owner as Party;
    for (const f of ['responsible', 'accountable', 'consulted', 'informed'] as const) {
      const v = asList(o[f]);
      if (v) out[f] = v;
    }
    return out;
  });
}

/** Reads an overrides file (schemas/raci-overrides.schema.json); problems throw one MedflowError. */
export function loadRaciOverrides(path: string): RaciOverrides {
  const file = shownPath(resolve(path));
  const y = readYamlFile(file);
  if (!isPlainObject(y.data)) throw new MedflowError('a RACI overrides file must be a mapping with "format" and "overrides"', { file });
  assertSchema(y, 'raci-overrides.schema.json', 'RACI overrides');
  const d = y.data as { architecture?: string; overrides: unknown[] };
  return { source: file, ...(d.architecture ? { architecture: d.architecture } : {}), overrides: normaliseOverrides(d.overrides) };
}
