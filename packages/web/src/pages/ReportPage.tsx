/**
 * The weekly report of one unit: every indicator with its target, last week's and the
 * to-date figures beside the input; narrative; save as draft or submit. What is typed is
 * kept on the device as it is typed, so a closed tab or a lost connection loses nothing.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, Redirect, useLocation, useParams } from 'wouter';
import { campaignWeeks, formatDate, localDateOf } from '@giaoban/core';
import { api, ApiError, NetworkError, type ReportResponse } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { FigureInput } from '../components/FigureInput.tsx';
import { ReportStateBadge } from '../components/StatusBadge.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { readFigure, showFigure } from '../lib/figures.ts';
import { paths } from '../lib/routes.ts';
import { formatTimestamp } from '../lib/time.ts';
import { useLoad } from '../lib/use-load.ts';
import './ReportPage.css';

interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly consolidated: boolean;
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
}

interface LocalCopy extends FormState {
  readonly savedAt: string;
}

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

const sameForm = (a: FormState, b: FormState) =>
  a.consolidated === b.consolidated && a.highlights === b.highlights && a.difficulties === b.difficulties && a.proposals === b.proposals
  && Object.keys({ ...a.values, ...b.values }).every((k) => (a.values[k] ?? '') === (b.values[k] ?? ''));

export function ReportPage() {
  const { campaign, unit, period } = useParams<{ campaign: string; unit: string; period?: string }>();
  const { language } = useLanguage();
  const info = useLoad(() => api.campaign(campaign), [campaign, language]);
  if (info.error) return <ErrorNotice error={info.error} onRetry={info.reload} />;
  if (!info.data) return <Loading />;
  const c = info.data.campaign;
  const weeks = c.startDate && c.endDate ? campaignWeeks(c.startDate.iso, c.endDate.iso) : [];
  if (!period) {
    // This week, kept inside the campaign.
    const today = localDateOf(new Date());
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
  const loaded = useLoad(() => api.report(campaign, unit, period), [campaign, unit, period, language]);
  const place = useLoad(() => api.unit(unit), [unit]);
  const [form, setForm] = useState<FormState | null>(null);
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const weekSelectId = useId();

  const report = loaded.data;
  const baseline = useMemo(() => (report ? formOf(report) : null), [report]);

  // First load: what the server has, unless this device holds newer typing.
  useEffect(() => {
    if (!baseline || form) return;
    const local = readLocal(key);
    if (local && !sameForm(local, baseline)) {
      setForm({ values: { ...baseline.values, ...local.values }, consolidated: local.consolidated, highlights: local.highlights, difficulties: local.difficulties, proposals: local.proposals });
      setRestoredAt(local.savedAt);
    } else {
      writeLocal(key, null);
      setForm(baseline);
    }
  }, [baseline, form, key]);

  // Keep every keystroke on the device until the server has it.
  useEffect(() => {
    if (!form || !baseline) return;
    writeLocal(key, sameForm(form, baseline) ? null : { ...form, savedAt: new Date().toISOString() });
  }, [form, baseline, key]);

  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!report || !form || !baseline) return <Loading />;

  const dirty = !sameForm(form, baseline);
  const update = (patch: Partial<FormState>) => setForm({ ...form, ...patch });
  const setValue = (code: string, text: string) => {
    update({ values: { ...form.values, [code]: text } });
    if (errors[`values.${code}`]) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => f !== `values.${code}`)));
  };

  async function send(kind: 'draft' | 'submit') {
    if (!form || !report) return;
    const typing = report.indicators.filter((i) => readFigure(form.values[i.code] ?? '', language).error !== null);
    if (typing.length > 0) {
      setNotice({ kind: 'error', text: t('report.fixErrors', { count: typing.length }) });
      return;
    }
    setBusy(true);
    setNotice(null);
    const body = {
      values: Object.fromEntries(report.indicators.map((i) => [i.code, (form.values[i.code] ?? '').trim() || null])),
      consolidated: form.consolidated,
      highlights: form.highlights,
      difficulties: form.difficulties,
      proposals: form.proposals,
      version: report.version,
    };
    try {
      const saved = kind === 'submit' ? await api.submitReport(campaign, unit, period, body) : await api.saveDraft(campaign, unit, period, body);
      writeLocal(key, null);
      loaded.set(saved);
      setForm(formOf(saved));
      setRestoredAt(null);
      setErrors({});
      const time = formatTimestamp(new Date());
      setNotice({ kind: 'ok', text: kind === 'submit' ? t('report.submitted', { week: period.slice(6), time }) : t('report.saved', { time }) });
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(Object.fromEntries(error.fields.map((f) => [f.field, f.message])));
        setNotice({ kind: 'error', text: error.fields.length > 1 ? t('report.fixErrors', { count: error.fields.length }) : error.message });
      } else {
        setNotice({ kind: 'error', text: error instanceof NetworkError ? t('error.network') : String(error) });
      }
    } finally {
      setBusy(false);
    }
  }

  const hasChildren = (place.data?.childCount ?? 0) > 0;
  const modeHelp = (mode: 'increment' | 'cumulative') => (mode === 'cumulative' ? t('report.modeCumulative') : t('report.modeIncrement'));

  return (
    <div className="report">
      <header className="page-header">
        <h1>{t('report.title', { unit: report.unit.name })}</h1>
        <p className="report-meta">
          {t('report.state')} <ReportStateBadge state={report.status} />
          {report.submittedAt && <span className="muted"> · {t('report.submittedAt', { time: formatTimestamp(report.submittedAt) })}</span>}
          {dirty && <span className="report-dirty"> · {t('report.unsaved')}</span>}
        </p>
        <p><Link href={paths.dashboard(campaign, unit)}>{t('report.backToDashboard')}</Link></p>
      </header>

      <label className="field report-week" htmlFor={weekSelectId}>
        <span>{t('report.week')}</span>
        <select id={weekSelectId} value={period} onChange={(e) => navigate(paths.report(campaign, unit, e.target.value))}>
          {weeks.map((w) => (
            <option key={w.week} value={w.week}>{t('report.weekOption', { week: w.week.slice(6), start: formatDate(w.start), end: formatDate(w.end) })}</option>
          ))}
        </select>
      </label>

      {restoredAt && (
        <div className="notice notice-info" role="status">
          <p>{t('report.restored', { time: formatTimestamp(restoredAt) })}</p>
          <p><button type="button" className="button" onClick={() => { writeLocal(key, null); setForm(baseline); setRestoredAt(null); }}>{t('report.discardLocal')}</button></p>
        </div>
      )}

      <form className="report-form" noValidate onSubmit={(e) => { e.preventDefault(); void send('submit'); }}>
        <section aria-labelledby="figures-heading">
          <h2 id="figures-heading">{t('report.figures')}</h2>
          <p className="field-hint">{t('report.figuresHelp')}</p>
          <ol className="report-indicators">
            {report.indicators.map((i) => (
              <li key={i.code} className="card report-indicator">
                <h3>{i.name} <span className="muted">({i.unitOfMeasure})</span></h3>
                <dl className="report-context">
                  <div><dt>{t('report.target')}</dt><dd className="num">{i.text.target ?? t('common.none')}</dd></div>
                  <div><dt>{t('report.lastWeek')}</dt><dd className="num">{i.text.lastWeek ?? t('common.none')}</dd></div>
                  <div><dt>{t('report.toDateBefore')}</dt><dd className="num">{i.text.toDateBefore ?? t('common.none')}</dd></div>
                </dl>
                <div className="report-entry">
                  <span className="report-entry-label">{t('report.entered')}<span className="field-hint">{modeHelp(i.reportingMode)}</span></span>
                  <FigureInput label={i.name} name={i.code} value={form.values[i.code] ?? ''} onChange={(text) => setValue(i.code, text)}
                    error={errors[`values.${i.code}`]} disabled={busy} />
                  {report.status === 'submitted' && i.text.submitted !== null && (
                    <span className="muted report-submitted">{t('report.submittedValue', { value: i.text.submitted })}</span>
                  )}
                </div>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="narrative-heading">
          <h2 id="narrative-heading">{t('report.narrative')}</h2>
          {hasChildren && (
            <label className="checkbox">
              <input type="checkbox" checked={form.consolidated} onChange={(e) => update({ consolidated: e.target.checked })} disabled={busy} />
              <span>{t('report.consolidated')}</span>
            </label>
          )}
          {(['highlights', 'difficulties', 'proposals'] as const).map((field) => (
            <label key={field} className="field">
              <span>{t(`report.${field}`)}</span>
              <textarea value={form[field]} onChange={(e) => update({ [field]: e.target.value })} disabled={busy}
                aria-invalid={errors[field] ? true : undefined} />
              {errors[field] && <span className="field-error" role="alert">{errors[field]}</span>}
            </label>
          ))}
        </section>

        {notice && (
          <div className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} role={notice.kind === 'ok' ? 'status' : 'alert'}>
            <p>{notice.text}</p>
          </div>
        )}
        <div className="actions report-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void send('draft')}>{busy ? t('report.saving') : t('report.saveDraft')}</button>
          <button type="submit" className="button button-primary" disabled={busy}>{t('report.submit')}</button>
        </div>
      </form>
    </div>
  );
}
