/**
 * nhập thay on the report page: a manager of a unit above enters the unit's report on its
 * behalf (it phoned it in, sent it on paper), with the reason and the date and time the
 * report really reached them, in Hà Nội time; the server checks both (not in the future, not
 * before the week began) and judges timeliness on that time. `OnBehalfNote` shows, to
 * everyone, that a report was entered so: "Nhập thay bởi … · nhận lúc 14:30 ngày 05/07/2023".
 */
import { formatDate, localDateOf, parseDate } from '@giaoban/core';
import type { ReportResponse } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { Field } from './Field.tsx';
import './OnBehalfPanel.css';

/** What the manager typed: the reason, the date (dd/mm/yyyy) and the time (HH:MM) received. */
export interface OnBehalfValue {
  readonly reason: string;
  readonly date: string;
  readonly time: string;
}

/** Ids the error summary's links reach. */
export const ON_BEHALF_FIELD_IDS: Readonly<Record<string, string>> = Object.freeze({
  'onBehalf.reason': 'on-behalf-reason',
  'onBehalf.receivedAt': 'on-behalf-date',
});

const TIME = /^([01]?\d|2[0-3])[:hg.]([0-5]\d)$/i;

/** "05/07/2023" → "2023-07-05", or null when it cannot be read. */
function readDate(text: string): string | null {
  try {
    return parseDate(text);
  } catch {
    return null;
  }
}

/** "9:05" → "09:05", or null. */
function readTime(text: string): string | null {
  const m = TIME.exec(text.trim());
  return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? ''}` : null;
}

/**
 * The `onBehalf` of a submission: the received time as an instant in Hà Nội (+07:00). A date
 * or time that cannot be read goes as typed, and the server says what is wrong with the rest.
 */
export function onBehalfBody(value: OnBehalfValue): { reason: string; receivedAt: string } {
  const date = readDate(value.date);
  const time = readTime(value.time);
  const receivedAt = date && time ? `${date}T${time}:00+07:00` : `${value.date.trim()} ${value.time.trim()}`.trim();
  return { reason: value.reason.trim(), receivedAt };
}

/** The panel's first value: today and now when the report's week is this week, else the reason only. */
function startingValue(report: ReportResponse): OnBehalfValue {
  const now = new Date();
  const today = localDateOf(now);
  const inWeek = report.periodStart !== null && report.periodEnd !== null && report.periodStart.iso <= today && today <= report.periodEnd.iso;
  const local = new Date(now.getTime() + 7 * 3_600_000).toISOString();
  return { reason: '', date: inWeek ? formatDate(today) : '', time: inWeek ? local.slice(11, 16) : '' };
}

/** The reason, date and time received (shared by the report page and the import). */
function OnBehalfFields({ value, onChange, errors, disabled }: {
  value: OnBehalfValue; onChange: (next: OnBehalfValue) => void; errors: Readonly<Record<string, string>>; disabled: boolean;
}) {
  const { t } = useLanguage();
  const set = (patch: Partial<OnBehalfValue>) => onChange({ ...value, ...patch });
  const dateError = value.date.trim() !== '' && readDate(value.date) === null ? t('onBehalf.badDate', { text: value.date }) : null;
  const timeError = value.time.trim() !== '' && readTime(value.time) === null ? t('onBehalf.badTime', { text: value.time }) : null;
  return (
    <div className="report-on-behalf-fields">
      <Field label={t('onBehalf.reason')} hint={t('onBehalf.reasonHint')} error={errors['onBehalf.reason']} id={ON_BEHALF_FIELD_IDS['onBehalf.reason']}>
        {(control) => (
          <textarea {...control} rows={2} value={value.reason} disabled={disabled} required onChange={(e) => set({ reason: e.target.value })} />
        )}
      </Field>
      <Field label={t('onBehalf.date')} hint={t('onBehalf.dateHint')} error={dateError ?? errors['onBehalf.receivedAt']} id={ON_BEHALF_FIELD_IDS['onBehalf.receivedAt']}>
        {(control) => (
          <input {...control} type="text" inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy" value={value.date} disabled={disabled}
            required onChange={(e) => set({ date: e.target.value })} />
        )}
      </Field>
      <Field label={t('onBehalf.time')} hint={t('onBehalf.timeHint')} error={timeError}>
        {(control) => (
          <input {...control} type="text" inputMode="numeric" autoComplete="off" placeholder="HH:MM" value={value.time} disabled={disabled}
            required onChange={(e) => set({ time: e.target.value })} />
        )}
      </Field>
    </div>
  );
}

export function OnBehalfPanel({ report, value, onChange, errors, disabled }: {
  report: ReportResponse;
  value: OnBehalfValue | null;
  onChange: (next: OnBehalfValue | null) => void;
  /** Field → message, from the server's answer (onBehalf.reason, onBehalf.receivedAt). */
  errors: Readonly<Record<string, string>>;
  disabled: boolean;
}) {
  const { t } = useLanguage();
  if (!report.mayEnterOnBehalf) return null;
  return (
    <section className="card report-on-behalf" aria-labelledby="on-behalf-heading" data-testid="on-behalf-panel">
      <h2 id="on-behalf-heading">{t('onBehalf.title')}</h2>
      <p className="field-hint">{t('onBehalf.help')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={value !== null} disabled={disabled}
          onChange={(e) => onChange(e.target.checked ? startingValue(report) : null)} />
        <span>{t('onBehalf.enable', { unit: report.unit.name })}</span>
      </label>
      {value && <OnBehalfFields value={value} onChange={onChange} errors={errors} disabled={disabled} />}
    </section>
  );
}

/** The import's option: the whole file's reports of the units below entered on their behalf. */
export function OnBehalfImportFields({ value, onChange, disabled }: {
  value: OnBehalfValue | null; onChange: (next: OnBehalfValue | null) => void; disabled: boolean;
}) {
  const { t } = useLanguage();
  return (
    <fieldset className="imports-on-behalf" disabled={disabled} data-testid="import-on-behalf">
      <legend>{t('onBehalf.title')}</legend>
      <p className="field-hint">{t('onBehalf.importHelp')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={value !== null} onChange={(e) => onChange(e.target.checked ? { reason: '', date: '', time: '' } : null)} />
        <span>{t('onBehalf.importEnable')}</span>
      </label>
      {value && <OnBehalfFields value={value} onChange={onChange} errors={{}} disabled={disabled} />}
    </fieldset>
  );
}

/** "Nhập thay bởi … · nhận lúc 14:30 ngày 05/07/2023", with the reason, on a report entered on the unit's behalf. */
export function OnBehalfNote({ report }: { report: ReportResponse }) {
  const { t } = useLanguage();
  const entry = report.onBehalf;
  if (!entry) return null;
  return (
    <p className="report-meta" data-testid="on-behalf-note">
      <span>{t('onBehalf.shown', { by: entry.by?.displayName ?? t('onBehalf.someone'), time: entry.receivedAtText })}</span>
      {entry.reason && <span className="muted"> · {t('onBehalf.shownReason', { reason: entry.reason })}</span>}
    </p>
  );
}
