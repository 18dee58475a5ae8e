import { describe, expect, it } from 'vitest';
import type { Indicator } from './indicator.ts';
import { MAX_REPORT_TEXT, parseReportInput } from './report-input.ts';

const STREETS: Indicator = { id: 1, code: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment' };
const KM: Indicator = { id: 2, code: 'km-duong', name: 'Đường giao thông', unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'increment' };
const campaign = { indicators: [STREETS, KM] };

describe('parseReportInput', () => {
  it('reads figures written the Vietnamese way, skips empty ones and trims the texts', () => {
    const parsed = parseReportInput(campaign, { values: { 'tuyen-pho': '1.791', 'km-duong': ' ' }, highlights: '  Ra quân  ', consolidated: true });
    expect([...parsed.entered]).toEqual([[1, 1791]]);
    expect(parsed).toMatchObject({ consolidated: true, highlights: 'Ra quân', difficulties: '', proposals: '', problems: [] });
  });

  it('reports every bad field at once, each on its path', () => {
    const parsed = parseReportInput(campaign, {
      values: { 'tuyen-pho': '1,5', 'km-duong': -2, 'khong-co': 1 }, proposals: 'x'.repeat(MAX_REPORT_TEXT + 1),
    });
    expect(parsed.problems.map((p) => [p.field, p.message])).toEqual([
      ['values.tuyen-pho', 'Chỉ tiêu "Tuyến phố văn minh" chỉ nhận số nguyên, không nhận 1,5.'],
      ['values.km-duong', 'Chỉ tiêu "Đường giao thông" không nhận số âm (-2).'],
      ['values.khong-co', 'Chỉ tiêu "khong-co" không thuộc chiến dịch này.'],
      ['proposals', 'Nội dung quá dài (tối đa 10000 ký tự).'],
    ]);
    expect(parsed.entered.size).toBe(0);
    expect(parsed.consolidated).toBe(false);
  });
});
