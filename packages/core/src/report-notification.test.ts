import { describe, expect, it } from 'vitest';
import { REPORT_EVENTS, draftReportNotification, type ReportEventInput, type ReportNotification } from './report-notification.ts';

const base: Omit<ReportEventInput, 'event'> = {
  campaign: { code: 'tntn-he-2023', name: 'Chiến dịch Thanh niên tình nguyện Hè năm 2023' },
  unit: { id: 12, code: '01', name: 'Thành Đoàn Hà Nội' },
  parent: { id: 1, name: 'Trung ương Đoàn' },
  week: { week: '2023-W26', start: '2023-06-26', end: '2023-07-02', partial: false },
  reportId: 345,
  version: 6,
};
const UNIT_ROLES = ['reporter', 'manager', 'steering', 'admin'];
const PARENT_ROLES = ['admin', 'steering', 'manager'];

const cases: { name: string; input: ReportEventInput; expected: Omit<ReportNotification, 'text'>; vi: { title: string; body: string }; enTitle: string }[] = [
  {
    name: 'a return goes to the unit, with the reason and a full stop added',
    input: { ...base, event: 'returned', reason: '  Số tuyến phố chưa khớp biên bản  ' },
    expected: { kind: 'report_returned', recipientUnitId: 12, roles: UNIT_ROLES, dedupeKey: 'report_returned:345:6', link: '/report/tntn-he-2023/01/2023-W26' },
    vi: {
      title: 'Báo cáo tuần 26/06/2023 – 02/07/2023 của Thành Đoàn Hà Nội bị trả lại',
      body: 'Trung ương Đoàn đã trả lại báo cáo tuần 26/06/2023 – 02/07/2023 của Thành Đoàn Hà Nội (Chiến dịch Thanh niên tình nguyện Hè năm 2023). '
        + 'Lý do: Số tuyến phố chưa khớp biên bản. Đề nghị sửa và gửi lại báo cáo.',
    },
    enTitle: 'The report of Thành Đoàn Hà Nội for 26/06/2023 – 02/07/2023 was returned',
  },
  {
    name: 'a reason that ends its sentence keeps its own stop',
    input: { ...base, event: 'returned', reason: 'Thiếu số liệu nhà nhân ái?', version: 9 },
    expected: { kind: 'report_returned', recipientUnitId: 12, roles: UNIT_ROLES, dedupeKey: 'report_returned:345:9', link: '/report/tntn-he-2023/01/2023-W26' },
    vi: {
      title: 'Báo cáo tuần 26/06/2023 – 02/07/2023 của Thành Đoàn Hà Nội bị trả lại',
      body: 'Trung ương Đoàn đã trả lại báo cáo tuần 26/06/2023 – 02/07/2023 của Thành Đoàn Hà Nội (Chiến dịch Thanh niên tình nguyện Hè năm 2023). '
        + 'Lý do: Thiếu số liệu nhà nhân ái? Đề nghị sửa và gửi lại báo cáo.',
    },
    enTitle: 'The report of Thành Đoàn Hà Nội for 26/06/2023 – 02/07/2023 was returned',
  },
  {
    name: 'an approval goes to the unit, on a week clipped by the campaign\'s start',
    input: { ...base, event: 'approved', reason: 'ignored', week: { week: '2023-W21', start: '2023-05-27', end: '2023-05-28', partial: true } },
    expected: { kind: 'report_approved', recipientUnitId: 12, roles: UNIT_ROLES, dedupeKey: 'report_approved:345:6', link: '/report/tntn-he-2023/01/2023-W21' },
    vi: {
      title: 'Báo cáo tuần 27/05/2023 – 28/05/2023 của Thành Đoàn Hà Nội đã được duyệt',
      body: 'Trung ương Đoàn đã duyệt báo cáo tuần 27/05/2023 – 28/05/2023 của Thành Đoàn Hà Nội (Chiến dịch Thanh niên tình nguyện Hè năm 2023). '
        + 'Báo cáo đã khóa; muốn sửa số liệu, hãy đính chính kèm lý do.',
    },
    enTitle: 'The report of Thành Đoàn Hà Nội for 27/05/2023 – 28/05/2023 was approved',
  },
  {
    name: 'a correction of an approved report goes to the parent\'s reviewers, with the reason',
    input: {
      ...base, event: 'corrected', unit: { id: 40, code: '79', name: 'Thành Đoàn TP. Hồ Chí Minh' },
      week: { week: '2023-W24', start: '2023-06-12', end: '2023-06-18', partial: false }, reason: 'Nhập nhầm số tuyến phố (thừa một chữ số 0)', version: 11,
    },
    expected: { kind: 'report_corrected', recipientUnitId: 1, roles: PARENT_ROLES, dedupeKey: 'report_corrected:345:11', link: '/report/tntn-he-2023/79/2023-W24' },
    vi: {
      title: 'Thành Đoàn TP. Hồ Chí Minh đính chính báo cáo tuần 12/06/2023 – 18/06/2023 đã duyệt',
      body: 'Thành Đoàn TP. Hồ Chí Minh đã đính chính báo cáo tuần 12/06/2023 – 18/06/2023 (Chiến dịch Thanh niên tình nguyện Hè năm 2023) sau khi được duyệt. '
        + 'Lý do: Nhập nhầm số tuyến phố (thừa một chữ số 0). Số liệu mới đã được tính; báo cáo chờ duyệt lại.',
    },
    enTitle: 'Thành Đoàn TP. Hồ Chí Minh corrected its approved report for 12/06/2023 – 18/06/2023',
  },
];

describe('draftReportNotification', () => {
  it.each(cases)('$name', ({ input, expected, vi, enTitle }) => {
    const n = draftReportNotification(input);
    const { text, ...rest } = n;
    expect(rest).toEqual(expected);
    expect(text.vi).toEqual(vi);
    expect(text.en.title).toBe(enTitle);
  });

  it('writes the English body with the same facts', () => {
    const n = draftReportNotification({ ...base, event: 'returned', reason: 'Figures do not match' });
    expect(n.text.en.body).toBe('Trung ương Đoàn returned the report of Thành Đoàn Hà Nội for 26/06/2023 – 02/07/2023 '
      + '(Chiến dịch Thanh niên tình nguyện Hè năm 2023). Reason: Figures do not match. Please fix it and submit it again.');
  });

  it('keys each event of a report apart: another version or another kind is another notification', () => {
    const keys = REPORT_EVENTS.flatMap((event) => [6, 7].map((version) => draftReportNotification({ ...base, event, version, reason: 'x' }).dedupeKey));
    expect(new Set(keys).size).toBe(6);
    // The same event drafted again (a retry) has the same key.
    expect(draftReportNotification({ ...base, event: 'approved' }).dedupeKey).toBe(draftReportNotification({ ...base, event: 'approved' }).dedupeKey);
  });
});
