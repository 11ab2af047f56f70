// Flows built from compact specifications (for tests, fixtures and examples) and seeded synthetic
// flows of any size (for benchmarks and scale checks). Ids are deterministic (UUIDv5).
import { graphFromObjects } from '../flow/bundle.ts';
import type { FlowGraph, StixObject } from '../flow/model.ts';
import { afCreatorIdentity, afExtensionDefinition, afExtensionMarker } from '../stix/attack-flow.ts';
import { stixId } from '../stix/ids.ts';
import { medicalExtension, medflowExtensionDefinition, medflowIdentity, MEDFLOW_EXTENSION_ID } from '../stix/medflow-extension.ts';
import { DIFFICULTY_BANDS } from '../vocab/index.ts';
import { sfc32 } from '../util/rng.ts';

export interface SpecNode {
  key: string;
  kind: 'action' | 'operator' | 'condition';
  name?: string;
  technique?: string;
  /** AND / OR for operators. */
  operator?: 'AND' | 'OR';
  /** Successor keys (actions, operators). */
  effects?: string[];
  /** Condition branches. */
  onTrue?: string[];
  onFalse?: string[];
  /** Asset keys the action references. */
  assets?: string[];
  /** medflow difficulty band on an action. */
  band?: string;
}

export interface FlowSpec {
  name: string;
  nodes: SpecNode[];
  assets?: { key: string; name?: string; patientHarm?: boolean }[];
  /** Keys of the start nodes (default: none, i.e. entry points are computed). */
  start?: string[];
}

const TS = '2026-01-01T00:00:00.000Z';

/** The STIX id a spec key gets. */
export function specId(spec: FlowSpec, key: string): string {
  const n = spec.nodes.find((x) => x.key === key);
  const type = n ? `attack-${n.kind}` : 'attack-asset';
  return stixId(type, `${spec.name}:${key}`);
}

export function flowFromSpec(spec: FlowSpec): FlowGraph {
  const id = (k: string) => specId(spec, k);
  const objs: StixObject[] = [];
  const base = (type: string, key: string) => ({ type, spec_version: '2.1', id: id(key), created: TS, modified: TS, extensions: afExtensionMarker() as Record<string, unknown> });
  for (const n of spec.nodes) {
    if (n.kind === 'action') {
      const o: StixObject = { ...base('attack-action', n.key), name: n.name ?? n.key };
      if (n.technique) o.technique_id = n.technique;
      if (n.effects?.length) o.effect_refs = n.effects.map(id);
      if (n.assets?.length) o.asset_refs = n.assets.map(id);
      if (n.band) o.extensions = { ...(o.extensions as object), ...medicalExtension({ difficulty: { band: n.band, rationale: 'synthetic' } }) };
      objs.push(o);
    } else if (n.kind === 'operator') {
      objs.push({ ...base('attack-operator', n.key), operator: n.operator ?? 'OR', effect_refs: (n.effects ?? []).map(id) });
    } else {
      const o: StixObject = { ...base('attack-condition', n.key), description: n.name ?? n.key };
      if (n.onTrue?.length) o.on_true_refs = n.onTrue.map(id);
      if (n.onFalse?.length) o.on_false_refs = n.onFalse.map(id);
      objs.push(o);
    }
  }
  for (const a of spec.assets ?? []) {
    const o: StixObject = { ...base('attack-asset', a.key), name: a.name ?? a.key };
    if (a.patientHarm) {
      o.extensions = { ...(o.extensions as object), ...medicalExtension({ patient_harm: true, harm: 'synthetic harm' }) };
    }
    objs.push(o);
  }
  const flowId = stixId('attack-flow', spec.name);
  objs.unshift({
    type: 'attack-flow', spec_version: '2.1', id: flowId, created: TS, modified: TS, extensions: afExtensionMarker(),
    name: spec.name, scope: 'attack-tree', start_refs: (spec.start ?? []).map(id),
  });
  if (objs.some((o) => o.extensions && MEDFLOW_EXTENSION_ID in (o.extensions as object))) {
    objs.push(medflowExtensionDefinition() as StixObject, medflowIdentity() as StixObject);
  }
  objs.push(afExtensionDefinition() as StixObject, afCreatorIdentity() as StixObject);
  return graphFromObjects(objs, stixId('bundle', spec.name));
}

/**
 * A seeded synthetic flow of `n` reach nodes: ~20% operators (AND and OR), ~5% conditions, the rest
 * actions with difficulty bands; each node draws 1–3 parents among the preceding 40 nodes
 * (≈1.7 edges per node), a few back edges make cycles, the last action is the patient-harm step.
 */
export function syntheticSpec(n: number, seed = 1, options: { cycles?: number; conditions?: boolean } = {}): FlowSpec {
  const rng = sfc32(seed);
  const nodes: SpecNode[] = [];
  const entries = Math.max(2, Math.round(n / 50));
  for (let i = 0; i < n; i++) {
    const r = rng.float();
    const kind: SpecNode['kind'] = i < entries || i === n - 1 ? 'action' : r < 0.2 ? 'operator' : r < 0.25 && options.conditions !== false ? 'condition' : 'action';
    const node: SpecNode = { key: `n${i}`, kind };
    if (kind === 'action') {
      node.technique = `T${1000 + rng.int(600)}`;
      node.band = DIFFICULTY_BANDS[rng.int(4)];
    } else if (kind === 'operator') node.operator = rng.float() < 0.5 ? 'AND' : 'OR';
    nodes.push(node);
  }
  const link = (from: SpecNode, to: string) => {
    if (from.kind === 'condition') (from.onTrue ??= []).push(to);
    else (from.effects ??= []).push(to);
  };
  const parents: number[][] = nodes.map(() => []);
  for (let i = entries; i < n; i++) {
    const k = nodes[i].kind === 'operator' ? 2 + rng.int(2) : 1 + (rng.float() < 0.35 ? 1 : 0);
    const chosen = new Set<number>();
    for (let j = 0; j < k; j++) chosen.add(Math.max(0, i - 1 - rng.int(Math.min(40, i))));
    for (const p of chosen) (link(nodes[p], nodes[i].key), parents[i].push(p));
  }
  // cycles: an action points back at one of its own parents (lateral movement loops)
  const wanted = options.cycles ?? Math.round(n / 200);
  for (let c = 0, tries = 0; c < wanted && tries < 100 * wanted; tries++) {
    const from = entries + rng.int(n - entries - 1);
    if (nodes[from].kind !== 'action' || parents[from].length === 0) continue;
    link(nodes[from], nodes[parents[from][rng.int(parents[from].length)]].key);
    c++;
  }
  nodes[n - 1].assets = ['harm'];
  return { name: `synthetic-${n}-${seed}`, nodes, assets: [{ key: 'harm', name: 'Patient harm', patientHarm: true }], start: nodes.slice(0, entries).map((x) => x.key) };
}

export function syntheticFlow(n: number, seed = 1, options: { cycles?: number; conditions?: boolean } = {}): FlowGraph {
  return flowFromSpec(syntheticSpec(n, seed, options));
}
