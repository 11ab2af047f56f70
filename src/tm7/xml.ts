// Safe XML reading for `.tm7` files: refuses DTDs (so no external entity is ever resolved and no entity
// expansion can explode), parses with fast-xml-parser with entity processing off, matches elements on their
// local names (namespace prefixes dropped) and decodes only the five predefined XML entities and numeric
// character references, by hand.
import { XMLParser } from 'fast-xml-parser';
import { MedflowError } from '../util/errors.ts';

/** A parsed XML element: child elements by local name, attributes as `@name`, text as `#text`. */
export type XNode = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; any other `&name;` is left as written. */
export function decodeXmlText(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return PREDEFINED[e];
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}

/** What the document starts with, found without parsing it: the root element's local name and any DOCTYPE. */
export function sniffXml(text: string): { root?: string; doctype?: string; html: boolean } {
  let i = 0;
  const n = Math.min(text.length, 1 << 20);
  let doctype: string | undefined;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i);
      if (e < 0) break;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i);
      if (e < 0) break;
      i = e + 3;
    } else if (/^<!DOCTYPE/i.test(text.slice(i, i + 9))) {
      const m = /^<!DOCTYPE\s+([^\s>[]+)/i.exec(text.slice(i, i + 200));
      doctype = m?.[1] ?? '';
      // skip to the end of the declaration (an internal subset ends with "]>")
      const bracket = text.indexOf('[', i);
      const gt = text.indexOf('>', i);
      if (bracket >= 0 && (gt < 0 || bracket < gt)) {
        const e = text.indexOf(']', bracket);
        const e2 = e < 0 ? -1 : text.indexOf('>', e);
        if (e2 < 0) break;
        i = e2 + 1;
      } else {
        if (gt < 0) break;
        i = gt + 1;
      }
    } else if (text[i] === '<') {
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 300));
      const root = m?.[2];
      return { root, doctype, html: isHtml(root, doctype) };
    } else break;
  }
  return { doctype, html: isHtml(undefined, doctype) || /^\s*<html[\s>]/i.test(text.slice(0, 4096)) };
}

const isHtml = (root?: string, doctype?: string) => root?.toLowerCase() === 'html' || doctype?.toLowerCase() === 'html';

export interface ParseXmlOptions {
  /** Expected local name of the root element. */
  root: string;
  /** Short description of the expected file, used in error messages ("a .tm7 threat model"). */
  what: string;
  file?: string;
  /** Element paths whose content is kept as raw text and never parsed (e.g. large base64 images). */
  stopNodes?: string[];
}

/**
 * Parses an XML document whose root must be `opts.root`. Throws a MedflowError for HTML, for a DTD (refused
 * outright: a `.tm7` never has one, and refusing it rules out XXE and entity-expansion attacks), for another
 * root element and for malformed XML.
 */
export function parseXmlDocument(text: string, opts: ParseXmlOptions): XNode {
  const place = { file: opts.file };
  const s = sniffXml(text);
  if (s.html) {
    throw new MedflowError(`this is an HTML page, not ${opts.what} (was a web page saved instead of the raw file?)`, place);
  }
  if (s.doctype !== undefined || /<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new MedflowError(`refusing a DOCTYPE/ENTITY declaration: ${opts.what} never has one (possible XXE or entity-expansion attack)`, place);
  }
  if (!s.root) throw new MedflowError(`not XML: expected ${opts.what} with a <${opts.root}> root element`, place);
  if (s.root !== opts.root) {
    throw new MedflowError(`root element is <${s.root}>, expected <${opts.root}> (${opts.what})`, place);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    removeNSPrefix: true,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    stopNodes: opts.stopNodes ?? [],
  });
  let doc: XNode;
  try {
    doc = parser.parse(text, true) as XNode;
  } catch (e) {
    const msg = (e as { err?: { msg?: string; line?: number; col?: number } }).err;
    const at = msg?.line !== undefined ? `${msg.line}:${msg.col ?? 0}` : undefined;
    throw new MedflowError(`malformed XML: ${msg?.msg ?? (e as Error).message}`, { ...place, at });
  }
  const root = doc[opts.root];
  if (root === undefined || root === null || typeof root !== 'object') {
    throw new MedflowError(`no <${opts.root}> element with content (${opts.what})`, place);
  }
  return root as XNode;
}

// ---- navigation helpers (all tolerant of missing parts) ----

const isNode = (v: unknown): v is XNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The child elements named `name` (always an array). */
export function children(n: unknown, name: string): XNode[] {
  if (!isNode(n)) return [];
  const v = n[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (isNode(x) ? x : { '#text': x }));
}

/** The first child element named `name`. */
export function child(n: unknown, name: string): XNode | undefined {
  return children(n, name)[0];
}

/** The text of an element (decoded), or undefined for a missing or `i:nil` element. */
export function text(n: unknown): string | undefined {
  if (n === undefined || n === null) return undefined;
  if (typeof n === 'string') return decodeXmlText(n);
  if (typeof n === 'number' || typeof n === 'boolean') return String(n);
  if (!isNode(n)) return undefined;
  if (n['@nil'] === 'true') return undefined;
  const t = n['#text'];
  if (t === undefined) return Object.keys(n).some((k) => !k.startsWith('@')) ? undefined : '';
  return decodeXmlText(String(t));
}

/** Text of the child `name`. */
export function childText(n: unknown, name: string): string | undefined {
  if (!isNode(n)) return undefined;
  const v = n[name];
  return text(Array.isArray(v) ? v[0] : v);
}

/** Number from the child `name`, or undefined when missing or not numeric. */
export function childNumber(n: unknown, name: string): number | undefined {
  const t = childText(n, name);
  if (t === undefined || t.trim() === '') return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : undefined;
}

/** Local part of the `i:type` attribute ("b:ListDisplayAttribute" → "ListDisplayAttribute"). */
export function xsiType(n: unknown): string | undefined {
  if (!isNode(n)) return undefined;
  const t = n['@type'];
  if (typeof t !== 'string') return undefined;
  const c = t.indexOf(':');
  return c >= 0 ? t.slice(c + 1) : t;
}
