/**
 * Spreadsheets in the browser: the dashboard's progress table and the timeliness table
 * download as .xlsx under the server's file name; the steering staff download the entry
 * template of week 27 for the centre and its provinces, fill in two provinces' figures
 * (ExcelJS, on the test's side), upload it and see each unit's outcome; a province manager
 * uploads a file with a figure that is not a number and sees where it is in the error table.
 * The import page fits a 360 px phone.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CAMPAIGN, PASSWORD, assertNoHorizontalScroll, screenshot, signIn, textOf, unitName, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ENTRY_SHEET = 'Nhập số liệu';
/** The template's header row; figures start below it, the input is column I. */
const HEADER_ROW = 7;
const INPUT_COLUMN = 9;

/** Clicks `link` and returns what the browser saved: the suggested name and the bytes. */
async function download(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

async function readBook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** The template's figure rows: row number, unit code, indicator code, how it is entered, to date before. */
function figureRows(sheet: ExcelJS.Worksheet) {
  const rows = [];
  for (let r = HEADER_ROW + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const unit = row.getCell(1).value;
    if (typeof unit !== 'string' || unit === '') continue;
    rows.push({
      row: r, unit, indicator: String(row.getCell(3).value), mode: String(row.getCell(6).value),
      toDateBefore: Number(row.getCell(8).value ?? 0),
    });
  }
  return rows;
}

async function upload(page: Page, bytes: Buffer, name: string, mode: 'Tất cả hoặc không có gì' | 'Từng đơn vị riêng' = 'Tất cả hoặc không có gì') {
  await page.getByLabel('Tệp Excel đã điền (.xlsx)', { exact: true }).setInputFiles({ name, mimeType: XLSX, buffer: bytes });
  await page.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
  await page.getByRole('button', { name: 'Tải lên và nhập số liệu', exact: true }).click();
}

browserSuite('spreadsheets', (app) => {
  it('downloads the progress table and the timeliness table as .xlsx', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=02/07/2023`);
    await page.getByTestId('indicator-card-tuyen-pho').waitFor();

    // A file that takes more than a second to come shows that it is on its way.
    await page.route('**/progress.xlsx?*', async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      await route.fulfill({ response });
    });
    const link = page.getByRole('link', { name: 'Tải bảng Excel (.xlsx)', exact: true });
    const [progress] = await Promise.all([
      download(page, link),
      page.getByRole('status').filter({ hasText: 'Đang tạo tệp…' }).waitFor(),
    ]);
    expect(progress.name).toBe(`tien-do-${CAMPAIGN}-TW-2023-07-02.xlsx`);
    expect(progress.bytes.length).toBeGreaterThan(1000);
    expect(progress.bytes.subarray(0, 2).toString()).toBe('PK');
    const book = await readBook(progress.bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Đơn vị trực thuộc']);
    await assertNoHorizontalScroll(page);

    await page.goto(`/quality/${CAMPAIGN}/TW?period=2023-W26`);
    await page.getByTestId('quality-units').waitFor();
    const timeliness = await download(page, page.getByTestId('timeliness-xlsx'));
    expect(timeliness.name).toBe(`kip-thoi-${CAMPAIGN}-TW-2023-W26.xlsx`);
    expect(timeliness.bytes.subarray(0, 2).toString()).toBe('PK');
    const sheet = (await readBook(timeliness.bytes)).getWorksheet('Tuần 26')!;
    expect(sheet.getRow(2).getCell(3).value).toBe('Hạn nộp');
    const hanoi = sheet.getRows(3, sheet.rowCount - 2)!.find((r) => r.getCell(1).value === '01')!;
    expect(hanoi.getCell(2).value).toBe(unitName('01'));
    await assertNoHorizontalScroll(page);
  });

  it('downloads the entry template, takes it back filled in and shows each unit\'s outcome', async () => {
    const page = await app.page();
    await signIn(page, 'tw.chidao', PASSWORD);
    await page.goto(`/dashboard/${CAMPAIGN}/TW`);
    await page.getByRole('link', { name: 'Nhập số liệu từ Excel', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/import/${CAMPAIGN}/TW`);
    await page.getByRole('heading', { level: 1, name: 'Nhập số liệu từ Excel' }).waitFor();
    // The dashboard's week (the server's clock stands in week 27) is the one offered.
    expect(await page.getByLabel('Tuần báo cáo', { exact: true }).inputValue()).toBe('2023-W27');
    await page.getByRole('checkbox', { name: /^Kèm các đơn vị trực thuộc/ }).check();

    const template = await download(page, page.getByRole('link', { name: 'Tải mẫu nhập liệu (.xlsx)', exact: true }));
    expect(template.name).toBe(`nhap-so-lieu-${CAMPAIGN}-TW-2023-W27.xlsx`);
    expect(template.bytes.subarray(0, 2).toString()).toBe('PK');

    // Hà Nội and TP. Hồ Chí Minh fill in their week; nobody else does.
    const book = await readBook(template.bytes);
    const sheet = book.getWorksheet(ENTRY_SHEET)!;
    const rows = figureRows(sheet);
    expect(new Set(rows.map((r) => r.unit)).size).toBeGreaterThan(60);
    const filled = rows.filter((r) => r.unit === '01' || r.unit === '79');
    expect(filled.length).toBeGreaterThan(0);
    for (const r of filled) {
      sheet.getRow(r.row).getCell(INPUT_COLUMN).value = r.mode.startsWith('Lũy kế') ? r.toDateBefore + 3 : 3;
    }
    // The first answers about the job come late: its stage shows while it runs.
    let delayed = 0;
    await page.route('**/api/v1/imports/*', async (route) => {
      if (delayed++ < 2) await new Promise((resolve) => setTimeout(resolve, 1_200));
      await route.continue();
    });
    await upload(page, Buffer.from(await book.xlsx.writeBuffer()), 'so-lieu-tuan-27.xlsx');
    await waitForText(page.getByTestId('import-progress'), /Đang (đọc tệp|kiểm tra từng dòng|ghi báo cáo)…/);

    const message = page.getByTestId('import-message');
    await waitForText(message, `ghi 2 báo cáo`, 30_000);
    expect(await message.getAttribute('role')).toBe('status');
    const units = page.getByTestId('import-units');
    await waitForText(units.locator('tr[data-unit="01"]'), 'Đã ghi');
    await waitForText(units.locator('tr[data-unit="79"]'), 'Đã ghi');
    // Written first; the units left empty are unchanged.
    await waitForText(page.getByTestId('import-result'), /Đã ghi: 2 · Không đổi: \d+ · Bị từ chối: 0/);
    expect(await units.locator('tbody tr').nth(2).innerText()).toContain('Không đổi');
    expect(await page.getByTestId('import-errors').count()).toBe(0);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'import');

    // The same file again changes nothing.
    await page.getByRole('button', { name: 'Nhập tệp khác', exact: true }).click();
    await upload(page, Buffer.from(await book.xlsx.writeBuffer()), 'so-lieu-tuan-27.xlsx', 'Từng đơn vị riêng');
    await waitForText(message, 'ghi 0 báo cáo', 30_000);
    await waitForText(page.getByTestId('import-result'), /Đã ghi: 0 · Không đổi: \d+ · Bị từ chối: 0/);
    await waitForText(units.locator('tr[data-unit="01"]'), 'Không đổi');

    // Each unit opens its report of the week; the national figures count the two provinces' streets.
    await units.locator('tr[data-unit="01"]').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/report/${CAMPAIGN}/01/2023-W27`);
    await page.goto(`/dashboard/${CAMPAIGN}/TW?asOf=09/07/2023`);
    // 698 streets by 02/07 (the phase-1 notice), and 3 more each from Hà Nội and TP. Hồ Chí Minh.
    await waitForText(page.getByTestId('indicator-card-tuyen-pho').getByTestId('to-date'), '704');
  });

  it('lists what is wrong in an uploaded file by sheet, row and column, and writes nothing', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto(`/import/${CAMPAIGN}/01?period=2023-W27`);
    await page.getByRole('heading', { level: 1, name: 'Nhập số liệu từ Excel' }).waitFor();
    // Hà Nội has its districts below it: the template may include them, and leaves them out unless asked.
    expect(await page.getByRole('checkbox', { name: /^Kèm các đơn vị trực thuộc/ }).isChecked()).toBe(false);

    const template = await download(page, page.getByRole('link', { name: 'Tải mẫu nhập liệu (.xlsx)', exact: true }));
    const book = await readBook(template.bytes);
    const sheet = book.getWorksheet(ENTRY_SHEET)!;
    const rows = figureRows(sheet);
    expect(rows.every((r) => r.unit === '01')).toBe(true);
    const bad = rows[0]!;
    sheet.getRow(bad.row).getCell(INPUT_COLUMN).value = 'mười hai';
    await upload(page, Buffer.from(await book.xlsx.writeBuffer()), 'sai-so-lieu.xlsx');

    const message = page.getByTestId('import-message');
    await waitForText(message, 'chưa có số liệu nào được ghi', 30_000);
    expect(await message.getAttribute('role')).toBe('alert');
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const first = errors.locator('tbody tr').first();
    const cells = await first.locator('td').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual([ENTRY_SHEET, String(bad.row), 'I']);
    expect(cells[3]!.length).toBeGreaterThan(5);
    expect(await textOf(errors.locator('thead'))).toBe('Trang tính Dòng Cột Lỗi');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'import-errors');
  });
});
