/**
 * giaoban activities: the campaign's lists from a JSON file, records of a province from JSON
 * files (one refused, field by field, exit code 2, nothing written), a photo of a work (a file
 * that is not one refused), the list of the centre's
 * subtree and its totals with the documents' sentences. In-process, on a data directory.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, createIndicator, createUnit, loadConfig, openServiceContext } from '@giaoban/server';
import { activitiesCommand } from '../src/commands/activities.ts';
import { runCommand } from './run-command.ts';

let dir: string;
let data: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-activities-'));
  data = join(dir, 'data');
  const ctx = await openServiceContext(loadConfig({}, { dataDir: data }));
  try {
    await createUnit(ctx, { code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
    await createUnit(ctx, { code: '10', name: 'Tỉnh Đoàn Lào Cai', level: 'province', parentCode: 'TW' });
    await createUnit(ctx, { code: '01', name: 'Thành Đoàn Hà Nội', level: 'province', parentCode: 'TW' });
    await createIndicator(ctx, { code: 'cay', name: 'Cây xanh', unitOfMeasure: 'cây', valueKind: 'integer', reportingMode: 'increment' });
    await createIndicator(ctx, { code: 'nha-nhan-ai', name: 'Nhà nhân ái bàn giao', unitOfMeasure: 'nhà', valueKind: 'integer', reportingMode: 'increment' });
    await createCampaign(ctx, null, {
      code: 'he-2023', name: 'Hè 2023', startDate: '2023-06-05', endDate: '2023-08-31', rootUnitCode: 'TW', phases: [], targets: [{ indicatorCode: 'cay', target: 1_000 }, { indicatorCode: 'nha-nhan-ai', target: 50 }],
    });
  } finally {
    await ctx.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const giaoban = (...args: string[]) => runCommand(activitiesCommand, args, data);
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('giaoban activities', () => {
  it('sets the lists, keeps records (a bad one refused by field), lists them and words their totals', async () => {
    const setup = file('setup.json', {
      workKinds: [{ code: 'nha', name: 'Nhà nhân ái' }],
      focusAreas: [{ code: 'bien-gioi', kind: 'Xã biên giới', name: 'Xã Y Tý', unitCode: '10' }],
      countedIndicators: { 'nha-nhan-ai': { kind: 'work', workKind: 'nha', state: 'handed_over' } },
    });
    expect(await giaoban('setup', '--campaign', 'he-2023', '--file', setup)).toMatchObject({
      code: 0,
      stdout: 'Danh mục của he-2023: 1 loại công trình, 0 chương trình, 1 địa bàn trọng tâm.\n  Nhà nhân ái bàn giao: Đếm từ hoạt động: số công trình, phần việc thanh niên loại "Nhà nhân ái", đã bàn giao, trong tuần.',
    });

    const bad = await giaoban('add', '--campaign', 'he-2023', '--unit', '10', '--kind', 'work', '--file', file('bad.json', { name: 'Nhà', workKind: 'nha', value: -1, state: 'planned' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Giá trị');
    expect((await giaoban('list', '--campaign', 'he-2023', '--unit', 'TW')).stdout).toBe('Chưa có hoạt động nào.');

    const house = { name: 'Nhà nhân ái Y Tý', workKind: 'nha', focusArea: 'bien-gioi', value: 2_590_000_000, funding: 'social', startDate: '01/07/2023', state: 'in_progress' };
    const added = await giaoban('add', '--campaign', 'he-2023', '--unit', '10', '--kind', 'work', '--file', file('house.json', house));
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Đã ghi công trình, phần việc thanh niên số \d+ của Tỉnh Đoàn Lào Cai: Nhà nhân ái Y Tý · Nhà nhân ái · hơn 2,5 tỉ đồng · đang thực hiện\.$/);
    // A photo of the work, kept under the data directory; a file that is not one refused (exit 2).
    const houseId = added.stdout.match(/số (\d+) /)![1]!;
    const jpeg = join(dir, 'nha.jpg');
    writeFileSync(jpeg, await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c0392b' } }).jpeg().toBuffer());
    expect(await giaoban('photo', '--campaign', 'he-2023', '--unit', '10', '--record', houseId, '--file', jpeg)).toMatchObject({
      code: 0, stdout: `Đã thêm ảnh 800 × 600 vào công trình, phần việc thanh niên số ${houseId}: Nhà nhân ái Y Tý · Nhà nhân ái · hơn 2,5 tỉ đồng · đang thực hiện (1 ảnh).`,
    });
    expect(readdirSync(join(data, 'activities'), { recursive: true }).filter((name) => String(name).endsWith('.jpg'))).toHaveLength(2);
    const notPhoto = await giaoban('photo', '--campaign', 'he-2023', '--unit', '10', '--record', houseId, '--file', file('not-a-photo.json', { a: 1 }));
    expect(notPhoto.code).toBe(2);
    expect(notPhoto.stderr).toContain('Tệp này không phải là ảnh');
    const press = { channel: 'Báo điện tử', outlet: 'Báo Lào Cai', title: 'Tuổi trẻ Lào Cai ra quân', date: '2023-06-06' };
    expect((await giaoban('add', '--campaign', 'he-2023', '--unit', '10', '--kind', 'press', '--file', file('press.json', press))).code).toBe(0);

    // Teams from a sheet: the template, filled; a bad row refuses the file (exit 2), the good file is kept.
    const template = join(dir, 'mau.xlsx');
    expect((await giaoban('template', '--campaign', 'he-2023', '--unit', '10', '--kind', 'team', '--out', template)).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(template);
    book.worksheets[0]!.getRow(3).values = ['', 'Đội hình tiếp sức mùa thi', 'Hỗ trợ thí sinh', 0, null, null, '25/06/2023'];
    await book.xlsx.writeFile(template);
    const badSheet = await giaoban('import', '--campaign', 'he-2023', '--unit', '10', '--kind', 'team', '--file', template);
    expect(badSheet.code).toBe(2);
    expect(badSheet.stderr).toContain('Số thành viên');
    book.worksheets[0]!.getRow(3).getCell(4).value = 30;
    await book.xlsx.writeFile(template);
    expect(await giaoban('import', '--campaign', 'he-2023', '--unit', '10', '--kind', 'team', '--file', template))
      .toMatchObject({ code: 0, stdout: 'Đã nhập 1 bản ghi; 0 dòng đã có từ trước nên để nguyên.' });

    const list = JSON.parse((await giaoban('list', '--campaign', 'he-2023', '--unit', 'TW', '--json')).stdout);
    expect(list.total).toBe(3);
    expect(list.records.map((r: { kind: string }) => r.kind).sort()).toEqual(['press', 'team', 'work']);
    const totals = await giaoban('totals', '--campaign', 'he-2023', '--unit', 'TW');
    expect(totals.code).toBe(0);
    expect(totals.stdout).toContain('Hoạt động của Trung ương Đoàn, tính đến ngày 31/08/2023');
    expect(totals.stdout).toContain('trên báo điện tử');
    expect(totals.stdout).toContain('hơn 2,5 tỉ đồng');
    expect(totals.stdout).toContain('1/1 địa bàn trọng tâm');
    expect(JSON.parse((await giaoban('totals', '--campaign', 'he-2023', '--unit', '01', '--json')).stdout).works.count).toBe(0);
    expect((await giaoban('list', '--unit', 'TW')).code).toBe(2);
  });
});
