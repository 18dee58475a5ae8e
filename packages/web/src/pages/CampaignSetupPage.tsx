/**
 * Tạo chiến dịch: code, name, dates, phases, the indicators chosen from the catalogue (or
 * added to it here) and their targets at the user's own unit. Everything that can be checked
 * here is checked while the server is asked too, so one refusal lists both (next to each field
 * and in a summary at the top), and nothing typed is lost.
 */
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useLocation } from 'wouter';
import {
  CODE_PATTERN, REPORTING_MODES, VALUE_KINDS, formatCount, formatDate, parseDate, validateIndicatorValue,
  type ReportingMode, type ValueKind,
} from '@giaoban/core';
import type { CreateIndicatorBody, IndicatorListResponse } from '@giaoban/server/api';
import { api, ApiError, NetworkError, type CreateCampaignBody } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary, focusField, type ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import { Field, type FieldProps } from '../components/Field.tsx';
import { FigureInput } from '../components/FigureInput.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { domainMessage, readFigure } from '../lib/figures.ts';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import { useSession } from '../session.tsx';
import './CampaignSetupPage.css';

type CatalogueIndicator = IndicatorListResponse['indicators'][number];

interface PhaseDraft {
  readonly id: number;
  readonly name: string;
  readonly startDate: string;
  readonly endDate: string;
}

interface IndicatorDraft {
  readonly code: string;
  readonly name: string;
  readonly unitOfMeasure: string;
  readonly valueKind: ValueKind;
  readonly reportingMode: ReportingMode;
}

/** Messages by field key: 'code', 'startDate', 'phase.<id>.endDate', 'target.<indicator>', 'new.code', … */
type Errors = Readonly<Record<string, string>>;

interface SummaryItem {
  readonly key: string;
  readonly message: string;
}

const EMPTY_INDICATOR: IndicatorDraft = { code: '', name: '', unitOfMeasure: '', valueKind: 'integer', reportingMode: 'increment' };
const INDICATOR_CODE = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** The element that shows a field, to bring it into focus from a summary. */
function elementOf(key: string): HTMLElement | null {
  const target = /^target\.(.+)$/.exec(key);
  if (target) return document.getElementsByName(`target-${target[1]}`)[0] ?? null;
  const phase = /^phase\.(\d+)\.(\w+)$/.exec(key);
  if (phase) return document.getElementById(`phase-${phase[1]}-${phase[2] === 'number' ? 'name' : phase[2]}`);
  if (key === 'indicators') return document.querySelector<HTMLElement>('#campaign-indicators input[type="checkbox"]');
  const ids: Record<string, string> = {
    code: 'campaign-code', name: 'campaign-name', startDate: 'campaign-start', endDate: 'campaign-end', precision: 'campaign-precision',
    'new.code': 'indicator-code', 'new.name': 'indicator-name', 'new.unitOfMeasure': 'indicator-uom',
    'new.valueKind': 'indicator-kind', 'new.reportingMode': 'indicator-mode',
  };
  const id = ids[key];
  return id ? document.getElementById(id) : null;
}

/** The field a summary line names: its key without the line's number ('code#3' → 'code'). */
const fieldOf = (key: string) => key.replace(/#\d+$/, '');

/** A line of the summary: a link to its field, or the words alone for an error of the whole form ('form.…'). */
function summaryItem({ key, message }: SummaryItem): ErrorSummaryItem {
  return { key, text: message, field: key.startsWith('form.') ? null : () => elementOf(fieldOf(key)) };
}

/** The lines in the order of their fields on the page; lines of the whole form last. */
function inPageOrder(items: readonly SummaryItem[]): SummaryItem[] {
  const placed = items.map((item, index) => ({ item, index, element: item.key.startsWith('form.') ? null : elementOf(fieldOf(item.key)) }));
  return placed.sort((a, b) => {
    if (a.element && b.element && a.element !== b.element) {
      return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }
    if (a.element && !b.element) return -1;
    if (!a.element && b.element) return 1;
    return a.index - b.index;
  }).map(({ item }) => item);
}

/** A date as typed, or why it cannot be read. */
function readDate(text: string): { iso: string | null; empty: boolean } {
  if (text.trim() === '') return { iso: null, empty: true };
  try {
    return { iso: parseDate(text), empty: false };
  } catch {
    return { iso: null, empty: false };
  }
}

export function CampaignSetupPage() {
  const catalogue = useLoad(() => api.indicators(), []);
  if (catalogue.error && !catalogue.data) return <ErrorNotice error={catalogue.error} onRetry={catalogue.reload} />;
  if (!catalogue.data) return <Loading />;
  return (
    <CampaignForm
      indicators={catalogue.data.indicators}
      onIndicatorAdded={(indicator) => catalogue.set({ indicators: [...(catalogue.data?.indicators ?? []), indicator] })}
    />
  );
}

function CampaignForm({ indicators, onIndicatorAdded }: {
  indicators: readonly CatalogueIndicator[];
  onIndicatorAdded: (indicator: CatalogueIndicator) => void;
}) {
  const { t, language } = useLanguage();
  usePageTitle(t('title.campaignSetup'));
  const { session, can, reloadCampaigns, rememberCampaign } = useSession();
  const [, navigate] = useLocation();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [phases, setPhases] = useState<readonly PhaseDraft[]>([]);
  const nextPhaseId = useRef(1);
  /** Chosen indicator codes; a target typed for one stays when it is unticked and ticked again. */
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [targets, setTargets] = useState<Readonly<Record<string, string>>>({});
  // Decimals of the campaign's percentages in every output (the server takes 1 or 2).
  const [precision, setPrecision] = useState('2');
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState<readonly ErrorSummaryItem[] | null>(null);
  const [busy, setBusy] = useState(false);

  const [draft, setDraft] = useState<IndicatorDraft>(EMPTY_INDICATOR);
  const [draftErrors, setDraftErrors] = useState<readonly SummaryItem[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const allowLeaving = useUnsavedChanges(Boolean(code || name || startDate || endDate) || phases.length > 0 || chosen.size > 0);

  if (!session) return null;
  const rootUnit = session.unit;

  function clearError(key: string) {
    if (errors[key]) setErrors(({ [key]: _gone, ...rest }) => rest);
  }

  function change(key: string, set: (value: string) => void) {
    return (value: string) => {
      set(value);
      clearError(key);
    };
  }

  /** A valid date is rewritten dd/mm/yyyy on leaving the field (2024-05-27 → 27/05/2024). */
  function tidyDate(text: string, set: (value: string) => void) {
    const { iso } = readDate(text);
    if (iso) set(formatDate(iso));
  }

  function addPhase() {
    const number = phases.length + 1;
    const id = nextPhaseId.current++;
    setPhases([...phases, { id, name: t('campaign.phaseDefaultName', { number: formatCount(number) }), startDate: '', endDate: '' }]);
    // The new phase's first date is what the user fills in next.
    requestAnimationFrame(() => document.getElementById(`phase-${id}-startDate`)?.focus());
  }

  function removePhase(id: number) {
    setPhases(phases.filter((p) => p.id !== id));
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([key]) => !key.startsWith(`phase.${id}.`))));
  }

  function editPhase(id: number, field: 'name' | 'startDate' | 'endDate', value: string) {
    setPhases((prev) => prev.map((p) => (p.id === id ? { ...p, [field]: value } : p)));
    clearError(`phase.${id}.${field}`);
  }

  function toggle(indicatorCode: string, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(indicatorCode);
    else next.delete(indicatorCode);
    setChosen(next);
    clearError('indicators');
    if (!on) clearError(`target.${indicatorCode}`);
  }

  /** Everything that can be checked here, in the order of the page. */
  function check(): { errors: Record<string, string>; order: string[] } {
    const found: Record<string, string> = {};
    const order: string[] = [];
    const add = (key: string, message: string) => {
      if (found[key]) return;
      found[key] = message;
      order.push(key);
    };
    if (!code.trim()) add('code', t('campaign.required.code'));
    else if (!CODE_PATTERN.test(code.trim())) add('code', t('campaign.invalid.code'));
    if (!name.trim()) add('name', t('campaign.required.name'));
    const start = readDate(startDate);
    const end = readDate(endDate);
    if (start.empty) add('startDate', t('campaign.required.startDate'));
    else if (!start.iso) add('startDate', t('campaign.invalid.startDate', { value: startDate.trim() }));
    if (end.empty) add('endDate', t('campaign.required.endDate'));
    else if (!end.iso) add('endDate', t('campaign.invalid.endDate', { value: endDate.trim() }));
    if (start.iso && end.iso && end.iso < start.iso) {
      add('endDate', t('campaign.endBeforeStart', { start: formatDate(start.iso), end: formatDate(end.iso) }));
    }
    let previous: { number: number; end: string } | null = null;
    phases.forEach((p, index) => {
      const number = index + 1;
      const at = `phase.${p.id}`;
      if (!p.name.trim()) add(`${at}.name`, t('campaign.phase.required.name', { number }));
      const from = readDate(p.startDate);
      const to = readDate(p.endDate);
      if (from.empty) add(`${at}.startDate`, t('campaign.phase.required.from', { number }));
      else if (!from.iso) add(`${at}.startDate`, t('campaign.phase.invalid.from', { number, value: p.startDate.trim() }));
      if (to.empty) add(`${at}.endDate`, t('campaign.phase.required.to', { number }));
      else if (!to.iso) add(`${at}.endDate`, t('campaign.phase.invalid.to', { number, value: p.endDate.trim() }));
      if (from.iso && to.iso && to.iso < from.iso) {
        add(`${at}.endDate`, t('campaign.phase.endBeforeStart', { number, start: formatDate(from.iso), end: formatDate(to.iso) }));
      }
      if (from.iso && start.iso && from.iso < start.iso) {
        add(`${at}.startDate`, t('campaign.phase.beforeCampaign', { number, start: formatDate(from.iso), campaignStart: formatDate(start.iso) }));
      }
      if (to.iso && end.iso && to.iso > end.iso) {
        add(`${at}.endDate`, t('campaign.phase.afterCampaign', { number, end: formatDate(to.iso), campaignEnd: formatDate(end.iso) }));
      }
      if (from.iso && previous && from.iso <= previous.end) {
        add(`${at}.startDate`, t('campaign.phase.overlap', { number, previous: previous.number, previousEnd: formatDate(previous.end) }));
      }
      if (to.iso) previous = { number, end: to.iso };
    });
    const picked = indicators.filter((i) => chosen.has(i.code));
    if (picked.length === 0) add('indicators', t('campaign.noIndicator'));
    for (const indicator of picked) {
      const key = `target.${indicator.code}`;
      const reading = readFigure(targets[indicator.code] ?? '', language);
      if (reading.error) add(key, t('campaign.target.invalid', { indicator: indicator.name, message: reading.error }));
      else if (reading.value === null) add(key, t('campaign.target.required', { indicator: indicator.name }));
      else {
        try {
          validateIndicatorValue(indicator, reading.value, key);
        } catch (error) {
          const message = domainMessage(error, language);
          if (message === null) throw error;
          add(key, message);
        }
      }
    }
    return { errors: found, order };
  }

  function refuse(found: Record<string, string>, items: SummaryItem[]) {
    setErrors(found);
    setSummary(items.map(summaryItem));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setAdded(null);
    // One round: what this page can check is held while the server is asked too (what was
    // typed goes as typed where it cannot be read), and both answers make one list.
    const local = check();
    const picked = indicators.filter((i) => chosen.has(i.code));
    const sentPhases = phases;
    const asSent = (text: string) => readDate(text).iso ?? text.trim();
    const body: CreateCampaignBody = {
      code: code.trim(),
      name: name.trim(),
      startDate: asSent(startDate),
      endDate: asSent(endDate),
      rootUnitCode: rootUnit.code,
      phases: sentPhases.map((p, index) => ({ number: index + 1, name: p.name.trim(), startDate: asSent(p.startDate), endDate: asSent(p.endDate) })),
      targets: picked.map((i) => {
        const typed = targets[i.code] ?? '';
        return { indicatorCode: i.code, target: readFigure(typed, language).value ?? typed.trim() };
      }),
      rules: { precision: Number(precision) },
    };
    setBusy(true);
    setErrors({});
    setSummary(null);
    let created: { code: string; rootUnitCode: string };
    try {
      created = (await api.createCampaign(body)).campaign;
    } catch (error) {
      // The server refused: its messages go next to the fields they name, beside this page's
      // own (which say it first where both name a field), in the order of the page; nothing typed is lost.
      const found: Record<string, string> = { ...local.errors };
      const items: SummaryItem[] = local.order.map((key) => ({ key, message: local.errors[key] ?? '' }));
      const place = (field: string): string | null => {
        if (['code', 'name', 'startDate', 'endDate'].includes(field)) return field;
        if (field === 'rules.precision') return 'precision';
        const phase = /^phases\.(\d+)\.(name|startDate|endDate|number)$/.exec(field);
        if (phase) {
          const p = sentPhases[Number(phase[1])];
          return p ? `phase.${p.id}.${phase[2]}` : null;
        }
        const target = /^targets\.(\d+)\.(target|indicatorCode)$/.exec(field);
        if (target) {
          const i = picked[Number(target[1])];
          return i ? `target.${i.code}` : null;
        }
        return field === 'targets' ? 'indicators' : null;
      };
      if (error instanceof ApiError) {
        const fields = error.fields.length > 0 ? error.fields : [{ field: '', message: error.message }];
        fields.forEach(({ field, message }, index) => {
          const key = place(field);
          if (key && local.errors[key] !== undefined) return;
          if (key && !found[key]) found[key] = message;
          items.push({ key: key ? `${key}#${index}` : `form.${index}`, message });
        });
      } else {
        items.push({ key: 'form.network', message: error instanceof NetworkError ? t('error.network') : String(error) });
      }
      refuse(found, inPageOrder(items));
      setBusy(false);
      return;
    }
    // Created: the picker learns of it (a failure here is healed by the next load), then its dashboard.
    await reloadCampaigns().catch(() => undefined);
    rememberCampaign(created.code);
    allowLeaving();
    navigate(paths.dashboard(created.code, created.rootUnitCode));
  }

  async function addIndicator() {
    if (adding) return;
    setAdded(null);
    const found: SummaryItem[] = [];
    const codeText = draft.code.trim();
    if (!codeText) found.push({ key: 'new.code', message: t('campaign.indicator.required.code') });
    else if (!INDICATOR_CODE.test(codeText)) found.push({ key: 'new.code', message: t('campaign.indicator.invalid.code') });
    else if (indicators.some((i) => i.code === codeText)) found.push({ key: 'new.code', message: t('campaign.indicator.taken.code', { code: codeText }) });
    if (!draft.name.trim()) found.push({ key: 'new.name', message: t('campaign.indicator.required.name') });
    if (!draft.unitOfMeasure.trim()) found.push({ key: 'new.unitOfMeasure', message: t('campaign.indicator.required.unitOfMeasure') });
    if (found.length > 0) {
      setDraftErrors(found);
      focusField(elementOf(found[0]?.key ?? 'new.code'));
      return;
    }
    const body: CreateIndicatorBody = {
      code: codeText, name: draft.name.trim(), unitOfMeasure: draft.unitOfMeasure.trim(), valueKind: draft.valueKind, reportingMode: draft.reportingMode,
    };
    setAdding(true);
    try {
      const { indicator } = await api.createIndicator(body);
      onIndicatorAdded(indicator);
      setChosen((prev) => new Set(prev).add(indicator.code));
      clearError('indicators');
      setDraft(EMPTY_INDICATOR);
      setDraftErrors(null);
      setAdded(indicator.name);
      requestAnimationFrame(() => focusField(elementOf(`target.${indicator.code}`)));
    } catch (error) {
      const items = error instanceof ApiError
        ? (error.fields.length > 0 ? error.fields : [{ field: '', message: error.message }]).map(({ field, message }, index) => ({
          key: ['code', 'name', 'unitOfMeasure', 'valueKind', 'reportingMode'].includes(field) ? `new.${field}` : `new.form.${index}`, message,
        }))
        : [{ key: 'new.form.network', message: error instanceof NetworkError ? t('error.network') : String(error) }];
      setDraftErrors(items);
    } finally {
      setAdding(false);
    }
  }

  const draftError = (key: string) => draftErrors?.find((e) => e.key === key)?.message ?? null;
  const editDraft = (field: keyof IndicatorDraft) => (value: string) => {
    setDraft((prev) => ({ ...prev, [field]: value }));
    if (draftErrors) setDraftErrors(draftErrors.filter((e) => e.key !== `new.${field}`));
  };
  /** Enter in the new-indicator fields adds the indicator rather than submitting the campaign. */
  const enterAdds = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      void addIndicator();
    }
  };

  const chosenCount = indicators.filter((i) => chosen.has(i.code)).length;

  return (
    <form className="campaign-setup" onSubmit={submit} noValidate>
      <h1>{t('campaign.title')}</h1>
      <p className="muted">{t('campaign.intro')}</p>

      {summary && <ErrorSummary className="campaign-summary" title={t('campaign.errorSummary')} items={summary} />}

      <fieldset className="card campaign-section">
        <legend>{t('campaign.general')}</legend>
        <TextInput id="campaign-code" label={t('campaign.code')} hint={t('campaign.codeHint')} value={code} onChange={change('code', setCode)}
          error={errors.code} autoCapitalize="none" spellCheck={false} placeholder="tntn-he-2024" />
        <TextInput id="campaign-name" label={t('campaign.name')} value={name} onChange={change('name', setName)} error={errors.name}
          placeholder={t('campaign.namePlaceholder')} />
        <div className="campaign-dates">
          <TextInput id="campaign-start" label={t('campaign.startDate')} hint={t('campaign.dateHint')} value={startDate}
            onChange={change('startDate', setStartDate)} onBlur={() => tidyDate(startDate, setStartDate)} error={errors.startDate}
            placeholder={t('common.dateHint')} inputMode="numeric" />
          <TextInput id="campaign-end" label={t('campaign.endDate')} hint={t('campaign.dateHint')} value={endDate}
            onChange={change('endDate', setEndDate)} onBlur={() => tidyDate(endDate, setEndDate)} error={errors.endDate}
            placeholder={t('common.dateHint')} inputMode="numeric" />
        </div>
        <Field id="campaign-root" label={t('campaign.rootUnit')} hint={t('campaign.rootUnitHint')}>
          {(control) => <input {...control} type="text" readOnly className="campaign-readonly" value={`${rootUnit.name} (${rootUnit.code})`} />}
        </Field>
        <SelectInput id="campaign-precision" label={t('campaign.precision')} hint={t('campaign.precisionHint')} value={precision}
          onChange={change('precision', setPrecision)} error={errors.precision}
          options={(['1', '2'] as const).map((p) => ({ value: p, label: t(`campaign.precision.${p}`) }))} />
      </fieldset>

      <fieldset className="card campaign-section">
        <legend>{t('campaign.phases')}</legend>
        <p className="field-hint">{t('campaign.phasesHint')}</p>
        {phases.length === 0 ? <p className="muted">{t('campaign.noPhases')}</p> : (
          <ol className="campaign-phases">
            {phases.map((p, index) => {
              const number = index + 1;
              const at = `phase.${p.id}`;
              return (
                <li key={p.id} className="campaign-phase">
                  <h3>{t('campaign.phase', { number: formatCount(number) })}</h3>
                  <TextInput id={`phase-${p.id}-name`} label={t('campaign.phaseName', { number })} value={p.name}
                    onChange={(v) => editPhase(p.id, 'name', v)} error={errors[`${at}.name`] ?? errors[`${at}.number`]} />
                  <div className="campaign-dates">
                    <TextInput id={`phase-${p.id}-startDate`} label={t('campaign.phaseFrom', { number })} value={p.startDate}
                      onChange={(v) => editPhase(p.id, 'startDate', v)} onBlur={() => tidyDate(p.startDate, (v) => editPhase(p.id, 'startDate', v))}
                      error={errors[`${at}.startDate`]} placeholder={t('common.dateHint')} inputMode="numeric" />
                    <TextInput id={`phase-${p.id}-endDate`} label={t('campaign.phaseTo', { number })} value={p.endDate}
                      onChange={(v) => editPhase(p.id, 'endDate', v)} onBlur={() => tidyDate(p.endDate, (v) => editPhase(p.id, 'endDate', v))}
                      error={errors[`${at}.endDate`]} placeholder={t('common.dateHint')} inputMode="numeric" />
                  </div>
                  <button type="button" className="button campaign-remove" onClick={() => removePhase(p.id)}>
                    {t('campaign.removePhase', { number })}
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        <button type="button" className="button" onClick={addPhase}>{t('campaign.addPhase')}</button>
      </fieldset>

      <fieldset className="card campaign-section" id="campaign-indicators" aria-describedby={errors.indicators ? 'campaign-indicators-error' : undefined}>
        <legend>{t('campaign.indicators')}</legend>
        <p className="field-hint">{t('campaign.indicatorsHint', { unit: rootUnit.name })}</p>
        {errors.indicators && <p className="field-error" id="campaign-indicators-error">{errors.indicators}</p>}
        {indicators.length === 0 ? <p className="muted">{t('campaign.emptyCatalogue')}</p> : (
          <ul className="campaign-checklist">
            {indicators.map((i) => {
              const on = chosen.has(i.code);
              return (
                <li key={i.code} className={on ? 'campaign-choice campaign-choice-on' : 'campaign-choice'}>
                  <div className="campaign-check">
                    <input type="checkbox" id={`choice-${i.code}`} checked={on} onChange={(e) => toggle(i.code, e.target.checked)}
                      aria-describedby={`choice-${i.code}-meta`} />
                    <span>
                      <label htmlFor={`choice-${i.code}`} className="campaign-check-name">{i.name}</label>
                      <span className="muted campaign-check-meta" id={`choice-${i.code}-meta`}>
                        {i.unitOfMeasure} · {t(`campaign.valueKind.${i.valueKind}`)} · {t(`campaign.reportingMode.${i.reportingMode}`)}
                      </span>
                    </span>
                  </div>
                  {on && (
                    <div className="campaign-target">
                      <span className="campaign-target-label">{t('campaign.targetUnit', { uom: i.unitOfMeasure })}</span>
                      {/* Named after its indicator alone: the box and the field above it say which target this is. */}
                      <FigureInput label={i.name} name={`target-${i.code}`} value={targets[i.code] ?? ''}
                        onChange={(v) => { setTargets((prev) => ({ ...prev, [i.code]: v })); clearError(`target.${i.code}`); }}
                        error={errors[`target.${i.code}`]} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <p className="muted">{t('campaign.chosenCount', { count: chosenCount })}</p>
        <p role="status" className={added ? 'notice notice-ok' : 'campaign-status-empty'}>{added ? t('campaign.indicatorAdded', { name: added }) : ''}</p>

        {can('catalogue.write') && (
          <fieldset className="campaign-new" onKeyDown={enterAdds}>
            <legend>{t('campaign.newIndicator')}</legend>
            <p className="field-hint">{t('campaign.newIndicatorHint')}</p>
            {draftErrors && draftErrors.some((e) => e.key.startsWith('new.form.')) && (
              // Beside the fields that say their own errors: the ones of the whole request, leaving the focus where it is.
              <ErrorSummary title={t('campaign.indicatorErrorSummary')} takeFocus={false}
                items={draftErrors.filter((e) => e.key.startsWith('new.form.')).map((e) => ({ key: e.key, text: e.message, field: null }))} />
            )}
            <div className="campaign-new-grid">
              <TextInput id="indicator-code" label={t('campaign.indicatorCode')} hint={t('campaign.indicatorCodeHint')} value={draft.code}
                onChange={editDraft('code')} error={draftError('new.code')} autoCapitalize="none" spellCheck={false} />
              <TextInput id="indicator-name" label={t('campaign.indicatorName')} value={draft.name} onChange={editDraft('name')} error={draftError('new.name')} />
              <TextInput id="indicator-uom" label={t('campaign.unitOfMeasure')} hint={t('campaign.unitOfMeasureHint')} value={draft.unitOfMeasure}
                onChange={editDraft('unitOfMeasure')} error={draftError('new.unitOfMeasure')} />
              <SelectInput id="indicator-kind" label={t('campaign.valueKind')} value={draft.valueKind} onChange={editDraft('valueKind')}
                error={draftError('new.valueKind')} options={VALUE_KINDS.map((k) => ({ value: k, label: t(`campaign.valueKind.${k}`) }))} />
              <SelectInput id="indicator-mode" label={t('campaign.reportingMode')} value={draft.reportingMode} onChange={editDraft('reportingMode')}
                error={draftError('new.reportingMode')} options={REPORTING_MODES.map((m) => ({ value: m, label: t(`campaign.reportingMode.${m}`) }))} />
            </div>
            <button type="button" className="button" onClick={() => void addIndicator()} disabled={adding}>{t('campaign.addIndicator')}</button>
            {adding && <span className="muted campaign-busy">{t('campaign.addingIndicator')}</span>}
          </fieldset>
        )}
      </fieldset>

      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined}>{t('campaign.submit')}</button>
        {busy && <span className="muted campaign-busy" role="status">{t('campaign.submitting')}</span>}
      </div>
    </form>
  );
}

/** A one-line text box in a Field, as every text of this form is typed. */
function TextInput({ value, onChange, onBlur, placeholder, inputMode, autoCapitalize, spellCheck, ...field }: Omit<FieldProps, 'children'> & {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  autoCapitalize?: string;
  spellCheck?: boolean;
}) {
  return (
    <Field {...field}>
      {(control) => (
        <input {...control} type="text" value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} placeholder={placeholder}
          inputMode={inputMode} autoCapitalize={autoCapitalize} spellCheck={spellCheck} autoComplete="off" />
      )}
    </Field>
  );
}

/** A choice among a few values, in a Field. */
function SelectInput({ value, onChange, options, ...field }: Omit<FieldProps, 'children'> & {
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field {...field}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )}
    </Field>
  );
}
