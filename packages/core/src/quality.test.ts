import { describe, expect, it } from 'vitest';
import {
  checkCrossRules,
  checkCumulativeNeverDecreases,
  checkOutlierExplanation,
  checkUpperBound,
  flagOutlier,
  MAX_EXPLANATION_LENGTH,
  median,
  modifiedZScore,
  OUTLIER_DEFAULTS,
  validateCrossRule,
  type CrossRule,
  type OutlierFlag,
} from './quality.ts';

// Five steady weeks: median 1.200, absolute deviations 200, 100, 0, 100, 200 → MAD 100.
const STEADY = [1000, 1100, 1200, 1300, 1400];

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[1200, 1201, 1000, 1400], 1200.5],
    [[-5, 5], 0],
    [[0, 0, 0, 7], 0],
    // Exact where (a + b) / 2 is not: 0.1 + 0.2 is 0.30000000000000004.
    [[0.2, 0.1], 0.15],
    [[1.0001, 1.0002], 1.00015],
    [[0.7, 0.4, 100, -1], 0.55],
    [[Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 2], Number.MAX_SAFE_INTEGER - 1],
  ])('median(%j) = %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('leaves its input alone', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each([[[]], [[1, NaN]], [[Infinity]]])('refuses %j', (values) => {
    expect(() => median(values)).toThrow(RangeError);
  });
});

describe('modifiedZScore', () => {
  it.each([
    // 0.6745 × (x − median) / MAD, computed by hand.
    [12_500, STEADY, 76.2185], // 0,6745 × 11.300 / 100
    [1200, STEADY, 0],
    [1000, STEADY, -1.349], // 0,6745 × −200 / 100
    [1800, STEADY, 4.047],
    [30, [10, 12, 14, 16, 18], 5.396], // median 14, MAD 2: 0,6745 × 16 / 2
    [13, [2, 4, 6, 8], 2.698], // median 5, deviations 3, 1, 1, 3 → MAD 2: 0,6745 × 8 / 2
    [0.9, [0.1, 0.2, 0.3, 0.4, 0.5], 4.047], // median 0,3, MAD 0,1
    [12_500, [1200, 1201, 1000, 1400], 76.2151275], // median 1.200,5, deviations 0,5, 0,5, 200,5, 199,5 → MAD 100
    // MAD = 0 (over half the weeks equal the median): 0.7979 × (x − median) / meanAD.
    [9, [5, 5, 5, 9], 3.1916], // median 5, deviations 0, 0, 0, 4 → meanAD 1
    [10, [5, 5, 5, 9], 3.9895],
    [0, [5, 5, 5, 9], -3.9895],
    [3, [0, 0, 0, 0, 1], 11.9685], // meanAD 0,2: 0,7979 × 3 / 0,2
  ])('modifiedZScore(%s, %j) = %s', (value, history, expected) => {
    expect(modifiedZScore(value, history)).toBeCloseTo(expected, 9);
  });

  it.each([
    // MAD = 0 and meanAD = 0: every past value equal. 0 for that value, ±Infinity otherwise.
    [7, [7, 7, 7, 7], 0],
    [8, [7, 7, 7, 7], Infinity],
    [6, [7, 7, 7, 7], -Infinity],
    [0, [0, 0, 0, 0], 0],
    [0.0001, [0, 0, 0, 0], Infinity],
    [6, [5], Infinity],
    [5, [5], 0],
  ])('modifiedZScore(%s, %j) = %s with no spread at all', (value, history, expected) => {
    expect(modifiedZScore(value, history)).toBe(expected);
  });

  it('is robust to an earlier outlier, where the ordinary z-score is masked', () => {
    const history = [1000, 1100, 12_000, 1200, 1300];
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / (history.length - 1));
    expect((11_000 - mean) / sd).toBeLessThan(3.5);
    expect(modifiedZScore(11_000, history)).toBeGreaterThan(3.5);
  });

  it.each([
    [NaN, STEADY],
    [1, []],
    [1, [1, Infinity]],
  ])('refuses modifiedZScore(%s, %j)', (value, history) => {
    expect(() => modifiedZScore(value, history)).toThrow(RangeError);
  });
});

describe('flagOutlier', () => {
  it('flags a week far above the unit’s own history, the Vietnamese way', () => {
    const flag = flagOutlier({ value: 12_500, history: STEADY });
    expect(flag).toEqual({
      kind: 'history',
      direction: 'high',
      score: expect.closeTo(76.2185, 9),
      median: 1200,
      message: {
        vi: 'Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.200).',
        en: 'The figure 12,500 is unusually high compared with previous weeks (median 1,200).',
      },
    });
    expect(Object.isFrozen(flag)).toBe(true);
    expect(Object.isFrozen(flag?.message)).toBe(true);
  });

  it.each([
    // value, history, peers, options, expected Vietnamese message (null: no flag)
    [100, STEADY, [], {}, 'Số liệu 100 thấp bất thường so với các tuần trước (trung vị 1.200).'],
    [0, STEADY, [], {}, 'Số liệu 0 thấp bất thường so với các tuần trước (trung vị 1.200).'],
    [1300, STEADY, [], {}, null],
    // Too little history, no peers: nothing to compare with.
    [12_500, [1000, 1100, 1200], [], {}, null],
    [12_500, [], [], {}, null],
    // Too little history, enough peers: the peers speak.
    [12_500, [1000, 1100, 1200], STEADY, {}, 'Số liệu 12.500 cao bất thường so với các đơn vị cùng cấp (trung vị 1.200).'],
    [12_500, [1000, 1100, 1200], [1000, 1100, 1200, 1300], {}, null],
    // Usual for the unit, unusual among its peers.
    [12_500, [11_000, 12_000, 13_000, 12_500], STEADY, {}, 'Số liệu 12.500 cao bất thường so với các đơn vị cùng cấp (trung vị 1.200).'],
    // Unusual on both counts: the unit's own history is named.
    [12_500, STEADY, STEADY, {}, 'Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.200).'],
    // Usual on both counts.
    [1250, STEADY, STEADY, {}, null],
    // A median between two weeks, and decimals.
    [12_500, [1200, 1201, 1000, 1400], [], {}, 'Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.200,5).'],
    [25.5, [0.5, 0.6, 0.5, 0.7, 0.6], [], { minDifference: 1 }, 'Số liệu 25,5 cao bất thường so với các tuần trước (trung vị 0,6).'],
    [1_234_567.89, STEADY, [], {}, 'Số liệu 1.234.567,89 cao bất thường so với các tuần trước (trung vị 1.200).'],
    // Zeros and small numbers: a constant or mostly-zero history scores a few units very
    // high, but a difference of at most minDifference (10) is never flagged.
    [12_500, [0, 0, 0, 0], [], {}, 'Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 0).'],
    [0, [0, 0, 0, 0], [], {}, null],
    [3, [0, 0, 0, 0], [], {}, null],
    [3, [0, 0, 0, 0, 1], [], {}, null],
    [10, [0, 0, 0, 0], [], {}, null],
    [11, [0, 0, 0, 0], [], {}, 'Số liệu 11 cao bất thường so với các tuần trước (trung vị 0).'],
    [3, [0, 0, 0, 0], [], { minDifference: 0 }, 'Số liệu 3 cao bất thường so với các tuần trước (trung vị 0).'],
    [0, [5, 5, 5, 5], [], { minDifference: 0 }, 'Số liệu 0 thấp bất thường so với các tuần trước (trung vị 5).'],
    // ... nor a value less than three times the median, or more than a third of it
    // (minRelativeDifference 2): campaigns ramp up; a digit too many or too few does not.
    [1020, [], [1000, 1000, 1000, 1000, 1001], {}, null],
    [2999, [1000, 1000, 1000, 1000], [], {}, null],
    [3000, [1000, 1000, 1000, 1000], [], {}, 'Số liệu 3.000 cao bất thường so với các tuần trước (trung vị 1.000).'],
    [334, [1000, 1000, 1000, 1000], [], {}, null],
    [333, [1000, 1000, 1000, 1000], [], {}, 'Số liệu 333 thấp bất thường so với các tuần trước (trung vị 1.000).'],
    [1501, [1000, 1000, 1000, 1000], [], { minRelativeDifference: 0.5 }, 'Số liệu 1.501 cao bất thường so với các tuần trước (trung vị 1.000).'],
    [666, [1000, 1000, 1000, 1000], [], { minRelativeDifference: 0.5 }, 'Số liệu 666 thấp bất thường so với các tuần trước (trung vị 1.000).'],
    [667, [1000, 1000, 1000, 1000], [], { minRelativeDifference: 0.5 }, null],
    // Peers of different sizes, scaled by their targets: the message says so.
    [12_500, [], STEADY, { peersScaledByTarget: true }, 'Số liệu 12.500 cao bất thường so với các đơn vị cùng cấp, quy theo chỉ tiêu được giao (trung vị 1.200).'],
    [1020, [], [1000, 1000, 1000, 1000, 1001], { minDifference: 0, minRelativeDifference: 0 }, 'Số liệu 1.020 cao bất thường so với các đơn vị cùng cấp (trung vị 1.000).'],
    // Smaller minimums of history and peers.
    [12_500, [1000, 1100], [], { minHistory: 2 }, 'Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.050).'],
    [12_500, [], [1000, 1100, 1200], { minPeers: 3 }, 'Số liệu 12.500 cao bất thường so với các đơn vị cùng cấp (trung vị 1.100).'],
  ] as const)('%s against history %j and peers %j (%o): %s', (value, history, peers, options, message) => {
    expect(flagOutlier({ value, history, peers, ...options })?.message.vi ?? null).toBe(message);
  });

  it('writes the English message with English separators', () => {
    expect(flagOutlier({ value: 0, history: [1200, 1201, 1000, 1400] })?.message.en).toBe(
      'The figure 0 is unusually low compared with previous weeks (median 1,200.5).',
    );
    expect(flagOutlier({ value: 25.5, peers: [0.5, 0.6, 0.5, 0.7, 0.6], minDifference: 1 })?.message.en).toBe(
      'The figure 25.5 is unusually high compared with peer units (median 0.6).',
    );
  });

  it('carries the score and the direction', () => {
    expect(flagOutlier({ value: 12_500, history: [0, 0, 0, 0] })).toMatchObject({ score: Infinity, direction: 'high', median: 0 });
    expect(flagOutlier({ value: 100, history: STEADY })).toMatchObject({ score: expect.closeTo(-7.4195, 9), direction: 'low' });
  });

  describe('at the edge of the threshold', () => {
    const loose = { minDifference: 0, minRelativeDifference: 0 };
    const score = modifiedZScore(1800, STEADY); // 4,047

    it.each([
      [score, null],
      [score - 1e-9, 'history'],
      [score + 1e-9, null],
      [OUTLIER_DEFAULTS.threshold, 'history'],
      [0, 'history'],
    ])('threshold %s → %s', (threshold, kind) => {
      expect(flagOutlier({ value: 1800, history: STEADY, threshold, ...loose })?.kind ?? null).toBe(kind);
    });

    it.each([
      // The default 3,5 with MAD = 0: 3,1916 is not flagged, 3,9895 is.
      [9, null],
      [10, 'history'],
    ])('value %s against [5, 5, 5, 9] → %s', (value, kind) => {
      expect(flagOutlier({ value, history: [5, 5, 5, 9], ...loose })?.kind ?? null).toBe(kind);
    });

    it('never flags a score of exactly 0, even at threshold 0', () => {
      expect(flagOutlier({ value: 5, history: [5, 5, 5, 9], threshold: 0, ...loose })).toBeNull();
    });

    it('flags exactly one unit beyond the minimum difference', () => {
      expect(flagOutlier({ value: 1810, history: STEADY, minDifference: 610, minRelativeDifference: 0 })).toBeNull();
      expect(flagOutlier({ value: 1810, history: STEADY, minDifference: 609, minRelativeDifference: 0 })?.kind).toBe('history');
    });
  });

  it.each([[-1], [NaN]])('refuses threshold %s', (threshold) => {
    expect(() => flagOutlier({ value: 1, history: STEADY, threshold })).toThrow(RangeError);
  });
});

describe('checkOutlierExplanation', () => {
  const volunteers = { code: 'tinh-nguyen-vien', name: 'Tình nguyện viên' };
  const flag = flagOutlier({ value: 12_500, history: STEADY }) as OutlierFlag;

  it.each([
    [null, '', null],
    [flag, 'Ra quân cao điểm ngày 26/3', null],
    [flag, '  x  ', null],
    [flag, 'x'.repeat(MAX_EXPLANATION_LENGTH), null],
    [
      flag, '',
      'Chỉ tiêu "Tình nguyện viên": Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.200). Vui lòng xác nhận và ghi giải thích ngắn.',
    ],
    [
      flag, '   ',
      'Chỉ tiêu "Tình nguyện viên": Số liệu 12.500 cao bất thường so với các tuần trước (trung vị 1.200). Vui lòng xác nhận và ghi giải thích ngắn.',
    ],
    [flag, 'x'.repeat(MAX_EXPLANATION_LENGTH + 1), 'Giải thích cho chỉ tiêu "Tình nguyện viên" quá dài (tối đa 500 ký tự).'],
  ] as const)('flag %#, explanation %j → %s', (f, explanation, message) => {
    expect(checkOutlierExplanation(volunteers, f, explanation)?.message ?? null).toBe(message);
  });

  it('points at the value and keeps the flag for the approver', () => {
    expect(checkOutlierExplanation(volunteers, flag, undefined)).toEqual({
      field: 'values.tinh-nguyen-vien',
      message: expect.any(String),
      messageEn:
        'Indicator "Tình nguyện viên": The figure 12,500 is unusually high compared with previous weeks (median 1,200). Please confirm it with a short explanation.',
      details: { indicatorCode: 'tinh-nguyen-vien', flag },
    });
    expect(checkOutlierExplanation(volunteers, flag, null, 'explanations.tinh-nguyen-vien')?.field).toBe('explanations.tinh-nguyen-vien');
  });
});

describe('checkCumulativeNeverDecreases', () => {
  it.each([
    [null, 5],
    [null, 0],
    [100, 100],
    [100, 101],
    [0, 0],
    [1.0001, 1.0001],
    [0.3, 0.3],
  ])('accepts %s → %s', (before, after) => {
    expect(checkCumulativeNeverDecreases(before, after)).toBeNull();
  });

  it.each([
    [100, 90, 'Số liệu lũy kế 90 thấp hơn số liệu lũy kế đã báo cáo trước đó (100).'],
    [1000.5, 1000.4999, 'Số liệu lũy kế 1.000,4999 thấp hơn số liệu lũy kế đã báo cáo trước đó (1.000,5).'],
    [2_926_049, 0, 'Số liệu lũy kế 0 thấp hơn số liệu lũy kế đã báo cáo trước đó (2.926.049).'],
  ])('refuses %s → %s', (before, after, start) => {
    const issue = checkCumulativeNeverDecreases(before, after);
    expect(issue).toMatchObject({ field: 'value', details: { previousToDate: before, value: after } });
    expect(issue?.message).toBe(`${start} Số liệu lũy kế không được giảm; nếu số trước đó sai, hãy đính chính báo cáo tuần đó.`);
  });

  it('names the indicator and its field', () => {
    expect(checkCumulativeNeverDecreases(2_926_049, 2_900_000, { code: 'ky-nang-so', name: 'Kỹ năng số' })).toEqual({
      field: 'values.ky-nang-so',
      message:
        'Chỉ tiêu "Kỹ năng số": số liệu lũy kế 2.900.000 thấp hơn số liệu lũy kế đã báo cáo trước đó (2.926.049). ' +
        'Số liệu lũy kế không được giảm; nếu số trước đó sai, hãy đính chính báo cáo tuần đó.',
      messageEn:
        'Indicator "Kỹ năng số": the value to date 2,900,000 is below the value to date reported before (2,926,049). ' +
        "Values to date never decrease; if the earlier figure was wrong, correct that week's report.",
      details: { indicatorCode: 'ky-nang-so', previousToDate: 2_926_049, value: 2_900_000 },
    });
  });
});

describe('checkUpperBound', () => {
  const age = (upperBound?: number | null) => ({ code: 'tuoi', name: 'Tuổi bình quân', upperBound });

  it.each([
    [undefined, 1e12],
    [null, 1e12],
    [35, 35],
    [35, 0],
    [100.5, 100.5],
    [0, 0],
  ])('bound %s accepts %s', (bound, value) => {
    expect(checkUpperBound(age(bound), value)).toBeNull();
  });

  it.each([
    [35, 36, 'Chỉ tiêu "Tuổi bình quân" không nhận số lớn hơn 35 (36).', 'Indicator "Tuổi bình quân" does not take numbers above 35 (36).'],
    [35, 35.0001, 'Chỉ tiêu "Tuổi bình quân" không nhận số lớn hơn 35 (35,0001).', 'Indicator "Tuổi bình quân" does not take numbers above 35 (35.0001).'],
    [
      1_000_000, 1_500_000.5,
      'Chỉ tiêu "Tuổi bình quân" không nhận số lớn hơn 1.000.000 (1.500.000,5).',
      'Indicator "Tuổi bình quân" does not take numbers above 1,000,000 (1,500,000.5).',
    ],
    [0, 1, 'Chỉ tiêu "Tuổi bình quân" không nhận số lớn hơn 0 (1).', 'Indicator "Tuổi bình quân" does not take numbers above 0 (1).'],
  ])('bound %s refuses %s', (bound, value, message, messageEn) => {
    expect(checkUpperBound(age(bound), value)).toEqual({
      field: 'values.tuoi',
      message,
      messageEn,
      details: { indicatorCode: 'tuoi', upperBound: bound, value },
    });
  });

  it('takes a field path', () => {
    expect(checkUpperBound(age(1), 2, 'rows.3.tuoi')?.field).toBe('rows.3.tuoi');
  });
});

const CODES = ['tinh-nguyen-vien', 'doi-hinh', 'cong-trinh', 'gia-tri'];
const NAMES: Record<string, string> = {
  'tinh-nguyen-vien': 'Tình nguyện viên tham gia',
  'doi-hinh': 'Đội hình tình nguyện',
  'cong-trinh': 'Công trình thanh niên',
  'gia-tri': 'Giá trị công trình',
};
const nameOf = (code: string) => NAMES[code] ?? code;

describe('validateCrossRule', () => {
  it('reads a rule as stored in JSON', () => {
    const rule = validateCrossRule(JSON.parse('{"left":"tinh-nguyen-vien","op":">=","right":"doi-hinh"}'), CODES);
    expect(rule).toEqual({ left: 'tinh-nguyen-vien', op: '>=', right: 'doi-hinh' });
    expect(Object.isFrozen(rule)).toBe(true);
  });

  it.each([
    [null, 'rule', 'Quy tắc giữa các chỉ tiêu phải có dạng { left, op, right }.'],
    ['tinh-nguyen-vien >= doi-hinh', 'rule', 'Quy tắc giữa các chỉ tiêu phải có dạng { left, op, right }.'],
    [['tinh-nguyen-vien', '>=', 'doi-hinh'], 'rule', 'Quy tắc giữa các chỉ tiêu phải có dạng { left, op, right }.'],
    [
      { left: 'tinh-nguyen-vien', op: '>=', right: 'doi-hinh', factor: 2 },
      'rule.factor', 'Quy tắc giữa các chỉ tiêu không có trường "factor"; chỉ có left, op và right.',
    ],
    [{ left: 'nguoi', op: '>=', right: 'doi-hinh' }, 'rule.left', 'Chỉ tiêu "nguoi" không thuộc chiến dịch này.'],
    [{ op: '>=', right: 'doi-hinh' }, 'rule.left', 'Chỉ tiêu "" không thuộc chiến dịch này.'],
    [{ left: 3, op: '>=', right: 'doi-hinh' }, 'rule.left', 'Chỉ tiêu "3" không thuộc chiến dịch này.'],
    [{ left: 'tinh-nguyen-vien', op: '>', right: 'doi-hinh' }, 'rule.op', 'Phép so sánh ">" không hợp lệ; chỉ nhận >=, <= hoặc =.'],
    [{ left: 'tinh-nguyen-vien', op: '==', right: 'doi-hinh' }, 'rule.op', 'Phép so sánh "==" không hợp lệ; chỉ nhận >=, <= hoặc =.'],
    [{ left: 'tinh-nguyen-vien', right: 'doi-hinh' }, 'rule.op', 'Phép so sánh "" không hợp lệ; chỉ nhận >=, <= hoặc =.'],
    [{ left: 'tinh-nguyen-vien', op: '<=', right: 'Doi-hinh' }, 'rule.right', 'Chỉ tiêu "Doi-hinh" không thuộc chiến dịch này.'],
    [
      { left: 'doi-hinh', op: '=', right: 'doi-hinh' },
      'rule.right', 'Quy tắc phải so sánh hai chỉ tiêu khác nhau, không so sánh "doi-hinh" với chính nó.',
    ],
  ])('refuses %j at %s', (rule, field, message) => {
    expect(() => validateCrossRule(rule, CODES)).toThrow(
      expect.objectContaining({ code: 'validation', message, details: expect.objectContaining({ field, messageEn: expect.any(String) }) }),
    );
  });

  it('prefixes the field path', () => {
    expect(() => validateCrossRule({ left: 'x', op: '>=', right: 'doi-hinh' }, CODES, 'crossRules.2')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'crossRules.2.left' }) }),
    );
  });
});

describe('checkCrossRules', () => {
  const atLeast: CrossRule = { left: 'tinh-nguyen-vien', op: '>=', right: 'doi-hinh' };
  const atMost: CrossRule = { left: 'cong-trinh', op: '<=', right: 'doi-hinh' };
  const same: CrossRule = { left: 'gia-tri', op: '=', right: 'cong-trinh' };

  it.each([
    // rule, left value, right value, Vietnamese message (null: the rule holds)
    [atLeast, 1250, 40, null],
    [atLeast, 40, 40, null],
    [atLeast, 12, 15, 'Chỉ tiêu "Tình nguyện viên tham gia" (12) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình tình nguyện" (15).'],
    [atLeast, 1250, 1300, 'Chỉ tiêu "Tình nguyện viên tham gia" (1.250) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình tình nguyện" (1.300).'],
    [atLeast, 0.1, 0.1001, 'Chỉ tiêu "Tình nguyện viên tham gia" (0,1) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình tình nguyện" (0,1001).'],
    [atMost, 3, 3, null],
    [atMost, 0, 3, null],
    [atMost, 4, 3, 'Chỉ tiêu "Công trình thanh niên" (4) phải nhỏ hơn hoặc bằng chỉ tiêu "Đội hình tình nguyện" (3).'],
    [same, 0.3, 0.3, null],
    [same, 7, 7, null],
    [same, 7, 8, 'Chỉ tiêu "Giá trị công trình" (7) phải bằng chỉ tiêu "Công trình thanh niên" (8).'],
    [same, 1.0001, 1, 'Chỉ tiêu "Giá trị công trình" (1,0001) phải bằng chỉ tiêu "Công trình thanh niên" (1).'],
    // Missing values skip the rule.
    [atLeast, null, 15, null],
    [atLeast, 12, null, null],
    [atLeast, undefined, 15, null],
  ] as const)('%j with %s and %s: %s', (rule, left, right, message) => {
    const issues = checkCrossRules([rule], { [rule.left]: left, [rule.right]: right }, nameOf);
    expect(issues.map((i) => i.message)).toEqual(message === null ? [] : [message]);
    for (const i of issues) expect(i.field).toBe(`values.${rule.left}`);
  });

  it('answers every broken rule, in order, in both languages', () => {
    const issues = checkCrossRules([atLeast, atMost, same], { 'tinh-nguyen-vien': 12, 'doi-hinh': 15, 'cong-trinh': 16, 'gia-tri': 16 }, nameOf);
    expect(issues).toEqual([
      {
        field: 'values.tinh-nguyen-vien',
        message: 'Chỉ tiêu "Tình nguyện viên tham gia" (12) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình tình nguyện" (15).',
        messageEn: 'Indicator "Tình nguyện viên tham gia" (12) must be at least indicator "Đội hình tình nguyện" (15).',
        details: { rule: atLeast, left: 12, right: 15 },
      },
      {
        field: 'values.cong-trinh',
        message: 'Chỉ tiêu "Công trình thanh niên" (16) phải nhỏ hơn hoặc bằng chỉ tiêu "Đội hình tình nguyện" (15).',
        messageEn: 'Indicator "Công trình thanh niên" (16) must be at most indicator "Đội hình tình nguyện" (15).',
        details: { rule: atMost, left: 16, right: 15 },
      },
    ]);
    expect(Object.isFrozen(issues)).toBe(true);
    expect(Object.isFrozen(issues[0])).toBe(true);
  });

  it('skips rules whose indicators were not reported, and names by code without a lookup', () => {
    expect(checkCrossRules([atLeast, atMost], { 'tinh-nguyen-vien': 1 })).toEqual([]);
    expect(checkCrossRules([atMost], { 'cong-trinh': 4_500, 'doi-hinh': 3 })[0]?.messageEn).toBe(
      'Indicator "cong-trinh" (4,500) must be at most indicator "doi-hinh" (3).',
    );
  });

  it('ignores inherited keys', () => {
    expect(checkCrossRules([{ left: 'constructor', op: '>=', right: 'toString' }], {})).toEqual([]);
  });
});
