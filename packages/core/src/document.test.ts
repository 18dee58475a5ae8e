import { describe, expect, it } from 'vitest';
import {
  achievementTables, defaultPhrasing, documentNumber, documentText, indicatorSentences, officialDateLine, type DocumentRun, type IndicatorResult,
  type OfficialDocument,
} from './document.ts';

const text = (runs: readonly DocumentRun[]) => runs.map((r) => (r.italic ? `*${r.text}*` : r.text)).join('');

describe('officialDateLine', () => {
  it.each([
    ['2023-07-06', 'Hà Nội, ngày 06 tháng 7 năm 2023'],
    ['2023-01-15', 'Hà Nội, ngày 15 tháng 01 năm 2023'],
    ['2023-02-03', 'Hà Nội, ngày 03 tháng 02 năm 2023'],
    ['2023-12-31', 'Hà Nội, ngày 31 tháng 12 năm 2023'],
    ['2024-03-09', 'Hà Nội, ngày 09 tháng 3 năm 2024'],
  ])('%s → %s', (date, line) => {
    expect(officialDateLine('Hà Nội', date)).toBe(line);
  });

  it('refuses a date that does not exist', () => {
    expect(() => officialDateLine('Hà Nội', '2023-02-30')).toThrow('Ngày "2023-02-30" không hợp lệ.');
  });
});

describe('documentNumber', () => {
  it('writes number, type, issuer and department', () => {
    expect(documentNumber({ number: 46, type: 'KH', issuer: 'TWĐTN', department: 'CNĐT' })).toBe('Số: 46-KH/TWĐTN-CNĐT');
    expect(documentNumber({ number: '12', type: 'TB', issuer: 'TWĐTN' })).toBe('Số: 12-TB/TWĐTN');
    expect(documentNumber({ number: ' ', type: 'TB', issuer: 'TWĐTN' })).toBe('Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-TB/TWĐTN');
  });
});

describe('indicatorSentences', () => {
  // The phase-1 notice of 2023 (shared/seeds/phase1-conclusion-notice-2023.txt).
  const streets: IndicatorResult = {
    phrasing: { target: 'xây dựng mới {target} tuyến phố (đường, hẻm) văn minh', done: 'đã xây dựng và đăng ký hoàn thành {value} tuyến phố' },
    target: 500, toDate: 698, status: 'achieved',
  };
  const projects: IndicatorResult = {
    phrasing: { target: 'hỗ trợ {target} dự án khởi nghiệp sáng tạo của thanh niên', done: 'đã hỗ trợ {value} dự án' },
    target: 700, toDate: 820, status: 'achieved',
  };
  const digital: IndicatorResult = {
    phrasing: { target: 'hỗ trợ nâng cao năng lực số cho {target} lượt thanh thiếu nhi và người dân', done: 'đã hỗ trợ {value} lượt' },
    target: 3_000_000, toDate: 2_926_049, status: 'ahead',
  };
  const houses: IndicatorResult = {
    phrasing: { target: 'xây mới {target} nhà nhân ái, nhà tình nghĩa, nhà khăn quàng đỏ, nhà bán trú', done: 'đã xây dựng {value} nhà' },
    target: 1_000, toDate: 551, status: 'ahead',
  };
  const trees: IndicatorResult = {
    phrasing: { target: 'trồng mới {target} cây xanh', done: 'đã trồng được {value} cây' },
    target: 6_000_000, toDate: 3_160_115, status: 'ahead',
  };

  it('writes the met and the ahead indicators as the notice does, with its figures and percentages', () => {
    const [met, ahead, ...rest] = indicatorSentences([streets, projects, digital, houses, trees]);
    expect(rest).toEqual([]);
    expect(text(met!)).toBe('Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: '
      + 'Chỉ tiêu xây dựng mới 500 tuyến phố (đường, hẻm) văn minh – *đã xây dựng và đăng ký hoàn thành 698 tuyến phố, đạt 139,6%*; '
      + 'Chỉ tiêu hỗ trợ 700 dự án khởi nghiệp sáng tạo của thanh niên – *đã hỗ trợ 820 dự án, đạt 117,14%*.');
    expect(text(ahead!)).toBe('Có nhiều chỉ tiêu vượt tiến độ đề ra, cụ thể: '
      + 'Chỉ tiêu hỗ trợ nâng cao năng lực số cho 3.000.000 lượt thanh thiếu nhi và người dân – *đã hỗ trợ 2.926.049 lượt, đạt 97,53%*; '
      + 'Chỉ tiêu xây mới 1.000 nhà nhân ái, nhà tình nghĩa, nhà khăn quàng đỏ, nhà bán trú – *đã xây dựng 551 nhà, đạt 55,1%*; '
      + 'Chỉ tiêu trồng mới 6.000.000 cây xanh – *đã trồng được 3.160.115 cây, đạt 52,67%*.');
  });

  it('counts a small group (zero-padded) and uses the precision asked for', () => {
    const [ahead, behind] = indicatorSentences([digital, { ...trees, status: 'behind' }], { precision: 1 });
    expect(text(ahead!)).toBe('Có 01 chỉ tiêu vượt tiến độ đề ra, cụ thể: Chỉ tiêu hỗ trợ nâng cao năng lực số cho 3.000.000 lượt thanh thiếu nhi và người dân – *đã hỗ trợ 2.926.049 lượt, đạt 97,5%*.');
    expect(text(behind!)).toBe('Có 01 chỉ tiêu chậm tiến độ đề ra, cụ thể: Chỉ tiêu trồng mới 6.000.000 cây xanh – *đã trồng được 3.160.115 cây, đạt 52,7%*.');
  });

  it('says nothing of a group with no indicator', () => {
    expect(indicatorSentences([])).toEqual([]);
  });

  it('phrases an indicator generically when the campaign gave no wording', () => {
    const [only] = indicatorSentences([{ phrasing: defaultPhrasing({ name: 'Làm mới đường giao thông nông thôn', unitOfMeasure: 'km' }), target: 3000, toDate: 1962.5, status: 'ahead' }]);
    expect(text(only!)).toBe('Có 01 chỉ tiêu vượt tiến độ đề ra, cụ thể: Chỉ tiêu làm mới đường giao thông nông thôn: 3.000 km – *đã thực hiện 1.962,5 km, đạt 65,42%*.');
  });
});

describe('achievementTables', () => {
  const indicators = [1, 2, 3, 4].map((n) => ({ name: `Chỉ tiêu số ${n}`, unitOfMeasure: 'lượt' }));
  const figures = (k: number) => indicators.map((_, i) => ({ target: i === 1 ? null : 1000 * (i + 1), toDate: 1395.5 * k }));
  const tables = achievementTables(indicators, [
    { label: 'Hà Nội', figures: figures(1) },
    { label: 'Tổng cộng', figures: figures(2), total: true },
  ], { precision: 1, perTable: 3 });

  it('splits the indicators into tables of a few, each with its caption and spanned header', () => {
    expect(tables.map((t) => t.caption)).toEqual(['Bảng 1. Chỉ tiêu 1 – 3', 'Bảng 2. Chỉ tiêu 4']);
    expect(tables[0]?.header[0]?.map((c) => [c.text, c.colSpan ?? c.rowSpan])).toEqual([
      ['TT', 2], ['Đơn vị', 2], ['1. Chỉ tiêu số 1 (lượt)', 3], ['2. Chỉ tiêu số 2 (lượt)', 3], ['3. Chỉ tiêu số 3 (lượt)', 3],
    ]);
    expect(tables[0]?.widths).toHaveLength(11);
    expect(tables[1]?.align).toEqual(['center', 'left', 'right', 'right', 'right']);
  });

  it('writes the figures the Vietnamese way, the percentages as the body does (no trailing zeros), "–" without a target, the total in bold', () => {
    expect(tables[0]?.rows[0]).toEqual({ cells: ['1', 'Hà Nội', '1.000', '1.395,5', '139,6%', '–', '1.395,5', '–', '3.000', '1.395,5', '46,5%'] });
    expect(tables[1]?.rows[1]).toEqual({ cells: ['', 'Tổng cộng', '4.000', '2.791', '69,8%'], bold: true });
    const whole = achievementTables([indicators[0]!], [{ label: 'A', figures: [{ target: 5, toDate: 4 }] }], { precision: 2 });
    expect(whole[0]?.caption).toBeUndefined();
    expect(whole[0]?.rows[0]?.cells[4]).toBe('80%');
    const sixth = achievementTables([indicators[0]!], [{ label: 'A', figures: [{ target: 500, toDate: 698 }] }], { precision: 2 });
    expect(sixth[0]?.rows[0]?.cells[4]).toBe('139,6%');
  });

  it('is written as text, row by row, in the annex after the signer', () => {
    const doc: OfficialDocument = {
      superiorBody: '', issuer: 'BCH TỈNH ĐOÀN', number: 'Số: 1-BC/TĐTN', dateLine: 'Hà Nội, ngày 03 tháng 7 năm 2023', kind: 'BÁO CÁO',
      title: 'Tiến độ', body: [{ kind: 'heading', text: '1. Kết quả' }], recipients: ['Lưu VP.'],
      signer: { authority: 'TM. BAN THƯỜNG VỤ', title: 'BÍ THƯ', name: '' },
      annexes: [{ title: 'PHỤ LỤC', subtitle: 'Kết quả của các đơn vị', landscape: true, body: [tables[1]!] }],
    };
    const text = documentText(doc);
    expect(text.indexOf('PHỤ LỤC')).toBeGreaterThan(text.indexOf('BÍ THƯ'));
    expect(text).toContain('Bảng 2. Chỉ tiêu 4\nTT | Đơn vị | 4. Chỉ tiêu số 4 (lượt)\nChỉ tiêu giao | Lũy kế | Tỷ lệ đạt\n1 | Hà Nội | 4.000 | 1.395,5 | 34,9%\n | Tổng cộng | 4.000 | 2.791 | 69,8%');
  });
});

describe('indicatorSentences once the campaign has ended', () => {
  const trees: IndicatorResult = { phrasing: defaultPhrasing({ name: 'Trồng cây', unitOfMeasure: 'cây' }), target: 10, toDate: 4, status: 'behind' };
  const notMet = 'Có 01 chỉ tiêu chưa đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu trồng cây: 10 cây – *đã thực hiện 4 cây, đạt 40%*.';

  it('writes the indicators not met as not met, not as behind schedule', () => {
    expect(text(indicatorSentences([trees], { ended: true })[0]!)).toBe(notMet);
  });

  it('writes an indicator whose status is already not met the same way, ended or not', () => {
    expect(indicatorSentences([{ ...trees, status: 'not_met' }]).map(text)).toEqual([notMet]);
    expect(indicatorSentences([{ ...trees, status: 'not_met' }], { ended: true }).map(text)).toEqual([notMet]);
  });

  it('puts the met ones first and never says "chậm tiến độ"', () => {
    const met: IndicatorResult = { ...trees, toDate: 12, status: 'achieved' };
    const all = indicatorSentences([trees, met, { ...trees, toDate: 5, status: 'not_met' }], { ended: true }).map(text);
    expect(all).toEqual([
      'Có 01 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu trồng cây: 10 cây – *đã thực hiện 12 cây, đạt 120%*.',
      'Có 02 chỉ tiêu chưa đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu trồng cây: 10 cây – *đã thực hiện 4 cây, đạt 40%*; '
        + 'Chỉ tiêu trồng cây: 10 cây – *đã thực hiện 5 cây, đạt 50%*.',
    ]);
    expect(all.join(' ')).not.toContain('chậm tiến độ');
  });
});
