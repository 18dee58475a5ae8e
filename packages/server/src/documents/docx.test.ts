/**
 * renderDocx lays an official document out as Decree 30/2020/NĐ-CP and Hướng dẫn
 * 29-HD/TWĐTN-VP require. The .docx is unzipped with a small reader over node:zlib and its
 * WordprocessingML is checked directly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { OfficialDocument } from '@giaoban/core';
import { renderDocx } from './docx.ts';
import { unzip } from '../../test/zip-archive.ts';

/** The text of each paragraph, runs joined (XML entities decoded). */
function paragraphs(xml: string): string[] {
  const decode = (s: string): string =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1] ?? '')).join(''));
}

/** The run (<w:r>…</w:r>) whose text is exactly `text`. */
function runOf(xml: string, text: string): string {
  const run = [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map((m) => m[0]).find((r) => r.includes(`>${text}</w:t>`));
  if (!run) throw new Error(`no run "${text}"`);
  return run;
}

const FOOTNOTE = 'Số liệu tổng hợp từ báo cáo của 63 tỉnh, thành Đoàn đến ngày 05/7/2023.';
const RECIPIENTS = [
  'Ban Bí thư Trung ương Đoàn (để b/c);',
  'Các đồng chí Ủy viên Ban Thường vụ Trung ương Đoàn;',
  'Các ban, đơn vị thuộc Trung ương Đoàn;',
  'Các tỉnh, thành Đoàn và Đoàn trực thuộc;',
  'Ban Chỉ đạo Chiến dịch các cấp;',
  'Lưu VP, CNĐT.',
];

const sample: OfficialDocument = {
  superiorBody: 'BCH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH',
  issuer: 'BAN CHỈ ĐẠO CHIẾN DỊCH TNTN HÈ 2023',
  number: 'Số: 46-TB/TWĐTN-CNĐT',
  dateLine: 'Hà Nội, ngày 06 tháng 7 năm 2023',
  kind: 'THÔNG BÁO',
  title: 'KẾT LUẬN CỦA BAN CHỈ ĐẠO\nvề kết quả thực hiện giai đoạn 1 Chiến dịch Thanh niên tình nguyện hè 2023',
  body: [
    { kind: 'heading', text: '1. Đánh giá chung' },
    {
      kind: 'paragraph',
      runs: [
        { text: 'Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu xây dựng mới 500 tuyến phố (đường, hẻm) văn minh – ' },
        { text: 'đã xây dựng 698 tuyến phố, đạt 139,6%', italic: true, footnote: FOOTNOTE },
        { text: '; chỉ tiêu trồng mới cây xanh – ' },
        { text: 'đã thực hiện 3.160.115 cây, đạt 52,67%', italic: true },
        { text: '.' },
      ],
    },
    { kind: 'bullet', runs: [{ text: 'Các đơn vị báo cáo chậm: Tỉnh đoàn Điện Biên, Thành đoàn Đà Nẵng.' }] },
    { kind: 'heading', text: '2. Nhiệm vụ trọng tâm thời gian tới' },
    { kind: 'paragraph', runs: [{ text: 'Đề nghị các đơn vị ' }, { text: 'tập trung', bold: true }, { text: ' đẩy nhanh tiến độ các chỉ tiêu còn chậm.' }] },
  ],
  recipients: RECIPIENTS,
  signer: { authority: 'TL. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN', title: 'CHÁNH VĂN PHÒNG', name: 'Nguyễn Văn Đức' },
};

describe('renderDocx', () => {
  let files: Map<string, string>;
  let document: string;
  let texts: string[];

  beforeAll(async () => {
    files = unzip(await renderDocx(sample));
    document = files.get('word/document.xml') ?? '';
    texts = paragraphs(document);
  });

  it('is A4 with the margins of Decree 30, a different first page, and Times New Roman', () => {
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(document)?.[1] ?? '';
    expect(margin).toContain('w:top="1134"');
    expect(margin).toContain('w:bottom="1134"');
    expect(margin).toContain('w:left="1701"');
    expect(margin).toContain('w:right="851"');
    expect(document).toMatch(/<w:titlePg\s*\/>|<w:titlePg w:val="(true|1)"\s*\/>/);
    expect(document).toContain('w:ascii="Times New Roman"');
    expect(document).toContain('w:hAnsi="Times New Roman"');
    expect(runOf(document, 'Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu xây dựng mới 500 tuyến phố (đường, hẻm) văn minh – '))
      .toContain('<w:sz w:val="28"/>');
  });

  it('writes the two-column header with its emphasis', () => {
    expect(document).toMatch(/<w:tbl>/);
    for (const t of [sample.superiorBody, sample.issuer, '***', sample.number, 'ĐOÀN TNCS HỒ CHÍ MINH', sample.dateLine]) {
      expect(texts).toContain(t);
    }
    expect(runOf(document, sample.issuer)).toMatch(/<w:b\s*\/>/);
    expect(runOf(document, sample.superiorBody)).not.toContain('<w:b');
    expect(runOf(document, sample.superiorBody)).toContain('<w:sz w:val="26"/>');
    expect(runOf(document, sample.number)).not.toContain('<w:b');
    expect(runOf(document, sample.number)).toContain('<w:sz w:val="28"/>');
    const union = runOf(document, 'ĐOÀN TNCS HỒ CHÍ MINH');
    expect(union).toMatch(/<w:b\s*\/>/);
    expect(union).toMatch(/<w:u w:val="single"\s*\/>/);
    expect(runOf(document, sample.dateLine)).toMatch(/<w:i\s*\/>/);
  });

  it('writes the kind, the title line by line, and the body in order with its emphasis', () => {
    const order = ['THÔNG BÁO', 'KẾT LUẬN CỦA BAN CHỈ ĐẠO',
      'về kết quả thực hiện giai đoạn 1 Chiến dịch Thanh niên tình nguyện hè 2023', '-----', '1. Đánh giá chung',
      'Có 02 chỉ tiêu đã đạt so với kế hoạch đề ra, cụ thể: Chỉ tiêu xây dựng mới 500 tuyến phố (đường, hẻm) văn minh – đã xây dựng 698 tuyến phố, đạt 139,6%; chỉ tiêu trồng mới cây xanh – đã thực hiện 3.160.115 cây, đạt 52,67%.',
      '- Các đơn vị báo cáo chậm: Tỉnh đoàn Điện Biên, Thành đoàn Đà Nẵng.',
      '2. Nhiệm vụ trọng tâm thời gian tới'];
    const at = order.map((t) => texts.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(runOf(document, 'THÔNG BÁO')).toMatch(/<w:b\s*\/>/);
    expect(runOf(document, '1. Đánh giá chung')).toMatch(/<w:b\s*\/>/);
    expect(runOf(document, 'đã xây dựng 698 tuyến phố, đạt 139,6%')).toMatch(/<w:i\s*\/>/);
    expect(runOf(document, 'tập trung')).toMatch(/<w:b\s*\/>/);
    expect(runOf(document, 'Đề nghị các đơn vị ')).not.toMatch(/<w:[bi][ />]/);
    expect(document).toMatch(/<w:jc w:val="both"\s*\/>/);
    expect(document).toMatch(/<w:ind w:firstLine="720"\s*\/>/);
  });

  it('makes a real footnote', () => {
    expect(document).toMatch(/<w:footnoteReference w:id="1"\s*\/>/);
    expect(paragraphs(files.get('word/footnotes.xml') ?? '')).toContain(FOOTNOTE);
  });

  it('writes "Nơi nhận:" and the signer block', () => {
    expect(texts).toContain('Nơi nhận:');
    const receive = runOf(document, 'Nơi nhận:');
    expect(receive).toMatch(/<w:b\s*\/>/);
    expect(receive).toMatch(/<w:i\s*\/>/);
    expect(receive).toContain('<w:sz w:val="24"/>');
    for (const r of RECIPIENTS) {
      expect(texts).toContain(`- ${r}`);
      expect(runOf(document, `- ${r}`)).toContain('<w:sz w:val="22"/>');
    }
    const signer = texts.indexOf('TL. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN');
    expect(texts.slice(signer, signer + 2)).toEqual(['TL. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN', 'CHÁNH VĂN PHÒNG']);
    expect(texts.indexOf('Nguyễn Văn Đức')).toBeGreaterThan(signer + 3);
    expect(runOf(document, 'Nguyễn Văn Đức')).toMatch(/<w:b\s*\/>/);
  });

  it('numbers the pages in the header from page 2 only', () => {
    const headers = [...files.entries()].filter(([name]) => /^word\/header\d+\.xml$/.test(name)).map(([, xml]) => xml);
    expect(headers.filter((h) => /PAGE/.test(h))).toHaveLength(1);
    expect(document).toMatch(/<w:headerReference w:type="first"/);
    expect(document).toMatch(/<w:headerReference w:type="default"/);
  });

  it('sets the core properties', () => {
    const core = files.get('docProps/core.xml') ?? '';
    expect(core).toContain('<dc:creator>Giao Ban</dc:creator>');
    expect(core).toContain('KẾT LUẬN CỦA BAN CHỈ ĐẠO về kết quả thực hiện giai đoạn 1 Chiến dịch Thanh niên tình nguyện hè 2023');
  });
});

describe('renderDocx with an annex', () => {
  let document: string;
  beforeAll(async () => {
    document = unzip(await renderDocx({
      ...sample,
      annexes: [{
        title: 'PHỤ LỤC', subtitle: 'Kết quả của các đơn vị\n(Kèm theo Báo cáo số 12-BC/TĐTN)', landscape: true,
        body: [{
          kind: 'table', caption: 'Bảng 1. Chỉ tiêu 1',
          header: [[{ text: 'TT', rowSpan: 2 }, { text: 'Đơn vị', rowSpan: 2 }, { text: 'Tuyến phố (tuyến)', colSpan: 3 }], [{ text: 'Chỉ tiêu giao' }, { text: 'Lũy kế' }, { text: 'Tỷ lệ đạt' }]],
          rows: [{ cells: ['1', 'Hà Nội', '500', '698', '139,6%'] }, { cells: ['', 'Tổng cộng', '500', '698', '139,6%'], bold: true }],
          widths: [2, 9, 4, 4, 3], align: ['center', 'left', 'right', 'right', 'right'],
        }],
      }],
    })).get('word/document.xml') ?? '';
  });

  it('puts the annex in a landscape section of its own, after the signer', () => {
    expect(document.indexOf('PHỤ LỤC')).toBeGreaterThan(document.indexOf('Nguyễn Văn Đức'));
    expect(document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\s*\/>/);
    expect(paragraphs(document)).toEqual(expect.arrayContaining(['PHỤ LỤC', 'Kết quả của các đơn vị', '(Kèm theo Báo cáo số 12-BC/TĐTN)', 'Bảng 1. Chỉ tiêu 1']));
  });

  it('writes a real table: header rows repeated, spans, figures to the right, the total in bold', () => {
    const table = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((t) => t.includes('Lũy kế'))!;
    expect(table).toBeTruthy();
    expect(table.match(/<w:tblHeader\s*\/>/g)).toHaveLength(2);
    expect(table).toMatch(/<w:gridSpan w:val="3"\s*\/>/);
    expect(table).toMatch(/<w:vMerge w:val="restart"\s*\/>/);
    expect(table).toMatch(/<w:tblBorders>/);
    expect(runOf(table, '698')).not.toMatch(/<w:b\s*\/>/);
    const cell = (text: string) => [...table.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map((m) => m[0]).filter((p) => p.includes(`>${text}</w:t>`));
    expect(cell('139,6%')[0]).toMatch(/<w:jc w:val="right"\s*\/>/);
    expect(runOf(table, 'Tổng cộng')).toMatch(/<w:b\s*\/>/);
  });
});

describe('renderDocx for a province', () => {
  it('leaves out an empty superior body and keeps a long date line on one line at 13 pt', async () => {
    const dateLine = 'TP. Hồ Chí Minh, ngày 01 tháng 12 năm 2026';
    const document = unzip(await renderDocx({ ...sample, superiorBody: '', issuer: 'BCH THÀNH ĐOÀN TP. HỒ CHÍ MINH', dateLine })).get('word/document.xml') ?? '';
    const header = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(document)?.[0] ?? '';
    expect(paragraphs(header)[0]).toBe('BCH THÀNH ĐOÀN TP. HỒ CHÍ MINH');
    expect(runOf(document, dateLine)).toContain('<w:sz w:val="26"/>');
  });
});
