/**
 * The weekly report of one unit: every indicator with its target, last week's and the
 * to-date figures beside the input; narrative; save as draft or submit. What is typed is
 * kept on the device as it is typed, so a closed tab or a lost connection loses nothing.
 *
 * The report's place in the approval workflow is on the page too: its state and deadline,
 * the reason it was returned, the lock after approval (a correction needs a reason), the
 * figures flagged as unusual with the unit's explanations, the reviewer's "Duyệt" and
 * "Trả lại", and the history of every change. What the buttons offer comes from the
 * server (`actions`): the page never guesses who may do what.
 */
import { useEffect, useId, useMemo, useReducer, useRef, useState } from 'react';
import { Link, Redirect, useLocation, useParams } from 'wouter';
import { campaignWeeks, formatDate, localDateOf } from '@giaoban/core';
import { api, ApiError, NetworkError, type ReportResponse } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { FigureInput } from '../components/FigureInput.tsx';
import { HistoryList } from '../components/HistoryList.tsx';
import { ON_BEHALF_FIELD_IDS, OnBehalfNote, OnBehalfPanel, onBehalfBody, type OnBehalfValue } from '../components/OnBehalfPanel.tsx';
import { QueuedReportNotice } from '../components/QueuedReportNotice.tsx';
import { ReportStateBadge, TimelinessBadge } from '../components/StatusBadge.tsx';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useSession } from '../session.tsx';
import { showFigure } from '../lib/figures.ts';
import { paths } from '../lib/routes.ts';
import { formatTimestamp } from '../lib/time.ts';
import { keepReport } from '../lib/offline-sync.ts';
import { useLoad } from '../lib/use-load.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import {
  initialReportForm, reportFormReducer, sameForm, splitRefusal, type FieldRefusal, type FormState, type LocalCopy,
} from './report-form.reducer.ts';
import './ReportPage.css';

type SendKind = 'draft' | 'submit' | 'correct';

const storageKey = (campaign: string, unit: string, period: string) => `giaoban.report.${campaign}.${unit}.${period}`;

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as LocalCopy) : null;
  } catch {
    return null;
  }
}

function writeLocal(key: string, copy: LocalCopy | null): void {
  try {
    if (copy) localStorage.setItem(key, JSON.stringify(copy));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or refused: the server draft is still there.
  }
}

/** The form as the server has it: the draft when there is one, else what was submitted. */
function formOf(report: ReportResponse): FormState {
  const draft = report.draft;
  return {
    values: Object.fromEntries(report.indicators.map((i) => [i.code, showFigure(draft ? i.draft : i.submitted?.entered ?? null)])),
    consolidated: draft?.consolidated ?? report.consolidated,
    highlights: draft?.highlights ?? report.highlights,
    difficulties: draft?.difficulties ?? report.difficulties,
    proposals: draft?.proposals ?? report.proposals,
  };
}

export function ReportPage() {
  const { campaign, unit, period } = useParams<{ campaign: string; unit: string; period?: string }>();
  const { language } = useLanguage();
  const { today: serverToday } = useSession();
  const info = useLoad(() => api.campaign(campaign), [campaign, language]);
  if (info.error) return <ErrorNotice error={info.error} onRetry={info.reload} />;
  if (!info.data) return <Loading />;
  const c = info.data.campaign;
  const weeks = c.startDate && c.endDate ? campaignWeeks(c.startDate.iso, c.endDate.iso) : [];
  if (!period) {
    // This week (the server's day: the device's clock may be off), kept inside the campaign.
    const today = serverToday ?? localDateOf(new Date());
    const week = weeks.find((w) => w.start <= today && today <= w.end) ?? (today < (weeks[0]?.start ?? '') ? weeks[0] : weeks.at(-1));
    return week ? <Redirect to={paths.report(campaign, unit, week.week)} replace /> : <Loading />;
  }
  return <ReportForm key={`${campaign}/${unit}/${period}`} campaign={campaign} unit={unit} period={period} weeks={weeks} />;
}

function ReportForm({ campaign, unit, period, weeks }: {
  campaign: string; unit: string; period: string; weeks: readonly { week: string; start: string; end: string }[];
}) {
  const { t, language } = useLanguage();
  const [, navigate] = useLocation();
  const key = storageKey(campaign, unit, period);
  // Opening a submitted report to review it is recorded (approving needs it); reading alone changes nothing.
  const loaded = useLoad(async () => {
    const found = await api.report(campaign, unit, period);
    const reviewing = found.status === 'submitted' && !found.viewed && found.actions.includes('approve');
    return reviewing ? api.markViewed(campaign, unit, period) : found;
  }, [campaign, unit, period, language]);
  const place = useLoad(() => api.unit(unit), [unit]);
  usePageTitle(place.data ? t('title.report', { unit: place.data.unit.name }) : t('nav.report'));
  const [state, dispatch] = useReducer(reportFormReducer, initialReportForm);
  const { form, restoredAt, errors, summary, notice, conflict, busy, outliers, explanations, correcting, correctionReason, returning, returnReason, historyShown } = state;
  // nhập thay: a manager above entering the unit's report (components/OnBehalfPanel.tsx).
  const [onBehalf, setOnBehalf] = useState<OnBehalfValue | null>(null);

  const report = loaded.data;
  const baseline = useMemo(() => (report ? formOf(report) : null), [report]);
  const actions = report?.actions ?? [];
  const canWrite = actions.includes('submit') || actions.includes('save_draft') || onBehalf !== null;
  const canCorrect = actions.includes('correct');

  // First load: what the server has, unless this device holds newer typing (and the user may still change the report).
  // A copy the server's form makes pointless is removed by the effect below that keeps the typing.
  useEffect(() => {
    if (!baseline || form) return;
    dispatch({ type: 'loaded', baseline, local: canWrite || canCorrect ? readLocal(key) : null, canWrite, canCorrect });
  }, [baseline, form, key, canWrite, canCorrect]);

  // A refusal the user must act on is brought into view: the conflict at the top; the fields
  // to fix are listed at the top of the form (the summary takes the focus itself).
  const conflictBox = useRef<HTMLDivElement>(null);
  useEffect(() => { if (conflict) conflictBox.current?.focus(); }, [conflict]);
  // Made once per refusal (the summary takes the focus again for a new list only).
  const summaryItems = useMemo(() => summaryItemsOf(summary, report?.indicators ?? [], t), [summary, report, t]);

  // Keep every keystroke on the device until the server has it.
  useEffect(() => {
    if (!form || !baseline) return;
    writeLocal(key, sameForm(form, baseline) ? null : { ...form, savedAt: new Date().toISOString() });
  }, [form, baseline, key]);

  // Leaving with typing the server does not have yet asks first (the nav bar, the week picker, back).
  useUnsavedChanges(form !== null && baseline !== null && !sameForm(form, baseline) && (canWrite || (canCorrect && correcting)));

  if (loaded.error && !report) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!report || !form || !baseline) return <Loading />;

  const editable = canWrite || (canCorrect && correcting);
  const canReview = actions.includes('approve') || actions.includes('return');
  const dirty = !sameForm(form, baseline);
  const flagOf = new Map(report.flags.map((f) => [f.code, f]));

  /** What a write did, in words, and the page reset to the report the server answered with. */
  function accept(saved: ReportResponse, text: string) {
    writeLocal(key, null);
    loaded.set(saved);
    dispatch({ type: 'accepted', form: formOf(saved), text });
  }

  /** A refusal: the conflict (reload), the figures to confirm with an explanation, the fields to fix. */
  function refuse(error: unknown) {
    if (error instanceof ApiError && error.status === 409) {
      dispatch({ type: 'conflicted', message: error.message });
    } else if (error instanceof ApiError) {
      const { unusual, others } = splitRefusal(error.fields);
      const text = unusual.length > 0 && others.length === 0
        ? t('report.outlier.notice', { count: unusual.length })
        : error.fields.length > 1 ? t('report.fixErrors', { count: error.fields.length }) : error.message;
      // A refusal without fields (a rule of the whole report) is still listed, as one line without a link.
      const fields = error.fields.length > 0 ? error.fields : [{ field: '', message: error.message }];
      dispatch({ type: 'refused', fields, explained: Object.fromEntries([...flagOf.values()].map((f) => [f.code, f.explanation])), text });
    } else {
      dispatch({ type: 'failed', text: error instanceof NetworkError ? t('error.network') : String(error) });
    }
  }

  async function send(kind: SendKind) {
    if (!form || !report) return;
    // Nothing is held back here: every figure goes as typed (a text the browser cannot read
    // too), and the server answers every problem at once, its reading of the figures with its
    // ranges, values to date, unusual figures and reasons, so the user fixes them in one round.
    dispatch({ type: 'sending' });
    const given = Object.entries(explanations).filter(([code, text]) => code in outliers && text.trim() !== '');
    const body = {
      // A figure counted from the activity records is the server's: nothing is sent for it.
      values: Object.fromEntries(report.indicators.filter((i) => !i.counted).map((i) => [i.code, (form.values[i.code] ?? '').trim() || null])),
      consolidated: form.consolidated,
      highlights: form.highlights,
      difficulties: form.difficulties,
      proposals: form.proposals,
      version: report.version,
      ...(given.length > 0 && kind !== 'draft' ? { explanations: Object.fromEntries(given.map(([code, text]) => [code, text.trim()])) } : {}),
      ...(onBehalf && kind !== 'draft' ? { onBehalf: onBehalfBody(onBehalf) } : {}),
    };
    try {
      const time = formatTimestamp(new Date());
      if (kind === 'correct') {
        accept(await api.correctReport(campaign, unit, period, { ...body, reason: correctionReason.trim() }), t('report.corrected', { time }));
      } else if (kind === 'submit') {
        accept(await api.submitReport(campaign, unit, period, body), t('report.submitted', { week: period.slice(6), time }));
      } else {
        accept(await api.saveDraft(campaign, unit, period, body), t('report.saved', { time }));
      }
    } catch (error) {
      // No answer came back: the report waits on this device and goes by itself when the network returns (lib/offline-sync.ts).
      const kept = error instanceof NetworkError
        && keepReport({ campaign, unit, period, unitName: report.unit.name }, kind, kind === 'correct' ? { ...body, reason: correctionReason.trim() } : body);
      if (!kept) refuse(error);
    } finally {
      dispatch({ type: 'settled' });
    }
  }

  async function review(action: 'approve' | 'return') {
    if (!report) return;
    if (action === 'return' && !returnReason.trim()) {
      dispatch({ type: 'returnReasonMissing', message: t('report.review.reasonRequired') });
      return;
    }
    dispatch({ type: 'sending' });
    try {
      if (action === 'approve') accept(await api.approveReport(campaign, unit, period, { version: report.version }), t('report.review.approved'));
      else accept(await api.returnReport(campaign, unit, period, { version: report.version, reason: returnReason.trim() }), t('report.review.returned'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.field === 'reason') {
        dispatch({ type: 'returnRefused', message: error.message });
      } else {
        refuse(error);
      }
    } finally {
      dispatch({ type: 'settled' });
    }
  }

  /** After a conflict: the report as it now stands; typing not yet sent stays on the device and is offered back. */
  async function reload() {
    dispatch({ type: 'reloading' });
    try {
      const fresh = await api.report(campaign, unit, period);
      loaded.set(fresh);
      dispatch({ type: 'reloaded' });
    } catch (error) {
      refuse(error);
    } finally {
      dispatch({ type: 'settled' });
    }
  }

  const hasChildren = (place.data?.childCount ?? 0) > 0;
  const modeHelp = (mode: 'increment' | 'cumulative') => (mode === 'cumulative' ? t('report.modeCumulative') : t('report.modeIncrement'));
  const hasFigures = report.status !== 'missing' && report.status !== 'draft';
  const history = report.history.slice(0, historyShown);

  return (
    <div className="report">
      <header className="page-header">
        <h1>{t('report.title', { unit: report.unit.name })}</h1>
        <p className="report-meta" data-testid="report-state">
          {t('report.state')} <ReportStateBadge state={report.status} />
          {dirty && editable && <span className="report-dirty"> · {t('report.unsaved')}</span>}
        </p>
        {report.dueAt && (
          <p className="report-meta" data-testid="report-deadline">
            <span>{t('report.dueAt', { time: report.dueAt.text })}</span>
            {report.timeliness && <TimelinessBadge timeliness={report.timeliness} />}
            {report.firstSubmittedAt && (
              <span className="muted">{t('report.firstSubmittedAt', { time: formatTimestamp(report.firstSubmittedAt) })}</span>
            )}
          </p>
        )}
        {/* No deadline: the campaign's rules do not ask this unit (its level, or a unit group it is not in). */}
        {!report.dueAt && <p className="report-meta muted" data-testid="report-not-asked">{t('report.notAsked')}</p>}
        {report.submittedAt && report.submittedAt !== report.firstSubmittedAt && (
          <p className="report-meta muted">{t('report.submittedAt', { time: formatTimestamp(report.submittedAt) })}</p>
        )}
        <OnBehalfNote report={report} />
        <p><Link href={paths.dashboard(campaign, unit)}>{t('report.backToDashboard')}</Link></p>
      </header>

      <OnBehalfPanel report={report} value={onBehalf} onChange={setOnBehalf} errors={errors} disabled={busy} />

      <Field label={t('report.week')} className="report-week">
        {(control) => (
          <select {...control} value={period} onChange={(e) => navigate(paths.report(campaign, unit, e.target.value))}>
            {weeks.map((w) => (
              <option key={w.week} value={w.week}>{t('report.weekOption', { week: w.week.slice(6), start: formatDate(w.start), end: formatDate(w.end) })}</option>
            ))}
          </select>
        )}
      </Field>

      <StateNotice report={report} canWrite={canWrite} canCorrect={canCorrect} correcting={correcting}
        onCorrect={() => dispatch({ type: 'correctionStarted' })} />

      {conflict && (
        <div className="notice notice-error" role="alert" data-testid="report-conflict" ref={conflictBox} tabIndex={-1}>
          <p><strong>{conflict}</strong></p>
          <p>{editable && dirty ? t('report.conflict.kept') : t('report.conflict.help')}</p>
          <p><button type="button" className="button" disabled={busy} onClick={() => void reload()}>{t('report.conflict.reload')}</button></p>
        </div>
      )}

      {restoredAt && editable && (
        <div className="notice notice-info" role="status">
          <p>{t('report.restored', { time: formatTimestamp(restoredAt) })}</p>
          <p><button type="button" className="button" onClick={() => { writeLocal(key, null); dispatch({ type: 'localDiscarded', baseline }); }}>{t('report.discardLocal')}</button></p>
        </div>
      )}

      {report.flags.length > 0 && (
        <section className="card report-flags" aria-labelledby="flags-heading" data-testid="report-flags">
          <h2 id="flags-heading">{t('report.flags.title', { count: report.flags.length })}</h2>
          <p className="field-hint">{canReview ? t('report.flags.helpReviewer') : t('report.flags.help')}</p>
          <ul>
            {report.flags.map((f) => (
              <li key={f.code}>
                <strong>{f.name}</strong>: {f.message}
                <br />
                {f.explanation ? t('report.flags.explanation', { text: f.explanation }) : <span className="muted">{t('report.flags.noExplanation')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <form className="report-form" noValidate onSubmit={(e) => { e.preventDefault(); void send(correcting ? 'correct' : 'submit'); }}>
        {summaryItems.length > 0 && (
          <ErrorSummary className="report-summary" items={summaryItems}
            title={notice?.kind === 'error' ? notice.text : t('report.fixErrors', { count: summaryItems.length })} />
        )}
        <section aria-labelledby="figures-heading">
          <h2 id="figures-heading">{t('report.figures')}</h2>
          {editable && <p className="field-hint">{t('report.figuresHelp')}</p>}
          <ol className="report-indicators">
            {report.indicators.map((i) => {
              const flag = flagOf.get(i.code);
              const outlier = outliers[i.code];
              return (
                <li key={i.code} className={`card report-indicator${flag || outlier ? ' report-indicator-flagged' : ''}`} data-testid={`report-indicator-${i.code}`}>
                  <h3>{i.name} <span className="muted">({i.unitOfMeasure})</span></h3>
                  <dl className="report-context">
                    <div><dt>{t('report.target')}</dt><dd className="num">{i.text.target ?? t('common.none')}</dd></div>
                    <div><dt>{t('report.lastWeek')}</dt><dd className="num">{i.text.lastWeek ?? t('common.none')}</dd></div>
                    <div><dt>{t('report.toDateBefore')}</dt><dd className="num">{i.text.toDateBefore ?? t('common.none')}</dd></div>
                  </dl>
                  {editable && i.counted ? (
                    <div className="report-entry report-entry-readonly" data-testid={`counted-${i.code}`}>
                      <span className="report-entry-label">{t('report.counted')}<span className="field-hint">{i.counted.text}</span></span>
                      <output className="num" id={figureId(i.code)} aria-live="polite"><strong>{i.counted.valueText}</strong></output>
                      {errors[`values.${i.code}`] && <span className="field-error" role="alert">{errors[`values.${i.code}`]}</span>}
                      <Link href={paths.activities(campaign, unit)}>{t('report.countedLink')}</Link>
                    </div>
                  ) : editable ? (
                    <div className="report-entry">
                      <span className="report-entry-label">{t('report.entered')}<span className="field-hint">{modeHelp(i.reportingMode)}</span></span>
                      <FigureInput id={figureId(i.code)} label={i.name} name={i.code} value={form.values[i.code] ?? ''} onChange={(text) => dispatch({ type: 'figureTyped', code: i.code, text })}
                        error={errors[`values.${i.code}`]} disabled={busy} />
                      {hasFigures && i.text.submitted !== null && (
                        <span className="muted report-submitted">{t('report.submittedValue', { value: i.text.submitted })}</span>
                      )}
                    </div>
                  ) : (
                    <p className="report-entry report-entry-readonly">
                      <span className="report-entry-label">{t('report.submittedFigure')}<span className="field-hint">{modeHelp(i.reportingMode)}</span></span>
                      <strong className="num" data-testid="submitted-figure">{i.text.submitted ?? t('common.none')}</strong>
                    </p>
                  )}
                  {outlier && editable && (
                    <OutlierExplanation id={explanationId(i.code)} message={outlier} value={explanations[i.code] ?? ''} error={errors[`explanations.${i.code}`]} disabled={busy}
                      onChange={(text) => dispatch({ type: 'explanationTyped', code: i.code, text })} />
                  )}
                  {flag && !outlier && (
                    <p className="report-flag">
                      {flag.message}{' '}
                      {flag.explanation ? t('report.flags.explanation', { text: flag.explanation }) : t('report.flags.noExplanation')}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </section>

        <section aria-labelledby="narrative-heading">
          <h2 id="narrative-heading">{t('report.narrative')}</h2>
          {editable ? (
            <>
              {hasChildren && (
                <label className="checkbox">
                  <input type="checkbox" checked={form.consolidated} onChange={(e) => dispatch({ type: 'narrativeTyped', patch: { consolidated: e.target.checked } })}
                    disabled={busy} />
                  <span>{t('report.consolidated')}</span>
                </label>
              )}
              {(['highlights', 'difficulties', 'proposals'] as const).map((field) => (
                <Field key={field} id={`report-${field}`} label={t(`report.${field}`)} error={errors[field]} announce>
                  {(control) => (
                    <textarea {...control} value={form[field]} disabled={busy}
                      onChange={(e) => dispatch({ type: 'narrativeTyped', patch: { [field]: e.target.value } })} />
                  )}
                </Field>
              ))}
            </>
          ) : (
            <dl className="report-narrative">
              {report.consolidated && <p className="muted">{t('report.consolidatedYes')}</p>}
              {(['highlights', 'difficulties', 'proposals'] as const).map((field) => (
                <div key={field}>
                  <dt>{t(`report.${field}`)}</dt>
                  <dd>{report[field] || <span className="muted">{t('common.none')}</span>}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>

        {correcting && editable && (
          <section className="card report-correction" aria-labelledby="correction-heading">
            <h2 id="correction-heading">{t('report.correct.title')}</h2>
            <p className="field-hint">{t('report.correct.help')}</p>
            <Field id="report-reason" label={t('report.correct.reason')} error={errors.reason} announce>
              {(control) => (
                <textarea {...control} value={correctionReason} disabled={busy} required
                  onChange={(e) => dispatch({ type: 'correctionReasonTyped', text: e.target.value })} />
              )}
            </Field>
          </section>
        )}

        <QueuedReportNotice campaign={campaign} unit={unit} period={period} report={report} form={form}
          onAccepted={(saved, text, sameTyping) => (sameTyping ? accept(saved, text) : loaded.set(saved))}
          // The report may have moved on since this page loaded it (a conflict sent again): its version is read again, the typing stays.
          onRefused={(error) => { refuse(error); loaded.refresh(); }}
          onServerChosen={(fresh) => { writeLocal(key, null); loaded.set(fresh); dispatch({ type: 'localDiscarded', baseline: formOf(fresh) }); }} />
        {notice && (notice.kind === 'ok' || summaryItems.length === 0) && (
          <div className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} role={notice.kind === 'ok' ? 'status' : 'alert'}>
            <p>{notice.text}</p>
          </div>
        )}
        {editable && !correcting && (
          <div className="actions report-actions">
            {actions.includes('save_draft') && (
              <button type="button" className="button" disabled={busy} onClick={() => void send('draft')}>{busy ? t('report.saving') : t('report.saveDraft')}</button>
            )}
            {(actions.includes('submit') || onBehalf !== null) && (
              <button type="submit" className="button button-primary" disabled={busy}>
                {report.status === 'returned' || report.status === 'submitted' ? t('report.resubmit') : t('report.submit')}
              </button>
            )}
          </div>
        )}
        {correcting && editable && (
          <div className="actions report-actions">
            <button type="submit" className="button button-primary" disabled={busy}>{t('report.correct.submit')}</button>
            <button type="button" className="button" disabled={busy}
              onClick={() => { dispatch({ type: 'correctionCancelled', baseline }); writeLocal(key, null); }}>
              {t('common.cancel')}
            </button>
          </div>
        )}
      </form>

      {canReview && (
        <section className="card report-review" aria-labelledby="review-heading" data-testid="report-review">
          <h2 id="review-heading">{t('report.review.title')}</h2>
          <p className="field-hint">{t('report.review.help')}</p>
          {returning ? (
            <>
              <Field label={t('report.review.reason')} error={errors.returnReason} announce>
                {(control) => (
                  <textarea {...control} value={returnReason} disabled={busy} required
                    onChange={(e) => dispatch({ type: 'returnReasonTyped', text: e.target.value })} />
                )}
              </Field>
              <div className="actions">
                <button type="button" className="button button-danger" disabled={busy} onClick={() => void review('return')}>{t('report.review.confirmReturn')}</button>
                <button type="button" className="button" disabled={busy} onClick={() => dispatch({ type: 'returnCancelled' })}>{t('common.cancel')}</button>
              </div>
            </>
          ) : (
            <div className="actions">
              {actions.includes('approve') && (
                <button type="button" className="button button-primary" disabled={busy} onClick={() => void review('approve')}>{t('report.review.approve')}</button>
              )}
              {actions.includes('return') && (
                <button type="button" className="button" disabled={busy} onClick={() => dispatch({ type: 'returnStarted' })}>{t('report.review.return')}</button>
              )}
            </div>
          )}
        </section>
      )}

      <section className="report-history" aria-labelledby="history-heading" data-testid="report-history">
        <h2 id="history-heading">{t('report.history')}</h2>
        {report.history.length === 0 ? <p className="muted">{t('report.history.empty')}</p> : (
          <>
            <HistoryList entries={history} />
            {report.history.length > history.length && (
              <p>
                <button type="button" className="button" onClick={() => dispatch({ type: 'historyExtended' })}>
                  {t('common.showMore', { count: report.history.length - history.length })}
                </button>
              </p>
            )}
          </>
        )}
      </section>
    </div>
  );
}

const figureId = (code: string) => `report-figure-${code}`;
const explanationId = (code: string) => `report-explanation-${code}`;
const NARRATIVE_FIELDS = ['highlights', 'difficulties', 'proposals'] as const;

/**
 * The summary's lines for a refusal: each field's message, named by its indicator (or the
 * narrative's or reason's label) unless the message names it already, and linked to the
 * control to fix: the figure, or the explanation an unusual figure asks for.
 */
function summaryItemsOf(fields: readonly FieldRefusal[], indicators: readonly { code: string; name: string }[], t: Translate): ErrorSummaryItem[] {
  const byId = (id: string) => () => document.getElementById(id);
  return fields.map((f, index) => {
    const [head = '', code = ''] = f.field.split(/\.(.*)/s);
    const indicator = indicators.find((i) => i.code === code);
    const named = (name: string) => (f.message.includes(name) ? f.message : `${name}: ${f.message}`);
    const key = `${index}:${f.field}`;
    if (indicator && head === 'values') {
      return { key, text: named(indicator.name), field: byId(f.kind === 'outlier' ? explanationId(code) : figureId(code)) };
    }
    if (indicator && head === 'explanations') return { key, text: named(indicator.name), field: byId(explanationId(code)) };
    const narrative = NARRATIVE_FIELDS.find((n) => n === f.field);
    if (narrative) return { key, text: named(t(`report.${narrative}`)), field: byId(`report-${narrative}`) };
    if (f.field === 'reason') return { key, text: named(t('report.correct.reason')), field: byId('report-reason') };
    const onBehalfField = ON_BEHALF_FIELD_IDS[f.field];
    if (onBehalfField) return { key, text: f.message, field: byId(onBehalfField) };
    return { key, text: f.message, field: null };
  });
}

/** Where the report stands, in words, with what the unit can do about it. */
function StateNotice({ report, canWrite, canCorrect, correcting, onCorrect }: {
  report: ReportResponse; canWrite: boolean; canCorrect: boolean; correcting: boolean; onCorrect: () => void;
}) {
  const { t } = useLanguage();
  const reviewedAt = report.reviewedAt ? formatTimestamp(report.reviewedAt) : null;
  if (report.status === 'returned') {
    return (
      <div className="notice notice-warn report-returned" data-testid="return-reason">
        <p><strong>{reviewedAt ? t('report.returned.title', { time: reviewedAt }) : t('report.returned.titleNoTime')}</strong></p>
        <p className="report-reason">{t('report.returned.reason', { reason: report.returnReason ?? t('common.none') })}</p>
        {canWrite && <p>{t('report.returned.help')}</p>}
      </div>
    );
  }
  if (report.status === 'approved') {
    return (
      <div className="notice notice-ok report-approved" data-testid="report-locked">
        <p><strong>{reviewedAt ? t('report.approved.title', { time: reviewedAt }) : t('report.approved.titleNoTime')}</strong></p>
        {canCorrect && !correcting && (
          <>
            <p>{t('report.approved.help')}</p>
            <p><button type="button" className="button" onClick={onCorrect}>{t('report.correct.start')}</button></p>
          </>
        )}
      </div>
    );
  }
  if (report.status === 'submitted' && report.correctionReason) {
    return (
      <div className="notice notice-info" data-testid="correction-reason">
        <p>{t('report.corrected.pending', { reason: report.correctionReason })}</p>
      </div>
    );
  }
  if (report.status === 'submitted') {
    return <p className="muted report-waiting">{t('report.waitingReview')}</p>;
  }
  if (!canWrite && report.status === 'missing') {
    return <p className="notice notice-info">{t('report.notSubmitted')}</p>;
  }
  return null;
}

/** A figure the server finds unusual: its message and the short explanation that confirms it. */
function OutlierExplanation({ id, message, value, error, disabled, onChange }: {
  id: string; message: string; value: string; error: string | undefined; disabled: boolean; onChange: (text: string) => void;
}) {
  const { t } = useLanguage();
  const messageId = useId();
  return (
    <div className="report-outlier">
      <p id={messageId} className="report-outlier-message" role="alert">{message}</p>
      <Field id={id} label={t('report.outlier.label')} error={error} describedBy={messageId} announce>
        {(control) => (
          <input {...control} type="text" value={value} disabled={disabled} maxLength={2000} autoComplete="off"
            placeholder={t('report.outlier.placeholder')} onChange={(e) => onChange(e.target.value)} />
        )}
      </Field>
    </div>
  );
}
