import type { ReportResponse } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';

export type ScheduleStatus = 'achieved' | 'ahead' | 'behind';
/** A report's approval state, or 'missing' when the unit has none for the week. */
export type ReportState = ReportResponse['status'];
/** Where a report stands against its deadline. */
export type Timeliness = NonNullable<ReportResponse['timeliness']>;

/** đã đạt / vượt tiến độ / chậm tiến độ, in colour and in words. */
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
