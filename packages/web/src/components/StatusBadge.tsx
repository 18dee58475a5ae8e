import { useLanguage } from '../i18n/language.tsx';

export type ScheduleStatus = 'achieved' | 'ahead' | 'behind';

/** đã đạt / vượt tiến độ / chậm tiến độ, in colour and in words. */
export function StatusBadge({ status }: { status: ScheduleStatus | null }) {
  const { t } = useLanguage();
  return <span className={`status status-${status ?? 'none'}`}>{status ? t(`status.${status}`) : t('status.noTarget')}</span>;
}

export function ReportStateBadge({ state }: { state: 'submitted' | 'draft' | 'missing' }) {
  const { t } = useLanguage();
  return <span className={`report-state report-state-${state}`}>{t(`reportStatus.${state}`)}</span>;
}
