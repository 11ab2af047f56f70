// Derives medflow's compact ATT&CK and ATLAS fact tables from the reference catalogs in
// ../shared/catalogs and writes them to data/catalog/. Only identifiers, names, pairings, links
// and revoked/deprecated flags are kept; descriptions are dropped.
//
//   npm run build:catalog [-- --shared ../shared --attack-version 18]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { writeText } from '../src/util/io.ts';
import {
  ATTACK_NOTICE, type CatalogFile, type Domain, type MitigationFact, type TacticFact, type TechniqueFact,
} from '../src/catalog/types.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const shared = resolve(opt('--shared', '../shared'));
const attackVersion = opt('--attack-version', '18');
const outDir = resolve(opt('--out', 'data/catalog'));

interface Obj { type: string; id: string; name?: string; [k: string]: unknown }

const externalId = (o: Obj): string | undefined =>
  (o.external_references as { source_name: string; external_id?: string }[] | undefined)
    ?.find((r) => r.source_name === 'mitre-attack')?.external_id;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function buildAttack(): CatalogFile {
  const tactics = new Map<string, TacticFact>();
  const techniques = new Map<string, TechniqueFact>();
  const mitigations = new Map<string, MitigationFact>();
  let modified = '';
  for (const domain of ['enterprise', 'ics', 'mobile'] as const) {
    const bundle = JSON.parse(readFileSync(join(shared, 'catalogs/attack', `${domain}-attack.json`), 'utf8'));
    const objs: Obj[] = bundle.objects;
    const stixToExt = new Map<string, string>();
    const tacticByShort = new Map<string, string>();
    for (const o of objs) {
      const ext = externalId(o);
      if (ext) stixToExt.set(o.id, ext);
      if (typeof o.modified === 'string' && o.modified > modified) modified = o.modified;
      if (o.type === 'x-mitre-tactic' && ext) {
        tactics.set(ext, { id: ext, name: o.name!, domain, shortname: String(o.x_mitre_shortname), stix_id: o.id });
        tacticByShort.set(String(o.x_mitre_shortname), ext);
      }
    }
    for (const o of objs) {
      const ext = externalId(o);
      if (!ext) continue; // a few withdrawn objects carry no ATT&CK id
      if (o.type === 'attack-pattern') {
        const phases = (o.kill_chain_phases as { phase_name: string }[] | undefined) ?? [];
        const prev = techniques.get(ext);
        const t: TechniqueFact = prev ?? { id: ext, name: o.name!, domains: [], tactics: [], stix_id: o.id, mitigations: [] };
        if (!t.domains.includes(domain)) t.domains.push(domain);
        for (const p of phases) {
          const ta = tacticByShort.get(p.phase_name);
          if (ta && !t.tactics.includes(ta)) t.tactics.push(ta);
        }
        if (ext.includes('.')) t.parent = ext.split('.')[0];
        if (o.revoked) t.revoked = true;
        if (o.x_mitre_deprecated) t.deprecated = true;
        techniques.set(ext, t);
      } else if (o.type === 'course-of-action' && /^M\d{4}$/.test(ext)) {
        const m = mitigations.get(ext) ?? { id: ext, name: o.name!, domains: [], stix_id: o.id };
        if (!m.domains.includes(domain)) m.domains.push(domain);
        if (o.x_mitre_deprecated) m.deprecated = true;
        mitigations.set(ext, m);
      }
    }
    for (const r of objs) {
      if (r.type !== 'relationship') continue;
      const src = stixToExt.get(String(r.source_ref)), dst = stixToExt.get(String(r.target_ref));
      if (!src || !dst) continue;
      if (r.relationship_type === 'mitigates' && mitigations.has(src) && techniques.has(dst)) {
        const t = techniques.get(dst)!;
        if (!t.mitigations.includes(src)) t.mitigations.push(src);
      } else if (r.relationship_type === 'revoked-by' && techniques.has(src)) {
        techniques.get(src)!.revoked_by = dst;
      }
    }
  }
  for (const t of techniques.values()) {
    t.tactics.sort();
    t.mitigations.sort();
    t.domains.sort();
  }
  return {
    notice: ATTACK_NOTICE,
    source: { name: 'MITRE ATT&CK (Enterprise, ICS, Mobile)', version: attackVersion, file: 'catalogs/attack/*-attack.json', modified },
    tactics: [...tactics.values()].sort(byId),
    techniques: [...techniques.values()].sort(byId),
    mitigations: [...mitigations.values()].sort(byId),
  };
}

function buildAtlas(): CatalogFile {
  const doc = parseYamlText(readFileSync(join(shared, 'catalogs/atlas/ATLAS.yaml'), 'utf8'), { maxAliasCount: -1 }) as {
    version: string;
    matrices: { tactics: Obj[]; techniques: Obj[]; mitigations: Obj[] }[];
  };
  const m = doc.matrices[0];
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const domain: Domain = 'atlas';
  const tactics: TacticFact[] = m.tactics.map((t) => ({ id: t.id, name: t.name!, domain, shortname: slug(t.name!) }));
  const techniques = new Map<string, TechniqueFact>();
  for (const t of m.techniques) {
    const f: TechniqueFact = { id: t.id, name: t.name!, domains: [domain], tactics: [...((t.tactics as string[]) ?? [])].sort(), mitigations: [] };
    if (typeof t['subtechnique-of'] === 'string') f.parent = t['subtechnique-of'] as string;
    techniques.set(t.id, f);
  }
  // Sub-techniques inherit their parent's tactics in ATLAS.
  for (const t of techniques.values()) if (t.parent && t.tactics.length === 0) t.tactics = [...(techniques.get(t.parent)?.tactics ?? [])];
  const mitigations: MitigationFact[] = [];
  let modified = '';
  for (const mi of m.mitigations) {
    mitigations.push({ id: mi.id, name: mi.name!, domains: [domain] });
    for (const ref of (mi.techniques as { id: string }[] | undefined) ?? []) {
      const t = techniques.get(ref.id);
      if (t && !t.mitigations.includes(mi.id)) t.mitigations.push(mi.id);
    }
  }
  for (const o of [...m.tactics, ...m.techniques, ...m.mitigations]) {
    const d = o.modified_date instanceof Date ? o.modified_date.toISOString().slice(0, 10) : String(o.modified_date ?? '');
    if (d > modified) modified = d;
  }
  for (const t of techniques.values()) t.mitigations.sort();
  return {
    notice: 'MITRE ATLAS, Copyright 2021-2025 MITRE, licensed under the Apache License 2.0.',
    source: { name: 'MITRE ATLAS', version: String(doc.version), file: 'catalogs/atlas/ATLAS.yaml', modified },
    tactics: tactics.sort(byId),
    techniques: [...techniques.values()].sort(byId),
    mitigations: mitigations.sort(byId),
  };
}

/** One entry per line, so that catalog updates give readable diffs. */
function format(c: CatalogFile): string {
  const list = (xs: unknown[]) => (xs.length ? `[\n    ${xs.map((x) => JSON.stringify(x)).join(',\n    ')}\n  ]` : '[]');
  return `{\n  "notice": ${JSON.stringify(c.notice)},\n  "source": ${JSON.stringify(c.source)},\n` +
    `  "tactics": ${list(c.tactics)},\n  "techniques": ${list(c.techniques)},\n  "mitigations": ${list(c.mitigations)}\n}\n`;
}

for (const [name, cat] of [['attack', buildAttack()], ['atlas', buildAtlas()]] as const) {
  writeText(join(outDir, `${name}.json`), format(cat));
  console.log(`${name}: ${cat.tactics.length} tactics, ${cat.techniques.length} techniques, ${cat.mitigations.length} mitigations`);
}
