import { REVIEWER_ROLES } from './approval.ts';
import { formatDate } from './format.ts';
import type { CampaignWeek } from './period.ts';

// What the accounts concerned are told when a weekly report changes hands (issue 18, "People
// are told"): the unit, when its parent returns its report (with the reason) or approves it;
// the parent's reviewers, when the unit corrects a report they had approved (with the reason),
// since an approval of theirs may already stand in their own report.

/**
 * The changes of a report that notify someone.
 *
 * @example
 * REPORT_EVENTS.includes('corrected'); // true
 */
export const REPORT_EVENTS = ['returned', 'approved', 'corrected'] as const;

/**
 * One of `REPORT_EVENTS`.
 *
 * @example
 * const event: ReportEvent = 'returned';
 */
export type ReportEvent = (typeof REPORT_EVENTS)[number];

/**
 * The roles of a unit's accounts that write its report and so hear of its review: a viewer
 * only reads.
 *
 * @example
 * REPORT_WRITER_ROLES.includes('viewer'); // false
 */
export const REPORT_WRITER_ROLES: readonly string[] = Object.freeze(['reporter', 'manager', 'steering', 'admin']);

/**
 * A change of one unit's report for one week, as `draftReportNotification` takes it.
 *
 * @example
 * const e: ReportEventInput = {
 *   event: 'returned', campaign: { code: 'he-2023', name: 'Chiến dịch Hè 2023' },
 *   unit: { id: 5, code: '01', name: 'Thành Đoàn Hà Nội' }, parent: { id: 1, name: 'Trung ương Đoàn' },
 *   week: { week: '2023-W26', start: '2023-06-26', end: '2023-07-02', partial: false },
 *   reason: 'Số tuyến phố chưa khớp', reportId: 42, version: 7,
 * };
 */
export interface ReportEventInput {
  readonly event: ReportEvent;
  readonly campaign: { readonly code: string; readonly name: string };
  readonly unit: { readonly id: number; readonly code: string; readonly name: string };
  /** The unit's parent, which reviews its report. */
  readonly parent: { readonly id: number; readonly name: string };
  readonly week: CampaignWeek;
  /** Why it was returned or corrected (ignored for an approval). */
  readonly reason?: string | null | undefined;
  /** The report, and its version once changed: together they name the event (a retry of it is the same). */
  readonly reportId: number;
  readonly version: number;
}

/**
 * The notification an event calls for: the accounts of `recipientUnitId` having one of
 * `roles` get it, each in their language, once per `dedupeKey`.
 *
 * @example
 * const n: ReportNotification = {
 *   kind: 'report_approved', recipientUnitId: 5, roles: ['reporter', 'manager', 'steering', 'admin'],
 *   dedupeKey: 'report_approved:42:8', link: '/report/he-2023/01/2023-W26',
 *   text: { vi: { title: '…', body: '…' }, en: { title: '…', body: '…' } },
 * };
 */
export interface ReportNotification {
  readonly kind: `report_${ReportEvent}`;
  readonly recipientUnitId: number;
  readonly roles: readonly string[];
  readonly dedupeKey: string;
  /** The report's page in the web app. */
  readonly link: string;
  readonly text: Readonly<Record<'vi' | 'en', { readonly title: string; readonly body: string }>>;
}

/** "Lý do: …." without a second full stop when the reason already ends a sentence. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/**
 * Drafts the notification for a change of a report (see REPORT_EVENTS): who gets it, its
 * title and body in Vietnamese and English (the unit's name, the week's dates dd/mm/yyyy, the
 * reason), its dedupe key and the link to the report.
 *
 * @example
 * draftReportNotification({ event: 'approved', ...e }).text.vi.title;
 * // 'Báo cáo tuần 26/06/2023 – 02/07/2023 của Thành Đoàn Hà Nội đã được duyệt'
 */
export function draftReportNotification(e: ReportEventInput): ReportNotification {
  const range = `${formatDate(e.week.start)} – ${formatDate(e.week.end)}`;
  const reason = (e.reason ?? '').trim();
  const kind = `report_${e.event}` as const;
  const common = {
    kind,
    dedupeKey: `${kind}:${e.reportId}:${e.version}`,
    link: `/report/${e.campaign.code}/${e.unit.code}/${e.week.week}`,
  };
  const toUnit = { recipientUnitId: e.unit.id, roles: REPORT_WRITER_ROLES };
  switch (e.event) {
    case 'returned':
      return {
        ...common, ...toUnit,
        text: {
          vi: {
            title: `Báo cáo tuần ${range} của ${e.unit.name} bị trả lại`,
            body: `${e.parent.name} đã trả lại báo cáo tuần ${range} của ${e.unit.name} (${e.campaign.name}). `
              + `Lý do: ${sentence(reason)} Đề nghị sửa và gửi lại báo cáo.`,
          },
          en: {
            title: `The report of ${e.unit.name} for ${range} was returned`,
            body: `${e.parent.name} returned the report of ${e.unit.name} for ${range} (${e.campaign.name}). `
              + `Reason: ${sentence(reason)} Please fix it and submit it again.`,
          },
        },
      };
    case 'approved':
      return {
        ...common, ...toUnit,
        text: {
          vi: {
            title: `Báo cáo tuần ${range} của ${e.unit.name} đã được duyệt`,
            body: `${e.parent.name} đã duyệt báo cáo tuần ${range} của ${e.unit.name} (${e.campaign.name}). `
              + 'Báo cáo đã khóa; muốn sửa số liệu, hãy đính chính kèm lý do.',
          },
          en: {
            title: `The report of ${e.unit.name} for ${range} was approved`,
            body: `${e.parent.name} approved the report of ${e.unit.name} for ${range} (${e.campaign.name}). `
              + 'It is now locked; to change its figures, correct it with a reason.',
          },
        },
      };
    case 'corrected':
      return {
        ...common,
        recipientUnitId: e.parent.id,
        roles: [...REVIEWER_ROLES],
        text: {
          vi: {
            title: `${e.unit.name} đính chính báo cáo tuần ${range} đã duyệt`,
            body: `${e.unit.name} đã đính chính báo cáo tuần ${range} (${e.campaign.name}) sau khi được duyệt. `
              + `Lý do: ${sentence(reason)} Số liệu mới đã được tính; báo cáo chờ duyệt lại.`,
          },
          en: {
            title: `${e.unit.name} corrected its approved report for ${range}`,
            body: `${e.unit.name} corrected its report for ${range} (${e.campaign.name}) after it was approved. `
              + `Reason: ${sentence(reason)} The new figures count now; the report waits to be approved again.`,
          },
        },
      };
  }
}
