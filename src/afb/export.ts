// Export of a FlowGraph to a current-format (attack_flow_v2) .afb file with an automatic layered
// layout: one block per drawable object (block instance id = the STIX id's UUID, so ids survive),
// 12 anchors per block (conditions: 9 plus "branch:True" / "branch:False"), one line per edge with
// latches on the anchors and a handle, condition branches drawn from their branch anchors. STIX
// content the Builder has no field for travels in the "medflow" section (see patch.ts), so
// STIX → afb → STIX is exact.
import { createHash } from 'node:crypto';
import { isPlainObject } from '../util/json.ts';
import { isUuid, isStixId, uuidv5 } from '../stix/ids.ts';
import { edgesOf, flowOf, type FlowEdge, type FlowGraph, type StixObject } from '../flow/model.ts';
import { blockIds } from '../flow/stats.ts';
import { importDrawing } from './import.ts';
import { PATCH_KEY, diffGraphs, objectsDigest } from './patch.ts';
import { layeredLayout, type LayoutNode } from './layout.ts';
import {
  BLOCK_ANCHORS, BUILDER_HASH_KEY, CONDITION_ANCHORS, CONFIDENCE, ENUM_OPTIONS, TEMPLATES, TEMPLATE_FOR_TYPE, md5Hex, type FieldKind,
} from './templates.ts';

type Pairs = Array<[string, unknown]>;

const uuidOf = (id: string): string => {
  const u = id.slice(id.indexOf('--') + 2);
  return isUuid(u) ? u.toLowerCase() : uuidv5(id);
};

/**
 * `count` distinct UUID-shaped instance ids derived from one seed with a single hash (anchors,
 * latches and handles need many ids; one SHA-1 per block or line keeps export fast).
 */
function derivedIds(seed: string, count: number): string[] {
  const h = createHash('sha1').update(seed, 'utf8').digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const head = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 30)}`;
  const last = parseInt(h.slice(30, 32), 16);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(head + ((last ^ i) & 0xff).toString(16).padStart(2, '0'));
  return out;
}

/** A deterministic list-entry key (the Builder uses random MD5-looking keys). */
const listKey = (owner: string, key: string, i: number) => md5Hex(`${owner}\u0000${key}\u0000${i}`);

function encodeList(owner: string, key: string, items: unknown[]): Pairs {
  return items.map((item, i) => [listKey(owner, key, i), item]);
}

const toPairs = (o: Record<string, unknown>, keys: string[]): Pairs => keys.map((k) => [k, o[k] ?? null]);

/** Builder value of one field, or null when the STIX value has no Builder form (the patch keeps it). */
function encodeField(owner: string, key: string, kind: FieldKind, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  switch (kind) {
    case 'string': return typeof v === 'string' ? v : null;
    case 'int': return Number.isInteger(v) ? v : null;
    case 'float': return typeof v === 'number' && Number.isFinite(v) ? v : null;
    case 'date': return typeof v === 'string' ? v : null;
    case 'bool': return typeof v === 'boolean' ? String(v) : null;
    case 'enum': return typeof v === 'string' && (ENUM_OPTIONS[key] ?? []).includes(v) ? v : null;
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? encodeList(owner, key, v) : [];
    case 'hashes': {
      if (!isPlainObject(v)) return [];
      const entries = Object.entries(v).filter(([, h]) => typeof h === 'string');
      return encodeList(owner, key, entries.map(([t, h]) => [['hash_type', BUILDER_HASH_KEY[t] ?? t], ['hash_value', h]]));
    }
    case 'dicts': {
      if (!Array.isArray(v) || !v.every(isPlainObject)) return [];
      return encodeList(owner, key, (v as Record<string, unknown>[]).map((d) => Object.entries(d).filter(([, x]) => typeof x === 'string')));
    }
    case 'dict':
      return isPlainObject(v) ? Object.entries(v).filter(([, x]) => typeof x === 'string') : null;
  }
}

function blockProperties(obj: StixObject, template: string, instance: string): Pairs {
  if (template === 'action') {
    const confidence = CONFIDENCE.find(([, n]) => n === obj.confidence)?.[0] ?? null;
    const str = (k: string) => (typeof obj[k] === 'string' ? obj[k] : null);
    return [
      ['name', str('name')],
      ['ttp', [['tactic', str('tactic_id')], ['technique', str('technique_id')]]],
      ['description', str('description')],
      ['confidence', confidence],
      ['execution_start', str('execution_start')],
      ['execution_end', str('execution_end')],
    ];
  }
  const spec = TEMPLATES.get(template)!;
  return spec.fields.map(([key, kind]) => [key, encodeField(instance, key, kind, obj[key])]);
}

function canvasProperties(flow: StixObject | undefined, author: StixObject | undefined, instance: string): Pairs {
  const f = flow ?? ({} as Record<string, unknown>);
  const refs = Array.isArray(f.external_references) ? f.external_references.filter(isPlainObject) : [];
  return [
    ['name', typeof f.name === 'string' ? f.name : null],
    ['description', typeof f.description === 'string' ? f.description : null],
    ['author', toPairs(author ?? {}, ['name', 'identity_class', 'contact_information'])
      .map(([k, v]) => [k, typeof v === 'string' ? v : null]) as Pairs],
    ['scope', typeof f.scope === 'string' ? f.scope : null],
    ['external_references', encodeList(instance, 'external_references',
      refs.map((r) => toPairs(r, ['source_name', 'description', 'url']).map(([k, v]) => [k, typeof v === 'string' ? v : null])))],
    ['created', typeof f.created === 'string' ? f.created : null],
  ];
}

/**
 * Approximate drawn size of a block (Builder dictionary blocks: a head with the template name and the
 * wrapped title, then one labelled, wrapped entry per set field), so layers and neighbours do not
 * overlap when the Builder draws the real text.
 */
function blockSize(props: Pairs, template: string): { width: number; height: number } {
  if (template === 'AND_operator' || template === 'OR_operator') return { width: 120, height: 60 };
  const lines = (text: string, perLine: number) => text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
  let h = 50; // head padding and the template name
  let fields = 0;
  for (const [i, [key, v]] of props.entries()) {
    if (v === null || (Array.isArray(v) && v.length === 0)) continue;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    if (i === 0 && key !== 'ttp') h += lines(text, 28) * 24; // the representative field is the title
    else {
      fields++;
      h += 26 + lines(text, 44) * 20;
    }
  }
  if (fields) h += 36;
  if (template === 'condition') h += 44; // branch labels
  return { width: 360, height: h };
}

interface Drawn {
  from: string;
  to: string;
  via: string;
  instance: string;
  rank: number;
}

/** How an edge is drawn so that importing the line gives the same reference back. */
function drawEdge(e: FlowEdge, g: FlowGraph): Drawn {
  const srcType = g.objects.get(e.source)?.type;
  const instance = e.relationship ? uuidOf(e.relationship.id) : uuidv5(`line:${e.source}|${e.property}|${e.target}`);
  if (e.property === 'src_ref' && srcType === 'network-traffic') {
    return { from: e.target, to: e.source, via: '270', instance, rank: 0 };
  }
  const via = e.kind === 'on_true_refs' ? 'branch:True' : e.kind === 'on_false_refs' ? 'branch:False' : srcType === 'attack-condition' ? '0' : '270';
  const single = !Array.isArray(g.objects.get(e.source)?.[e.property]);
  return { from: e.source, to: e.target, via, instance, rank: e.kind === 'relationship' ? 2 : single ? 0 : 1 };
}

/** The .afb document for a graph (see exportAfb). */
export function exportAfbDocument(graph: FlowGraph): Record<string, unknown> {
  const flow = flowOf(graph) ?? [...graph.objects.values()].filter((o) => o.type === 'attack-flow').sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  const canvasInstance = flow ? uuidOf(flow.id) : uuidv5(`canvas:${graph.bundleId}`);
  const authorObj = flow && typeof flow.created_by_ref === 'string' ? graph.objects.get(flow.created_by_ref) : undefined;
  const author = authorObj?.type === 'identity' ? authorObj : undefined;

  // blocks: drawable objects with a Builder template and an id the Builder can carry
  const candidates = blockIds(graph);
  const blocks: Array<{ obj: StixObject; template: string; instance: string }> = [];
  for (const id of [...candidates].sort()) {
    const obj = graph.objects.get(id)!;
    let template = TEMPLATE_FOR_TYPE.get(obj.type);
    if (obj.type === 'attack-operator') template = obj.operator === 'AND' ? 'AND_operator' : 'OR_operator';
    if (!template || !isStixId(id) || !id.startsWith(`${obj.type}--`)) continue;
    blocks.push({ obj, template, instance: uuidOf(id) });
  }
  const drawnIds = new Set(blocks.map((b) => b.obj.id));

  // lines
  const drawn = edgesOf(graph)
    .filter((e) => drawnIds.has(e.source) && drawnIds.has(e.target))
    .map((e) => drawEdge(e, graph))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.rank - b.rank || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0)));
  // instance ids must be unique in the file: a line whose id is taken (e.g. an SRO sharing a block's
  // UUID) gets a derived one, and the medflow section restores the relationship's own id
  const used = new Set<string>([canvasInstance, ...blocks.map((b) => b.instance)]);
  const lines: Drawn[] = [];
  for (const d of drawn) {
    if (used.has(d.instance)) d.instance = uuidv5(`line:${d.instance}:${d.from}:${d.to}`);
    if (used.has(d.instance)) continue;
    used.add(d.instance);
    lines.push(d);
  }

  // objects, in the Builder's order: canvas, then each block with its anchors, then each line with its parts
  const objects: Record<string, unknown>[] = [];
  const anchorId = new Map<string, string>(); // `${block}|${position}` → anchor instance
  const anchorLatches = new Map<string, string[]>();
  const blockObjs: Record<string, unknown>[] = [];
  const props = new Map<string, Pairs>();
  for (const b of blocks) {
    const positions = b.template === 'condition' ? CONDITION_ANCHORS : BLOCK_ANCHORS;
    const anchors: Record<string, string> = {};
    const ids = derivedIds(`anchors:${b.instance}`, positions.length);
    for (const [k, [pos]] of positions.entries()) {
      const a = ids[k];
      anchors[pos] = a;
      anchorId.set(`${b.obj.id}|${pos}`, a);
      anchorLatches.set(a, []);
    }
    const p = blockProperties(b.obj, b.template, b.instance);
    props.set(b.obj.id, p);
    blockObjs.push({ id: b.template, instance: b.instance, properties: p, anchors });
  }
  const lineObjs: Record<string, unknown>[][] = [];
  for (const d of lines) {
    const srcAnchor = anchorId.get(`${d.from}|${d.via}`) ?? anchorId.get(`${d.from}|0`)!;
    const dstAnchor = anchorId.get(`${d.to}|90`)!;
    const [s, t, h] = derivedIds(`line:${d.instance}`, 3);
    anchorLatches.get(srcAnchor)!.push(s);
    anchorLatches.get(dstAnchor)!.push(t);
    lineObjs.push([
      { id: 'dynamic_line', instance: d.instance, source: s, target: t, handles: [h] },
      { id: 'generic_latch', instance: s },
      { id: 'generic_latch', instance: t },
      { id: 'generic_handle', instance: h },
    ]);
  }
  objects.push({
    id: 'flow',
    instance: canvasInstance,
    properties: canvasProperties(flow, author, canvasInstance),
    objects: [...blocks.map((b) => b.instance), ...lines.map((d) => d.instance)],
  });
  for (const [i, b] of blocks.entries()) {
    objects.push(blockObjs[i]);
    const positions = b.template === 'condition' ? CONDITION_ANCHORS : BLOCK_ANCHORS;
    for (const [pos, anchorTemplate] of positions) {
      const a = anchorId.get(`${b.obj.id}|${pos}`)!;
      objects.push({ id: anchorTemplate, instance: a, latches: anchorLatches.get(a)! });
    }
  }
  for (const parts of lineObjs) objects.push(...parts);

  // layout: entry points first so the flow reads top-down from them
  const starts = new Set(Array.isArray(flow?.start_refs) ? (flow!.start_refs as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  const nodes: LayoutNode[] = [...blocks]
    .sort((a, b) => Number(!starts.has(a.obj.id)) - Number(!starts.has(b.obj.id)))
    .map((b) => ({ id: b.obj.id, ...blockSize(props.get(b.obj.id)!, b.template) }));
  const pos = layeredLayout(nodes, lines.map((d) => ({ source: d.from, target: d.to })));
  const layout: Record<string, [number, number]> = {};
  for (const b of blocks) {
    const p = pos.get(b.obj.id)!;
    layout[b.instance] = [p.x, p.y];
  }

  const doc: Record<string, unknown> = { schema: 'attack_flow_v2', theme: 'dark_theme', objects, layout, camera: { x: 0, y: 0, k: 0.5 } };
  // What the drawing alone does not say goes into the medflow section.
  const digest = objectsDigest(objects);
  const { graph: drawnGraph } = importDrawing(doc, 'export.afb');
  const patch = diffGraphs(graph, drawnGraph, digest);
  if (patch) doc[PATCH_KEY] = patch;
  return doc;
}

/** The .afb text for a graph: current format, layered layout, medflow section when needed. */
export function exportAfb(graph: FlowGraph): string {
  return JSON.stringify(exportAfbDocument(graph), null, 2) + '\n';
}
