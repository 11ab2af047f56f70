// What a device assessment reads from a CycloneDX JSON SBOM (any 1.x spec version): its components
// (nested ones included), how completely they are identified, their support status and end-of-support
// dates, and the vulnerabilities it lists. Read as plain JSON, no SBOM library.
//
// Support fields (FDA asks for each component's support level and end-of-support date; CycloneDX has no
// core field for either): the end-of-support date is the component property
// `cdx:lifecycle:milestone:endOfSupport` of the official CycloneDX property taxonomy (also accepted:
// `endOfSupport`, `end-of-support`, `medflow:end-of-support`); the support level is the property
// `medflow:support-level` (also `support-level`, `supportLevel`) with the FDA terms maintained,
// unmaintained or abandoned.
import { readText, parseJson } from '../util/io.ts';
import { MedflowError } from '../util/errors.ts';
import { isPlainObject } from '../util/json.ts';

export const END_OF_SUPPORT_PROPERTIES = ['cdx:lifecycle:milestone:endOfSupport', 'endOfSupport', 'end-of-support', 'medflow:end-of-support'];
export const SUPPORT_LEVEL_PROPERTIES = ['medflow:support-level', 'support-level', 'supportLevel'];
export const SUPPORT_LEVELS = ['maintained', 'unmaintained', 'abandoned'] as const;

export interface SbomComponentIssue {
  name: string;
  version?: string;
  purl?: string;
  /** Why it is listed: unmaintained, abandoned, or past its end-of-support date. */
  reason: string;
}

export interface SbomSummary {
  file: string;
  spec_version: string;
  /** The product the SBOM describes (metadata.component). */
  subject?: { name: string; version?: string };
  components: number;
  with_version: number;
  /** Identified by package URL or CPE. */
  with_identifier: number;
  with_supplier: number;
  support_levels: Record<(typeof SUPPORT_LEVELS)[number] | 'unstated', number>;
  with_end_of_support: number;
  /** The date end-of-support dates were compared with (the profile's date), if any. */
  as_of?: string;
  /** Unmaintained, abandoned or past end of support (as of the profile's date). */
  unsupported: SbomComponentIssue[];
  vulnerabilities: { listed: number; open: number };
}

interface RawComponent {
  name?: unknown;
  version?: unknown;
  purl?: unknown;
  cpe?: unknown;
  supplier?: unknown;
  properties?: unknown;
  components?: unknown;
}

function prop(c: RawComponent, names: string[]): string | undefined {
  if (!Array.isArray(c.properties)) return undefined;
  for (const n of names) {
    const hit = c.properties.find((p) => isPlainObject(p) && p.name === n && typeof p.value === 'string');
    if (hit) return String((hit as { value: string }).value).trim();
  }
  return undefined;
}

/** Summarises a parsed CycloneDX document. `file` is for messages; `asOf` (YYYY-MM-DD) decides "past end of support". */
export function summariseSbom(data: unknown, file: string, asOf?: string): SbomSummary {
  if (!isPlainObject(data)) throw new MedflowError('a CycloneDX SBOM must be a JSON object', { file });
  if (data.bomFormat !== 'CycloneDX') throw new MedflowError(`bomFormat is ${JSON.stringify(data.bomFormat)}; only CycloneDX JSON SBOMs are read`, { file, at: 'bomFormat' });
  if (data.components !== undefined && !Array.isArray(data.components)) throw new MedflowError('must be a list of components', { file, at: 'components' });
  const all: { c: RawComponent; at: string }[] = [];
  const walk = (list: unknown, at: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) throw new MedflowError('must be a list of components', { file, at });
    list.forEach((c, i) => {
      if (!isPlainObject(c)) throw new MedflowError('a component must be an object', { file, at: `${at}[${i}]` });
      if (typeof c.name !== 'string' || !c.name.trim()) throw new MedflowError('a component needs a name', { file, at: `${at}[${i}].name` });
      all.push({ c: c as RawComponent, at: `${at}[${i}]` });
      walk(c.components, `${at}[${i}].components`);
    });
  };
  walk(data.components, 'components');
  const levels: SbomSummary['support_levels'] = { maintained: 0, unmaintained: 0, abandoned: 0, unstated: 0 };
  const unsupported: SbomComponentIssue[] = [];
  let withVersion = 0, withId = 0, withSupplier = 0, withEos = 0;
  for (const { c, at } of all) {
    const name = String(c.name), version = typeof c.version === 'string' ? c.version : undefined, purl = typeof c.purl === 'string' ? c.purl : undefined;
    if (version) withVersion++;
    if (purl || typeof c.cpe === 'string') withId++;
    if (isPlainObject(c.supplier) && typeof c.supplier.name === 'string') withSupplier++;
    const level = prop(c, SUPPORT_LEVEL_PROPERTIES)?.toLowerCase();
    if (level && !(SUPPORT_LEVELS as readonly string[]).includes(level)) {
      throw new MedflowError(`support level "${level}" is not one of ${SUPPORT_LEVELS.join(', ')}`, { file, at: `${at}.properties` });
    }
    levels[(level as (typeof SUPPORT_LEVELS)[number]) ?? 'unstated']++;
    const eos = prop(c, END_OF_SUPPORT_PROPERTIES);
    if (eos && !/^\d{4}-\d{2}-\d{2}/.test(eos)) throw new MedflowError(`end-of-support "${eos}" is not an ISO 8601 date`, { file, at: `${at}.properties` });
    if (eos) withEos++;
    const base = { name, ...(version ? { version } : {}), ...(purl ? { purl } : {}) };
    if (level === 'unmaintained' || level === 'abandoned') unsupported.push({ ...base, reason: level });
    else if (eos && asOf && eos.slice(0, 10) < asOf) unsupported.push({ ...base, reason: `end of support ${eos.slice(0, 10)}` });
  }
  const vulns = Array.isArray(data.vulnerabilities) ? data.vulnerabilities : [];
  const closed = new Set(['resolved', 'resolved_with_pedigree', 'false_positive', 'not_affected']);
  const open = vulns.filter((v) => !(isPlainObject(v) && isPlainObject(v.analysis) && closed.has(String(v.analysis.state)))).length;
  const meta = isPlainObject(data.metadata) && isPlainObject(data.metadata.component) ? data.metadata.component : undefined;
  unsupported.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : (a.version ?? '') < (b.version ?? '') ? -1 : 1));
  return {
    file,
    spec_version: typeof data.specVersion === 'string' ? data.specVersion : 'unknown',
    ...(meta && typeof meta.name === 'string' ? { subject: { name: meta.name, ...(typeof meta.version === 'string' ? { version: meta.version } : {}) } } : {}),
    components: all.length,
    with_version: withVersion,
    with_identifier: withId,
    with_supplier: withSupplier,
    support_levels: levels,
    with_end_of_support: withEos,
    ...(asOf ? { as_of: asOf } : {}),
    unsupported,
    vulnerabilities: { listed: vulns.length, open },
  };
}

/** Reads and summarises a CycloneDX JSON file. */
export function loadSbom(file: string, asOf?: string): SbomSummary {
  return summariseSbom(parseJson(readText(file), file), file, asOf);
}
