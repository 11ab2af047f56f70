// Reading the drawing of an .afb file, of any generation, into one neutral shape: the canvas, its
// blocks (template + raw properties) and its lines (block → block, with the anchor they leave by).
// Anchors, latches and handles are resolved here and forgotten. Tolerant: every oddity becomes an
// Issue and reading goes on; every loop is bounded by the size of the input.
import { isPlainObject } from '../util/json.ts';
import type { Issue } from '../util/issue.ts';
import { canonicalTemplate, knownEnumDigests, md5Hex } from './templates.ts';

export type AfbGeneration = '0.1.0' | '2.0.0' | '2.1.0' | 'v3';

/** A property list as stored: ordered [key, value] pairs. */
export type RawProps = Array<[string, unknown]>;

export interface DiagramBlock {
  instance: string;
  /** Template name, normalised to the current generation's name (e.g. "or" → "OR_operator"). */
  template: string;
  props: RawProps;
}

export interface LineEnd {
  block: string;
  /** Anchor position key (v3: "270", "branch:True") or anchor template (legacy: "true_anchor"). */
  via: string;
}

export interface DiagramLine {
  instance: string;
  source?: LineEnd;
  target?: LineEnd;
}

export interface Diagram {
  generation: AfbGeneration;
  canvas: { instance: string; props: RawProps };
  blocks: DiagramBlock[];
  lines: DiagramLine[];
  /** MD5 digest → option key for every enumeration option known (embedded templates + built-in). */
  enumDigests: Map<string, string>;
  /** Field kinds declared by embedded legacy templates: template → key → "enum" | "date" | … */
  declaredKinds: Map<string, Map<string, string>>;
  warnings: Issue[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function rawProps(v: unknown, warnings: Issue[], where: string): RawProps {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    warnings.push({ code: 'afb-bad-properties', message: 'properties are not a list of [key, value] pairs; ignored', object: where });
    return [];
  }
  const out: RawProps = [];
  let bad = 0;
  for (const p of v) {
    if (Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && p[0] !== '__proto__') out.push([p[0], p[1]]);
    else bad++;
  }
  if (bad) warnings.push({ code: 'afb-bad-properties', message: `${bad} malformed property entr${bad === 1 ? 'y' : 'ies'} ignored`, object: where });
  return out;
}

// ---- current format (attack_flow_v2) ---------------------------------------------------------

export function readV3(doc: Record<string, unknown>): Diagram {
  const warnings: Issue[] = [];
  const objects = doc.objects as unknown[];
  const byInstance = new Map<string, Record<string, unknown>>();
  let dupes = 0;
  for (const o of objects) {
    if (!isPlainObject(o) || typeof o.instance !== 'string' || typeof o.id !== 'string') continue;
    if (byInstance.has(o.instance)) dupes++;
    else byInstance.set(o.instance, o);
  }
  if (dupes) warnings.push({ code: 'afb-duplicate-instance', message: `${dupes} object(s) repeat an instance id; the first of each is used` });
  const skipped = objects.length - byInstance.size - dupes;
  if (skipped) warnings.push({ code: 'afb-bad-object', message: `${skipped} entr${skipped === 1 ? 'y' : 'ies'} of "objects" without string "id" and "instance" ignored` });

  const canvases = [...byInstance.values()].filter((o) => Array.isArray(o.objects));
  let canvas = canvases.find((o) => o.id === 'flow') ?? canvases[0];
  if (canvases.length > 1) {
    warnings.push({ code: 'afb-several-canvases', message: `${canvases.length} canvas objects; using "${String(canvas.instance)}"` });
  }
  if (!canvas) {
    warnings.push({ code: 'afb-no-canvas', message: 'no canvas object ("id": "flow"); every block and line is read as top-level' });
    canvas = { id: 'flow', instance: '', objects: [...byInstance.values()].filter((o) => isPlainObject(o.anchors) || 'source' in o || 'target' in o).map((o) => o.instance) };
  }

  // anchor → (block, position); latch → anchor
  const anchorOwner = new Map<string, LineEnd>();
  const latchAnchor = new Map<string, string>();
  const blocks: DiagramBlock[] = [];
  const lines: DiagramLine[] = [];
  const seen = new Set<string>();
  const children = Array.isArray(canvas.objects) ? canvas.objects : [];
  const lineObjs: Record<string, unknown>[] = [];
  for (const childId of children) {
    if (typeof childId !== 'string' || seen.has(childId)) continue;
    seen.add(childId);
    const o = byInstance.get(childId);
    if (!o) {
      warnings.push({ code: 'afb-missing-object', message: `canvas lists "${childId}", which is not in the file; ignored` });
      continue;
    }
    if (o === canvas) continue;
    if (isPlainObject(o.anchors)) {
      blocks.push({ instance: childId, template: canonicalTemplate(o.id as string), props: rawProps(o.properties, warnings, childId) });
      for (const [position, anchorId] of Object.entries(o.anchors)) {
        if (typeof anchorId !== 'string' || anchorOwner.has(anchorId)) continue;
        anchorOwner.set(anchorId, { block: childId, via: position });
        const anchor = byInstance.get(anchorId);
        if (anchor && Array.isArray(anchor.latches)) {
          for (const l of anchor.latches) if (typeof l === 'string' && !latchAnchor.has(l)) latchAnchor.set(l, anchorId);
        }
      }
    } else if ('source' in o || 'target' in o || o.id === 'dynamic_line' || /line/.test(o.id as string)) {
      lineObjs.push(o);
    } else {
      warnings.push({ code: 'afb-unknown-object', message: `canvas object "${childId}" (${String(o.id)}) is neither a block nor a line; ignored` });
    }
  }
  const end = (latch: unknown): LineEnd | undefined => {
    if (typeof latch !== 'string') return undefined;
    const a = latchAnchor.get(latch);
    return a === undefined ? undefined : anchorOwner.get(a);
  };
  for (const o of lineObjs) lines.push({ instance: o.instance as string, source: end(o.source), target: end(o.target) });

  return {
    generation: 'v3',
    canvas: { instance: canvas.instance as string, props: rawProps(canvas.properties, warnings, 'canvas') },
    blocks,
    lines,
    enumDigests: knownEnumDigests(),
    declaredKinds: new Map(),
    warnings,
  };
}

// ---- legacy formats (0.1.0, 2.0.0, 2.1.0) ------------------------------------------------------

/** Object kinds of legacy templates (schema `type` codes). */
const enum Kind { Anchor = 0, Branch = 1, Dictionary = 2, Latch = 3, Handle = 4, HLine = 5, VLine = 6, Page = 7, Text = 8 }

function kindByName(template: string): Kind | undefined {
  if (template === '@__builtin__anchor' || template === 'true_anchor' || template === 'false_anchor' || /_anchor$/.test(template)) return Kind.Anchor;
  if (template === '@__builtin__line_source' || template === '@__builtin__line_target') return Kind.Latch;
  if (template === '@__builtin__line_handle') return Kind.Handle;
  if (template === '@__builtin__line_horizontal_elbow') return Kind.HLine;
  if (template === '@__builtin__line_vertical_elbow') return Kind.VLine;
  if (template === '@__builtin__page' || template === 'flow' || template === 'attack_flow_page') return Kind.Page;
  if (template === 'condition') return Kind.Branch;
  if (template === 'or' || template === 'and') return Kind.Text;
  if (template.startsWith('@__builtin__')) return undefined;
  return Kind.Dictionary;
}

const PROPERTY_KIND_NAMES: Record<number, string> = { 0: 'int', 1: 'float', 2: 'string', 3: 'date', 4: 'enum', 5: 'list', 6: 'dict' };

/** Walks an embedded template's property descriptors (bounded depth), collecting enum option keys and kinds. */
function scanDescriptors(props: unknown, digests: Map<string, string>, kinds: Map<string, string> | undefined, depth = 0): void {
  if (!isPlainObject(props) || depth > 6) return;
  for (const [key, desc] of Object.entries(props)) {
    if (!isPlainObject(desc)) continue;
    const kind = PROPERTY_KIND_NAMES[desc.type as number];
    if (kinds && kind) kinds.set(key, kind);
    if (desc.type === 4 && isPlainObject(desc.options) && Array.isArray(desc.options.value)) {
      for (const opt of desc.options.value) {
        if (Array.isArray(opt) && typeof opt[0] === 'string') digests.set(md5Hex(opt[0]), opt[0]);
      }
    }
    if (isPlainObject(desc.form)) {
      if (typeof desc.form.type === 'number') scanDescriptors({ [key]: desc.form }, digests, undefined, depth + 1);
      else scanDescriptors(desc.form, digests, undefined, depth + 1);
    }
  }
}

export function readLegacy(doc: Record<string, unknown>, generation: AfbGeneration): Diagram {
  const warnings: Issue[] = [];
  const enumDigests = knownEnumDigests();
  const declaredKinds = new Map<string, Map<string, string>>();
  const templateKind = new Map<string, Kind>();
  let pageTemplate: string | undefined;
  if (isPlainObject(doc.schema)) {
    pageTemplate = str(doc.schema.page_template);
    if (Array.isArray(doc.schema.templates)) {
      for (const t of doc.schema.templates) {
        if (!isPlainObject(t) || typeof t.id !== 'string') continue;
        if (typeof t.type === 'number' && t.type >= 0 && t.type <= 8) templateKind.set(t.id, t.type as Kind);
        const kinds = new Map<string, string>();
        scanDescriptors(t.properties, enumDigests, kinds);
        if (kinds.size) declaredKinds.set(canonicalTemplate(t.id), kinds);
      }
    }
  }
  const kindOf = (template: string): Kind | undefined => templateKind.get(template) ?? kindByName(template);

  const objects = doc.objects as unknown[];
  const byId = new Map<string, Record<string, unknown>>();
  let dupes = 0, bad = 0;
  for (const o of objects) {
    if (!isPlainObject(o) || typeof o.id !== 'string' || typeof o.template !== 'string') {
      bad++;
      continue;
    }
    if (byId.has(o.id)) dupes++;
    else byId.set(o.id, o);
  }
  if (bad) warnings.push({ code: 'afb-bad-object', message: `${bad} entr${bad === 1 ? 'y' : 'ies'} of "objects" without string "id" and "template" ignored` });
  if (dupes) warnings.push({ code: 'afb-duplicate-instance', message: `${dupes} object(s) repeat an id; the first of each is used` });

  const pages = [...byId.values()].filter((o) => kindOf(o.template as string) === Kind.Page);
  let page = (typeof doc.id === 'string' ? byId.get(doc.id) : undefined) ?? pages.find((p) => p.template === pageTemplate) ?? pages[0];
  if (page && kindOf(page.template as string) !== Kind.Page) page = pages[0];
  if (pages.length > 1) warnings.push({ code: 'afb-several-canvases', message: `${pages.length} page objects; using "${String(page?.id)}"` });
  const childList = (o: Record<string, unknown>): string[] =>
    Array.isArray(o.children) ? o.children.filter((c): c is string => typeof c === 'string') : [];
  let top: string[];
  if (page) top = childList(page);
  else {
    warnings.push({ code: 'afb-no-canvas', message: 'no page object; every block and line is read as top-level' });
    top = [...byId.values()].filter((o) => {
      const k = kindOf(o.template as string);
      return k === Kind.Branch || k === Kind.Dictionary || k === Kind.Text || k === Kind.HLine || k === Kind.VLine;
    }).map((o) => o.id as string);
  }

  const anchorOwner = new Map<string, LineEnd>();
  const latchAnchor = new Map<string, string>();
  const blocks: DiagramBlock[] = [];
  const lineObjs: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const id of top) {
    if (seen.has(id)) continue;
    seen.add(id);
    const o = byId.get(id);
    if (!o || o === page) {
      if (!o) warnings.push({ code: 'afb-missing-object', message: `page lists "${id}", which is not in the file; ignored` });
      continue;
    }
    const template = o.template as string;
    const k = kindOf(template);
    if (k === Kind.Branch || k === Kind.Dictionary || k === Kind.Text) {
      blocks.push({ instance: id, template: canonicalTemplate(template), props: rawProps(o.properties, warnings, id) });
      for (const anchorId of childList(o)) {
        const anchor = byId.get(anchorId);
        if (!anchor || kindOf(anchor.template as string) !== Kind.Anchor || anchorOwner.has(anchorId)) continue;
        anchorOwner.set(anchorId, { block: id, via: anchor.template as string });
        for (const l of childList(anchor)) if (!latchAnchor.has(l)) latchAnchor.set(l, anchorId);
      }
    } else if (k === Kind.HLine || k === Kind.VLine) {
      lineObjs.push(o);
    } else {
      warnings.push({ code: 'afb-unknown-object', message: `page object "${id}" (${template}) is neither a block nor a line; ignored` });
    }
  }
  const end = (latch: string | undefined): LineEnd | undefined => {
    if (latch === undefined) return undefined;
    const a = latchAnchor.get(latch);
    return a === undefined ? undefined : anchorOwner.get(a);
  };
  const lines: DiagramLine[] = lineObjs.map((o) => {
    const latches = childList(o).filter((c) => kindOf((byId.get(c)?.template as string) ?? '') === Kind.Latch);
    const src = latches.find((c) => byId.get(c)?.template === '@__builtin__line_source') ?? latches[0];
    const dst = latches.find((c) => byId.get(c)?.template === '@__builtin__line_target') ?? (latches.length > 1 ? latches[latches.length - 1] : undefined);
    return { instance: o.id as string, source: end(src), target: end(dst) };
  });

  return {
    generation,
    canvas: { instance: page ? (page.id as string) : typeof doc.id === 'string' ? doc.id : '', props: page ? rawProps(page.properties, warnings, 'canvas') : [] },
    blocks,
    lines,
    enumDigests,
    declaredKinds,
    warnings,
  };
}
