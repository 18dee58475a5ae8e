/**
 * Excel in (issue 5): the entry workbook goes out pre-filled and locked, comes back filled
 * in by a script (or re-saved by LibreOffice), and lands with the same values in the
 * database; every bad row is named by sheet, row and column and nothing is written; the
 * same file twice changes nothing; hostile files are refused with a clear error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipOf } from '../../test/zip-archive.ts';
import { queryRows, sql } from '@giaoban/db';
import { checkZip, ZipRefused } from './zip-guard.ts';
import { createUser } from '../accounts/index.ts';
import { actorOf, type ServiceContext } from '../infra/index.ts';
import { DEFAULT_IMPORT_LIMITS, entryTemplate, importWorkbook, type WorkbookImportResult } from './workbook-import.service.ts';
import { submitReport } from '../reporting/index.ts';
import { verifyRollups } from '../monitoring/index.ts';
import { createWorld, openTestContext, type World } from '../../test/factories.ts';

let ctx: ServiceContext;
beforeAll(async () => {
  ctx = await openTestContext();
});
afterAll(async () => {
  await ctx?.database.close();
});

const WEEK = '2023-W26';

/** TW → P1, P2 → one district each → two grassroots units; indicators tuyen-pho (integer), km-duong (decimal), ky-nang-so (to date). */
async function world(prefix: string): Promise<World> {
  return createWorld(ctx, { prefix, provinces: 2, districts: 1, grassroots: 2 });
}

async function storedValues(w: World): Promise<string[]> {
  const rows = await queryRows<{ line: string }>(ctx.db, sql`
    select u.code || ' ' || v.period || ' ' || i.code || ' ' || trim_scale(v.value)::text as line
    from report_values v join units u on u.id = v.unit_id join indicators i on i.id = v.indicator_id
    where v.campaign_id = ${w.campaign.id} order by 1`);
  return rows.map((r) => r.line);
}

async function auditCount(w: World): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log where campaign_id = ${w.campaign.id}`);
  return row?.n ?? -1;
}

/** Opens a workbook, lets `fill` change the entry sheet, and returns the new file. */
async function edit(file: Buffer, fill: (sheet: ExcelJS.Worksheet, rowOf: (unit: string, indicator: string) => ExcelJS.Row) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Nhập số liệu')!;
  const rowOf = (unit: string, indicator: string) => {
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (row.getCell(1).value === unit && row.getCell(3).value === indicator) return row;
    }
    throw new Error(`no row for ${unit} ${indicator}`);
  };
  fill(sheet, rowOf);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const problemsOf = (r: WorkbookImportResult) => r.problems.map((p) => `${p.sheet}!${p.column}${p.row}: ${p.message}`);

describe('the entry template', () => {
  it('pre-fills the unit and its children with targets and figures to date, locks everything but the validated input column', async () => {
    const w = await world('tpl-');
    const [p1] = w.provinces;
    await submitReport(ctx, { campaign: w.campaign.code, unit: p1!.code, period: '2023-W25' }, null, { values: { 'tpl-ky-nang-so': 40 } });
    await submitReport(ctx, { campaign: w.campaign.code, unit: p1!.code, period: WEEK }, null, { values: { 'tpl-tuyen-pho': 7 } });
    const { file, fileName } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    expect(fileName).toBe(`nhap-so-lieu-tpl-HE2023-tpl-TW-${WEEK}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Nhập số liệu', 'Hướng dẫn']);
    const sheet = book.getWorksheet('Nhập số liệu')!;
    expect(sheet.getCell('A3').value).toBe('Mã chiến dịch:');
    expect(sheet.getCell('B3').value).toBe('tpl-HE2023');
    expect(sheet.getCell('B4').value).toBe(WEEK);
    expect(sheet.getCell('C4').value).toBe('26/06/2023 – 02/07/2023');
    expect(sheet.getRow(7).values).toEqual([undefined, 'Mã đơn vị', 'Tên đơn vị', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Cách nhập', 'Chỉ tiêu giao', 'Lũy kế đến hết tuần trước', 'Số liệu tuần này']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
    // TW and its two provinces, three indicators each.
    expect(sheet.rowCount).toBe(7 + 3 * 3);
    expect(sheet.getRow(8).getCell(1).value).toBe('tpl-TW');
    const p1Skills = sheet.getRow(7 + 3 + 3);
    expect(p1Skills.getCell(1).value).toBe('tpl-P1');
    expect(p1Skills.getCell(3).value).toBe('tpl-ky-nang-so');
    expect(p1Skills.getCell(6).value).toBe('Lũy kế đến hết tuần');
    expect(p1Skills.getCell(8).value).toBe(40);
    const p1Streets = sheet.getRow(7 + 3 + 1);
    expect(p1Streets.getCell(9).value).toBe(7);
    // Only the input cells are open, each validated as a number not below its floor.
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    expect(p1Streets.getCell(1).protection?.locked).not.toBe(false);
    expect(p1Streets.getCell(9).protection).toMatchObject({ locked: false });
    expect(p1Streets.getCell(9).dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(p1Skills.getCell(9).dataValidation).toMatchObject({ type: 'whole', formulae: [40] });
    expect(sheet.getRow(7 + 2).getCell(9).dataValidation).toMatchObject({ type: 'decimal' });
    const guide = book.getWorksheet('Hướng dẫn')!;
    expect(String(guide.getCell('A1').value)).toBe('HƯỚNG DẪN NHẬP SỐ LIỆU');
    expect(guide.getColumn(1).values.join('\n')).toContain('Chỉ nhập số không âm');
  });

  it('holds only the units the account may write (a reporter: its own unit)', async () => {
    const w = await world('tpr-');
    const user = await createUser(ctx, { username: 'tpr.p1', password: 'mat-khau-dai-1', displayName: 'P1', role: 'reporter', unitCode: w.provinces[0]!.code });
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.provinces[0]!.code, period: WEEK }, actorOf(user), true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const codes = new Set(book.getWorksheet('Nhập số liệu')!.getColumn(1).values.slice(8));
    expect([...codes]).toEqual(['tpr-P1']);
  });
});

describe('the round trip', () => {
  it('template out → filled by a script → in → the same values in the database; the same file again changes nothing', async () => {
    const w = await world('rt-');
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const filled = await edit(file, (_, rowOf) => {
      rowOf('rt-P1', 'rt-tuyen-pho').getCell(9).value = 12;
      rowOf('rt-P1', 'rt-km-duong').getCell(9).value = 3.25;
      rowOf('rt-P1', 'rt-ky-nang-so').getCell(9).value = '1.250'; // typed as text the Vietnamese way
      rowOf('rt-P2', 'rt-tuyen-pho').getCell(9).value = 5;
    });
    const first = await importWorkbook(ctx, { campaign: w.campaign.code }, null, filled, { mode: 'workbook' });
    expect(problemsOf(first)).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.rows).toBe(9);
    expect(first.units.map((u) => `${u.code} ${u.outcome}`)).toEqual(['rt-TW unchanged', 'rt-P1 written', 'rt-P2 written']);
    expect(await storedValues(w)).toEqual([
      `rt-P1 ${WEEK} rt-km-duong 3.25`, `rt-P1 ${WEEK} rt-ky-nang-so 1250`, `rt-P1 ${WEEK} rt-tuyen-pho 12`, `rt-P2 ${WEEK} rt-tuyen-pho 5`,
    ]);
    expect((await verifyRollups(ctx, w.campaign.code)).differences).toEqual([]);

    const audit = await auditCount(w);
    const second = await importWorkbook(ctx, { campaign: w.campaign.code }, null, filled, { mode: 'workbook' });
    expect(second.ok).toBe(true);
    expect(second.units.map((u) => u.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await auditCount(w)).toBe(audit);

    // A template drawn now carries the figures, so sending it back untouched changes nothing either.
    const again = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const third = await importWorkbook(ctx, { campaign: w.campaign.code }, null, again.file, { mode: 'workbook' });
    expect(third.units.map((u) => u.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await auditCount(w)).toBe(audit);
  });

  it.runIf(hasSoffice())('imports a workbook written by LibreOffice Calc', async () => {
    const w = await world('lo-');
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const filled = await edit(file, (_, rowOf) => {
      rowOf('lo-P1', 'lo-tuyen-pho').getCell(9).value = 21;
      rowOf('lo-P2', 'lo-km-duong').getCell(9).value = 0.5;
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'giaoban-lo-'));
    try {
      writeFileSync(path.join(dir, 'in.xlsx'), filled);
      execFileSync('soffice', [
        `-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', path.join(dir, 'out'), path.join(dir, 'in.xlsx'),
      ], { stdio: 'pipe', timeout: 120_000 });
      const written = readFileSync(path.join(dir, 'out', 'in.xlsx'));
      expect(written.equals(filled)).toBe(false);
      const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, written, { mode: 'workbook' });
      expect(problemsOf(result)).toEqual([]);
      expect(await storedValues(w)).toEqual([`lo-P1 ${WEEK} lo-tuyen-pho 21`, `lo-P2 ${WEEK} lo-km-duong 0.5`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('imports a workbook as Excel writes it (shared strings, its own parts, none of our styles or validations)', async () => {
    const w = await world('xl-');
    const strings = ['Mã chiến dịch:', 'xl-HE2023', 'Tuần:', WEEK, 'Mã đơn vị', 'Tên đơn vị', 'Mã chỉ tiêu', 'Số liệu tuần này', 'xl-P1', 'xl-tuyen-pho', 'xl-ky-nang-so', '1.250', 'xl-P2', 'xl-km-duong'];
    const str = (ref: string, text: string) => `<c r="${ref}" t="s"><v>${strings.indexOf(text)}</v></c>`;
    const num = (ref: string, n: number) => `<c r="${ref}"><v>${n}</v></c>`;
    const rows = [
      `<row r="3">${str('A3', 'Mã chiến dịch:')}${str('B3', 'xl-HE2023')}</row>`,
      `<row r="4">${str('A4', 'Tuần:')}${str('B4', WEEK)}</row>`,
      `<row r="7">${str('A7', 'Mã đơn vị')}${str('B7', 'Tên đơn vị')}${str('C7', 'Mã chỉ tiêu')}${str('I7', 'Số liệu tuần này')}</row>`,
      `<row r="8">${str('A8', 'xl-P1')}${str('C8', 'xl-tuyen-pho')}${num('I8', 14)}</row>`,
      `<row r="9">${str('A9', 'xl-P1')}${str('C9', 'xl-ky-nang-so')}${str('I9', '1.250')}</row>`,
      `<row r="10">${str('A10', 'xl-P2')}${str('C10', 'xl-km-duong')}${num('I10', 2.75)}</row>`,
    ];
    const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n${body}`);
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const file = zipOf([
      { name: '[Content_Types].xml', data: xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>') },
      { name: '_rels/.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
      { name: 'xl/workbook.xml', data: xml(`<workbook xmlns="${main}" xmlns:r="${rel}"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets><sheet name="Nhập số liệu" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`) },
      { name: 'xl/_rels/workbook.xml.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`) },
      { name: 'xl/worksheets/sheet1.xml', data: xml(`<worksheet xmlns="${main}" xmlns:r="${rel}"><dimension ref="A3:I10"/><sheetData>${rows.join('')}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`) },
      { name: 'xl/sharedStrings.xml', data: xml(`<sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`) },
    ]);
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, file, { mode: 'workbook' });
    expect(problemsOf(result)).toEqual([]);
    expect(await storedValues(w)).toEqual([`xl-P1 ${WEEK} xl-ky-nang-so 1250`, `xl-P1 ${WEEK} xl-tuyen-pho 14`, `xl-P2 ${WEEK} xl-km-duong 2.75`]);
  });
});

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'pipe', timeout: 60_000 });
    return true;
  } catch {
    console.log('LibreOffice (soffice) is not installed: the LibreOffice-written workbook test is skipped (.ci/run installs it).');
    return false;
  }
}

describe('bad rows', () => {
  it('names every bad cell by sheet, row and column, in Vietnamese, and writes nothing', async () => {
    const w = await world('bad-');
    await submitReport(ctx, { campaign: w.campaign.code, unit: w.provinces[1]!.code, period: WEEK }, null, { values: { 'bad-tuyen-pho': 4 } });
    const before = await storedValues(w);
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const filled = await edit(file, (sheet, rowOf) => {
      rowOf('bad-P1', 'bad-tuyen-pho').getCell(9).value = 2.5;          // row 11: whole numbers only
      rowOf('bad-P1', 'bad-km-duong').getCell(9).value = 'mười';         // row 12: not a number
      rowOf('bad-P1', 'bad-ky-nang-so').getCell(9).value = { formula: 'SUM(H13:H13)', result: 40 } as ExcelJS.CellFormulaValue; // row 13
      rowOf('bad-P2', 'bad-tuyen-pho').getCell(9).value = 9;             // row 14: fine on its own
      rowOf('bad-P2', 'bad-km-duong').getCell(9).value = -1;             // row 15: negative
      sheet.getRow(17).values = ['bad-XX', 'Không có', 'bad-tuyen-pho', '', '', '', null, null, 1];
      sheet.getRow(18).values = ['bad-P2', '', 'bad-khong-co', '', '', '', null, null, 1];
      sheet.getRow(19).values = ['bad-P2', '', 'bad-tuyen-pho', '', '', '', null, null, 3];
    });
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, filled, { mode: 'workbook' });
    expect(result.ok).toBe(false);
    const cells = result.problems.map((p) => `${p.sheet}!${p.column}${p.row}`);
    expect(cells).toEqual(['I11', 'I12', 'I13', 'I15', 'A17', 'C18', 'C19'].map((c) => `Nhập số liệu!${c}`));
    const text = problemsOf(result).join('\n');
    expect(text).toContain('I13: Ô chứa công thức; chỉ được nhập số.');
    expect(text).toContain('A17: Không tìm thấy đơn vị có mã "bad-XX".');
    expect(text).toContain('C18: Chỉ tiêu "bad-khong-co" không thuộc chiến dịch.');
    expect(text).toContain('C19: Trùng với dòng 14');
    expect(result.problems.every((p) => p.messageEn.length > 0)).toBe(true);
    expect(await storedValues(w)).toEqual(before);
  });

  it('per unit: the units without errors are written, the others refused; a refusal by the quality rules points at its cell', async () => {
    const w = await world('pu-');
    await submitReport(ctx, { campaign: w.campaign.code, unit: w.provinces[0]!.code, period: '2023-W25' }, null, { values: { 'pu-ky-nang-so': 100 } });
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const filled = await edit(file, (_, rowOf) => {
      rowOf('pu-P1', 'pu-ky-nang-so').getCell(9).value = 60; // to date may not fall below 100
      rowOf('pu-P2', 'pu-tuyen-pho').getCell(9).value = 8;
    });
    const whole = await importWorkbook(ctx, { campaign: w.campaign.code }, null, filled, { mode: 'workbook' });
    expect(whole.ok).toBe(false);
    expect(whole.problems.map((p) => `${p.column}${p.row}`)).toEqual(['I13']);
    expect(whole.problems[0]!.message).toMatch(/^Tỉnh Đoàn 1: /);
    expect(await storedValues(w)).toEqual([`pu-P1 2023-W25 pu-ky-nang-so 100`]);

    const perUnit = await importWorkbook(ctx, { campaign: w.campaign.code }, null, filled, { mode: 'unit' });
    expect(perUnit.ok).toBe(false);
    expect(perUnit.units.map((u) => `${u.code} ${u.outcome}`)).toEqual(['pu-TW unchanged', 'pu-P1 refused', 'pu-P2 written']);
    expect(await storedValues(w)).toEqual([`pu-P1 2023-W25 pu-ky-nang-so 100`, `pu-P2 ${WEEK} pu-tuyen-pho 8`]);
    expect((await verifyRollups(ctx, w.campaign.code)).differences).toEqual([]);
  });

  it('refuses rows for units the account may not write, and a file for another campaign', async () => {
    const w = await world('sc-');
    const user = await createUser(ctx, { username: 'sc.p1', password: 'mat-khau-dai-1', displayName: 'P1', role: 'manager', unitCode: w.provinces[0]!.code });
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const filled = await edit(file, (_, rowOf) => {
      rowOf('sc-P1', 'sc-tuyen-pho').getCell(9).value = 1;
      rowOf('sc-P2', 'sc-tuyen-pho').getCell(9).value = 1;
    });
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, actorOf(user), filled, { mode: 'workbook' });
    expect(problemsOf(result)).toEqual(['Nhập số liệu!A8: Bạn không có quyền nhập báo cáo của Trung ương Đoàn.', 'Nhập số liệu!A9: Bạn không có quyền nhập báo cáo của Trung ương Đoàn.',
      'Nhập số liệu!A10: Bạn không có quyền nhập báo cáo của Trung ương Đoàn.', 'Nhập số liệu!A14: Bạn không có quyền nhập báo cáo của Tỉnh Đoàn 2.',
      'Nhập số liệu!A15: Bạn không có quyền nhập báo cáo của Tỉnh Đoàn 2.', 'Nhập số liệu!A16: Bạn không có quyền nhập báo cáo của Tỉnh Đoàn 2.']);
    expect(await storedValues(w)).toEqual([]);

    // The manager's own unit alone goes in, submitted on its behalf.
    const own = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.provinces[0]!.code, period: WEEK }, actorOf(user), true);
    const ownFilled = await edit(own.file, (_, rowOf) => { rowOf('sc-P1', 'sc-tuyen-pho').getCell(9).value = 6; });
    const ok = await importWorkbook(ctx, { campaign: w.campaign.code }, actorOf(user), ownFilled, { mode: 'workbook' });
    expect(problemsOf(ok)).toEqual([]);
    expect(await storedValues(w)).toEqual([`sc-P1 ${WEEK} sc-tuyen-pho 6`]);

    const other = await world('sc2-');
    const wrong = await importWorkbook(ctx, { campaign: other.campaign.code }, null, ownFilled, { mode: 'workbook' });
    expect(problemsOf(wrong)).toEqual(['Nhập số liệu!B0: Tệp dành cho chiến dịch "sc-HE2023", không phải "sc2-HE2023".']);
  });
});

describe('figures typed as text', () => {
  it('reads them the Vietnamese way and quotes each refused one exactly as typed', async () => {
    const w = await world('txt-');
    const huge = '123456789012345678901234567890';
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    let rows: Record<string, number> = {};
    const filled = await edit(file, (_, rowOf) => {
      const put = (unit: string, indicator: string, text: string) => {
        const row = rowOf(unit, indicator);
        row.getCell(9).value = text;
        rows = { ...rows, [`${unit} ${indicator}`]: row.number };
      };
      put('txt-P1', 'txt-tuyen-pho', huge);
      put('txt-P1', 'txt-km-duong', '1.5');
      put('txt-P2', 'txt-tuyen-pho', '1,5');
      put('txt-P2', 'txt-km-duong', '1,5');
    });
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, filled, { mode: 'workbook' });
    expect(result.ok).toBe(false);
    const at = (key: string) => `Nhập số liệu!I${rows[key]}`;
    expect(problemsOf(result)).toEqual([
      `${at('txt-P1 txt-tuyen-pho')}: Chỉ tiêu "Tuyến phố văn minh" không nhận số lớn hơn 1.000.000.000.000.000 (${huge}).`,
      `${at('txt-P1 txt-km-duong')}: Giá trị "1.5" không đọc được: số thập phân viết với dấu phẩy, hãy viết 1,5 (dấu chấm chỉ để tách hàng nghìn, như 1.500).`,
      `${at('txt-P2 txt-tuyen-pho')}: Chỉ tiêu "Tuyến phố văn minh" chỉ nhận số nguyên, không nhận 1,5.`,
    ]);
  });
});

describe('hostile files', () => {
  const tiny = { ...DEFAULT_IMPORT_LIMITS, maxUnzippedBytes: 1024 * 1024 };

  it('refuses what is not a zip, an empty file and a file over the size limit', async () => {
    const w = await world('hf-');
    const messages = async (file: Buffer, limits = DEFAULT_IMPORT_LIMITS) => problemsOf(await importWorkbook(ctx, { campaign: w.campaign.code }, null, file, { mode: 'workbook', limits }));
    expect(await messages(Buffer.from('unit,period,indicator,value\n'))).toEqual(['!0: Tệp không phải bảng tính Excel (.xlsx): hãy lưu lại dưới dạng .xlsx rồi tải lên.']);
    expect(await messages(Buffer.alloc(0))).toEqual(['!0: Tệp rỗng.']);
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, false);
    expect(await messages(file, { ...DEFAULT_IMPORT_LIMITS, maxBytes: 1000 })).toEqual([expect.stringMatching(/^!0: Tệp nặng \d+ KB, vượt giới hạn 1 KB\.$/)]);
    // A zip whose contents are not a workbook.
    expect(await messages(zipOf([{ name: 'a.txt', data: Buffer.from('xin chào') }]))).toEqual([expect.stringContaining('!0: Không tìm thấy trang tính nhập liệu')]);
  });

  it('refuses a zip bomb by what it inflates to, whatever its headers say', async () => {
    const w = await world('zb-');
    const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, bomb, { mode: 'workbook', limits: tiny });
    expect(problemsOf(result)).toEqual(['!0: Nội dung tệp khi giải nén vượt 1 MB (có thể là tệp nén độc hại); tệp bị từ chối.']);
    // Headers that lie about the size change nothing: the guard measures.
    const lying = zipOf([{ name: 'x.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x20) }], { declaredSize: 10 });
    await expect(checkZip(lying, { maxUnzippedBytes: 1024 * 1024, maxEntries: 10 })).rejects.toThrow(ZipRefused);
    await expect(checkZip(zipOf(Array.from({ length: 20 }, (_, k) => ({ name: `${k}`, data: Buffer.from('a') }))), { maxUnzippedBytes: 1024, maxEntries: 10 }))
      .rejects.toThrow(ZipRefused);
  });

  it('refuses a sheet with more rows than the limit', async () => {
    const w = await world('hs-');
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const big = await edit(file, (sheet) => {
      for (let r = 17; r < 17 + 200; r++) sheet.getRow(r).values = ['hs-P1', '', 'hs-tuyen-pho', '', '', '', null, null, null];
    });
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, big, { mode: 'workbook', limits: { ...DEFAULT_IMPORT_LIMITS, maxRows: 100 } });
    // Reading stops at the first row past the limit (header on row 7: row 108 is the 101st).
    expect(problemsOf(result)).toEqual(['Nhập số liệu!0: Trang tính vượt giới hạn 100 dòng mỗi lần nhập (đã dừng đọc ở dòng 108); hãy chia thành nhiều tệp.']);
  });

  it('refuses a shared-strings table past its bounds, and a text longer than a cell may hold, without reading the sheet', async () => {
    const w = await world('ss-');
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 100 }; // shared strings: at most 2 × 100 + 10.000
    const many = Array.from({ length: 10_201 }, (_, k) => `chuỗi ${k}`);
    const tooMany = await importWorkbook(ctx, { campaign: w.campaign.code }, null, plainWorkbook(w, { strings: many }), { mode: 'workbook', limits });
    expect(problemsOf(tooMany)).toEqual(['!0: Tệp chứa hơn 10.200 chuỗi văn bản, quá nhiều cho một bảng tính nhập liệu; tệp bị từ chối.']);
    const long = await importWorkbook(ctx, { campaign: w.campaign.code }, null, plainWorkbook(w, { strings: ['x'.repeat(40_000)] }), { mode: 'workbook', limits });
    expect(problemsOf(long)).toEqual(['!0: Tệp có văn bản dài hơn 32.767 ký tự trong một ô (giới hạn của Excel); tệp bị từ chối.']);
    const inline = await importWorkbook(ctx, { campaign: w.campaign.code }, null, plainWorkbook(w, { cell: `<c r="I8" t="inlineStr"><is><t>${'9'.repeat(40_000)}</t></is></c>` }), { mode: 'workbook', limits });
    expect(problemsOf(inline)).toEqual(['!0: Tệp có văn bản dài hơn 32.767 ký tự trong một ô (giới hạn của Excel); tệp bị từ chối.']);
    // Entity definitions (the "billion laughs") never expand: a DOCTYPE is refused.
    const laughs = await importWorkbook(ctx, { campaign: w.campaign.code }, null, plainWorkbook(w, { doctype: '<!DOCTYPE worksheet [<!ENTITY a "hahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' }), { mode: 'workbook', limits });
    expect(problemsOf(laughs)).toEqual(['!0: Không đọc được tệp: tệp không phải bảng tính Excel (.xlsx) hợp lệ.']);
    expect(await storedValues(w)).toEqual([]);
  });

  it('lists the first 1.000 problems and counts them all; a long code is quoted cut; per unit, every unit with a bad row is still refused', async () => {
    const w = await world('mp-');
    const [p1, p2] = w.provinces;
    const rows: string[] = [];
    // 1.500 rows of P1 with text that is no number, then one good row of P2.
    for (let k = 0; k < 1_500; k++) rows.push(`<row r="${8 + k}">${inlineCell(`A${8 + k}`, p1!.code)}${inlineCell(`C${8 + k}`, `mp-tuyen-pho`)}${inlineCell(`I${8 + k}`, `không phải số ${k}`)}</row>`);
    rows.push(`<row r="2000">${inlineCell('A2000', p2!.code)}${inlineCell('C2000', 'mp-tuyen-pho')}<c r="I2000"><v>3</v></c></row>`);
    rows.push(`<row r="2001">${inlineCell('A2001', 'X'.repeat(5_000))}${inlineCell('C2001', 'mp-tuyen-pho')}<c r="I2001"><v>1</v></c></row>`);
    const file = plainWorkbook(w, { rows: rows.join('') });
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, file, { mode: 'unit', limits: { ...DEFAULT_IMPORT_LIMITS, maxRows: 10_000 } });
    expect(result.ok).toBe(false);
    expect(result.problemCount).toBe(1_501);
    expect(result.problems).toHaveLength(1_000);
    expect(result.problems[0]).toMatchObject({ row: 8, column: 'I', message: 'Giá trị "không phải số 0" không phải là số.' });
    // P1 has no good row left (no report of its own to refuse); P2's goes in.
    expect(result.units.map((u) => `${u.code} ${u.outcome}`)).toEqual([`${p2!.code} written`]);
    expect(await storedValues(w)).toEqual([`${p2!.code} ${WEEK} mp-tuyen-pho 3`]);
    const onlyLong = await importWorkbook(ctx, { campaign: w.campaign.code }, null, plainWorkbook(w, { rows: rows.slice(-1).join('') }), { mode: 'workbook' });
    expect(problemsOf(onlyLong)).toEqual([`Nhập số liệu!A2001: Không tìm thấy đơn vị có mã "${'X'.repeat(100)}…".`]);
  });

  it('reads what Excel can hold in a cell: dates, booleans, errors and formulas are refused, rich text and number formats read', async () => {
    const w = await world('ct-');
    const { file } = await entryTemplate(ctx, { campaign: w.campaign.code, unit: w.root.code, period: WEEK }, null, true);
    const filled = await edit(file, (_, rowOf) => {
      const date = rowOf('ct-TW', 'ct-tuyen-pho').getCell(9);                                             // row 8: a date as a person types one
      date.value = new Date('2023-06-27T00:00:00Z');
      date.numFmt = 'dd/mm/yyyy';
      rowOf('ct-TW', 'ct-km-duong').getCell(9).value = true;                                               // row 9
      rowOf('ct-TW', 'ct-ky-nang-so').getCell(9).value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;    // row 10
      rowOf('ct-P1', 'ct-tuyen-pho').getCell(9).value = { richText: [{ text: '1.' }, { font: { bold: true }, text: '500' }] }; // row 11
      rowOf('ct-P1', 'ct-km-duong').getCell(9).value = { formula: 'A1', result: 2 } as ExcelJS.CellFormulaValue; // row 12
    });
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, filled, { mode: 'unit' });
    expect(problemsOf(result)).toEqual([
      'Nhập số liệu!I8: Ô chứa ngày tháng; chỉ được nhập số.', 'Nhập số liệu!I9: Ô chứa giá trị đúng/sai; chỉ được nhập số.',
      'Nhập số liệu!I10: Ô chứa giá trị lỗi; chỉ được nhập số.', 'Nhập số liệu!I12: Ô chứa công thức; chỉ được nhập số.',
    ]);
    expect(result.units.map((u) => `${u.code} ${u.outcome}`)).toEqual(['ct-P1 refused', 'ct-P2 unchanged']);
    const rich = await importWorkbook(ctx, { campaign: w.campaign.code }, null, await edit(file, (_, rowOf) => {
      rowOf('ct-P1', 'ct-tuyen-pho').getCell(9).value = { richText: [{ text: '1.' }, { font: { bold: true }, text: '500' }] };
    }), { mode: 'workbook' },
    );
    expect(problemsOf(rich)).toEqual([]);
    expect(await storedValues(w)).toEqual([`ct-P1 ${WEEK} ct-tuyen-pho 1500`]);
  });

  it('refuses a workbook without an entry sheet', async () => {
    const w = await world('ns-');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Sheet1').addRow(['unit', 'value']);
    const result = await importWorkbook(ctx, { campaign: w.campaign.code }, null, Buffer.from(await book.xlsx.writeBuffer()), { mode: 'workbook' });
    expect(problemsOf(result)[0]).toMatch(/^!0: Không tìm thấy trang tính nhập liệu/);
  });
});

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;

/**
 * A workbook written by hand, as a hostile or an odd writer could: the labels and header of
 * an entry sheet for `w`'s campaign, then `rows` (or one row holding `cell`), and a
 * shared-strings table of `strings` when given.
 */
function plainWorkbook(w: World, o: { rows?: string; cell?: string; strings?: readonly string[]; doctype?: string }): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${o.doctype ?? ''}${body}`);
  const rows = [
    `<row r="3">${inlineCell('A3', 'Mã chiến dịch:')}${inlineCell('B3', w.campaign.code)}</row>`,
    `<row r="4">${inlineCell('A4', 'Tuần:')}${inlineCell('B4', WEEK)}</row>`,
    `<row r="7">${inlineCell('A7', 'Mã đơn vị')}${inlineCell('C7', 'Mã chỉ tiêu')}${inlineCell('I7', 'Số liệu tuần này')}</row>`,
    o.rows ?? `<row r="8">${inlineCell('A8', w.provinces[0]!.code)}${inlineCell('C8', `${w.prefix}tuyen-pho`)}${o.cell ?? ''}</row>`,
  ];
  return zipOf([
    { name: '_rels/.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: xml(`<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Nhập số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`) },
    { name: 'xl/worksheets/sheet1.xml', data: xml(`<worksheet xmlns="${main}"><sheetData>${rows.join('')}</sheetData></worksheet>`) },
    ...(o.strings ? [{ name: 'xl/sharedStrings.xml', data: xml(`<sst xmlns="${main}">${o.strings.map((t) => `<si><t>${escapeXml(t)}</t></si>`).join('')}</sst>`) }] : []),
  ]);
}

