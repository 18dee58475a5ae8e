import type { ReportResponse } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';

/** 'not_met' (chưa đạt) from the campaign's last day on, where 'behind' would have been. */
export type ScheduleStatus = 'achieved' | 'ahead' | 'behind' | 'not_met';
/** A report's approval state, or 'missing' when the unit has none for the week. */
export type ReportState = ReportResponse['status'];
/** Where a report stands against its deadline. */
export type Timeliness = NonNullable<ReportResponse['timeliness']>;

/** đã đạt / vượt tiến độ / chậm tiến độ / chưa đạt, in colour and in words. */
export function StatusBadge({ status }: { status: ScheduleStatus | null }) {
  const { t } = useLanguage();
  return <span className={`status status-${status ?? 'none'}`}>{status ? t(`status.${status}`) : t('status.noTarget')}</span>;
}

/** chưa báo cáo / đang soạn / đã gửi / đã duyệt / bị trả lại. */
export function ReportStateBadge({ state }: { state: ReportState }) {
  const { t } = useLanguage();
  return <span className={`report-state report-state-${state}`} data-state={state}>{t(`reportStatus.${state}`)}</span>;
}

/** đúng hạn / chậm / chưa báo cáo (quá hạn) / chưa đến hạn. */
export function TimelinessBadge({ timeliness }: { timeliness: Timeliness }) {
  const { t } = useLanguage();
  return <span className={`timeliness timeliness-${timeliness}`}>{t(`timeliness.${timeliness}`)}</span>;
}
