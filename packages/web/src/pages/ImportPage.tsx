/**
 * Nhập số liệu từ Excel: for one unit (and, if asked, its children), download the entry
 * template of a week, fill it in, upload it back. The server checks every row and answers
 * with a job followed here every half second: its stage and how many reports are done (shown
 * once it takes more than a second), then the outcome of each unit (written, unchanged,
 * refused) and every problem found, where it is in the spreadsheet.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { campaignWeeks, formatDate, formatNumber, localDateOf, type CampaignWeek } from '@giaoban/core';
import type { ImportJob } from '@giaoban/server/api';
import { api, ApiError } from '../api/client.ts';
import { DownloadButton, SLOW_AFTER_MS } from '../components/DownloadButton.tsx';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { OnBehalfImportFields, onBehalfBody, type OnBehalfValue } from '../components/OnBehalfPanel.tsx';
import { useSession } from '../session.tsx';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import './ImportPage.css';

type Mode = ImportJob['mode'];

/** How often a running job is asked about. */
const POLL_MS = 500;
/** Error rows shown before "Xem thêm". */
const ERRORS_PAGE = 100;
/** Unit rows shown before "Xem thêm" (a template for the centre holds every province). */
const UNITS_PAGE = 20;
/** What needs a look first: refused, then written, then unchanged. */
const OUTCOME_ORDER: Readonly<Record<ImportJob['units'][number]['outcome'], number>> = { refused: 0, written: 1, unchanged: 2 };

const sleep = (ms: number) => new Promise<void>((resolve) => { window.setTimeout(resolve, ms); });

function messageOf(error: unknown, t: Translate): string {
  if (error instanceof ApiError) return error.message || t(error.status === 403 ? 'error.forbidden' : 'error.network');
  return t('error.network');
}

/** The week `wanted` when it is one of the campaign's, else today's (the server's day when known), kept inside the campaign. */
function defaultWeek(weeks: readonly CampaignWeek[], wanted: string | null, serverToday: string | null): string {
  if (wanted && weeks.some((w) => w.week === wanted)) return wanted;
  const today = serverToday ?? localDateOf(new Date());
  const week = weeks.find((w) => w.start <= today && today <= w.end) ?? (today < (weeks[0]?.start ?? '') ? weeks[0] : weeks.at(-1));
  return week?.week ?? '';
}

export function ImportPage() {
  const { campaign, unit } = useParams<{ campaign: string; unit: string }>();
  const wanted = new URLSearchParams(useSearch()).get('period');
  const { t, language } = useLanguage();
  const { today } = useSession();
  const info = useLoad(() => api.campaign(campaign), [campaign, language]);
  const place = useLoad(() => api.unit(unit), [unit, language]);
  usePageTitle(place.data ? t('title.imports', { unit: place.data.unit.name }) : t('imports.link'));
  const error = info.error ?? place.error;
  if (error) return <ErrorNotice error={error} onRetry={() => { info.reload(); place.reload(); }} />;
  if (!info.data || !place.data) return <Loading />;
  const c = info.data.campaign;
  const weeks = c.startDate && c.endDate ? campaignWeeks(c.startDate.iso, c.endDate.iso) : [];

  return (
    <div className="imports">
      <header className="page-header">
        <h1>{t('imports.title')}</h1>
        <p><strong>{place.data.unit.name}</strong> · <span className="muted">{c.name}</span></p>
        <p><Link href={paths.dashboard(campaign, unit)}>{t('imports.backToDashboard')}</Link></p>
        <p className="field-hint">{t('imports.intro')}</p>
      </header>
      {weeks.length === 0 ? <p className="notice notice-info">{t('imports.noWeeks')}</p> : (
        <TemplateSection key={`${campaign}/${unit}`} campaign={campaign} unit={unit} weeks={weeks}
          initialWeek={defaultWeek(weeks, wanted, today)} hasChildren={place.data.childCount > 0} />
      )}
      <UploadSection key={`${campaign}/${unit}/upload`} campaign={campaign} />
    </div>
  );
}

function TemplateSection({ campaign, unit, weeks, initialWeek, hasChildren }: {
  campaign: string; unit: string; weeks: readonly CampaignWeek[]; initialWeek: string; hasChildren: boolean;
}) {
  const { t } = useLanguage();
  const id = useId();
  const [week, setWeek] = useState(initialWeek);
  const [children, setChildren] = useState(false);
  return (
    <section aria-labelledby={`${id}-heading`} className="card imports-step">
      <h2 id={`${id}-heading`}>{t('imports.template.title')}</h2>
      <Field label={t('imports.template.week')} className="imports-week">
        {(control) => (
          <select {...control} value={week} onChange={(e) => setWeek(e.target.value)}>
            {weeks.map((w) => (
              <option key={w.week} value={w.week}>
                {t('imports.template.weekOption', { week: w.week.slice(6), start: formatDate(w.start), end: formatDate(w.end) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      {hasChildren && (
        <label className="checkbox">
          <input type="checkbox" checked={children} onChange={(e) => setChildren(e.target.checked)} aria-describedby={`${id}-children-hint`} />
          <span>
            {t('imports.template.children')}
            <span id={`${id}-children-hint`} className="field-hint imports-hint">{t('imports.template.childrenHint')}</span>
          </span>
        </label>
      )}
      <p className="field-hint">{t('imports.template.help')}</p>
      <DownloadButton href={api.entryTemplateUrl(campaign, unit, week, children)} testId="template-download">
        {t('imports.template.download')}
      </DownloadButton>
    </section>
  );
}

function UploadSection({ campaign }: { campaign: string }) {
  const { t } = useLanguage();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [mode, setMode] = useState<Mode>('workbook');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [slow, setSlow] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // nhập thay for the whole file: for a manager, whose file holds the units below it.
  const { can } = useSession();
  const [onBehalf, setOnBehalf] = useState<OnBehalfValue | null>(null);
  // A workbook chosen but not yet sent would be lost by leaving.
  useUnsavedChanges(file !== null && job === null && !busy);
  /** Bumped by every upload and on leaving: a poll that sees another number stops. */
  const run = useRef(0);
  useEffect(() => () => { run.current += 1; }, []);

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!file) {
      setProblem(t('imports.upload.noFile'));
      return;
    }
    if (!/\.xlsx$/i.test(file.name)) {
      setProblem(t('imports.upload.notXlsx', { name: file.name }));
      return;
    }
    const current = ++run.current;
    setBusy(true);
    setSlow(false);
    setProblem(null);
    setJob(null);
    const timer = window.setTimeout(() => { if (run.current === current) setSlow(true); }, SLOW_AFTER_MS);
    try {
      let next = (await api.startImport(campaign, mode, file, onBehalf ? onBehalfBody(onBehalf) : undefined)).job;
      for (;;) {
        if (run.current !== current) return;
        setJob(next);
        if (next.state !== 'running') break;
        await sleep(POLL_MS);
        if (run.current !== current) return;
        next = (await api.importJob(next.id)).job;
      }
    } catch (error) {
      if (run.current === current) setProblem(messageOf(error, t));
    } finally {
      window.clearTimeout(timer);
      if (run.current === current) {
        setBusy(false);
        setSlow(false);
      }
    }
  }

  function again() {
    run.current += 1;
    setJob(null);
    setFile(null);
    setProblem(null);
    setBusy(false);
    setSlow(false);
    setInputKey((k) => k + 1);
  }

  // What stops the upload, at the top of the form like every form's, its line a link to the file.
  const fileId = `${id}-file`;
  const problems = useMemo(
    () => (problem ? [{ key: 'upload', text: problem, field: () => document.getElementById(fileId) }] : []),
    [problem, fileId],
  );
  const running = busy && (job === null || job.state === 'running');
  const finished = job !== null && job.state !== 'running' ? job : null;

  return (
    <>
      <section aria-labelledby={`${id}-heading`} className="card imports-step">
        <h2 id={`${id}-heading`}>{t('imports.upload.title')}</h2>
        <form onSubmit={(e) => void upload(e)} noValidate>
          {problem && <ErrorSummary title={t('imports.upload.errorSummary')} items={problems} />}
          <Field id={fileId} label={t('imports.upload.file')}>
            {(control) => (
              // The browser words its own file button in its language; this one speaks the app's.
              <div className="imports-file">
                <input {...control} key={inputKey} type="file" disabled={busy} className="visually-hidden"
                  accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  onChange={(e) => { setFile(e.target.files?.[0] ?? null); setProblem(null); }} />
                <label htmlFor={control.id} className="button" aria-hidden="true">{t('imports.upload.choose')}</label>
                <span className="imports-file-name">{file ? file.name : t('imports.upload.none')}</span>
              </div>
            )}
          </Field>
          <fieldset className="imports-modes" disabled={busy}>
            <legend>{t('imports.upload.mode')}</legend>
            {(['workbook', 'unit'] as const).map((m) => (
              <label key={m} className="imports-mode">
                <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)}
                  aria-describedby={`${id}-mode-${m}`} />
                <span>
                  {t(`imports.mode.${m}`)}
                  <span id={`${id}-mode-${m}`} className="field-hint imports-hint">{t(`imports.mode.${m}.hint`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {can('report.review') && <OnBehalfImportFields value={onBehalf} onChange={setOnBehalf} disabled={busy} />}
          <p className="actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('imports.upload.sending') : t('imports.upload.submit')}
            </button>
          </p>
        </form>
        <div role="status" aria-live="polite" className="imports-progress" data-testid="import-progress">
          {running && slow && <JobProgress job={job} />}
        </div>
      </section>
      {finished && <JobResult job={finished} campaign={campaign} onAgain={again} />}
    </>
  );
}

function JobProgress({ job }: { job: ImportJob | null }) {
  const { t } = useLanguage();
  if (!job) {
    return <><progress aria-label={t('imports.progress.label')} /><span>{t('imports.upload.sending')}</span></>;
  }
  const known = job.total > 0;
  return (
    <>
      {known
        ? <progress aria-label={t('imports.progress.label')} max={job.total} value={Math.min(job.processed, job.total)} />
        : <progress aria-label={t('imports.progress.label')} />}
      <span>
        {t(`imports.stage.${job.stage}`)}
        {known && ` ${t('imports.progress.count', { processed: formatNumber(job.processed, 0), total: formatNumber(job.total, 0) })}`}
      </span>
    </>
  );
}

function JobResult({ job, campaign, onAgain }: { job: ImportJob; campaign: string; onAgain: () => void }) {
  const { t } = useLanguage();
  const id = useId();
  const [limit, setLimit] = useState(ERRORS_PAGE);
  const [unitLimit, setUnitLimit] = useState(UNITS_PAGE);
  const ok = job.state === 'succeeded';
  const file = job.fileName ?? t('imports.result.file');
  const sentence = job.message ?? t(ok ? 'imports.result.succeeded' : 'imports.result.failed', { file });
  const count = (outcome: ImportJob['units'][number]['outcome']) => formatNumber(job.units.filter((u) => u.outcome === outcome).length, 0);
  const shownErrors = job.errors.slice(0, limit);
  const units = [...job.units].sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome]);
  const shownUnits = units.slice(0, unitLimit);
  return (
    <section aria-labelledby={`${id}-heading`} className="imports-result" data-testid="import-result">
      <h2 id={`${id}-heading`}>{t('imports.result.title')}</h2>
      <div className={`notice ${ok ? 'notice-ok' : 'notice-error'}`} role={ok ? 'status' : 'alert'} data-testid="import-message">
        <p>{sentence}</p>
        {!ok && job.rows > 0 && <p className="muted">{t('imports.result.rows', { rows: formatNumber(job.rows, 0) })}</p>}
      </div>

      {job.units.length > 0 && (
        <>
          <h3>{t('imports.units.title')}</h3>
          <p className="muted">{t('imports.units.summary', { written: count('written'), unchanged: count('unchanged'), refused: count('refused') })}</p>
          <div className="table-scroll">
            <table data-testid="import-units">
              <thead>
                <tr>
                  <th scope="col">{t('common.unit')}</th>
                  <th scope="col">{t('common.week')}</th>
                  <th scope="col">{t('imports.units.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {shownUnits.map((u) => (
                  <tr key={`${u.code}/${u.period}`} data-unit={u.code}>
                    <th scope="row">
                      <Link href={paths.report(campaign, u.code, u.period)} title={t('imports.units.openOf', { week: u.period.slice(6), unit: u.name })}>
                        {u.name}
                      </Link>{' '}
                      <span className="muted">({u.code})</span>
                    </th>
                    <td className="nowrap">{u.period.slice(6) || u.period}</td>
                    <td><span className={`imports-outcome imports-outcome-${u.outcome}`}>{t(`imports.outcome.${u.outcome}`)}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {units.length > shownUnits.length && (
            <p><button type="button" className="button" onClick={() => setUnitLimit(unitLimit + UNITS_PAGE * 5)}>
              {t('common.showMore', { count: formatNumber(units.length - shownUnits.length, 0) })}
            </button></p>
          )}
        </>
      )}

      {job.errors.length > 0 && (
        <>
          <h3>{t('imports.errors.title', { count: formatNumber(job.errorCount, 0) })}</h3>
          <p className="field-hint">{t('imports.errors.help')}</p>
          {job.errorCount > job.errors.length && (
            <p className="field-hint">{t('imports.errors.firstOnly', { shown: formatNumber(job.errors.length, 0), count: formatNumber(job.errorCount, 0) })}</p>
          )}
          <div className="table-scroll">
            <table className="imports-errors" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t('imports.errors.sheet')}</th>
                  <th scope="col" className="num">{t('imports.errors.row')}</th>
                  <th scope="col">{t('imports.errors.column')}</th>
                  <th scope="col">{t('imports.errors.message')}</th>
                </tr>
              </thead>
              <tbody>
                {shownErrors.map((e, index) => (
                  <tr key={index}>
                    <td>{e.sheet || t('common.none')}</td>
                    <td className="num">{e.row > 0 ? formatNumber(e.row, 0) : t('imports.errors.wholeFile')}</td>
                    <td>{e.column || t('common.none')}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {job.errors.length > shownErrors.length && (
            <p><button type="button" className="button" onClick={() => setLimit(limit + ERRORS_PAGE)}>
              {t('common.showMore', { count: formatNumber(job.errors.length - shownErrors.length, 0) })}
            </button></p>
          )}
        </>
      )}
      <p className="actions"><button type="button" className="button" onClick={onAgain}>{t('imports.again')}</button></p>
    </section>
  );
}
