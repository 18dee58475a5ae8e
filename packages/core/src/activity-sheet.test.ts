import { describe, expect, it } from 'vitest';
import { activitySheetHeader, readActivitySheet } from './activity-sheet.ts';

const row = (line: number, ...fields: string[]) => ({ line, fields });

describe('activitySheetHeader', () => {
  it('lays out the unit, the kind\'s fields by their labels, the programme', () => {
    expect(activitySheetHeader('team')).toEqual(['Mã đơn vị', 'Tên đội hình', 'Lĩnh vực', 'Số thành viên', 'Địa điểm', 'Địa bàn trọng tâm', 'Ngày bắt đầu', 'Ngày kết thúc', 'Chương trình']);
    expect(activitySheetHeader('press', 'en')[1]).toBe('Channel');
  });
});

describe('readActivitySheet', () => {
  it('finds the header under a title, reads labels in any case and without diacritics, passes over the export\'s own columns', () => {
    const { rows, problems } = readActivitySheet('team', [
      row(1, 'Đội hình tình nguyện — Hè 2023 — Tỉnh Đoàn Lào Cai'),
      row(2, 'Mã đơn vị', 'Đơn vị', 'TEN DOI HINH', 'lĩnh vực', 'Members', 'Ngày bắt đầu', 'Chương trình', 'Cập nhật lúc'),
      row(3, '10', 'Tỉnh Đoàn Lào Cai', ' Đội hình tiếp sức mùa thi ', 'Hỗ trợ thí sinh', '25', '25/06/2023', 'tiep-suc', '06/07/2023 10:00'),
      row(4, '', '', '', '', '', '', '', ''),
      row(5, '', '', 'Đội hình sửa nhà', 'Xây dựng', '12', '2023-06-28', '', ''),
    ]);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 3, unitCode: '10', programme: 'tiep-suc', fields: { name: 'Đội hình tiếp sức mùa thi', field: 'Hỗ trợ thí sinh', members: '25', fromDate: '25/06/2023' } },
      { line: 5, unitCode: null, programme: null, fields: { name: 'Đội hình sửa nhà', field: 'Xây dựng', members: '12', fromDate: '2023-06-28' } },
    ]);
  });

  it('names every problem of the layout: an unknown column, a column twice, a required column missing, a record already kept', () => {
    const { problems } = readActivitySheet('press', [
      row(1, 'Mã đơn vị', 'Kênh đăng tải', 'Tiêu đề', 'Màu sắc', 'Tiêu đề', 'Số bản ghi'),
      row(2, '10', 'Facebook', 'Ra quân', 'đỏ', 'Ra quân', '17'),
    ]);
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 'D', 'Cột "Màu sắc" không có trong mẫu tin, bài tuyên truyền.'],
      [1, 'E', 'Cột "Tiêu đề" có hai lần.'],
      [1, 'header', 'Thiếu cột "Cơ quan báo chí / trang" (bắt buộc).'],
      [1, 'header', 'Thiếu cột "Ngày đăng" (bắt buộc).'],
      [2, 'F', 'Dòng này là bản ghi số 17 đã có; sửa nó trên trang Hoạt động, hoặc xóa số bản ghi để ghi thành bản ghi mới.'],
    ]);
  });

  it('refuses a sheet with no header, or no row under it', () => {
    expect(readActivitySheet('work', [row(1, 'a', 'b'), row(2, '1', '2')]).problems[0]!.message).toMatch(/^Không thấy dòng tiêu đề của mẫu công trình, phần việc thanh niên/);
    expect(readActivitySheet('team', [row(1, 'Mã đơn vị', 'Tên đội hình', 'Lĩnh vực', 'Số thành viên', 'Ngày bắt đầu')]).problems.map((p) => p.message))
      .toEqual(['Tệp không có dòng nào để nhập dưới dòng tiêu đề.']);
  });
});
