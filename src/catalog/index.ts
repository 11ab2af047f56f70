// Typed lookups over the generated ATT&CK (Enterprise, ICS, Mobile) and ATLAS fact tables:
// techniques, tactics, mitigations, valid tactic/technique pairs, revocations and typo repair.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CatalogFile, Domain, MitigationFact, TacticFact, TechniqueFact } from './types.ts';

export * from './types.ts';

const DATA_DIR = fileURLToPath(new URL('../../data/catalog/', import.meta.url));

export class Catalog {
  readonly techniques = new Map<string, TechniqueFact>();
  readonly tactics = new Map<string, TacticFact>();
  readonly mitigations = new Map<string, MitigationFact>();
  readonly techniqueByStix = new Map<string, TechniqueFact>();
  readonly tacticByStix = new Map<string, TacticFact>();
  /** Mitigation id → technique ids it mitigates. */
  readonly mitigated = new Map<string, string[]>();
  readonly sources: CatalogFile['source'][] = [];
  readonly notices: string[] = [];

  constructor(files: CatalogFile[]) {
    for (const f of files) {
      this.sources.push(f.source);
      this.notices.push(f.notice);
      for (const t of f.tactics) {
        this.tactics.set(t.id, t);
        if (t.stix_id) this.tacticByStix.set(t.stix_id, t);
      }
      for (const t of f.techniques) {
        this.techniques.set(t.id, t);
        if (t.stix_id) this.techniqueByStix.set(t.stix_id, t);
        for (const m of t.mitigations) {
          const list = this.mitigated.get(m) ?? [];
          list.push(t.id);
          this.mitigated.set(m, list);
        }
      }
      for (const m of f.mitigations) this.mitigations.set(m.id, m);
    }
  }

  technique(id: string): TechniqueFact | undefined {
    return this.techniques.get(id);
  }

  tactic(id: string): TacticFact | undefined {
    return this.tactics.get(id);
  }

  mitigation(id: string): MitigationFact | undefined {
    return this.mitigations.get(id);
  }

  /** Follows revoked-by links to the current technique (undefined if the id is unknown). */
  current(id: string): TechniqueFact | undefined {
    let t = this.techniques.get(id);
    for (let hops = 0; t?.revoked && t.revoked_by && hops < 10; hops++) t = this.techniques.get(t.revoked_by);
    return t;
  }

  /** True when ATT&CK/ATLAS lists `techniqueId` under `tacticId`. Sub-techniques may also use their parent's tactics. */
  isValidPair(tacticId: string, techniqueId: string): boolean {
    const t = this.techniques.get(techniqueId);
    if (!t) return false;
    if (t.tactics.includes(tacticId)) return true;
    const p = t.parent ? this.techniques.get(t.parent) : undefined;
    return !!p && p.tactics.includes(tacticId);
  }

  /** Techniques a mitigation id covers (ATT&CK M-ids and ATLAS AML.M-ids). */
  techniquesMitigatedBy(mitigationId: string): string[] {
    return this.mitigated.get(mitigationId) ?? [];
  }

  domainOf(id: string): Domain | undefined {
    const t = this.techniques.get(id);
    if (t) return t.domains[0];
    return this.tactics.get(id)?.domain;
  }

  /** Tactic ids whose name matches (case-insensitive), e.g. "Initial Access" → TA0001, TA0027, TA0108. */
  tacticsNamed(name: string): TacticFact[] {
    const n = name.trim().toLowerCase();
    return [...this.tactics.values()].filter((t) => t.name.toLowerCase() === n || t.shortname === n.replace(/\s+/g, '-'));
  }

  /** Techniques whose name matches exactly (case-insensitive), current ones first. */
  techniquesNamed(name: string): TechniqueFact[] {
    const n = name.trim().toLowerCase();
    return [...this.techniques.values()]
      .filter((t) => t.name.toLowerCase() === n)
      .sort((a, b) => Number(!!a.revoked || !!a.deprecated) - Number(!!b.revoked || !!b.deprecated));
  }

  /**
   * Repairs a malformed tactic or technique id when the repair is unambiguous: trims spaces,
   * upper-cases, and pads a short number ("TA008" → "TA0008", "t1059.1" → "T1059.001").
   * Returns the id unchanged when it is already known, undefined when no single repair exists.
   */
  repairId(raw: string): string | undefined {
    const s = raw.trim().toUpperCase().replace(/\s+/g, '');
    if (this.techniques.has(s) || this.tactics.has(s)) return s;
    const m = /^(AML\.)?(TA|T|M)(\d{1,4})(?:\.(\d{1,3}))?$/.exec(s);
    if (!m) return undefined;
    const [, aml = '', kind, num, sub] = m;
    const candidates = new Set<string>();
    const pads = num.length < 4 ? [num.padStart(4, '0'), num.padEnd(4, '0')] : [num];
    for (const p of pads) {
      const id = `${aml}${kind}${p}${sub !== undefined ? '.' + sub.padStart(3, '0') : ''}`;
      if (this.techniques.has(id) || this.tactics.has(id) || this.mitigations.has(id)) candidates.add(id);
    }
    return candidates.size === 1 ? [...candidates][0] : undefined;
  }
}

let cached: Catalog | undefined;

/** The catalog shipped with medflow (ATT&CK v18 Enterprise/ICS/Mobile and ATLAS), loaded once. */
export function catalog(): Catalog {
  if (!cached) {
    const files = ['attack.json', 'atlas.json'].map((f) => JSON.parse(readFileSync(DATA_DIR + f, 'utf8')) as CatalogFile);
    cached = new Catalog(files);
  }
  return cached;
}

/** Catalog version stamp for outputs, e.g. "ATT&CK 18 + ATLAS 5.6.0". */
export function catalogVersion(c = catalog()): string {
  return c.sources.map((s) => `${s.name.split(' (')[0].replace('MITRE ', '')} ${s.version}`).join(' + ');
}
