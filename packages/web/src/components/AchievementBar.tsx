/**
 * Achievement as a bar, with a marker at the share of the campaign's time already gone:
 * a bar that reaches the marker is on schedule. The scale stretches past 100% when the
 * figure does, so over-achievement stays visible.
 */
import { formatPercent } from '@giaoban/core';
import { useLanguage } from '../i18n/language.tsx';
import type { ScheduleStatus } from './StatusBadge.tsx';

export function AchievementBar({ achievement, elapsedShare, status }: {
  achievement: number | null;
  elapsedShare: number;
  status: ScheduleStatus | null;
}) {
  const { t } = useLanguage();
  const value = achievement ?? 0;
  const scale = Math.max(1, value);
  const width = `${Math.min(100, (value / scale) * 100)}%`;
  const marker = `${(elapsedShare / scale) * 100}%`;
  const full = `${(1 / scale) * 100}%`;
  const label = achievement === null
    ? t('dashboard.card.noTarget')
    : t('dashboard.card.barLabel', { value: formatPercent(achievement, 1), share: formatPercent(elapsedShare, 1) });
  return (
    <div className="achievement-bar" role="img" aria-label={label}>
      <div className={`achievement-fill status-${status ?? 'none'}`} style={{ width }} />
      {scale > 1 && <div className="achievement-full" style={{ left: full }} aria-hidden="true" />}
      <div className="achievement-marker" style={{ left: marker }} title={t('dashboard.card.marker')} aria-hidden="true" />
    </div>
  );
}
