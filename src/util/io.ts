// File input and output at the edge of the program: bounded reads, clear errors, parsing of
// JSON and YAML with positions, and writes that never leave a half-written file behind.
import { readFileSync, statSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { MedflowError } from './errors.ts';

/** Largest input file medflow reads (the biggest real .afb is under 1 MB; .tm7 files reach a few MB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export function readText(file: string, maxBytes = MAX_INPUT_BYTES): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new MedflowError('is a directory, expected a file', { file });
    size = st.size;
  } catch (e) {
    if (e instanceof MedflowError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MedflowError('file not found', { file });
    if (code === 'EACCES') throw new MedflowError('permission denied', { file });
    throw new MedflowError(`cannot read: ${(e as Error).message}`, { file });
  }
  if (size > maxBytes) {
    throw new MedflowError(`file is ${size} bytes, more than the ${maxBytes}-byte limit`, { file });
  }
  const buf = readFileSync(file);
  // Strip a UTF-8 byte-order mark, which some Windows tools write.
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON text, turning a syntax error into one that gives line and column. */
export function parseJson(text: string, file?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = jsonErrorOffset(text);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const col = pos - before.lastIndexOf('\n');
    const found = pos >= text.length ? 'unexpected end of input'
      : text[pos] === '\ufffd' ? 'unexpected binary data (the file is not UTF-8 text)'
      : `unexpected ${JSON.stringify(text[pos])}`;
    throw new MedflowError(`invalid JSON: ${found}`, { file, at: `${line}:${col}` });
  }
}

/** Offset of the first JSON syntax error (a small recursive-descent scanner; iterative over nesting). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const stack: string[] = [];
  const fail = () => i;
  const str = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') return (i++, true);
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return false;
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? '')) i++;
        else return false;
      } else if (ch < ' ') return false;
      else i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // value := object | array | string | scalar, driven by an explicit stack
  ws();
  for (;;) {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') i++;
      else {
        if (!str()) return fail();
        ws();
        if (text[i] !== ':') return fail();
        i++;
        stack.push('}');
        continue;
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') i++;
      else {
        stack.push(']');
        continue;
      }
    } else if (ch === '"') {
      if (!str()) return fail();
    } else if (!scalar()) return fail();
    // after a value: close containers or move to the next element
    for (;;) {
      ws();
      const close = stack[stack.length - 1];
      if (close === undefined) return i < text.length ? fail() : text.length;
      if (text[i] === ',') {
        i++;
        ws();
        if (close === '}') {
          if (!str()) return fail();
          ws();
          if (text[i] !== ':') return fail();
          i++;
        }
        break;
      }
      if (text[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      return fail();
    }
  }
}

/**
 * Parses YAML with bounds: alias expansion is capped (no "billion laughs"), duplicate keys and
 * syntax errors are reported with line and column.
 */
export function parseYaml(text: string, file?: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const at = err.linePos ? `${err.linePos[0].line}:${err.linePos[0].col}` : undefined;
    throw new MedflowError(`invalid YAML: ${err.message.split('\n')[0]}`, { file, at });
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new MedflowError(`invalid YAML: ${(e as Error).message}`, { file });
  }
}

/** Reads a .json, .yaml or .yml file (decided by extension; JSON is tried first otherwise). */
export function readData(file: string, maxBytes = MAX_INPUT_BYTES): unknown {
  const text = readText(file, maxBytes);
  if (/\.ya?ml$/i.test(file)) return parseYaml(text, file);
  if (/\.json$/i.test(file)) return parseJson(text, file);
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[') ? parseJson(text, file) : parseYaml(text, file);
}

/** Writes a file through a temporary sibling and a rename, creating parent folders. */
export function writeText(file: string, text: string | Uint8Array): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    throw new MedflowError(`cannot write: ${(e as Error).message}`, { file });
  }
}
