/** The giaoban command as a person runs it: real process, real data directory, exit codes. */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, openDatabase, queryRows, sql } from '@giaoban/db';
import { freePort, startServerProcess } from '../../server/test/scale/cluster.ts';

const BIN = fileURLToPath(new URL('../bin/giaoban.js', import.meta.url));
let dir: string;

interface Run { code: number | null; stdout: string; stderr: string; ms: number }

/** The command with exactly these arguments and settings; a run past `timeoutMs` is killed (code null). */
function run(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : error.killed ? null : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

async function giaoban(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return inDataDir(args);
}

async function inDataDir(args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const res = await run([...args, '--data-dir', join(dir, 'data')], {}, timeoutMs);
  return { ...res, code: res.code ?? 1 };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-cli-'));
  // The demo is a few minutes of writes on a busy 2-core machine (90 s on a quiet one): the
  // command is given most of the hook's time, not the 2 minutes of the others.
  const demo = await inDataDir(['demo'], 400_000);
  expect(demo.code, demo.stderr).toBe(0);
}, 420_000);
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

  it('says "chưa đạt", never "chậm tiến độ", from the campaign\'s last day on, in the progress and the final report', async () => {
    const during = await giaoban('progress', '--campaign', 'tntn-he-2023', '--as-of', '02/07/2023');
    expect(during.stdout).toMatch(/vượt tiến độ|chậm tiến độ/);
    // At the campaign's precision (2) without --precision: 97,53% as in the phase-1 notice.
    expect(during.stdout).toContain('97,53%');
    const ended = await giaoban('progress', '--campaign', 'tntn-he-2023', '--as-of', '31/08/2023');
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain('(tuần từ 28/08/2023 đến 31/08/2023)');
    expect(ended.stdout).toContain('139,6%  đã đạt');
    expect(ended.stdout).toContain('chưa đạt');
    expect(ended.stdout).not.toMatch(/chậm tiến độ|vượt tiến độ/);
    const json = JSON.parse((await giaoban('progress', '--campaign', 'tntn-he-2023', '--as-of', '31/08/2023', '--json')).stdout);
    expect(json.indicators.map((i: { status: string }) => i.status)).toContain('not_met');
    expect(json.indicators.map((i: { status: string }) => i.status)).not.toContain('behind');
    // The final report, drafted today (after the end), at the campaign's end.
    const final = await giaoban('document', 'final', '--campaign', 'tntn-he-2023', '--text');
    expect(final.code).toBe(0);
    expect(final.stdout).toContain('chỉ tiêu chưa đạt so với kế hoạch đề ra');
    expect(final.stdout).not.toContain('chậm tiến độ');
  });

  it('names the units that reported late or not at all, in Vietnamese dictionary order', async () => {
    const res = await giaoban('timeliness', '--campaign', 'tntn-he-2023', '--period', '2023-W26', '--order', 'name');
    expect(res.code).toBe(0);
    // The 67 units under TW and the 19 below Hà Nội and Lào Cai; of these only ward Đội Cấn sent nothing.
    expect(res.stdout).toContain('2023-W26            86        76     6             4             0         95,3%  88,4%');
    // An affiliated union (Đoàn Khối Doanh nghiệp Trung ương) is among them: the sentence names both kinds.
    expect(res.stdout).toContain('Công tác thông tin, báo cáo của một số tỉnh, thành Đoàn và Đoàn trực thuộc không đảm bảo tiến độ, cụ thể: '
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
    // 60/67 not zero-padded; the rate at the campaign's precision (2) like every percentage of the report.
    expect(text.stdout).toContain('Trong tuần, có 60/67 đơn vị trực thuộc gửi báo cáo đúng hạn (đạt 89,55%), 04 đơn vị gửi chậm, 03 đơn vị chưa gửi báo cáo.');
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
    // The demo as it stands today: the 2023 Hồ Chí Minh City unit is 79.2025 since the 2025
    // merge (79 is the city formed on 01/07/2025, with no 2023 history).
    const res = await giaoban('audit', '--unit', '79.2025', '--period', '2023-W24', '--json');
    expect(res.code).toBe(0);
    const entries = JSON.parse(res.stdout) as { action: string; username: string | null; oldValue: unknown; newValue: unknown; reason: string | null }[];
    const states = entries.filter((e) => e.action === 'report.state').map((e) => `${e.oldValue}→${e.newValue}`).reverse();
    expect(states).toEqual(['null→submitted', 'submitted→approved', 'approved→submitted', 'submitted→approved']);
    expect(entries.find((e) => e.action === 'report.value' && e.oldValue === 220)).toMatchObject({ newValue: 22, reason: expect.stringContaining('thừa một chữ số') });
    expect(entries.filter((e) => e.newValue === 'approved').every((e) => e.username === 'tw.chidao')).toBe(true);
  });

  it('words a to-date indicator\'s change as the web app does: the values to date, the week\'s increment beside them', async () => {
    const res = await giaoban('audit', '--unit', '01', '--period', '2023-W24');
    expect(res.code).toBe(0);
    const line = res.stdout.split('\n').find((l) => l.includes('cay-xanh'));
    expect(line).toMatch(/\(trống\) → [\d.]+ \(lũy kế; tăng trong tuần: [\d.]+\)/);
    const [toDate, increment] = [...line!.matchAll(/→ ([\d.]+) \(lũy kế; tăng trong tuần: ([\d.]+)\)/g)][0]!.slice(1).map((n) => Number(n.replace(/\./g, '')));
    // Week 24 is not Hà Nội's first week: the value to date holds the weeks before it too.
    expect(toDate).toBeGreaterThan(increment!);
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
    // Eight commands: on a busy 2-core machine a minute is not always enough, and a command
    // still running past the timeout would hold the directory for the next test.
  }, 240_000);

  it('exits 1 and names the difference when the live roll-up disagrees with a recompute', async () => {
    const database = await openDatabase({ dataDir: join(dir, 'data') });
    // HCM has no units below it, so its summary rows are empty: a stray one is a difference.
    await database.db.execute(sql`
      insert into rollup_summary (campaign_id, unit_id, indicator_id, period, value)
      select c.id, u.id, i.id, '2023-W22', 5 from campaigns c, units u, indicators i
      where c.code = 'tntn-he-2023' and u.code = '79' and i.code = 'tuyen-pho'`);
    await database.close();
    const res = await giaoban('verify-rollups');
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('Có 1 chỗ lệch');
    expect(res.stdout).toContain('tntn-he-2023 79 tuyen-pho 2023-W22: tổng hợp 5, tính lại 0');
  });

  it('answers an unknown command with its usage and exit code 2', async () => {
    const res = await giaoban('nope');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('Cách dùng: giaoban <lệnh>');
  });
});

/** Stderr is one line of ours: no stack, no driver dump. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

/** A TCP listener that accepts connections and never answers (a hung or firewalled server). */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('giaoban beside a running server, and when it cannot start', () => {
  it('refuses every command on a PGlite directory a server holds, naming the directory and the pid (exit 5)', async () => {
    const data = join(dir, 'data');
    const { process: server, server: info } = await startServerProcess({ GIAOBAN_DATA_DIR: data, DATABASE_URL: '', GIAOBAN_REMINDER_INTERVAL_SECONDS: '0' }, 120_000);
    try {
      const users = join(dir, 'never.csv');
      writeFileSync(users, 'unit,period,indicator,value\n01,2023-W27,tuyen-pho,5\n');
      const refused = [
        await giaoban('create-user', '--username', 'beside', '--password', 'Mat-khau-2023', '--role', 'viewer', '--unit', 'TW'),
        await giaoban('import', users, '--campaign', 'tntn-he-2023'),
        await giaoban('verify-rollups'),
      ];
      for (const res of refused) {
        expect(res.code).toBe(5);
        expect(oneLine(res.stderr)).toBe(`Lỗi: thư mục dữ liệu ${data} đang được một tiến trình khác dùng (pid ${info.pid}), thường là máy chủ Giao Ban đang chạy. `
          + 'Hãy dừng máy chủ đó, hoặc làm việc qua API của nó (trang web hoặc POST /api/v1/...).');
      }
      const english = await giaoban('progress', '--campaign', 'tntn-he-2023', '--lang', 'en');
      expect(english.code).toBe(5);
      expect(oneLine(english.stderr)).toContain(`Error: the data directory ${data} is in use by another process (pid ${info.pid})`);
      // The server itself still answers.
      expect((await fetch(`${info.url}/api/health`)).status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    // Nothing of the refused commands reached the directory.
    const after = await giaoban('audit', '--user', 'beside', '--json');
    expect(after.stderr).toContain('Không có tài khoản "beside".');
  }, 240_000);

  it('says the port is taken and exits 7 instead of hanging, with the database closed', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const res = await run(['serve', '--port', String(port), '--data-dir', join(dir, 'data')], { HOST: '127.0.0.1' }, 90_000);
      expect(res.code).toBe(7);
      expect(oneLine(res.stderr)).toBe(`Lỗi: cổng ${port} trên 127.0.0.1 đang được dùng, có thể bởi một máy chủ Giao Ban khác. Hãy dừng nó, hoặc chọn cổng khác (--port hoặc PORT).`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // Closed, lock released: the next command opens the directory.
    expect((await giaoban('migrate')).code).toBe(0);
  }, 120_000);

  it('gives up on a database server that accepts and never answers, in one line without the password (exit 6)', async () => {
    const silent = await silentServer();
    try {
      const url = `postgres://giaoban:bi-mat-lam@127.0.0.1:${silent.port}/giaoban?connect_timeout=2`;
      const res = await run(['serve'], { DATABASE_URL: url }, 60_000);
      expect(res.code).toBe(6);
      expect(res.ms).toBeLessThan(30_000);
      const line = oneLine(res.stderr);
      expect(line).toContain(`Lỗi: máy chủ cơ sở dữ liệu 127.0.0.1:${silent.port} không trả lời sau 2 giây`);
      expect(line).toContain(`postgres://giaoban:***@127.0.0.1:${silent.port}/giaoban`);
      expect(res.stdout + res.stderr).not.toContain('bi-mat-lam');
      const english = await run(['migrate', '--lang', 'en'], { DATABASE_URL: url }, 60_000);
      expect(english.code).toBe(6);
      expect(oneLine(english.stderr)).toContain(`Error: the database server 127.0.0.1:${silent.port} did not answer within 2 s`);
    } finally {
      await silent.close();
    }
  }, 150_000);

  it('names a refused port and a bad address in one line each, never a stack', async () => {
    const closed = await freePort();
    const refused = await run(['migrate'], { DATABASE_URL: `postgres://giaoban:bi-mat-lam@127.0.0.1:${closed}/giaoban` });
    expect(refused.code).toBe(6);
    expect(oneLine(refused.stderr)).toBe(`Lỗi: máy chủ cơ sở dữ liệu 127.0.0.1:${closed} từ chối kết nối (postgres://giaoban:***@127.0.0.1:${closed}/giaoban): PostgreSQL có đang chạy và nghe ở cổng này không?`);
    const notUrl = await run(['migrate'], { DATABASE_URL: 'máy chủ của tỉnh' });
    expect(notUrl.code).toBe(2);
    expect(oneLine(notUrl.stderr)).toBe('Lỗi: giá trị của DATABASE_URL không hợp lệ.');
    const otherKind = await run(['migrate', '--database-url', 'mysql://giaoban:bi-mat-lam@127.0.0.1/giaoban']);
    expect(otherKind.code).toBe(2);
    expect(oneLine(otherKind.stderr)).toContain('không phải một địa chỉ postgres:// hợp lệ');
    expect(otherKind.stderr).not.toContain('bi-mat-lam');
  }, 120_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)('names an unknown database and an unknown role of a real server (exit 6)', async () => {
    const base = new URL(process.env.TEST_DATABASE_URL!);
    const noDatabase = new URL(base);
    noDatabase.pathname = '/khong_co_csdl_nay';
    const res = await run(['migrate'], { DATABASE_URL: noDatabase.toString() });
    expect(res.code).toBe(6);
    expect(oneLine(res.stderr)).toContain('không có cơ sở dữ liệu «khong_co_csdl_nay»');
    const noRole = new URL(base);
    noRole.username = 'khong_co_tai_khoan';
    noRole.password = 'bi-mat-lam';
    const role = await run(['migrate'], { DATABASE_URL: noRole.toString() });
    expect(role.code).toBe(6);
    expect(oneLine(role.stderr)).toMatch(/không có tài khoản «khong_co_tai_khoan»|không chấp nhận tài khoản «khong_co_tai_khoan»/);
    expect(role.stderr).not.toContain('bi-mat-lam');
  }, 120_000);

  it('serve --demo on memory:// serves the demo it printed', async () => {
    const server = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', GIAOBAN_DATA_DIR: 'memory://', HOST: '127.0.0.1', GIAOBAN_REMINDER_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    server.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const accounts = /Giao Ban đang chạy: (http:\/\/\S+)[^]*Tài khoản mẫu \(mật khẩu: ([^)]+)\):\n {2}(\S+)/;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (accounts.test(output)) {
            clearInterval(timer);
            resolve();
          }
        }, 200);
        server.once('exit', (code) => {
          clearInterval(timer);
          reject(new Error(`serve --demo exited (${code}):\n${output}`));
        });
      });
      const [, url, password, username] = accounts.exec(output)!;
      const signIn = await fetch(`${url}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
      });
      expect(signIn.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
    }
  }, 360_000);
});

describe('verify-rollups and damaged indexes', () => {
  it('finds an index that lost a row (as when two processes wrote one PGlite directory) and exits 1', async () => {
    const damaged = join(dir, 'damaged');
    cpSync(join(dir, 'data'), damaged, { recursive: true });
    const database = await openDatabase({ dataDir: damaged });
    // The earlier test's stray summary row would be a difference of its own.
    await database.db.execute(sql`delete from rollup_summary where period = '2023-W22' and unit_id = (select id from units where code = '79')`);
    const [{ file }] = await queryRows<{ file: string }>(database.db, sql`select pg_relation_filepath('users_pkey') as file`) as [{ file: string }];
    await database.close();
    const clean = await run(['verify-rollups', '--data-dir', damaged]);
    expect(clean.stdout).toMatch(/Chỉ mục nguyên vẹn \(amcheck: \d+ chỉ mục B-tree\)\./);
    expect(clean.code).toBe(0);
    // The index as it was before a user was added: the row is in the table, not in its index.
    const saved = join(dir, 'users_pkey.before');
    copyFileSync(join(damaged, file), saved);
    expect((await run(['create-user', '--data-dir', damaged, '--username', 'mat-dau', '--password', 'Mat-khau-2023', '--role', 'viewer', '--unit', 'TW'])).code).toBe(0);
    copyFileSync(saved, join(damaged, file));
    const res = await run(['verify-rollups', '--data-dir', damaged]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/Có 1 trong \d+ chỉ mục bị hỏng \(amcheck\):/);
    expect(res.stdout).toMatch(/users_pkey \(bảng users\): heap tuple \(\d+,\d+\) from table "users" lacks matching index tuple within index "users_pkey"/);
  }, 180_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)('checks the indexes on PostgreSQL, and says why it skips them for an account without amcheck', async () => {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'giaoban_cli');
    const role = `giaoban_ro_${scratch.name.slice(-12)}`;
    const admin = new pg.Client({ connectionString: scratch.url });
    try {
      const checked = await run(['verify-rollups', '--database-url', scratch.url]);
      expect(checked.stdout).toMatch(/Chỉ mục nguyên vẹn \(amcheck: \d+ chỉ mục B-tree\)\./);
      expect(checked.code).toBe(0);
      await admin.connect();
      await admin.query(`create role ${role} login`);
      await admin.query(`grant create on database ${scratch.name} to ${role}`);
      for (const schema of ['public', 'drizzle']) {
        await admin.query(`grant usage, create on schema ${schema} to ${role}`);
        await admin.query(`grant select on all tables in schema ${schema} to ${role}`);
      }
      const asRole = new URL(scratch.url);
      asRole.username = role;
      const skipped = await run(['verify-rollups', '--database-url', asRole.toString()]);
      expect(skipped.stdout).toContain('Bỏ qua kiểm tra chỉ mục: tài khoản cơ sở dữ liệu không được cài hoặc chạy amcheck');
      expect(skipped.stdout).toContain('Số liệu tổng hợp khớp với tính lại từ đầu');
      expect(skipped.code).toBe(0);
    } finally {
      await admin.end().catch(() => {});
      await scratch.drop();
      const cleanup = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`drop role if exists ${role}`).finally(() => cleanup.end());
    }
  }, 180_000);
});
