/**
 * The campaign's indicators counted from records (issue 20), set by its root unit on the
 * Hoạt động page: for one indicator at a time, typed by the units or counted from a kind of
 * record (what of it: the number of records, a work's value, a team's members, a press item's
 * reach or views; only some works or press items). The server checks the rule and recounts the
 * reports already submitted; its refusals come back by field.
 */
import { useId, useState, type FormEvent } from 'react';
import { COUNT_MEASURE_LABELS, PRESS_CHANNELS, WORK_STATES, type CountMeasure } from '@giaoban/core';
import { api } from '../api/client.ts';
import type { ActivitySetup } from '../api/activities.ts';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { problemsOf, useFormProblems } from '../lib/form-problems.ts';

/** The measures a kind of record has beside its count. */
const MEASURES: Readonly<Record<string, readonly CountMeasure[]>> = { work: ['count', 'value'], team: ['count', 'members'], press: ['count', 'reach', 'views'] };

export function CountedIndicatorsEditor({ campaign, unit, setup, onSaved }: {
  campaign: string; unit: string; setup: ActivitySetup; onSaved: (next: ActivitySetup, notice: string) => void;
}) {
  const { t, language } = useLanguage();
  const id = useId();
  const [indicator, setIndicator] = useState(setup.indicators[0]?.code ?? '');
  const current = setup.indicators.find((i) => i.code === indicator);
  const [kind, setKind] = useState(current?.countedFrom?.kind ?? '');
  const [measure, setMeasure] = useState<string>(current?.countedFrom?.measure ?? 'count');
  const [workKind, setWorkKind] = useState(current?.countedFrom?.workKind ?? '');
  const [state, setState] = useState(current?.countedFrom?.state ?? '');
  const [channel, setChannel] = useState(current?.countedFrom?.channel ?? '');
  const [busy, setBusy] = useState(false);
  const ids: Record<string, string> = { indicator: `${id}-indicator`, kind: `${id}-kind`, measure: `${id}-measure`, workKind: `${id}-work-kind`, state: `${id}-state`, channel: `${id}-channel` };
  const { problems, setProblems, items, errors } = useFormProblems(ids);

  function choose(code: string) {
    const rule = setup.indicators.find((i) => i.code === code)?.countedFrom;
    setIndicator(code);
    setKind(rule?.kind ?? '');
    setMeasure(rule?.measure ?? 'count');
    setWorkKind(rule?.workKind ?? '');
    setState(rule?.state ?? '');
    setChannel(rule?.channel ?? '');
    setProblems(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !current) return;
    const rule = kind === '' ? null : {
      kind, measure, workKind: kind === 'work' && workKind !== '' ? workKind : null, state: kind === 'work' && state !== '' ? state : null,
      channel: kind === 'press' && channel !== '' ? channel : null,
    };
    setBusy(true);
    try {
      const next = await api.setActivitySetup(campaign, unit, { countedIndicators: { [current.code]: rule } });
      setProblems(null);
      onSaved(next, t('activities.counted.saved', { name: current.name }));
    } catch (error) {
      // The server names the rule's field (countedIndicators.<code>.measure): the field is its last part.
      setProblems(problemsOf(error, t).map((p) => ({ ...p, field: p.field === null ? null : (p.field.split('.').at(-1) ?? p.field) })));
    } finally {
      setBusy(false);
    }
  }

  if (setup.indicators.length === 0) return null;
  return (
    <details className="card activities-lists" data-testid="counted-indicators">
      <summary>{t('activities.counted.title')}</summary>
      <p className="field-hint">{t('activities.counted.help')}</p>
      <ul>
        {setup.indicators.map((i) => <li key={i.code}><strong>{i.name}</strong>: {i.countedFrom?.text ?? t('activities.counted.typed')}</li>)}
      </ul>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {problems && problems.length > 0 && <ErrorSummary title={t('activities.errorSummary')} items={items} />}
        <Field id={ids.indicator} label={t('activities.counted.indicator')} error={errors.indicator}>
          {(control) => (
            <select {...control} value={indicator} onChange={(e) => choose(e.target.value)}>
              {setup.indicators.map((i) => <option key={i.code} value={i.code}>{i.name}</option>)}
            </select>
          )}
        </Field>
        <Field id={ids.kind} label={t('activities.counted.source')} error={errors.kind}>
          {(control) => (
            <select {...control} value={kind} onChange={(e) => { setKind(e.target.value); setMeasure('count'); }}>
              <option value="">{t('activities.counted.typed')}</option>
              {setup.kinds.map((k) => <option key={k.code} value={k.code}>{t('activities.counted.from', { kind: k.label })}</option>)}
            </select>
          )}
        </Field>
        {kind !== '' && (
          <Field id={ids.measure} label={t('activities.counted.measure')} error={errors.measure}>
            {(control) => (
              <select {...control} value={measure} onChange={(e) => setMeasure(e.target.value)}>
                {(MEASURES[kind] ?? ['count']).map((m) => <option key={m} value={m}>{COUNT_MEASURE_LABELS[m][language]}</option>)}
              </select>
            )}
          </Field>
        )}
        {kind === 'work' && (
          <>
            <Field id={ids.workKind} label={t('activities.counted.workKind')} error={errors.workKind}>
              {(control) => (
                <select {...control} value={workKind} onChange={(e) => setWorkKind(e.target.value)}>
                  <option value="">{t('activities.counted.any')}</option>
                  {setup.workKinds.map((k) => <option key={k.code} value={k.code}>{k.name}</option>)}
                </select>
              )}
            </Field>
            <Field id={ids.state} label={t('activities.counted.state')} error={errors.state}>
              {(control) => (
                <select {...control} value={state} onChange={(e) => setState(e.target.value)}>
                  <option value="">{t('activities.counted.any')}</option>
                  {Object.entries(WORK_STATES).map(([code, l]) => <option key={code} value={code}>{l[language]}</option>)}
                </select>
              )}
            </Field>
          </>
        )}
        {kind === 'press' && (
          <Field id={ids.channel} label={t('activities.counted.channel')} error={errors.channel}>
            {(control) => (
              <select {...control} value={channel} onChange={(e) => setChannel(e.target.value)}>
                <option value="">{t('activities.counted.any')}</option>
                {Object.entries(PRESS_CHANNELS).map(([code, l]) => <option key={code} value={code}>{l[language]}</option>)}
              </select>
            )}
          </Field>
        )}
        <p className="actions"><SubmitButton busy={busy} label={t('activities.counted.save')} busyLabel={t('activities.saving')} /></p>
      </form>
    </details>
  );
}
