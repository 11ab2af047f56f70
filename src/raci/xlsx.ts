// RACI as an Excel workbook (exceljs): sheet "RACI" (the matrix, same columns as the CSV), "Derivation"
// (one line per control and component: hosting model, operator, owner hint, owner, answerable party),
// "Findings" and "About" (versions, legend). Byte-deterministic: fixed document dates and zip entry times.
// `readRaciXlsx` reads the "RACI" sheet back (used by tests and by anyone re-importing an edited sheet).
import ExcelJS from 'exceljs';
import { PARTIES, PARTY_NAMES } from '../vocab/index.ts';
import { MedflowError } from '../util/errors.ts';
import { RACI_COLUMNS, raciTable } from './render.ts';
import type { RaciMatrix } from './types.ts';

/** Fixed document date so the same matrix gives the same bytes (no wall clock in outputs). */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

const FILL: Record<string, string> = { 'A/R': 'FF0B5CAD', A: 'FF5B8FD0', R: 'FFCFE0F5', C: 'FFFDF0C4', I: 'FFEEF1F4' };

export async function raciXlsx(m: RaciMatrix): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'medflow';
  wb.lastModifiedBy = 'medflow';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;

  const ws = wb.addWorksheet('RACI', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = RACI_COLUMNS.map((c) => ({
    header: c, key: c,
    width: c === 'title' ? 60 : c === 'components' ? 40 : c === 'override' ? 40 : c === 'control' ? 14 : c === 'category' ? 24 : 11,
  }));
  ws.getRow(1).font = { bold: true };
  for (const row of raciTable(m)) {
    const r = ws.addRow(row);
    PARTIES.forEach((_, i) => {
      const cell = r.getCell(4 + i);
      cell.alignment = { horizontal: 'center' };
      const fill = FILL[String(cell.value ?? '')];
      if (fill) {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
        if (fill === FILL['A/R'] || fill === FILL.A) cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
        else cell.font = { bold: true };
      }
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: RACI_COLUMNS.length } };

  const d = wb.addWorksheet('Derivation', { views: [{ state: 'frozen', ySplit: 1 }] });
  d.columns = ['control', 'component', 'kind', 'hosting', 'hosting_model', 'operator', 'hint', 'owner', 'answerable', 'overridden', 'accountable_basis']
    .map((c) => ({ header: c, key: c, width: c === 'accountable_basis' ? 80 : 16 }));
  d.getRow(1).font = { bold: true };
  for (const r of m.rows) {
    for (const c of r.components) {
      d.addRow([r.control, c.component, c.kind, c.hosting, c.hosting_model ?? '', c.operator, c.hint, c.owner, c.answerable, c.overridden ? 'yes' : '', r.basis]);
    }
  }

  const f = wb.addWorksheet('Findings');
  f.columns = ['severity', 'code', 'control', 'message'].map((c) => ({ header: c, key: c, width: c === 'message' ? 100 : 22 }));
  f.getRow(1).font = { bold: true };
  for (const x of m.findings) f.addRow([x.severity, x.code, x.control ?? '', x.message]);

  const a = wb.addWorksheet('About');
  a.columns = [{ header: 'key', key: 'k', width: 24 }, { header: 'value', key: 'v', width: 100 }];
  a.getRow(1).font = { bold: true };
  a.addRow(['architecture', `${m.architecture.id}${m.architecture.version ? ` ${m.architecture.version}` : ''}: ${m.architecture.name}`]);
  for (const [k, v] of Object.entries(m.versions)) a.addRow([k, v]);
  a.addRow(['legend', 'R = Responsible (does the work), A = Accountable (answers for it; exactly one), C = Consulted, I = Informed']);
  for (const p of PARTIES) a.addRow([p, PARTY_NAMES[p]]);
  a.addRow(['not applicable', m.not_applicable.join(' ')]);

  const buf = new Uint8Array(await wb.xlsx.writeBuffer());
  return fixZipTimes(buf);
}

/**
 * Sets every entry time of a zip archive to 1980-01-01 00:00 (DOS time 0, date 0x21), in the local
 * headers and the central directory, so the archive bytes do not depend on when it was written.
 */
export function fixZipTimes(buf: Uint8Array): Uint8Array {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  for (let n = 0; n < count; n++) {
    if (v.getUint32(p, true) !== 0x02014b50) throw new Error('damaged zip central directory');
    v.setUint16(p + 12, 0, true);
    v.setUint16(p + 14, 0x21, true);
    const local = v.getUint32(p + 42, true);
    if (v.getUint32(local, true) === 0x04034b50) {
      v.setUint16(local + 10, 0, true);
      v.setUint16(local + 12, 0x21, true);
    }
    p += 46 + v.getUint16(p + 28, true) + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return buf;
}

/** Reads the "RACI" sheet of a workbook: the header row and every data row as cell texts. */
export async function readRaciXlsx(data: Uint8Array, file = 'workbook'): Promise<{ header: string[]; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  } catch (e) {
    throw new MedflowError(`not a readable .xlsx workbook: ${(e as Error).message}`, { file });
  }
  const ws = wb.getWorksheet('RACI');
  if (!ws) throw new MedflowError('the workbook has no sheet named "RACI"', { file });
  const width = ws.getRow(1).cellCount;
  const text = (r: ExcelJS.Row) => Array.from({ length: width }, (_, i) => {
    const v = r.getCell(i + 1).value;
    return v === null || v === undefined ? '' : String(v);
  });
  const header = text(ws.getRow(1));
  const rows: string[][] = [];
  for (let i = 2; i <= ws.rowCount; i++) rows.push(text(ws.getRow(i)));
  return { header, rows };
}
