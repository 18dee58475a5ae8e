/**
 * Sắp xếp tổ chức: the dated reorganisations of a subtree. The past ones are listed; a new one
 * is drafted as a name, an effective date (dd/mm/yyyy) and steps added one by one (merge,
 * split, rename, move, abolish a level), removed and reordered with up and down buttons.
 * "Xem trước" asks the server what it would do (nothing written) and shows its summary, or
 * its refusals in one list at the top, each line a link to the step's field it is about;
 * "Thực hiện" is offered only for exactly the form previewed, asks first (the date, what
 * closes), and shows what was done. A half-filled form asks before the page is left.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { UNIT_LEVEL_LABELS, formatNumber, parseDate, type UnitLevel } from '@giaoban/core';
import { api, ApiError } from '../api/client.ts';
import type { ReorganisationAppliedResponse, ReorganisationPlan } from '../api/organisation.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { UnitSearch } from '../components/UnitSearch.tsx';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import {
  ABOLISHABLE, KINDS, buildBody, fieldIdOf, newKey, newStep, stepIds,
  type AbolishDraft, type Fate, type Kind, type MergeDraft, type MoveDraft, type NewUnitDraft, type Problem, type RenameDraft, type SplitDraft, type StepDraft,
} from '../lib/reorganisation-draft.ts';
import { messageOf } from '../lib/form-problems.ts';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import './ReorganisationPage.css';

function problemsOf(error: unknown, t: Translate, prefix: string, sent: readonly StepDraft[]): Problem[] {
  if (error instanceof ApiError && error.fields.length > 0) {
    return error.fields.map(({ field, message }) => ({ id: fieldIdOf(field, prefix, sent), message }));
  }
  return [{ id: null, message: messageOf(error, t) }];
}

/** A list in a sentence, cut after `max` with "…". */
const few = (items: readonly string[], max = 5) => items.slice(0, max).join(', ') + (items.length > max ? ', …' : '');

export function ReorganisationPage() {
  const { unit = '' } = useParams<{ unit: string }>();
  return <ReorganisationsOf key={unit} root={unit} />;
}

function ReorganisationsOf({ root }: { root: string }) {
  const { t, language } = useLanguage();
  const tree = useLoad(() => api.unitTree(root), [root]);
  const past = useLoad(() => api.reorganisations(root), [root, language]);
  const rootUnit = tree.data?.units.find((u) => u.code === root) ?? null;
  usePageTitle(rootUnit ? t('reorg.titleOf', { unit: rootUnit.name }) : t('reorg.title'));
  const names = useMemo(() => new Map((tree.data?.units ?? []).map((u) => [u.code, u.name])), [tree.data]);
  // The children of a unit open on a day (today's when none is given), for a split's "goes to" choices.
  const childrenOf = useMemo(() => {
    const units = tree.data?.units ?? [];
    return (code: string, on: string | null) => units
      .filter((u) => u.parentCode === code && (on === null ? !u.validTo : (!u.validFrom || u.validFrom <= on) && (!u.validTo || u.validTo >= on)))
      .map((u) => ({ code: u.code, name: u.name }));
  }, [tree.data]);
  const [done, setDone] = useState<string | null>(null);
  const doneBox = useRef<HTMLParagraphElement>(null);
  // What was done takes the focus: the button that did it is gone with the form's steps.
  useEffect(() => {
    if (done) doneBox.current?.focus();
  }, [done]);

  if (tree.error) return <ErrorNotice error={tree.error} onRetry={tree.reload} />;
  if (!tree.data || !rootUnit) return <Loading />;

  return (
    <div className="reorg-page">
      <header className="page-header">
        <h1>{t('reorg.heading', { unit: rootUnit.name })}</h1>
        <p className="field-hint">{t('reorg.intro')}</p>
        <p><Link href={paths.units(root)}>{t('reorg.toUnits')}</Link></p>
      </header>
      <p role="status" tabIndex={-1} ref={doneBox} className={done ? 'notice notice-ok' : 'visually-hidden'} data-testid="reorg-done">{done ?? ''}</p>
      <section className="card reorg-past" aria-labelledby="reorg-past-title">
        <h2 id="reorg-past-title">{t('reorg.past.title')}</h2>
        {past.error ? <ErrorNotice error={past.error} onRetry={past.reload} /> : !past.data ? <Loading /> : past.data.reorganisations.length === 0 ? (
          <p className="muted">{t('reorg.past.none')}</p>
        ) : (
          <ul className="reorg-past-list" data-testid="reorg-list">
            {[...past.data.reorganisations].reverse().map((r) => (
              <li key={r.id} data-reorganisation={r.id}>
                <span className="reorg-past-date">{r.date.text}</span>
                <span className="reorg-past-name">{r.name}</span>
                <span className="reorg-past-counts">
                  {[
                    r.opened > 0 ? t('reorg.past.opened', { count: formatNumber(r.opened, 0) }) : null,
                    r.closed > 0 ? t('reorg.past.closed', { count: formatNumber(r.closed, 0) }) : null,
                    r.versions > 0 ? t('reorg.past.versions', { count: formatNumber(r.versions, 0) }) : null,
                    r.renamed > 0 ? t('reorg.past.renamed', { count: formatNumber(r.renamed, 0) }) : null,
                    r.accountsDueOn ? t('reorg.past.accountsDue', { date: r.accountsDueOn.text }) : null,
                  ].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ReorganisationForm root={root} nameOf={(code) => names.get(code) ?? null} childrenOf={childrenOf}
        onApplied={(result, name) => {
          setDone(result.accountsDueOn
            ? t('reorg.apply.doneAhead', { name, date: result.plan.date.text, targets: formatNumber(result.targetsPassed, 0) })
            : t('reorg.apply.done', {
              name, date: result.plan.date.text, moved: formatNumber(result.accountsMoved, 0), closed: formatNumber(result.accountsClosed, 0),
              targets: formatNumber(result.targetsPassed, 0),
            }));
          past.refresh();
          tree.refresh();
        }} />
    </div>
  );
}

function ReorganisationForm({ root, nameOf, childrenOf, onApplied }: {
  root: string;
  nameOf: (code: string) => string | null;
  childrenOf: (code: string, on: string | null) => readonly ChildUnit[];
  onApplied: (result: ReorganisationAppliedResponse, name: string) => void;
}) {
  const { t } = useLanguage();
  const prefix = useId().replace(/:/g, '');
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [steps, setSteps] = useState<readonly StepDraft[]>([]);
  const [kind, setKind] = useState<Kind>('merge');
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [problems, setProblems] = useState<{ title: string; list: readonly Problem[] } | null>(null);
  const [preview, setPreview] = useState<{ json: string; plan: ReorganisationPlan; name: string } | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const dirty = name.trim() !== '' || date.trim() !== '' || steps.length > 0;
  useUnsavedChanges(dirty && busy === null, t('reorg.form.leaveConfirm'));

  const built = buildBody(prefix, name, date, steps, t);
  // The day the units are read on (a split's children): the form's date once it reads as one.
  const day = useMemo(() => {
    try {
      return date.trim() ? parseDate(date) : null;
    } catch {
      return null;
    }
  }, [date]);
  const childrenOn = (code: string) => childrenOf(code, day);
  const current = built.body ? JSON.stringify(built.body) : null;
  const previewed = preview !== null && current === preview.json;
  const items = useMemo<ErrorSummaryItem[]>(() => (problems?.list ?? []).map((p, index) => ({
    key: `${p.id ?? 'form'}#${index}`, text: p.message, field: p.id ? () => document.getElementById(p.id!) : null,
  })), [problems]);
  const errors: Record<string, string> = {};
  for (const p of problems?.list ?? []) if (p.id && !errors[p.id]) errors[p.id] = p.message;

  // A step just added (or moved) brings its heading into view.
  useEffect(() => {
    if (!focus) return;
    const element = document.getElementById(focus);
    element?.scrollIntoView({ block: 'nearest' });
    element?.focus();
    setFocus(null);
  }, [focus]);

  const change = (key: number, next: StepDraft) => setSteps((list) => list.map((s) => (s.key === key ? next : s)));
  function shift(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= steps.length) return;
    const next = [...steps];
    [next[index], next[target]] = [next[target]!, next[index]!];
    setSteps(next);
  }

  async function submitPreview(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setPreview(null);
    if (!built.body) {
      setProblems({ title: t('reorg.form.errorSummary'), list: built.problems });
      return;
    }
    const sent = steps;
    const body = built.body;
    setBusy('preview');
    try {
      const { plan } = await api.previewReorganisation(root, body);
      setProblems(null);
      setPreview({ json: JSON.stringify(body), plan, name: body.name });
    } catch (error) {
      setProblems({ title: t('reorg.form.errorSummary'), list: problemsOf(error, t, prefix, sent) });
    } finally {
      setBusy(null);
    }
  }

  async function apply() {
    if (busy || !previewed || !built.body || !preview) return;
    const { plan } = preview;
    const closedAccounts = plan.accounts.filter((a) => a.action === 'close').length;
    const question = [
      t('reorg.apply.confirm', { name: preview.name, date: plan.date.text }),
      plan.close.length > 0 ? t('reorg.apply.confirmClose', {
        count: formatNumber(plan.close.length, 0), closeOn: plan.closeOn.text, units: few(plan.close.map((c) => nameOf(c) ?? c), 10),
      }) : null,
      closedAccounts > 0 ? t('reorg.apply.confirmAccounts', { count: formatNumber(closedAccounts, 0) }) : null,
      t('reorg.apply.confirmFinal'),
    ].filter(Boolean).join('\n\n');
    if (!window.confirm(question)) return;
    const sent = steps;
    setBusy('apply');
    try {
      const result = await api.applyReorganisation(root, built.body);
      setProblems(null);
      setPreview(null);
      setName('');
      setDate('');
      setSteps([]);
      onApplied(result, preview.name);
    } catch (error) {
      setProblems({ title: t('reorg.apply.errorSummary'), list: problemsOf(error, t, prefix, sent) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card reorg-form" aria-labelledby={`${prefix}-title`} data-testid="reorg-form">
      <h2 id={`${prefix}-title`}>{t('reorg.form.title')}</h2>
      <form onSubmit={(e) => void submitPreview(e)} noValidate>
        {problems && problems.list.length > 0 && <ErrorSummary title={problems.title} items={items} />}
        <div className="reorg-head">
          <Field id={`${prefix}-name`} label={t('reorg.form.name')} hint={t('reorg.form.nameHint')} error={errors[`${prefix}-name`]}>
            {(control) => <input {...control} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field id={`${prefix}-date`} label={t('reorg.form.date')} hint={t('reorg.form.dateHint')} error={errors[`${prefix}-date`]}>
            {(control) => <input {...control} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={date} onChange={(e) => setDate(e.target.value)} />}
          </Field>
        </div>
        <h3>{t('reorg.form.steps')}</h3>
        {steps.length === 0 && <p className="muted">{t('reorg.form.noSteps')}</p>}
        <ol className="reorg-steps">
          {steps.map((step, index) => (
            <li key={step.key}>
              <StepEditor step={step} index={index} count={steps.length} scope={root} prefix={prefix} errors={errors} childrenOf={childrenOn}
                onChange={(next) => change(step.key, next)}
                onShift={(by) => { shift(index, by); setFocus(stepIds(prefix, step).title); }}
                onRemove={() => setSteps(steps.filter((s) => s.key !== step.key))} />
            </li>
          ))}
        </ol>
        <div className="toolbar reorg-add">
          <Field id={`${prefix}-kind`} label={t('reorg.form.addKind')} error={errors[`${prefix}-kind`]}>
            {(control) => (
              <select {...control} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                {KINDS.map((k) => <option key={k} value={k}>{t(`reorg.kind.${k}`)}</option>)}
              </select>
            )}
          </Field>
          <button type="button" className="button" onClick={() => {
            const step = newStep(kind);
            setSteps([...steps, step]);
            setFocus(stepIds(prefix, step).title);
          }}>{t('reorg.form.add')}</button>
        </div>
        <p className="actions">
          <button type="submit" className="button" disabled={busy !== null} aria-busy={busy === 'preview' || undefined}>
            {busy === 'preview' ? t('reorg.preview.sending') : t('reorg.preview.submit')}
          </button>
          <button type="button" className="button button-primary" disabled={!previewed || busy !== null} aria-busy={busy === 'apply' || undefined}
            aria-describedby={`${prefix}-apply-hint`} onClick={() => void apply()}>
            {busy === 'apply' ? t('reorg.apply.sending') : t('reorg.apply.submit')}
          </button>
        </p>
        <p id={`${prefix}-apply-hint`} className="field-hint">{t('reorg.apply.hint')}</p>
      </form>
      {preview && <PlanPreview plan={preview.plan} name={preview.name} stale={!previewed} nameOf={nameOf} />}
    </section>
  );
}

function PlanPreview({ plan, name, stale, nameOf }: {
  plan: ReorganisationPlan; name: string; stale: boolean; nameOf: (code: string) => string | null;
}) {
  const { t } = useLanguage();
  const named = (code: string) => {
    const opened = plan.open.find((o) => o.code === code);
    const known = opened?.name ?? nameOf(code);
    return known ? `${known} (${code})` : code;
  };
  return (
    <div className="reorg-preview" data-testid="reorg-preview" aria-live="polite">
      <h3>{t('reorg.preview.title', { name, date: plan.date.text })}</h3>
      {stale && <p className="notice notice-info" data-testid="reorg-stale">{t('reorg.preview.stale')}</p>}
      {plan.summary.length === 0 ? <p>{t('reorg.preview.nothing')}</p> : (
        <ul className="reorg-summary" data-testid="reorg-summary">
          {plan.summary.map((line, index) => <li key={index}>{line}</li>)}
        </ul>
      )}
      {plan.close.length > 0 && (
        <details className="reorg-details">
          <summary>{t('reorg.preview.closing', { date: plan.closeOn.text })} ({formatNumber(plan.close.length, 0)})</summary>
          <ul data-testid="reorg-closing">{plan.close.map((code) => <li key={code}>{named(code)}</li>)}</ul>
        </details>
      )}
      {plan.versions.length > 0 && (
        <details className="reorg-details">
          <summary>{t('reorg.preview.moving')} ({formatNumber(plan.versions.length, 0)})</summary>
          <ul data-testid="reorg-moving">
            {plan.versions.map((v) => <li key={v.code}>{t('reorg.preview.movingLine', { unit: named(v.code), parent: named(v.parentCode) })}</li>)}
          </ul>
        </details>
      )}
    </div>
  );
}

interface ChildUnit { readonly code: string; readonly name: string }

interface StepEditorProps<S extends StepDraft> {
  readonly step: S;
  readonly scope: string;
  readonly childrenOf: (code: string) => readonly ChildUnit[];
  readonly prefix: string;
  readonly errors: Readonly<Record<string, string>>;
  readonly onChange: (next: S) => void;
}

function StepEditor({ step, index, count, onShift, onRemove, ...props }: StepEditorProps<StepDraft> & {
  index: number; count: number; onShift: (by: -1 | 1) => void; onRemove: () => void;
}) {
  const { t } = useLanguage();
  const ids = stepIds(props.prefix, step);
  const which = <span className="visually-hidden"> {t('reorg.step.which', { n: index + 1 })}</span>;
  return (
    <section className="reorg-step" aria-labelledby={ids.title} data-testid="reorg-step" data-kind={step.kind}>
      <div className="reorg-step-head">
        <h4 id={ids.title} tabIndex={-1}>{t('reorg.step.title', { n: index + 1, kind: t(`reorg.kind.${step.kind}`) })}</h4>
        <span className="reorg-step-tools">
          <button type="button" className="button button-quiet" disabled={index === 0} onClick={() => onShift(-1)}>{t('reorg.step.up')}{which}</button>
          <button type="button" className="button button-quiet" disabled={index === count - 1} onClick={() => onShift(1)}>{t('reorg.step.down')}{which}</button>
          <button type="button" className="button button-quiet" onClick={onRemove}>{t('reorg.step.remove')}{which}</button>
        </span>
      </div>
      {step.kind === 'merge' && <MergeStep {...props} step={step} />}
      {step.kind === 'split' && <SplitStep {...props} step={step} />}
      {step.kind === 'rename' && <RenameStep {...props} step={step} />}
      {step.kind === 'move' && <MoveStep {...props} step={step} />}
      {step.kind === 'abolish-level' && <AbolishStep {...props} step={step} />}
    </section>
  );
}

function MergeStep({ step, scope, prefix, errors, onChange }: StepEditorProps<MergeDraft>) {
  const { t } = useLanguage();
  const ids = stepIds(prefix, step);
  const picked = step.from.flatMap((s) => (s.unit ? [s.unit.code] : []));
  return (
    <>
      {step.from.map((slot, k) => {
        const label = t('reorg.merge.from', { n: k + 1 });
        return (
          <div key={slot.key} className="reorg-slot">
            <UnitSearch id={ids.slot(slot)} scope={scope} label={label} value={slot.unit} error={errors[ids.slot(slot)]}
              exclude={picked.filter((c) => c !== slot.unit?.code)}
              onChange={(unit) => onChange({ ...step, from: step.from.map((s) => (s.key === slot.key ? { ...s, unit } : s)) })} />
            {step.from.length > 1 && (
              <button type="button" className="button button-quiet" onClick={() => onChange({ ...step, from: step.from.filter((s) => s.key !== slot.key) })}>
                {t('reorg.remove')}<span className="visually-hidden"> {label}</span>
              </button>
            )}
          </div>
        );
      })}
      <p><button type="button" className="button" onClick={() => onChange({ ...step, from: [...step.from, { key: newKey(), unit: null }] })}>{t('reorg.merge.addFrom')}</button></p>
      <div className="reorg-pair">
        <Field id={ids.code} label={t('reorg.merge.code')} hint={t('reorg.merge.codeHint')} error={errors[ids.code]}>
          {(control) => <input {...control} type="text" autoComplete="off" spellCheck={false} value={step.code} onChange={(e) => onChange({ ...step, code: e.target.value })} />}
        </Field>
        <Field id={ids.name} label={t('reorg.merge.name')} error={errors[ids.name]}>
          {(control) => <input {...control} type="text" value={step.name} onChange={(e) => onChange({ ...step, name: e.target.value })} />}
        </Field>
      </div>
      <AccountsChoice id={ids.accounts} value={step.accounts} error={errors[ids.accounts]} onChange={(accounts) => onChange({ ...step, accounts })} />
    </>
  );
}

function SplitStep({ step, scope, prefix, errors, childrenOf, onChange }: StepEditorProps<SplitDraft>) {
  const { t } = useLanguage();
  const ids = stepIds(prefix, step);
  const edit = (key: number, part: Partial<NewUnitDraft>) => onChange({ ...step, into: step.into.map((u) => (u.key === key ? { ...u, ...part } : u)) });
  const children = step.from ? childrenOf(step.from.code) : [];
  const newUnitLabel = (u: NewUnitDraft, k: number) => (u.name.trim() || u.code.trim() ? `${u.name.trim() || t('reorg.split.into', { n: k + 1 })}${u.code.trim() ? ` (${u.code.trim()})` : ''}` : t('reorg.split.into', { n: k + 1 }));
  return (
    <>
      <UnitSearch id={ids.from} scope={scope} label={t('reorg.split.from')} value={step.from} error={errors[ids.from]} onChange={(from) => onChange({ ...step, from, children: {} })} />
      <p className="field-hint">{t('reorg.split.hint')}</p>
      {step.into.map((u, k) => (
        <fieldset key={u.key} className="reorg-new-unit">
          <legend>{t('reorg.split.into', { n: k + 1 })}</legend>
          <div className="reorg-pair">
            <Field id={ids.intoCode(u)} label={t('reorg.split.code', { n: k + 1 })} error={errors[ids.intoCode(u)]}>
              {(control) => <input {...control} type="text" autoComplete="off" spellCheck={false} value={u.code} onChange={(e) => edit(u.key, { code: e.target.value })} />}
            </Field>
            <Field id={ids.intoName(u)} label={t('reorg.split.name', { n: k + 1 })} error={errors[ids.intoName(u)]}>
              {(control) => <input {...control} type="text" value={u.name} onChange={(e) => edit(u.key, { name: e.target.value })} />}
            </Field>
          </div>
          {step.into.length > 2 && (
            <button type="button" className="button button-quiet" onClick={() => onChange({
              ...step, into: step.into.filter((x) => x.key !== u.key), children: Object.fromEntries(Object.entries(step.children).filter(([, to]) => to !== u.key)),
            })}>
              {t('reorg.remove')}<span className="visually-hidden"> {t('reorg.split.into', { n: k + 1 })}</span>
            </button>
          )}
        </fieldset>
      ))}
      <p><button type="button" className="button" onClick={() => onChange({ ...step, into: [...step.into, { key: newKey(), code: '', name: '' }] })}>{t('reorg.split.addInto')}</button></p>
      {children.length > 0 && (
        <fieldset className="reorg-children" data-testid="reorg-split-children">
          <legend>{t('reorg.split.children', { unit: step.from!.name })}</legend>
          {children.map((c) => (
            <Field key={c.code} id={ids.child(c.code)} label={t('reorg.split.childGoesTo', { unit: c.name })} error={errors[ids.child(c.code)]}>
              {(control) => (
                <select {...control} value={step.children[c.code] ?? step.into[0]?.key ?? ''}
                  onChange={(e) => onChange({ ...step, children: { ...step.children, [c.code]: Number(e.target.value) } })}>
                  {step.into.map((u, k) => <option key={u.key} value={u.key}>{newUnitLabel(u, k)}</option>)}
                </select>
              )}
            </Field>
          ))}
        </fieldset>
      )}
      <AccountsChoice id={ids.accounts} value={step.accounts} error={errors[ids.accounts]} onChange={(accounts) => onChange({ ...step, accounts })} />
    </>
  );
}

function RenameStep({ step, scope, prefix, errors, onChange }: StepEditorProps<RenameDraft>) {
  const { t } = useLanguage();
  const ids = stepIds(prefix, step);
  return (
    <>
      <UnitSearch id={ids.unit} scope={scope} label={t('reorg.rename.unit')} value={step.unit} error={errors[ids.unit]} onChange={(unit) => onChange({ ...step, unit })} />
      <Field id={ids.name} label={t('reorg.rename.name')} error={errors[ids.name]}>
        {(control) => <input {...control} type="text" value={step.name} onChange={(e) => onChange({ ...step, name: e.target.value })} />}
      </Field>
    </>
  );
}

function MoveStep({ step, scope, prefix, errors, onChange }: StepEditorProps<MoveDraft>) {
  const { t } = useLanguage();
  const ids = stepIds(prefix, step);
  return (
    <>
      <UnitSearch id={ids.unit} scope={scope} label={t('reorg.move.unit')} value={step.unit} error={errors[ids.unit]} onChange={(unit) => onChange({ ...step, unit })} />
      <UnitSearch id={ids.to} scope={scope} label={t('reorg.move.to')} value={step.to} error={errors[ids.to]}
        exclude={step.unit ? [step.unit.code] : undefined} onChange={(to) => onChange({ ...step, to })} />
    </>
  );
}

function AbolishStep({ step, scope, prefix, errors, onChange }: StepEditorProps<AbolishDraft>) {
  const { t, language } = useLanguage();
  const ids = stepIds(prefix, step);
  return (
    <>
      <Field id={ids.level} label={t('reorg.abolish.level')} error={errors[ids.level]}>
        {(control) => (
          <select {...control} value={step.level} onChange={(e) => onChange({ ...step, level: e.target.value as UnitLevel | '' })}>
            <option value="">{t('reorg.abolish.levelChoose')}</option>
            {ABOLISHABLE.map((l) => <option key={l} value={l}>{language === 'vi' ? UNIT_LEVEL_LABELS[l] : t(`level.${l}`)}</option>)}
          </select>
        )}
      </Field>
      <UnitSearch id={ids.under} scope={scope} label={t('reorg.abolish.under')} hint={t('reorg.abolish.underHint')} value={step.under}
        error={errors[ids.under]} onChange={(under) => onChange({ ...step, under })} />
      <AccountsChoice id={ids.accounts} value={step.accounts} error={errors[ids.accounts]} onChange={(accounts) => onChange({ ...step, accounts })} />
    </>
  );
}

/** What becomes of the accounts of the units that close. */
function AccountsChoice({ id, value, error, onChange }: { id: string; value: Fate; error?: string | undefined; onChange: (fate: Fate) => void }) {
  const { t } = useLanguage();
  return (
    <fieldset className="reorg-accounts" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('reorg.accounts.legend')}</legend>
      {(['move', 'close'] as const).map((fate) => (
        <label key={fate} className="checkbox">
          <input type="radio" id={fate === 'move' ? id : undefined} name={id} checked={value === fate} aria-invalid={error ? true : undefined}
            onChange={() => onChange(fate)} />
          <span>{t(`reorg.accounts.${fate}`)}</span>
        </label>
      ))}
      {error && <span id={`${id}-error`} className="field-error">{error}</span>}
    </fieldset>
  );
}
