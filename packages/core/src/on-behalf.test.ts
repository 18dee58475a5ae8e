import { describe, expect, it } from 'vitest';
import { FieldProblems } from './field-problems.ts';
import { firstSubmittedOnBehalf, onBehalfRefusal, readOnBehalf, receivedAtText } from './on-behalf.ts';

// Week 2023-W27 began on Monday 03/07/2023 at 00:00 in Hà Nội (2023-07-02T17:00Z); the clock
// reads Thursday 06/07/2023 10:00 in Hà Nội (2023-07-06T03:00Z).
const WEEK = '2023-W27';
const NOW = new Date('2023-07-06T03:00:00Z');
const REASON = 'Đơn vị báo qua điện thoại';

describe('readOnBehalf', () => {
  // receivedAt as sent → the instant kept (UTC), or the problem on onBehalf.receivedAt.
  const cases: readonly [string, string, { at: string } | { problem: string }][] = [
    ['a time of the week, in Hà Nội', '2023-07-05T14:30:00+07:00', { at: '2023-07-05T07:30:00.000Z' }],
    ['the same, in UTC without seconds', '2023-07-05T07:30Z', { at: '2023-07-05T07:30:00.000Z' }],
    ['the very start of the week', '2023-07-03T00:00:00+07:00', { at: '2023-07-02T17:00:00.000Z' }],
    ['exactly now', '2023-07-06T10:00:00+07:00', { at: '2023-07-06T03:00:00.000Z' }],
    ['a minute before the week began', '2023-07-02T23:59:00+07:00',
      { problem: 'Thời điểm nhận báo cáo (23:59 ngày 02/07/2023) không thể trước khi tuần bắt đầu (00:00 ngày 03/07/2023).' }],
    ['a minute in the future', '2023-07-06T10:01:00+07:00', { problem: 'Thời điểm nhận báo cáo (10:01 ngày 06/07/2023) không thể ở tương lai.' }],
    ['next week', '2023-07-10T08:00:00+07:00', { problem: 'Thời điểm nhận báo cáo (08:00 ngày 10/07/2023) không thể ở tương lai.' }],
    ['a date without a time', '2023-07-05', { problem: 'Thời điểm nhận báo cáo "2023-07-05" không hợp lệ.' }],
    ['a time without an offset', '2023-07-05T14:30', { problem: 'Thời điểm nhận báo cáo "2023-07-05T14:30" không hợp lệ.' }],
    ['a day that does not exist', '2023-02-30T10:00:00Z', { problem: 'Thời điểm nhận báo cáo "2023-02-30T10:00:00Z" không hợp lệ.' }],
    ['nothing', '', { problem: 'Cần ghi thời điểm nhận được báo cáo (giờ và ngày).' }],
  ];
  it.each(cases)('%s: %s', (_, receivedAt, expected) => {
    const problems = new FieldProblems();
    const entry = readOnBehalf({ reason: REASON, receivedAt }, WEEK, NOW, problems);
    if ('at' in expected) {
      expect(problems.list()).toEqual([]);
      expect(entry).toEqual({ reason: REASON, receivedAt: expected.at });
    } else {
      expect(entry).toBeNull();
      expect(problems.list().map((p) => [p.field, p.message])).toEqual([['onBehalf.receivedAt', expected.problem]]);
    }
  });

  it.each([
    ['missing', undefined, 'Cần ghi lý do nhập thay (ví dụ: đơn vị báo qua điện thoại, gửi bản giấy).'],
    ['blank', '   ', 'Cần ghi lý do nhập thay (ví dụ: đơn vị báo qua điện thoại, gửi bản giấy).'],
    ['too long', 'x'.repeat(1001), 'Lý do nhập thay quá dài (tối đa 1000 ký tự).'],
  ])('a reason %s is refused', (_, reason, message) => {
    const problems = new FieldProblems();
    expect(readOnBehalf({ reason, receivedAt: '2023-07-05T14:30:00+07:00' }, WEEK, NOW, problems)).toBeNull();
    expect(problems.list().map((p) => [p.field, p.message])).toEqual([['onBehalf.reason', message]]);
  });

  it('tells a missing reason and a future time together, and trims the reason it keeps', () => {
    const problems = new FieldProblems();
    expect(readOnBehalf({ reason: '', receivedAt: '2023-07-07T08:00:00+07:00' }, WEEK, NOW, problems)).toBeNull();
    expect(problems.list().map((p) => p.field)).toEqual(['onBehalf.reason', 'onBehalf.receivedAt']);
    expect(readOnBehalf({ reason: `  ${REASON} `, receivedAt: '2023-07-04T09:15:00+07:00' }, WEEK, NOW, new FieldProblems()))
      .toEqual({ reason: REASON, receivedAt: '2023-07-04T02:15:00.000Z' });
  });

  it('says it in English too', () => {
    const problems = new FieldProblems();
    readOnBehalf({ reason: REASON, receivedAt: '2023-07-02T23:59:00+07:00' }, WEEK, NOW, problems);
    expect(problems.list()[0]?.messageEn).toBe('The received time (23:59 on 02/07/2023) cannot be before the week began (00:00 on 03/07/2023).');
  });
});

describe('onBehalfRefusal', () => {
  // Unit 5 is below 3, below 2, below the root 1.
  const above = [3, 2, 1];
  const cases: readonly [string, { unitId: number; role: string } | null, string | null][] = [
    ['a manager of the parent', { unitId: 3, role: 'manager' }, null],
    ['a manager two levels up', { unitId: 2, role: 'manager' }, null],
    ['steering staff at the root', { unitId: 1, role: 'steering' }, null],
    ['the system', null, null],
    ['a reporter of the unit itself', { unitId: 5, role: 'reporter' }, 'Không nhập thay cho chính đơn vị của mình; hãy gửi báo cáo như thường.'],
    ['a manager of the unit itself', { unitId: 5, role: 'manager' }, 'Không nhập thay cho chính đơn vị của mình; hãy gửi báo cáo như thường.'],
    ['a reporter of the parent', { unitId: 3, role: 'reporter' }, 'Chỉ cán bộ quản lý của đơn vị cấp trên mới được nhập thay báo cáo.'],
    ['a viewer of the parent', { unitId: 3, role: 'viewer' }, 'Chỉ cán bộ quản lý của đơn vị cấp trên mới được nhập thay báo cáo.'],
    ['a manager of a sibling', { unitId: 6, role: 'manager' }, 'Chỉ được nhập thay báo cáo của đơn vị cấp dưới của mình.'],
  ];
  it.each(cases)('%s', (_, actor, message) => {
    const refusal = onBehalfRefusal(actor, { id: 5 }, above);
    expect(refusal?.message ?? null).toBe(message);
    if (refusal) expect(refusal.code).toBe('forbidden');
  });
});

describe('receivedAtText and firstSubmittedOnBehalf', () => {
  it.each([
    ['2023-07-05T07:30:00.000Z', '14:30 ngày 05/07/2023', '14:30 on 05/07/2023'],
    ['2023-07-02T17:00:00Z', '00:00 ngày 03/07/2023', '00:00 on 03/07/2023'],
    ['2023-12-31T16:59:00Z', '23:59 ngày 31/12/2023', '23:59 on 31/12/2023'],
  ])('%s reads %s', (instant, vi, en) => {
    expect(receivedAtText(instant)).toEqual({ vi, en });
  });

  it.each([
    [null, '2023-07-05T07:30:00.000Z', '2023-07-05T07:30:00.000Z'],
    ['2023-07-04T01:00:00Z', '2023-07-05T07:30:00.000Z', '2023-07-04T01:00:00Z'],
    ['2023-07-06 02:00:00+00', '2023-07-05T07:30:00.000Z', '2023-07-05T07:30:00.000Z'],
  ])('first %s, received %s → %s', (first, received, expected) => {
    expect(firstSubmittedOnBehalf(first, received)).toBe(expected);
  });
});
