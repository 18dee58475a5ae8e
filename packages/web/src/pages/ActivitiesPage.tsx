/**
 * Hoạt động (issue 20): a unit's campaign activities, phone first. At the top the subtree's
 * totals and the sentences the documents will use; then one tab per kind of record (works,
 * teams, models, press items, inspections, linkages) with its list; "Thêm" opens the kind's
 * form, built from core's field list (ACTIVITY_FIELDS), so the page asks exactly what the
 * server checks. A record opens in the same form to be corrected (with a reason) or withdrawn.
 * Every refusal comes back in one list at the top of the form, each line a link to its field.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useParams } from 'wouter';
import {
  ACTIVITY_ENUMS, ACTIVITY_FIELDS, ACTIVITY_KINDS, formatDate, formatNumber, type ActivityFieldSpec, type ActivityKind,
} from '@giaoban/core';
import { api } from '../api/client.ts';
import type { ActivityRecord, ActivitySetup } from '../api/activities.ts';
import { DownloadButton } from '../components/DownloadButton.tsx';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ActivityTotalsCards } from '../components/ActivityTotalsCards.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { ActivitiesImport } from './ActivitiesImport.tsx';
import { ActivityFilters, type ActivityFilterValues } from './ActivityFilters.tsx';
import { CountedIndicatorsEditor } from './CountedIndicatorsEditor.tsx';
import { Field } from '../components/Field.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { useLanguage } from '../i18n/language.tsx';
import type { Language } from '../i18n/catalogue.ts';
import { messageOf, problemsOf, readDate, useFormProblems, type Problem } from '../lib/form-problems.ts';
import { useLoad } from '../lib/use-load.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import { useSession } from '../session.tsx';
import './ActivitiesPage.css';

export function ActivitiesPage() {
  const { campaign = '', unit = '' } = useParams<{ campaign: string; unit: string }>();
  return <ActivitiesOf key={`${campaign}|${unit}`} campaign={campaign} unit={unit} />;
}

const labelOf = (spec: ActivityFieldSpec, language: Language) => (language === 'en' ? spec.labelEn : spec.labelVi);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function ActivitiesOf({ campaign, unit }: { campaign: string; unit: string }) {
  const { t, language } = useLanguage();
  const { can, campaigns } = useSession();
  const place = useLoad(() => api.unit(unit), [unit, language]);
  const setup = useLoad(() => api.activitySetup(campaign), [campaign, language]);
  const [filters, setFilters] = useState<ActivityFilterValues>({});
  const filterKey = JSON.stringify(filters);
  const totals = useLoad(() => api.activityTotals(campaign, unit, undefined, filters), [campaign, unit, language, filterKey]);
  const [kind, setKind] = useState<ActivityKind>('work');
  // A state is a work's or an inspection's: another kind's list is not filtered by it.
  const listFilters = kind === 'work' || kind === 'inspection' ? filters : { ...filters, state: undefined };
  const list = useLoad(() => api.activities(campaign, unit, { kind, ...listFilters }), [campaign, unit, kind, language, filterKey]);
  const [editing, setEditing] = useState<{ record: ActivityRecord | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const unitName = place.data?.unit.name ?? unit;
  usePageTitle(t('activities.titleOf', { unit: unitName }));

  const error = place.error ?? setup.error ?? totals.error ?? list.error;
  if (error) return <ErrorNotice error={error} onRetry={() => { place.reload(); setup.reload(); totals.reload(); list.reload(); }} />;
  if (!place.data || !setup.data || !totals.data) return <Loading />;
  const kindLabel = (k: ActivityKind) => setup.data?.kinds.find((x) => x.code === k)?.label ?? k;

  function saved(text: string) {
    setEditing(null);
    setNotice(text);
    list.refresh();
    totals.refresh();
  }

  return (
    <div className="activities-page">
      <header className="page-header">
        <h1>{t('activities.heading', { unit: unitName })}</h1>
        <p className="field-hint">{t('activities.intro')}</p>
      </header>
      <p role="status" className={notice ? 'notice notice-ok' : 'visually-hidden'} data-testid="activities-notice">{notice ?? ''}</p>
      <ActivityFilters setup={setup.data} kind={kind} value={filters} onChange={(next) => { setFilters(next); setNotice(null); }} />
      <ActivityTotalsCards totals={totals.data} />
      {can('campaign.create') && campaigns.find((c) => c.code === campaign)?.rootUnitCode === unit && (
        <>
          <ListsEditor campaign={campaign} unit={unit} setup={setup.data} onSaved={(next, text) => { setup.set(next); setNotice(text); totals.refresh(); }} />
          <CountedIndicatorsEditor campaign={campaign} unit={unit} setup={setup.data} onSaved={(next, text) => { setup.set(next); setNotice(text); }} />
        </>
      )}
      <section className="activities-kinds" aria-label={t('activities.kinds')}>
        <div className="activities-tabs" role="tablist">
          {ACTIVITY_KINDS.map((k) => (
            <button key={k} type="button" role="tab" aria-selected={k === kind} className={k === kind ? 'button button-primary' : 'button'}
              onClick={() => { setKind(k); setEditing(null); setNotice(null); }}>
              {capitalised(kindLabel(k))}
            </button>
          ))}
        </div>
        <p className="actions">
          {can('report.write') && !editing && (
            <button type="button" className="button button-primary" onClick={() => { setEditing({ record: null }); setNotice(null); }}>
              {t('activities.add', { kind: kindLabel(kind) })}
            </button>
          )}
          <DownloadButton href={api.activitiesXlsxUrl(campaign, unit, kind, listFilters)} testId="activities-xlsx">{t('download.xlsx')}</DownloadButton>
        </p>
        {can('report.write') && !editing && (
          <ActivitiesImport key={kind} campaign={campaign} unit={unit} kind={kind} kindLabel={kindLabel(kind)} onDone={(text) => { setNotice(text); list.refresh(); totals.refresh(); }} />
        )}
        {editing && (
          <ActivityForm key={editing.record?.id ?? 'new'} campaign={campaign} unit={unit} kind={kind} kindLabel={kindLabel(kind)} setup={setup.data}
            record={editing.record} onCancel={() => setEditing(null)} onSaved={saved} />
        )}
        {list.data === null ? <Loading /> : list.data.records.length === 0 ? <p className="muted">{t('activities.none', { kind: kindLabel(kind) })}</p> : (
          <ul className="activities-list" data-testid="activities-list">
            {list.data.records.map((r) => (
              <li key={r.id} className="card activities-item" data-record={r.id}>
                <span className="activities-summary">{r.summary}</span>
                <span className="muted activities-meta">
                  {r.unit.name}{r.date && <> · {r.date.text}</>}{r.onBehalf && <> · {t('activities.onBehalf')}</>}
                </span>
                {can('report.write') && r.unit.code === unit && (
                  <button type="button" className="button button-quiet" onClick={() => { setEditing({ record: r }); setNotice(null); }}
                    aria-label={t('activities.editOf', { summary: r.summary })}>{t('activities.edit')}</button>
                )}
              </li>
            ))}
          </ul>
        )}
        {list.data && list.data.total > list.data.records.length && (
          <p className="muted">{t('activities.more', { shown: formatNumber(list.data.records.length), total: formatNumber(list.data.total) })}</p>
        )}
      </section>
    </div>
  );
}

/** The kinds of record that carry photos: a work, and what an inspection team saw. */
const PHOTO_KINDS: ReadonlySet<ActivityKind> = new Set(['work', 'inspection']);

/** A field's value in the form: text as typed (numbers too, read by the server the Vietnamese way), or the chosen codes. */
type FormValue = string | readonly string[];

function initialValue(spec: ActivityFieldSpec, record: ActivityRecord | null): FormValue {
  const given = record?.fields[spec.name];
  if (spec.type === 'focusAreas') return Array.isArray(given) ? given.map(String) : [];
  if (given === null || given === undefined) return '';
  if (Array.isArray(given)) return given.join('; ');
  if (spec.type === 'date' && typeof given === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(given)) return formatDate(given);
  if ((spec.type === 'int' || spec.type === 'money') && typeof given === 'number') return formatNumber(given, 0);
  return String(given);
}

function ActivityForm({ campaign, unit, kind, kindLabel, setup, record, onCancel, onSaved }: {
  campaign: string; unit: string; kind: ActivityKind; kindLabel: string; setup: ActivitySetup; record: ActivityRecord | null;
  onCancel: () => void; onSaved: (notice: string) => void;
}) {
  const { t, language } = useLanguage();
  const id = useId();
  const specs = ACTIVITY_FIELDS[kind];
  const ids: Record<string, string> = Object.fromEntries([...specs.map((s) => [s.name, `${id}-field-${s.name}`]), ['reason', `${id}-reason`], ['programme', `${id}-programme`], ['photo', `${id}-photo`]]);
  const [values, setValues] = useState<Record<string, FormValue>>(() => Object.fromEntries(specs.map((s) => [s.name, initialValue(s, record)])));
  const [programme, setProgramme] = useState(record?.programme ?? '');
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<readonly File[]>([]);
  const [busy, setBusy] = useState(false);
  const { problems, setProblems, items, errors } = useFormProblems(ids);
  const initial = useMemo(() => JSON.stringify(Object.fromEntries(specs.map((s) => [s.name, initialValue(s, record)]))), [specs, record]);
  const dirty = JSON.stringify(values) !== initial || reason !== '' || photos.length > 0;
  const allowLeaving = useUnsavedChanges(dirty && !busy, t('activities.leaveConfirm'));
  const set = (name: string, value: FormValue) => setValues((v) => ({ ...v, [name]: value }));

  /** What is sent: every field typed (an empty one left out), lists as lists. */
  function fieldsOf(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const spec of specs) {
      const value = values[spec.name] ?? '';
      if (Array.isArray(value)) { if (value.length > 0) out[spec.name] = [...value]; continue; }
      const text = (value as string).trim();
      if (text !== '') out[spec.name] = text;
    }
    return out;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const onlyPhotos = record !== null && JSON.stringify(values) === initial && photos.length > 0;
    if (record && !onlyPhotos && reason.trim() === '') return setProblems([{ field: 'reason', message: t('activities.reasonRequired') }]);
    setBusy(true);
    try {
      const fields = fieldsOf();
      const programmeCode = programme === '' ? null : programme;
      // A record that only gains photos is not corrected: nothing of its fields changed.
      const answer = record && JSON.stringify(values) === initial && photos.length > 0 ? { record }
        : record
          ? await api.correctActivity(campaign, unit, record.id, { version: record.version, reason: reason.trim(), programme: programmeCode, fields })
          : await api.createActivity(campaign, unit, { kind, programme: programmeCode, fields });
      // The record is kept; each photo then goes alone, and one the server refuses is named in the notice.
      const refused: string[] = [];
      for (const photo of photos) {
        try {
          await api.addActivityPhoto(campaign, unit, answer.record.id, photo);
        } catch (error) {
          refused.push(t('activities.photoRefused', { name: photo.name, message: messageOf(error, t) }));
        }
      }
      allowLeaving();
      onSaved([t(record ? 'activities.corrected' : 'activities.created', { kind: kindLabel, summary: answer.record.summary }),
        ...(photos.length > refused.length ? [t('activities.photosAdded', { count: photos.length - refused.length })] : []), ...refused].join(' '));
    } catch (error) {
      setProblems(problemsOf(error, t));
      setBusy(false);
    }
  }

  /** Takes a photo off the record, with the form's reason (asked for first). */
  async function removePhoto(photoId: number) {
    if (!record || busy) return;
    if (reason.trim() === '') return setProblems([{ field: 'reason', message: t('activities.reasonRequired') }]);
    setBusy(true);
    try {
      await api.removeActivityPhoto(campaign, unit, record.id, photoId, reason.trim());
      allowLeaving();
      onSaved(t('activities.photoRemoved', { summary: record.summary }));
    } catch (error) {
      setProblems([{ field: null, message: messageOf(error, t) }]);
      setBusy(false);
    }
  }

  async function withdraw() {
    if (!record || busy) return;
    if (reason.trim() === '') return setProblems([{ field: 'reason', message: t('activities.reasonRequired') }]);
    if (!window.confirm(t('activities.withdrawConfirm', { summary: record.summary }))) return;
    setBusy(true);
    try {
      await api.withdrawActivity(campaign, unit, record.id, { version: record.version, reason: reason.trim() });
      allowLeaving();
      onSaved(t('activities.withdrawn', { summary: record.summary }));
    } catch (error) {
      setProblems([{ field: null, message: messageOf(error, t) }]);
      setBusy(false);
    }
  }

  return (
    <section className="card activities-form" aria-labelledby={`${id}-title`} data-testid="activity-form">
      <h2 id={`${id}-title`}>{record ? t('activities.editTitle', { kind: kindLabel }) : t('activities.addTitle', { kind: kindLabel })}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {problems && problems.length > 0 && <ErrorSummary title={t('activities.errorSummary')} items={items} />}
        {specs.map((spec) => (
          <FieldInput key={spec.name} spec={spec} id={ids[spec.name]!} setup={setup} language={language} value={values[spec.name] ?? ''}
            error={errors[spec.name]} onChange={(v) => set(spec.name, v)} />
        ))}
        {PHOTO_KINDS.has(kind) && (
          <Field id={ids.photo!} label={t('activities.photos')} hint={t('activities.photosHint')} error={errors.photo}>
            {(control) => (
              <input {...control} type="file" accept="image/jpeg,image/png,image/webp" multiple
                onChange={(e) => setPhotos([...(e.target.files ?? [])])} />
            )}
          </Field>
        )}
        {record && record.photos.length > 0 && (
          <ul className="activities-photos" aria-label={t('activities.photos')}>
            {record.photos.map((p) => (
              <li key={p.id}>
                <a href={p.url} target="_blank" rel="noreferrer"><img src={p.displayUrl} alt={t('activities.photoAlt', { summary: record.summary })} width={p.width} height={p.height} loading="lazy" /></a>
                <button type="button" className="button button-quiet" disabled={busy} onClick={() => void removePhoto(p.id)}>{t('activities.photoRemove')}</button>
              </li>
            ))}
          </ul>
        )}
        {setup.programmes.length > 0 && (
          <Field id={ids.programme} label={t('activities.programme')} error={errors.programme}>
            {(control) => (
              <select {...control} value={programme} onChange={(e) => setProgramme(e.target.value)}>
                <option value="">{t('activities.programmeNone')}</option>
                {setup.programmes.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
              </select>
            )}
          </Field>
        )}
        {record && (
          <Field id={ids.reason} label={t('activities.reason')} hint={t('activities.reasonHint')} error={errors.reason}>
            {(control) => <input {...control} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        )}
        <p className="actions">
          <SubmitButton busy={busy} label={record ? t('activities.saveCorrection') : t('activities.save')} busyLabel={t('activities.saving')} />
          {record && <button type="button" className="button button-danger" disabled={busy} onClick={() => void withdraw()}>{t('activities.withdraw')}</button>}
          <button type="button" className="button button-quiet" onClick={() => { allowLeaving(); onCancel(); }}>{t('common.cancel')}</button>
        </p>
      </form>
    </section>
  );
}

/** One field of the form, as its type asks: a list to choose from, a number typed the Vietnamese way, a date dd/mm/yyyy, text. */
function FieldInput({ spec, id, setup, language, value, error, onChange }: {
  spec: ActivityFieldSpec; id: string; setup: ActivitySetup; language: Language; value: FormValue; error: string | undefined; onChange: (value: FormValue) => void;
}) {
  const { t } = useLanguage();
  const label = `${labelOf(spec, language)}${spec.required ? '' : ` ${t('activities.optional')}`}`;
  if (spec.type === 'focusAreas') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset className="field" id={id}>
        <legend>{label}</legend>
        {setup.focusAreas.length === 0 && <p className="field-hint">{t('activities.noFocusAreas')}</p>}
        {setup.focusAreas.map((f) => (
          <label key={f.code} className="checkbox">
            <input type="checkbox" checked={chosen.includes(f.code)} onChange={(e) => onChange(e.target.checked ? [...chosen, f.code] : chosen.filter((c) => c !== f.code))} />
            <span>{f.name} <span className="muted">({f.kind})</span></span>
          </label>
        ))}
        {error && <span className="field-error">{error}</span>}
      </fieldset>
    );
  }
  const text = typeof value === 'string' ? value : value.join('; ');
  const hint = spec.type === 'date' ? t('activities.hint.date') : spec.type === 'money' ? t('activities.hint.money')
    : spec.type === 'units' ? t('activities.hint.units') : spec.type === 'url' ? t('activities.hint.url') : undefined;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => {
        if (spec.type === 'enum' || spec.type === 'focusArea') {
          const options = spec.type === 'focusArea' ? setup.focusAreas.map((f) => ({ code: f.code, label: f.name }))
            : spec.options === 'workKind' || spec.options === undefined ? setup.workKinds.map((k) => ({ code: k.code, label: k.name }))
              : Object.entries(ACTIVITY_ENUMS[spec.options]).map(([code, l]) => ({ code, label: l[language] }));
          return (
            <select {...control} value={text} onChange={(e) => onChange(e.target.value)}>
              <option value="">{t('activities.choose')}</option>
              {options.map((o) => <option key={o.code} value={o.code}>{o.label}</option>)}
            </select>
          );
        }
        if (spec.type === 'text' && (spec.max ?? 0) > 500) return <textarea {...control} rows={3} value={text} onChange={(e) => onChange(e.target.value)} />;
        const numeric = spec.type === 'int' || spec.type === 'money' || spec.type === 'date';
        return (
          <input {...control} type={spec.type === 'url' ? 'url' : 'text'} inputMode={numeric ? 'numeric' : undefined} value={text}
            placeholder={spec.type === 'date' ? 'dd/mm/yyyy' : undefined} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
        );
      }}
    </Field>
  );
}

/**
 * The campaign's lists, for its root unit: work kinds, programmes and focus areas listed, and
 * one entry added at a time (or renamed: the same code again). Nothing is removed here.
 */
function ListsEditor({ campaign, unit, setup, onSaved }: {
  campaign: string; unit: string; setup: ActivitySetup; onSaved: (next: ActivitySetup, notice: string) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const [list, setList] = useState<'workKinds' | 'programmes' | 'focusAreas'>('workKinds');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [indicators, setIndicators] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const ids: Record<string, string> = { code: `${id}-code`, name: `${id}-name`, kind: `${id}-kind`, unitCode: `${id}-unit`, startDate: `${id}-from`, endDate: `${id}-to` };
  const { problems, setProblems, items, errors } = useFormProblems(ids);
  const allowLeaving = useUnsavedChanges((code !== '' || name !== '') && !busy, t('activities.lists.leaveConfirm'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local: Problem[] = [];
    if (code.trim() === '') local.push({ field: 'code', message: t('activities.lists.codeRequired') });
    if (name.trim() === '') local.push({ field: 'name', message: t('activities.lists.nameRequired') });
    const read = (text: string, field: string) => {
      const date = readDate(text);
      if ('iso' in date && date.iso !== null) return date.iso;
      local.push({ field, message: t('common.invalidDate') });
      return '';
    };
    const startDate = list === 'programmes' ? read(from, 'startDate') : '';
    const endDate = list === 'programmes' ? read(to, 'endDate') : '';
    if (local.length > 0) return setProblems(local);
    const entry = { code: code.trim(), name: name.trim() };
    const body = list === 'workKinds' ? { workKinds: [entry] }
      : list === 'programmes' ? { programmes: [{ ...entry, startDate, endDate, indicators: [...indicators] }] }
        : { focusAreas: [{ ...entry, kind: kind.trim(), unitCode: unitCode.trim() }] };
    setBusy(true);
    try {
      const next = await api.setActivitySetup(campaign, unit, body);
      allowLeaving();
      setCode(''); setName(''); setKind(''); setUnitCode(''); setFrom(''); setTo(''); setIndicators([]); setProblems(null);
      onSaved(next, t('activities.lists.saved', { name: entry.name }));
    } catch (error) {
      // The server names a list's entry (workKinds.0.code): the field is its last part.
      setProblems(problemsOf(error, t).map((p) => ({ ...p, field: p.field === null ? null : (p.field.split('.').at(-1) ?? p.field) })));
    } finally {
      setBusy(false);
    }
  }

  const shown = list === 'workKinds' ? setup.workKinds.map((k) => `${k.name} (${k.code})`)
    : list === 'programmes' ? setup.programmes.map((p) => `${p.name} (${p.startDate.text} – ${p.endDate.text})${p.indicators.length > 0 ? ` · ${t('activities.lists.indicatorCount', { count: p.indicators.length })}` : ''}`)
      : setup.focusAreas.map((f) => `${f.name} · ${f.kind} · ${f.unit.name}`);
  return (
    <details className="card activities-lists" data-testid="activity-lists">
      <summary>{t('activities.lists.title')}</summary>
      <div className="activities-tabs" role="tablist">
        {(['workKinds', 'programmes', 'focusAreas'] as const).map((l) => (
          <button key={l} type="button" role="tab" aria-selected={l === list} className={l === list ? 'button button-primary' : 'button'}
            onClick={() => { setList(l); setProblems(null); }}>{t(`activities.lists.${l}`)}</button>
        ))}
      </div>
      {shown.length === 0 ? <p className="muted">{t('activities.lists.empty')}</p> : <ul>{shown.map((text) => <li key={text}>{text}</li>)}</ul>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        {problems && problems.length > 0 && <ErrorSummary title={t('activities.errorSummary')} items={items} />}
        <Field id={ids.code} label={t('activities.lists.code')} hint={t('activities.lists.codeHint')} error={errors.code}>
          {(control) => <input {...control} type="text" value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} />}
        </Field>
        <Field id={ids.name} label={t('activities.lists.name')} error={errors.name}>
          {(control) => <input {...control} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        {list === 'programmes' && (
          <>
            <Field id={ids.startDate} label={t('activities.lists.from')} error={errors.startDate}>
              {(control) => <input {...control} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={from} onChange={(e) => setFrom(e.target.value)} />}
            </Field>
            <Field id={ids.endDate} label={t('activities.lists.to')} error={errors.endDate}>
              {(control) => <input {...control} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={to} onChange={(e) => setTo(e.target.value)} />}
            </Field>
            <fieldset className="field">
              <legend>{t('activities.lists.indicators')}</legend>
              <p className="field-hint">{t('activities.lists.indicatorsHint')}</p>
              {setup.indicators.map((i) => (
                <label key={i.code} className="checkbox">
                  <input type="checkbox" checked={indicators.includes(i.code)} disabled={i.programme !== null && i.programme !== code.trim()}
                    onChange={(e) => setIndicators(e.target.checked ? [...indicators, i.code] : indicators.filter((c) => c !== i.code))} />
                  {' '}{i.name}{i.programme !== null && i.programme !== code.trim() ? ` (${setup.programmes.find((p) => p.code === i.programme)?.name ?? i.programme})` : ''}
                </label>
              ))}
            </fieldset>
          </>
        )}
        {list === 'focusAreas' && (
          <>
            <Field id={ids.kind} label={t('activities.lists.kind')} hint={t('activities.lists.kindHint')} error={errors.kind}>
              {(control) => <input {...control} type="text" value={kind} onChange={(e) => setKind(e.target.value)} />}
            </Field>
            <Field id={ids.unitCode} label={t('activities.lists.unit')} error={errors.unitCode}>
              {(control) => <input {...control} type="text" value={unitCode} autoComplete="off" onChange={(e) => setUnitCode(e.target.value)} />}
            </Field>
          </>
        )}
        <p className="actions"><SubmitButton busy={busy} label={t('activities.lists.add')} busyLabel={t('activities.saving')} /></p>
      </form>
    </details>
  );
}
