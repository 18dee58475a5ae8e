/**
 * The report form's view of its entry in the offline queue (lib/offline-queue.ts): "Đã lưu
 * trên máy, sẽ gửi khi có mạng" while it waits, then the server's answer handed to the form —
 * accepted (the report as it now stands), refused (its field problems, into the form's error
 * list) — or, for a conflict, the typed values beside the ones the system now holds, with
 * the choice of which to keep. Nothing typed is dropped before the user chooses.
 */
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type ReportResponse } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { readFigure } from '../lib/figures.ts';
import { OfflineQueue, sameAsQueued, type QueuedReport } from '../lib/offline-queue.ts';
import { keepReport, offlineQueue, queueUser, syncNow, useOfflineQueue, useOnline } from '../lib/offline-sync.ts';
import { formatTimestamp } from '../lib/time.ts';
import { answerText } from './OfflineStatus.tsx';
import './OfflineStatus.css';

type Typed = Parameters<typeof sameAsQueued>[1];

export function QueuedReportNotice({ campaign, unit, period, report, form, onAccepted, onRefused, onServerChosen }: {
  campaign: string; unit: string; period: string; report: ReportResponse; form: Typed | null;
  /** The queued report went through; `sameTyping`: the form still holds what was sent (else the newer typing stays). */
  onAccepted: (saved: ReportResponse, text: string, sameTyping: boolean) => void;
  onRefused: (error: ApiError) => void;
  /** After a conflict the user keeps the system's figures: the form shows them, the device's copy goes. */
  onServerChosen: (fresh: ReportResponse) => void;
}) {
  const { t } = useLanguage();
  const queue = useOfflineQueue();
  const online = useOnline();
  const username = queueUser();
  const entry = username ? OfflineQueue.find(queue, { username, campaign, unit, period }) : null;

  // An answer is handed to the form once; the latest callbacks are used.
  const handed = useRef<string | null>(null);
  const latest = useRef({ form, onAccepted, onRefused });
  latest.current = { form, onAccepted, onRefused };
  useEffect(() => {
    if (!entry || entry.state !== 'answered' || !entry.answer || handed.current === entry.answeredAt) return;
    const { answer } = entry;
    if (answer.kind === 'conflict') return;
    handed.current = entry.answeredAt;
    const { form: typed, onAccepted: accepted, onRefused: refused } = latest.current;
    if (answer.kind === 'accepted') {
      const sameTyping = typed ? sameAsQueued(entry.body, typed) : true;
      accepted(answer.report, answerText(t, entry), sameTyping);
      // The form said it (its notice); else the answer stays shown here, the newer typing in the form.
      if (!sameTyping) return;
    } else {
      refused(new ApiError(answer.status, answer.error));
    }
    offlineQueue.update((q) => OfflineQueue.dismiss(q, entry.key));
  }, [entry, t]);

  if (!entry) return null;
  if (entry.state !== 'answered') {
    const text = t(entry.kind === 'draft' ? 'offline.queuedDraft' : 'offline.queued', { time: formatTimestamp(entry.queuedAt) });
    return (
      <div className="notice notice-info" role="status" data-testid="offline-queued">
        <p><strong>{entry.state === 'sending' ? t('offline.sending') : text}</strong></p>
        <p className="field-hint">{t('offline.waitingHelp')}</p>
        {online && entry.state === 'waiting' && (
          <p><button type="button" className="button" onClick={() => void syncNow()}>{t('offline.sendNow')}</button></p>
        )}
      </div>
    );
  }
  if (entry.answer?.kind === 'conflict') return <QueuedConflict entry={entry} report={report} onServerChosen={onServerChosen} />;
  if (entry.answer?.kind === 'accepted') {
    return (
      <div className="notice notice-ok" role="status" data-testid="offline-accepted">
        <p>{answerText(t, entry)}</p>
        <p className="field-hint">{t('offline.acceptedTypedSince')}</p>
        <p><button type="button" className="button" onClick={() => offlineQueue.update((q) => OfflineQueue.dismiss(q, entry.key))}>{t('offline.dismiss')}</button></p>
      </div>
    );
  }
  return null;
}

/** A queued report the server refused as stale: the typed values beside the system's, and the choice. */
function QueuedConflict({ entry, report, onServerChosen }: { entry: QueuedReport; report: ReportResponse; onServerChosen: (fresh: ReportResponse) => void }) {
  const { t, language } = useLanguage();
  const [fresh, setFresh] = useState<ReportResponse | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    api.report(entry.campaign, entry.unit, entry.period).then(
      (r) => { if (live) setFresh(r); },
      (error: unknown) => { if (live) setFailed(error instanceof Error ? error.message : String(error)); },
    );
    return () => { live = false; };
  }, [entry.campaign, entry.unit, entry.period, entry.answeredAt]);
  useEffect(() => { box.current?.focus(); }, []);

  const week = entry.period.slice(6);
  const sent = entry.body.values ?? {};
  const rows = (fresh ?? report).indicators.map((i) => {
    const server = fresh?.draft ? i.draft : i.submitted?.entered ?? null;
    const typedText = sent[i.code] === null || sent[i.code] === undefined ? '' : String(sent[i.code]);
    const typed = readFigure(typedText, language).value;
    return { code: i.code, name: i.name, typedText, serverText: (fresh?.draft ? i.text.draft : i.text.submitted) ?? '', differs: typed !== server };
  });
  const narrative = (['highlights', 'difficulties', 'proposals'] as const).filter((f) => fresh && (entry.body[f] ?? '') !== (fresh.draft?.[f] ?? fresh[f]));

  return (
    <div className="notice notice-warn" role="alert" tabIndex={-1} ref={box} data-testid="offline-conflict">
      <p><strong>{t('offline.conflict', { week })}</strong></p>
      <p>{t('offline.conflictHelp')}</p>
      {!fresh && <p className="muted">{failed ?? t('offline.conflictLoading')}</p>}
      {fresh && (
        <>
          <div className="table-scroll">
            <table className="offline-compare">
              <thead><tr><th scope="col">{t('offline.indicator')}</th><th scope="col">{t('offline.yours')}</th><th scope="col">{t('offline.server')}</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.code} className={r.differs ? 'offline-differs' : undefined} data-testid={`offline-compare-${r.code}`}>
                    <th scope="row">{r.name}</th>
                    <td className="num">{r.typedText || t('common.none')}</td>
                    <td className="num">{r.serverText || t('common.none')}</td>
                  </tr>
                ))}
                {narrative.map((f) => (
                  <tr key={f} className="offline-differs">
                    <th scope="row">{t(`report.${f}`)}</th>
                    <td>{entry.body[f] || t('common.none')}</td>
                    <td>{(fresh.draft?.[f] ?? fresh[f]) || t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="notice-actions">
            <button type="button" className="button button-primary" onClick={() => {
              // Sent again as typed, now based on the version the system holds.
              keepReport({ campaign: entry.campaign, unit: entry.unit, period: entry.period, unitName: entry.unitName }, entry.kind, { ...entry.body, version: fresh.version });
              void syncNow();
            }}>{t('offline.keepMine')}</button>
            <button type="button" className="button" onClick={() => {
              offlineQueue.update((q) => OfflineQueue.dismiss(q, entry.key));
              onServerChosen(fresh);
            }}>{t('offline.takeServer')}</button>
          </p>
        </>
      )}
    </div>
  );
}
