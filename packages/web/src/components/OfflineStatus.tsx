/**
 * On every page of a signed-in account: the reports kept on this device that wait for the
 * network ("2 báo cáo chờ gửi"), and the answers that came for them while the user was
 * elsewhere (accepted, refused, conflict), each with a link to its report. Also runs the
 * sender (lib/offline-sync.ts) while the account is signed in. Shows nothing when the queue
 * holds nothing of this account.
 */
import { useEffect } from 'react';
import { Link } from 'wouter';
import { useLanguage } from '../i18n/language.tsx';
import { OfflineQueue, type QueuedReport } from '../lib/offline-queue.ts';
import { offlineQueue, startOfflineSync, syncNow, useOfflineQueue, useOnline } from '../lib/offline-sync.ts';
import { paths } from '../lib/routes.ts';
import { formatTimestamp } from '../lib/time.ts';
import { useSession } from '../session.tsx';
import './OfflineStatus.css';

export function OfflineStatus() {
  const { t } = useLanguage();
  const { status, session } = useSession();
  const queue = useOfflineQueue();
  const online = useOnline();
  const username = status === 'signed-in' ? session?.user.username ?? null : null;

  useEffect(() => (username ? startOfflineSync() : undefined), [username]);

  if (!username) return null;
  const mine = queue.filter((e) => e.username === username);
  const waiting = OfflineQueue.waiting(mine, username);
  const answered = mine.filter((e) => e.state === 'answered');
  if (mine.length === 0) return null;

  return (
    <>
    {/* Room at the foot of the page, so the bar never hides its last line (the form's buttons). */}
    <div className="offline-status-spacer" aria-hidden="true" />
    <aside className="offline-status" aria-label={t('offline.waitingTitle')} data-testid="offline-status">
      {waiting.length > 0 && (
        <details className="offline-status-waiting">
          <summary>
            <span role="status">
              <strong data-testid="offline-pending">{t('offline.pending', { count: waiting.length })}</strong>
              {!online && <span className="offline-status-net"> · {t('offline.noNetwork')}</span>}
            </span>
          </summary>
          <p className="field-hint">{t('offline.waitingHelp')}</p>
          <ul>
            {waiting.map((e) => (
              <li key={e.key}><Link href={paths.report(e.campaign, e.unit, e.period)}>{itemText(t, e)}</Link></li>
            ))}
          </ul>
          {online && <button type="button" className="button" onClick={() => void syncNow()}>{t('offline.sendNow')}</button>}
        </details>
      )}
      {answered.length > 0 && (
        <ul className="offline-status-answers" aria-live="polite">
          {answered.map((e) => (
            <li key={e.key} className={`offline-answer offline-answer-${e.answer?.kind ?? 'none'}`} data-testid="offline-answer">
              <span>{answerText(t, e)}</span>{' '}
              <Link href={paths.report(e.campaign, e.unit, e.period)}>{t('offline.open')}</Link>
              {e.answer?.kind === 'accepted' && (
                <button type="button" className="button button-quiet" onClick={() => offlineQueue.update((q) => OfflineQueue.dismiss(q, e.key))}>
                  {t('offline.dismiss')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
    </>
  );
}

type Translate = ReturnType<typeof useLanguage>['t'];

function itemText(t: Translate, e: QueuedReport): string {
  return t('offline.item', { week: e.period.slice(6), unit: e.unitName, time: formatTimestamp(e.queuedAt) });
}

/** An answer in words: the report's new state, the refusal's message, or the conflict. */
export function answerText(t: Translate, e: QueuedReport): string {
  const week = e.period.slice(6);
  const answer = e.answer;
  if (answer?.kind === 'accepted') {
    return t('offline.accepted', { week, time: formatTimestamp(e.answeredAt ?? e.queuedAt), state: t(`reportStatus.${answer.report.status}`) });
  }
  if (answer?.kind === 'refused') return t('offline.refused', { week, message: answer.error.message });
  return t('offline.conflict', { week });
}
