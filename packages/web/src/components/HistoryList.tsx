/**
 * Recorded changes, newest first: when, who (and from which address), what changed from
 * what to what, and why. The report page lists one report's history; the audit page lists
 * search results and also names the unit and the week of each change.
 */
import type { ApiHistoryEntry } from '../api/client.ts';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import { useSession } from '../session.tsx';

/** "2023-W27" → "tuần 27/2023". */
export function weekLabel(t: Translate, period: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(period);
  return m ? t('history.week', { week: m[2] ?? '', year: m[1] ?? '' }) : period;
}

function subjectOf(t: Translate, entry: ApiHistoryEntry): string {
  if (entry.indicator) return entry.indicator.name;
  return t(`history.action.${entry.action}`);
}

export function HistoryList({ entries, showPlace = false }: { entries: readonly ApiHistoryEntry[]; showPlace?: boolean }) {
  const { t } = useLanguage();
  const { campaigns } = useSession();
  const campaignName = (code: string | null) => (code === null ? null : campaigns.find((c) => c.code === code)?.name ?? code);
  return (
    <ol className="history-list">
      {entries.map((entry) => (
        <li key={entry.id} className="history-entry" data-action={entry.action}>
          <p className="history-when">
            <time dateTime={entry.at.iso}>{entry.at.text}</time>
            {' · '}
            <span className="history-who">
              {entry.user ? t('history.user', { name: entry.user.displayName, username: entry.user.username }) : t('history.system')}
            </span>
            {entry.ip && <span className="muted"> · {t('history.ip', { ip: entry.ip })}</span>}
          </p>
          {showPlace && (entry.unit || entry.period) && (
            <p className="history-place muted">
              {[entry.unit?.name, entry.period ? weekLabel(t, entry.period) : null, campaignName(entry.campaign)].filter(Boolean).join(' · ')}
            </p>
          )}
          <p className="history-change">
            <span className="history-what">{subjectOf(t, entry)}:</span> <span className="history-summary">{entry.summary}</span>
          </p>
          {entry.reason && <p className="history-reason">{t('history.reason', { reason: entry.reason })}</p>}
        </li>
      ))}
    </ol>
  );
}
