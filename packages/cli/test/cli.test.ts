/** The giaoban command as a person runs it: real process, real data directory, exit codes. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sql } from '@giaoban/db';

const BIN = fileURLToPath(new URL('../bin/giaoban.js', import.meta.url));
let dir: string;

function giaoban(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: '' };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args, '--data-dir', join(dir, 'data')], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-cli-'));
  const demo = await giaoban('demo');
  expect(demo.code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Converts a document to PDF with LibreOffice (installed by .ci/run) and reads it back with
 * poppler; null, with the reason printed, where they are missing outside CI.
 */
async function toPdf(file: string): Promise<{ info: string; text: string } | null> {
  const run = (cmd: string, args: string[]) => new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(cmd, args, { timeout: 120_000 }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout }));
  });
  if ((await run('soffice', ['--version'])).code !== 0 || (await run('pdfinfo', ['-v'])).code !== 0) {
    if (process.env.CI) throw new Error('LibreOffice (soffice) and poppler-utils are needed in CI: .ci/run installs them');
    console.warn('SKIPPED the PDF check: LibreOffice (soffice) or poppler-utils (pdfinfo) is not installed');
    return null;
  }
  const converted = await run('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, file]);
  expect(converted.code).toBe(0);
  const pdf = file.replace(/\.docx$/, '.pdf');
  return { info: (await run('pdfinfo', [pdf])).stdout, text: (await run('pdftotext', ['-layout', pdf, '-'])).stdout };
}

const streetsOfHanoi = async () => {
  const res = await giaoban('progress', '--campaign', 'tntn-he-2023', '--unit', '01', '--as-of', '2023-07-09', '--json');
  return JSON.parse(res.stdout).indicators.find((i: { code: string }) => i.code === 'tuyen-pho').toDate as number;
};

describe('giaoban', () => {
  it('refuses to load the demo twice', async () => {
    const again = await giaoban('demo');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('đã có dữ liệu');
  });

  it('prints the national progress of the phase-1 notice', async () => {
    const res = await giaoban('progress', '--campaign', 'tntn-he-2023', '--as-of', '02/07/2023', '--precision', '1');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('139,6%  đã đạt');
    expect(res.stdout).toContain('117,1%  đã đạt');
    expect(res.stdout).toContain('2.926.049');
  });

  it('names the units that reported late or not at all, in Vietnamese dictionary order', async () => {
    const res = await giaoban('timeliness', '--campaign', 'tntn-he-2023', '--period', '2023-W26', '--order', 'name');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('2023-W26            67        60     4             3             0         95,5%  89,6%');
    expect(res.stdout).toContain('Công tác thông tin, báo cáo của một số tỉnh, thành Đoàn không đảm bảo tiến độ, cụ thể: '
      + 'Bắc Kạn, Đoàn Khối Doanh nghiệp Trung ương, Lai Châu, Lào Cai, Ninh Thuận, Quảng Trị, Sóc Trăng.');
    const late = await giaoban('timeliness', '--campaign', 'tntn-he-2023', '--period', '2023-W26', '--kind', 'late', '--json');
    expect(JSON.parse(late.stdout).lateUnits.names).toEqual(['Bắc Kạn', 'Lào Cai', 'Quảng Trị', 'Sóc Trăng']);
    expect((await giaoban('timeliness', '--campaign', 'tntn-he-2023', '--order', 'tên')).code).toBe(2);
  });

  it('shows the reporting rules, refuses a wrong deadline and saves a valid change', async () => {
    const shown = await giaoban('rules', '--campaign', 'tntn-he-2023');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Tỉnh, thành Đoàn  Thứ Hai 10:00, tuần sau');
    const bad = join(dir, 'bad-rules.json');
    writeFileSync(bad, JSON.stringify({ deadlines: { province: { weekday: 1, time: '25:00', weekOffset: 1 } }, reminders: { remindBeforeHours: 6, escalateAfterHours: 1, escalateFurtherAfterHours: 24, staleAfterHours: 48 } }));
    const refused = await giaoban('rules', '--campaign', 'tntn-he-2023', '--set', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Giờ của hạn báo cáo "25:00" không hợp lệ');
    expect((await giaoban('rules', '--campaign', 'tntn-he-2023')).stdout).toContain('Nhắc trước hạn 24 giờ');
    const good = join(dir, 'rules.json');
    writeFileSync(good, JSON.stringify({ reminders: { remindBeforeHours: 6, escalateAfterHours: 1, escalateFurtherAfterHours: 24, staleAfterHours: 48 } }));
    const saved = await giaoban('rules', '--campaign', 'tntn-he-2023', '--set', good);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('Đã lưu quy định báo cáo.');
    expect(saved.stdout).toContain('Nhắc trước hạn 6 giờ; báo cấp trên 1 giờ và cấp trên nữa 24 giờ sau hạn');
  });

  it('drafts the phase-1 conclusion notice from the data, with the notice\'s sentences and figures', async () => {
    const res = await giaoban('document', 'notice', '--campaign', 'tntn-he-2023', '--phase', '1', '--text', '--late-order', 'name');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu xây dựng mới 500 tuyến phố (đường, hẻm) văn minh');
    expect(res.stdout).toContain('*đã xây dựng và đăng ký hoàn thành 698 tuyến phố, đạt 139,6%*; Chỉ tiêu hỗ trợ 700 dự án khởi nghiệp sáng tạo của thanh niên – *đã hỗ trợ 820 dự án, đạt 117,14%*.');
    expect(res.stdout).toContain('Có nhiều chỉ tiêu vượt tiến độ đề ra, cụ thể: Chỉ tiêu hỗ trợ nâng cao năng lực số cho 3.000.000 lượt thanh thiếu nhi và người dân – *đã hỗ trợ 2.926.049 lượt, đạt 97,53%*');
    expect(res.stdout).toContain('*đã trồng được 3.160.115 cây, đạt 52,67%*');
    expect(res.stdout).toContain('không đảm bảo tiến độ, cụ thể: Bắc Kạn, Đoàn Khối Doanh nghiệp Trung ương, Lai Châu, Lào Cai, Ninh Thuận, Quảng Trị, Sóc Trăng.');
    const out = join(dir, 'notice.docx');
    const written = await giaoban('document', 'notice', '--campaign', 'tntn-he-2023', '--phase', '1', '--out', out, '--precision', '1');
    expect(written.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK'); // a zip: the .docx package
    // Opened by LibreOffice and printed to PDF: A4, two pages, the text as written.
    const pdf = await toPdf(out);
    if (pdf) {
      expect(pdf.info).toMatch(/Pages:\s+2\b/);
      expect(pdf.info).toContain('(A4)');
      const text = pdf.text.replace(/\s+/g, ' ');
      expect(text).toContain('THÔNG BÁO');
      expect(text).toContain('Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra');
      expect(text).toContain('đạt 139,6%');
      expect(text).toContain('Nơi nhận:');
      expect(text).toContain('TL. BAN BÍ THƯ');
      expect(text).toContain('CHÁNH VĂN PHÒNG');
    }
    const missing = await giaoban('document', 'notice', '--campaign', 'tntn-he-2023', '--phase', '9', '--text');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('không có đợt 9');
  });

  it('drafts the weekly progress report and the final report, each with its landscape annex', async () => {
    const text = await giaoban('document', 'progress', '--campaign', 'tntn-he-2023', '--unit', 'TW', '--week', '2023-W26', '--text');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra');
    expect(text.stdout).toContain('Trong tuần, có 60/67 đơn vị trực thuộc gửi báo cáo đúng hạn (đạt 89,6%), 04 đơn vị gửi chậm, 03 đơn vị chưa gửi báo cáo.');
    const byName = await giaoban('document', 'progress', '--campaign', 'tntn-he-2023', '--unit', 'TW', '--week', '2023-W26', '--text', '--late-order', 'name');
    expect(byName.stdout).toContain('cụ thể: Bắc Kạn, Đoàn Khối Doanh nghiệp Trung ương, Lai Châu, Lào Cai, Ninh Thuận, Quảng Trị, Sóc Trăng.');
    for (const [kind, args, phrase] of [
      ['progress', ['--unit', 'TW', '--week', '2023-W26'], 'Tiến độ thực hiện Chiến dịch'],
      ['final', [], 'Tổng kết Chiến dịch'],
    ] as const) {
      const out = join(dir, `${kind}.docx`);
      const written = await giaoban('document', kind, '--campaign', 'tntn-he-2023', ...args, '--out', out);
      expect(written.code).toBe(0);
      const pdf = await toPdf(out);
      if (!pdf) continue;
      // Two portrait pages of text, then the annex: four landscape tables of the 67 units.
      const pages = Number(/Pages:\s+(\d+)/.exec(pdf.info)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(8);
      expect(pages).toBeLessThanOrEqual(16);
      const last = await new Promise<string>((resolve) => {
        execFile('pdfinfo', ['-f', String(pages), '-l', String(pages), out.replace(/\.docx$/, '.pdf')], (_e, stdout) => resolve(stdout));
      });
      expect(last).toMatch(/size:\s+841\.\d+ x 595\.\d+ pts/); // A4 landscape
      const flat = pdf.text.replace(/\s+/g, ' ');
      expect(flat).toContain('BÁO CÁO');
      expect(flat).toContain(phrase);
      expect(flat).toContain('đạt 139,6%');
      expect(flat).toContain('PHỤ LỤC');
      expect(flat).toContain('Thành Đoàn Hà Nội');
      expect(flat).toContain('Tổng cộng (Trung ương Đoàn)');
      expect(flat).toContain('Nơi nhận:');
    }
    const outside = await giaoban('document', 'progress', '--campaign', 'tntn-he-2023', '--unit', 'TW', '--week', '2023-W50', '--text');
    expect(outside.code).not.toBe(0);
  }, 240_000);

  it('shows the history of a corrected report from the audit log', async () => {
    const res = await giaoban('audit', '--unit', '79', '--period', '2023-W24', '--json');
    expect(res.code).toBe(0);
    const entries = JSON.parse(res.stdout) as { action: string; username: string | null; oldValue: unknown; newValue: unknown; reason: string | null }[];
    const states = entries.filter((e) => e.action === 'report.state').map((e) => `${e.oldValue}→${e.newValue}`).reverse();
    expect(states).toEqual(['null→submitted', 'submitted→approved', 'approved→submitted', 'submitted→approved']);
    expect(entries.find((e) => e.action === 'report.value' && e.oldValue === 220)).toMatchObject({ newValue: 22, reason: expect.stringContaining('thừa một chữ số') });
    expect(entries.filter((e) => e.newValue === 'approved').every((e) => e.username === 'tw.chidao')).toBe(true);
  });

  it('imports nothing from a file with a bad row, and says which line and column', async () => {
    const before = await streetsOfHanoi();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'unit,period,indicator,value\n01,2023-W27,tuyen-pho,5\n01,2023-W27,tuyen-pho,abc\n99,2023-W27,so-hoa,1\n');
    const res = await giaoban('import', file, '--campaign', 'tntn-he-2023');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Tệp có 2 lỗi; chưa có dữ liệu nào được ghi.');
    expect(res.stderr).toContain('dòng 3, cột value');
    expect(res.stderr).toContain('dòng 4, cột unit: Không tìm thấy đơn vị "99".');
    expect(await streetsOfHanoi()).toBe(before);
  });

  it('imports a good file, and the roll-up still matches a recompute', async () => {
    const before = await streetsOfHanoi();
    const file = join(dir, 'good.csv');
    writeFileSync(file, 'unit,period,indicator,value\n01,2023-W27,tuyen-pho,5\n01,2023-W27,so-hoa,"1.791"\n');
    const res = await giaoban('import', file, '--campaign', 'tntn-he-2023');
    expect(res.stdout).toContain('Đã nhập 2 dòng vào 1 báo cáo.');
    expect(res.code).toBe(0);
    expect(await streetsOfHanoi()).toBe(before + 5);
    const verify = await giaoban('verify-rollups');
    expect(verify.code).toBe(0);
  });

  it('writes an entry template and imports it back filled in; the same file twice changes nothing', async () => {
    const before = await streetsOfHanoi();
    const template = join(dir, 'mau.xlsx');
    const made = await giaoban('template', '--campaign', 'tntn-he-2023', '--unit', '01', '--week', '2023-W27', '--out', template);
    expect(made.stdout).toContain(`Đã ghi tệp mẫu ${template}.`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(template);
    const sheet = book.getWorksheet('Nhập số liệu')!;
    const streets = sheet.getRows(8, sheet.rowCount - 7)!.find((r) => r.getCell(3).value === 'tuyen-pho')!;
    const previous = Number(streets.getCell(9).value ?? 0);
    streets.getCell(9).value = previous + 3;
    const filled = join(dir, 'da-dien.xlsx');
    await book.xlsx.writeFile(filled);
    const first = await giaoban('import', filled, '--campaign', 'tntn-he-2023');
    expect(first.stdout).toContain('ghi 1 báo cáo, 0 báo cáo không thay đổi.');
    expect(first.code).toBe(0);
    expect(await streetsOfHanoi()).toBe(before + 3);
    const second = await giaoban('import', filled, '--campaign', 'tntn-he-2023');
    expect(second.stdout).toContain('ghi 0 báo cáo, 1 báo cáo không thay đổi.');
    expect(await streetsOfHanoi()).toBe(before + 3);

    streets.getCell(9).value = 'nhiều';
    await book.xlsx.writeFile(filled);
    const bad = await giaoban('import', filled, '--campaign', 'tntn-he-2023');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`Trang «Nhập số liệu», dòng ${streets.number}, cột I:`);
    expect(bad.stderr).toContain('chưa có số liệu nào được ghi.');
    expect(await streetsOfHanoi()).toBe(before + 3);
  });

  it('exits 1 and names the difference when the live roll-up disagrees with a recompute', async () => {
    const database = await openDatabase({ dataDir: join(dir, 'data') });
    // The demo's provinces have no children, so their summary rows are empty: a stray one is a difference.
    await database.db.execute(sql`
      insert into rollup_summary (campaign_id, unit_id, indicator_id, period, value)
      select c.id, u.id, i.id, '2023-W22', 5 from campaigns c, units u, indicators i
      where c.code = 'tntn-he-2023' and u.code = '01' and i.code = 'tuyen-pho'`);
    await database.close();
    const res = await giaoban('verify-rollups');
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('Có 1 chỗ lệch');
    expect(res.stdout).toContain('tntn-he-2023 01 tuyen-pho 2023-W22: tổng hợp 5, tính lại 0');
  });

  it('answers an unknown command with its usage and exit code 2', async () => {
    const res = await giaoban('nope');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('Cách dùng: giaoban <lệnh>');
  });
});
