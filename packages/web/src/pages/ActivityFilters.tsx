/**
 * The Hoạt động page's filters (issue 20): a programme, a focus area, a state (of a work or an
 * inspection's follow-up), and a span of days. They apply to the list, the totals and the
 * workbook together; a day that cannot be read is said on its field and nothing changes.
 */
import { useId, useState, type FormEvent } from 'react';
import { FOLLOW_UP_STATES, WORK_STATES, type ActivityKind } from '@giaoban/core';
import type { ActivityListQuery, ActivitySetup } from '../api/activities.ts';
import { Field } from '../components/Field.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { readDate } from '../lib/form-problems.ts';

export type ActivityFilterValues = Pick<ActivityListQuery, 'programme' | 'focusArea' | 'state' | 'from' | 'to'>;

export function ActivityFilters({ setup, kind, value, onChange }: {
  setup: ActivitySetup; kind: ActivityKind; value: ActivityFilterValues; onChange: (next: ActivityFilterValues) => void;
}) {
  const { t, language } = useLanguage();
  const id = useId();
  const [draft, setDraft] = useState({ programme: value.programme ?? '', focusArea: value.focusArea ?? '', state: value.state ?? '', from: value.from ?? '', to: value.to ?? '' });
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const states = kind === 'work' ? WORK_STATES : kind === 'inspection' ? FOLLOW_UP_STATES : null;
  const active = Object.values(value).filter((v) => v !== undefined && v !== '').length;

  function apply(event: FormEvent) {
    event.preventDefault();
    const from = readDate(draft.from);
    const to = readDate(draft.to);
    const found = { ...('error' in from ? { from: t('common.invalidDate') } : {}), ...('error' in to ? { to: t('common.invalidDate') } : {}) };
    setErrors(found);
    if (found.from || found.to) return;
    const pick = (v: string) => (v === '' ? undefined : v);
    onChange({
      programme: pick(draft.programme), focusArea: pick(draft.focusArea), state: states ? pick(draft.state) : undefined,
      from: 'iso' in from ? from.iso ?? undefined : undefined, to: 'iso' in to ? to.iso ?? undefined : undefined,
    });
  }

  function clear() {
    setDraft({ programme: '', focusArea: '', state: '', from: '', to: '' });
    setErrors({});
    onChange({});
  }

  return (
    <details className="card activities-filters" data-testid="activity-filters" open={active > 0 || undefined}>
      <summary>{active > 0 ? t('activities.filters.titleActive', { count: active }) : t('activities.filters.title')}</summary>
      <form onSubmit={apply} noValidate className="activities-filter-form">
        {setup.programmes.length > 0 && (
          <Field id={`${id}-programme`} label={t('activities.programme')}>
            {(control) => (
              <select {...control} value={draft.programme} onChange={(e) => setDraft({ ...draft, programme: e.target.value })}>
                <option value="">{t('activities.filters.all')}</option>
                {setup.programmes.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
              </select>
            )}
          </Field>
        )}
        {setup.focusAreas.length > 0 && (
          <Field id={`${id}-focus`} label={t('activities.filters.focusArea')}>
            {(control) => (
              <select {...control} value={draft.focusArea} onChange={(e) => setDraft({ ...draft, focusArea: e.target.value })}>
                <option value="">{t('activities.filters.all')}</option>
                {setup.focusAreas.map((f) => <option key={f.code} value={f.code}>{f.name}</option>)}
              </select>
            )}
          </Field>
        )}
        {states && (
          <Field id={`${id}-state`} label={t('activities.filters.state')}>
            {(control) => (
              <select {...control} value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
                <option value="">{t('activities.filters.all')}</option>
                {Object.entries(states).map(([code, l]) => <option key={code} value={code}>{l[language]}</option>)}
              </select>
            )}
          </Field>
        )}
        <Field id={`${id}-from`} label={t('activities.lists.from')} error={errors.from}>
          {(control) => <input {...control} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
        </Field>
        <Field id={`${id}-to`} label={t('activities.lists.to')} error={errors.to}>
          {(control) => <input {...control} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />}
        </Field>
        <p className="actions">
          <button type="submit" className="button button-primary">{t('activities.filters.apply')}</button>
          {active > 0 && <button type="button" className="button button-quiet" onClick={clear}>{t('activities.filters.clear')}</button>}
        </p>
      </form>
    </details>
  );
}
