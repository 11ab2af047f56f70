// Shapes of medflow's generated ATT&CK / ATLAS fact tables (data/catalog/*.json). Facts only:
// identifiers, names, pairings and links; no descriptions.

export type Domain = 'enterprise' | 'ics' | 'mobile' | 'atlas';

export const ATTACK_NOTICE =
  '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.';

export interface TacticFact {
  id: string; // TA0001, AML.TA0002
  name: string;
  domain: Domain;
  shortname: string; // initial-access (ATLAS: derived from the name)
  stix_id?: string;
}

export interface TechniqueFact {
  id: string; // T1566.001, T0831, AML.T0043
  name: string;
  domains: Domain[];
  tactics: string[]; // tactic ids
  parent?: string; // parent technique id for sub-techniques
  stix_id?: string;
  revoked?: true;
  deprecated?: true;
  revoked_by?: string; // replacement technique id
  mitigations: string[]; // M1032, M0801, AML.M0000
}

export interface MitigationFact {
  id: string;
  name: string;
  domains: Domain[];
  stix_id?: string;
  deprecated?: true;
}

export interface CatalogFile {
  notice: string;
  source: { name: string; version: string; file: string; modified: string };
  tactics: TacticFact[];
  techniques: TechniqueFact[];
  mitigations: MitigationFact[];
}
