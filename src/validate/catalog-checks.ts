// ATT&CK / ATLAS checks of attack-action objects against medflow's catalog: technique and tactic ids exist,
// are current (revoked ones name their replacement), form a valid pair, and agree with technique_ref /
// tactic_ref. All findings are warnings: STIX lets technique_id name any collection, and catalogs change.
import type { Issue } from '../util/issue.ts';
import { catalog, catalogVersion, type Catalog, type TechniqueFact } from '../catalog/index.ts';
import type { FlowGraph } from '../flow/model.ts';

const ATTACK_TECHNIQUE_RE = /^(AML\.)?T\d{4}(\.\d{3})?$/;

function techniqueName(t: TechniqueFact): string {
  return `${t.id} (${t.name})`;
}

/** The technique with a note when it is revoked, e.g. "T1192 (Spearphishing Link, revoked: now T1566.002)". */
function techniqueNameNoted(t: TechniqueFact, c: Catalog): string {
  const now = t.revoked ? c.current(t.id) : undefined;
  return `${t.id} (${t.name}${now && now.id !== t.id ? `, revoked: now ${now.id}` : t.revoked ? ', revoked' : ''})`;
}

export function catalogChecks(g: FlowGraph, c: Catalog = catalog()): Issue[] {
  const out: Issue[] = [];
  const version = catalogVersion(c);
  for (const o of g.objects.values()) {
    if (o.type !== 'attack-action') continue;
    const warn = (code: string, property: string, message: string) => out.push({ code, object: o.id, property, message });

    // technique_id
    let technique: TechniqueFact | undefined;
    const rawTechnique = o.technique_id;
    if (typeof rawTechnique === 'string' && rawTechnique.trim() !== '') {
      technique = c.technique(rawTechnique);
      if (!technique) {
        const fixed = c.repairId(rawTechnique) ?? (/^\s*\d{4}(\.\d{1,3})?\s*$/.test(rawTechnique) ? c.repairId(`T${rawTechnique.trim()}`) : undefined);
        const fixedFact = fixed ? c.technique(fixed) : undefined;
        if (fixedFact) {
          warn('technique-unknown', 'technique_id', `"${rawTechnique}" is not a technique id; did you mean ${techniqueName(fixedFact)}?`);
        } else if (ATTACK_TECHNIQUE_RE.test(rawTechnique.trim().toUpperCase())) {
          warn('technique-unknown', 'technique_id', `"${rawTechnique}" is not in ${version}`);
        } else {
          warn('technique-not-attack', 'technique_id', `"${rawTechnique}" is not an ATT&CK or ATLAS technique id, so medflow cannot check it`);
        }
      } else if (technique.revoked) {
        const now = c.current(technique.id);
        warn('technique-revoked', 'technique_id', now && now.id !== technique.id
          ? `${techniqueName(technique)} is revoked; use ${techniqueName(now)} instead`
          : `${techniqueName(technique)} is revoked`);
      } else if (technique.deprecated) {
        warn('technique-deprecated', 'technique_id', `${techniqueName(technique)} is deprecated`);
      }
    }

    // tactic_id (an id, or a shortname such as "initial-access")
    const rawTactic = o.tactic_id;
    let tactics: string[] = [];
    if (typeof rawTactic === 'string' && rawTactic.trim() !== '') {
      if (c.tactic(rawTactic)) tactics = [rawTactic];
      else {
        const named = [...c.tactics.values()].filter((t) => t.shortname === rawTactic.trim().toLowerCase()).map((t) => t.id);
        if (named.length) tactics = named;
        else {
          const fixed = c.repairId(rawTactic);
          const fact = fixed ? c.tactic(fixed) : undefined;
          warn('tactic-unknown', 'tactic_id', fact
            ? `"${rawTactic}" is not a tactic id; did you mean ${fact.id} (${fact.name})?`
            : `"${rawTactic}" is not an ATT&CK or ATLAS tactic id or shortname`);
        }
      }
    }

    // pairing (only for current techniques; a revoked one already has its own finding)
    if (technique && !technique.revoked && tactics.length && !tactics.some((t) => c.isValidPair(t, technique!.id))) {
      const tactic = c.tactic(tactics[0])!;
      const listed = technique.tactics.length ? technique.tactics : c.technique(technique.parent ?? '')?.tactics ?? [];
      warn('tactic-technique-pair', 'tactic_id',
        `${techniqueName(technique)} is not listed under ${tactic.id} (${tactic.name}); its tactics are ${listed.join(', ') || 'none'}`);
    }

    // technique_ref
    if (typeof o.technique_ref === 'string' && o.technique_ref.startsWith('attack-pattern--')) {
      const byRef = c.techniqueByStix.get(o.technique_ref);
      if (!byRef) {
        if (!g.objects.has(o.technique_ref)) {
          warn('technique-ref-unknown', 'technique_ref', `${o.technique_ref} is not an ATT&CK or ATLAS technique in ${version}`);
        }
      } else if (technique && byRef.id !== technique.id) {
        warn('technique-ref-mismatch', 'technique_ref', `technique_ref is ${techniqueNameNoted(byRef, c)} but technique_id is ${technique.id}`);
      } else if (!technique && typeof rawTechnique === 'string' && rawTechnique.trim() !== '') {
        warn('technique-ref-mismatch', 'technique_ref', `technique_ref is ${techniqueNameNoted(byRef, c)} but technique_id is "${rawTechnique}"`);
      }
    }

    // tactic_ref
    if (typeof o.tactic_ref === 'string' && o.tactic_ref.includes('--')) {
      const byRef = c.tacticByStix.get(o.tactic_ref);
      if (!byRef) {
        if (!g.objects.has(o.tactic_ref)) warn('tactic-ref-unknown', 'tactic_ref', `${o.tactic_ref} is not an ATT&CK tactic in ${version}`);
      } else if (tactics.length && !tactics.includes(byRef.id)) {
        warn('tactic-ref-mismatch', 'tactic_ref', `tactic_ref is ${byRef.id} (${byRef.name}) but tactic_id is ${String(rawTactic)}`);
      }
    }
  }
  return out;
}
