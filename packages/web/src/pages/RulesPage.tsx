/**
 * Quy định báo cáo: a campaign's reporting rules in one form — when each level's weekly
 * report is due, when reminders and escalations go out, the rules between indicators, the
 * largest weekly figure per indicator and the units that do not report. The campaign's root
 * unit (its managers, steering staff, administrators) saves them in one request, which the
 * server takes whole or refuses with a message per field; everyone else the campaign
 * concerns sees the same rules read-only.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useParams } from 'wouter';
import { CROSS_RULE_OPS, DEFAULT_DEADLINES, MAX_DEADLINE_WEEK_OFFSET, type CrossRuleOp, type UnitLevel } from '@giaoban/core';
import { api, ApiError, NetworkError, type CampaignResponse, type CampaignRulesBody } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { FigureInput } from '../components/FigureInput.tsx';
import type { MessageKey } from '../i18n/catalogue.ts';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { readFigure, showFigure } from '../lib/figures.ts';
import { useLoad } from '../lib/use-load.ts';
import { useSession } from '../session.tsx';
import { useWarnBeforeUnload } from '../lib/use-unsaved.ts';
import './RulesPage.css';

type Campaign = CampaignResponse['campaign'];
type LevelDeadline = Campaign['rules']['deadlines'][number];
type Rule = NonNullable<LevelDeadline['rule']>;
type ReminderName = keyof Campaign['rules']['reminders'];

const REMINDER_NAMES: readonly ReminderName[] = ['remindBeforeHours', 'escalateAfterHours', 'escalateFurtherAfterHours', 'staleAfterHours'];
const WEEKDAY_KEYS = [
  'rules.weekday.1', 'rules.weekday.2', 'rules.weekday.3', 'rules.weekday.4', 'rules.weekday.5', 'rules.weekday.6', 'rules.weekday.7',
] as const satisfies readonly MessageKey[];
const WEEK_OFFSETS = Array.from({ length: MAX_DEADLINE_WEEK_OFFSET + 1 }, (_, offset) => offset);
const OP_KEYS = { '>=': 'rules.op.>=', '<=': 'rules.op.<=', '=': 'rules.op.=' } as const satisfies Record<CrossRuleOp, MessageKey>;
const OP_SYMBOLS: Readonly<Record<CrossRuleOp, string>> = { '>=': '≥', '<=': '≤', '=': '=' };
/** The inputs of a level that does not report yet start from the usual deadline. */
const FALLBACK_RULE: Rule = { weekday: 5, time: '17:00', weekOffset: 0 };

interface DeadlineDraft {
  readonly level: UnitLevel;
  readonly reports: boolean;
  readonly weekday: number;
  readonly time: string;
  readonly weekOffset: number;
  /** Unit groups: only the units of the level carrying one report (none: all of them). */
  readonly groups: readonly string[];
}

interface CrossRuleDraft {
  readonly id: number;
  readonly left: string;
  readonly op: CrossRuleOp;
  readonly right: string;
}

/** The form as typed: texts where a person types, choices where they pick. */
interface Draft {
  readonly deadlines: readonly DeadlineDraft[];
  readonly reminders: Readonly<Record<ReminderName, string>>;
  readonly crossRules: readonly CrossRuleDraft[];
  readonly upperBounds: Readonly<Record<string, string>>;
  readonly exemptUnits: string;
  /** Decimals of the campaign's percentages: '1' or '2'. */
  readonly precision: string;
}

/**
 * Messages by field key, the server's paths without their `rules.` prefix:
 * 'deadlines.province.time', 'reminders.staleAfterHours', 'crossRules.<row id>.right',
 * 'upperBounds.<indicator>', 'exemptUnits'. The key is also the input's name.
 */
type Errors = Readonly<Record<string, string>>;

/** The control a field key names: its input, or the first of a group's ('deadlines.province' → its first control). */
function controlOf(key: string): HTMLElement | null {
  const target = document.getElementsByName(key)[0] ?? document.querySelector<HTMLElement>(`[name^="${CSS.escape(key)}."]`);
  return target instanceof HTMLElement ? target : null;
}

let lastRuleId = 0;
const newRuleId = () => ++lastRuleId;

const isOp = (op: string): op is CrossRuleOp => (CROSS_RULE_OPS as readonly string[]).includes(op);

function draftOf(campaign: Campaign): Draft {
  return {
    deadlines: campaign.rules.deadlines.map(({ level, rule }) => {
      const shown = rule ?? DEFAULT_DEADLINES[level] ?? FALLBACK_RULE;
      return { level, reports: rule !== null, weekday: shown.weekday, time: shown.time, weekOffset: shown.weekOffset, groups: rule?.groups ?? [] };
    }),
    reminders: {
      remindBeforeHours: showFigure(campaign.rules.reminders.remindBeforeHours),
      escalateAfterHours: showFigure(campaign.rules.reminders.escalateAfterHours),
      escalateFurtherAfterHours: showFigure(campaign.rules.reminders.escalateFurtherAfterHours),
      staleAfterHours: showFigure(campaign.rules.reminders.staleAfterHours),
    },
    crossRules: campaign.rules.crossRules.map((r) => ({ id: newRuleId(), left: r.left, op: isOp(r.op) ? r.op : '>=', right: r.right })),
    upperBounds: Object.fromEntries(campaign.indicators.map((i) => [i.code, showFigure(i.upperBound)])),
    exemptUnits: campaign.rules.exemptUnits.join(', '),
    precision: String(campaign.rules.precision),
  };
}

/** The draft without the row ids, to tell whether anything changed. */
function fingerprint(draft: Draft): string {
  return JSON.stringify({ ...draft, crossRules: draft.crossRules.map(({ left, op, right }) => [left, op, right]) });
}

/** "9" → "09:00", "9h30" → "09:30", "17.00" → "17:00"; anything else stays as typed (the server says what is wrong). */
function normalizeTime(text: string): string {
  const match = /^(\d{1,2})(?:[:hH.](\d{2})?)?$/.exec(text.trim());
  if (!match) return text.trim();
  return `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}`;
}

function unitCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((code) => code.trim()).filter(Boolean))];
}

type UnitGroup = Campaign['rules']['unitGroups'][number];

/** A unit group's name in the page's language (its code when it is no longer listed). */
function groupNamer(groups: readonly UnitGroup[], language: string): (code: string) => string {
  const byCode = new Map(groups.map((g) => [g.code, g]));
  return (code) => {
    const g = byCode.get(code);
    return g ? (language === 'en' ? g.nameEn ?? g.name : g.name) : code;
  };
}

/** "Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp" (several: "A, B hoặc C"); null without groups. */
function groupsWords(t: Translate, groups: readonly string[] | undefined, nameOf: (code: string) => string): string | null {
  if (!groups || groups.length === 0) return null;
  const names = groups.map(nameOf);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} ${t('rules.groupsOr')} ${names.at(-1)!}`;
  return t('rules.groupsOnly', { groups: list });
}

/** "Thứ Hai 10:00, tuần sau" (and the groups it is limited to), or "Không báo cáo" for a level without a deadline. */
function deadlineWords(t: Translate, rule: Rule | null, nameOf: (code: string) => string = (code) => code): string {
  if (!rule) return t('rules.noReport');
  const week = rule.weekOffset === 0 ? t('rules.weekOffset.0') : rule.weekOffset === 1 ? t('rules.weekOffset.1') : t('rules.weekOffset.n', { count: rule.weekOffset });
  const weekday = WEEKDAY_KEYS[rule.weekday - 1];
  const when = t('rules.deadlineRule', { weekday: weekday ? t(weekday) : String(rule.weekday), time: rule.time, week });
  const only = groupsWords(t, rule.groups, nameOf);
  return only === null ? when : `${when}. ${only}`;
}

function weekOffsetWords(t: Translate, offset: number): string {
  return offset === 0 ? t('rules.weekOffset.0') : offset === 1 ? t('rules.weekOffset.1') : t('rules.weekOffset.n', { count: offset });
}

/** The user may change the rules when their unit is the campaign's root or above it (the server checks the same). */
async function leadsCampaign(ownUnit: string, rootUnit: string): Promise<boolean> {
  if (ownUnit === rootUnit) return true;
  try {
    // A unit opens only for users whose subtree holds it: then the user's unit is one of its ancestors.
    const { ancestors } = await api.unit(rootUnit);
    return ancestors.some((a) => a.code === ownUnit);
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}

export function RulesPage() {
  const { campaign = '' } = useParams<{ campaign: string }>();
  const { t } = useLanguage();
  const { session, can } = useSession();
  const own = session?.unit.code ?? '';
  const mayCreate = can('campaign.create');
  const loaded = useLoad(async () => {
    const { campaign: detail } = await api.campaign(campaign);
    return { campaign: detail, editable: mayCreate && (await leadsCampaign(own, detail.rootUnitCode)) };
  }, [campaign, own, mayCreate]);
  usePageTitle(t('title.rules', { campaign: loaded.data?.campaign.name ?? campaign }));

  if (loaded.error && !loaded.data) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { campaign: detail, editable } = loaded.data;
  return (
    <div className="rules-page">
      <header className="page-header">
        <h1>{t('rules.title')}</h1>
        <RulesHeader campaign={detail} />
      </header>
      {editable
        // Keyed by campaign: another campaign starts from its own rules, with no edits carried over.
        ? <RulesForm key={detail.code} campaign={detail} onSaved={(saved) => loaded.set({ campaign: saved, editable: true })} />
        : <RulesView campaign={detail} />}
    </div>
  );
}

function RulesHeader({ campaign }: { campaign: Campaign }) {
  const { t } = useLanguage();
  return (
    <>
      <p className="rules-campaign">{t('rules.campaign', { campaign: campaign.name })}</p>
      <p className="muted rules-intro">{t('rules.intro')}</p>
    </>
  );
}

/** The level's name: the server's Vietnamese label, or the catalogue's English one. */
function useLevelLabel(): (d: Pick<LevelDeadline, 'level' | 'levelLabel'>) => string {
  const { t, language } = useLanguage();
  return (d) => (language === 'vi' ? d.levelLabel : t(`level.${d.level}`));
}

// ---------------------------------------------------------------------------------------------
// Read-only

function RulesView({ campaign }: { campaign: Campaign }) {
  const { t, language } = useLanguage();
  const groupName = groupNamer(campaign.rules.unitGroups, language);
  const levelLabel = useLevelLabel();
  const nameOf = new Map(campaign.indicators.map((i) => [i.code, i.name]));
  const bounded = campaign.indicators.filter((i) => i.upperBound !== null);
  return (
    <div className="rules-view" data-testid="rules-view">
      <p className="notice notice-info">{t('rules.readOnly')}</p>

      <section className="card rules-section" aria-labelledby="rules-view-deadlines">
        <h2 id="rules-view-deadlines">{t('rules.deadlines')}</h2>
        <ul className="rules-view-list">
          {campaign.rules.deadlines.map((d) => (
            <li key={d.level}>
              <span className="rules-view-name">{levelLabel(d)}</span>
              <span data-testid={`deadline-text-${d.level}`}>{deadlineWords(t, d.rule, groupName)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card rules-section" aria-labelledby="rules-view-reminders">
        <h2 id="rules-view-reminders">{t('rules.reminders')}</h2>
        <dl className="rules-view-pairs">
          {REMINDER_NAMES.map((name) => (
            <div key={name}>
              <dt>{t(`rules.reminder.${name}`)}</dt>
              <dd className="num">{showFigure(campaign.rules.reminders[name])}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card rules-section" aria-labelledby="rules-view-precision">
        <h2 id="rules-view-precision">{t('campaign.precision')}</h2>
        <p data-testid="precision-text">{t(campaign.rules.precision === 1 ? 'campaign.precision.1' : 'campaign.precision.2')}</p>
      </section>

      <section className="card rules-section" aria-labelledby="rules-view-cross">
        <h2 id="rules-view-cross">{t('rules.crossRules')}</h2>
        {campaign.rules.crossRules.length === 0 ? <p className="muted">{t('rules.noCrossRules')}</p> : (
          <ul className="rules-view-list" data-testid="cross-rules">
            {campaign.rules.crossRules.map((r, index) => (
              <li key={index} className="rules-view-rule">
                {nameOf.get(r.left) ?? r.left} <strong>{isOp(r.op) ? OP_SYMBOLS[r.op] : r.op}</strong> {nameOf.get(r.right) ?? r.right}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card rules-section" aria-labelledby="rules-view-bounds">
        <h2 id="rules-view-bounds">{t('rules.upperBounds')}</h2>
        {bounded.length === 0 ? <p className="muted">{t('rules.noUpperBounds')}</p> : (
          <ul className="rules-view-list">
            {bounded.map((i) => (
              <li key={i.code}>
                <span className="rules-view-name">{i.name}</span>
                <span className="num">{t('rules.upperBoundValue', { value: showFigure(i.upperBound), uom: i.unitOfMeasure })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card rules-section" aria-labelledby="rules-view-exempt">
        <h2 id="rules-view-exempt">{t('rules.exemptUnits')}</h2>
        <p>{campaign.rules.exemptUnits.length === 0 ? <span className="muted">{t('rules.noExemptUnits')}</span> : campaign.rules.exemptUnits.join(', ')}</p>
      </section>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The form

function RulesForm({ campaign, onSaved }: { campaign: Campaign; onSaved: (campaign: Campaign) => void }) {
  const { t, language } = useLanguage();
  const levelLabel = useLevelLabel();
  const groupName = groupNamer(campaign.rules.unitGroups, language);
  const formId = useId();
  const [base, setBase] = useState<Draft>(() => draftOf(campaign));
  const [draft, setDraft] = useState<Draft>(base);
  const [errors, setErrors] = useState<Errors>({});
  const [problems, setProblems] = useState<{ items: readonly ErrorSummaryItem[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const dirty = useMemo(() => fingerprint(draft) !== fingerprint(base), [draft, base]);
  const indicators = campaign.indicators;
  const byLevel = new Map(campaign.rules.deadlines.map((d) => [d.level, d]));
  const idOf = (key: string) => `${formId}-${key}`;

  // Closing the tab or reloading with unsaved changes asks first.
  useWarnBeforeUnload(dirty);

  /** Applies an edit; the messages of the fields it touches go (the rest stay until the next save). */
  function edit(change: (d: Draft) => Draft, ...keys: string[]) {
    setDraft(change);
    setSaved(false);
    if (keys.length > 0) {
      setErrors((prev) => (keys.some((k) => k in prev) ? Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))) : prev));
    }
  }

  const editLevel = (level: UnitLevel, patch: Partial<DeadlineDraft>, ...keys: string[]) =>
    edit((d) => ({ ...d, deadlines: d.deadlines.map((x) => (x.level === level ? { ...x, ...patch } : x)) }), `deadlines.${level}`, ...keys);
  const editRule = (id: number, patch: Partial<CrossRuleDraft>, ...keys: string[]) =>
    edit((d) => ({ ...d, crossRules: d.crossRules.map((r) => (r.id === id ? { ...r, ...patch } : r)) }), `crossRules.${id}`, ...keys);

  function labelOf(key: string): string {
    const [part, sub, leaf] = key.split('.');
    if (part === 'deadlines' && sub) {
      const level = byLevel.get(sub as UnitLevel);
      const name = level ? levelLabel(level) : sub;
      const what = leaf === 'weekday' ? t('rules.weekday') : leaf === 'time' ? t('rules.time') : leaf === 'weekOffset' ? t('rules.week')
        : leaf === 'groups' ? t('rules.groups') : null;
      return what ? `${name} – ${what}` : name;
    }
    if (part === 'reminders' && sub && (REMINDER_NAMES as readonly string[]).includes(sub)) return t(`rules.reminder.${sub as ReminderName}`);
    if (part === 'crossRules' && sub) {
      const index = draft.crossRules.findIndex((r) => String(r.id) === sub);
      return t('rules.crossRule', { number: index + 1 });
    }
    if (part === 'upperBounds' && sub) return indicators.find((i) => i.code === sub)?.name ?? sub;
    if (part === 'exemptUnits') return t('rules.exemptUnits');
    if (part === 'precision') return t('campaign.precision');
    return '';
  }

  /** Reads the form into the request body; the fields that cannot be read are returned instead. */
  function bodyOf(d: Draft): { body: CampaignRulesBody; invalid: Errors } {
    const invalid: Record<string, string> = {};
    const deadlines: NonNullable<CampaignRulesBody['deadlines']> = {};
    for (const x of d.deadlines) {
      deadlines[x.level] = x.reports
        ? { weekday: x.weekday, time: normalizeTime(x.time), weekOffset: x.weekOffset, ...(x.groups.length > 0 ? { groups: [...x.groups] } : {}) }
        : null;
    }
    // Hours the browser cannot read go as typed: the server refuses them with the other fields,
    // and this page's words for them stand in the one list.
    const reminders: Record<ReminderName, number | string> = { ...campaign.rules.reminders };
    for (const name of REMINDER_NAMES) {
      const text = d.reminders[name];
      const reading = readFigure(text, language);
      if (reading.error) invalid[`reminders.${name}`] = reading.error;
      else if (reading.value === null) invalid[`reminders.${name}`] = t('rules.hoursRequired');
      reminders[name] = reading.value ?? text.trim();
    }
    // Only the bounds that changed are sent (each one sent is a change in the audit log). A
    // bound the browser cannot read goes as typed: the server refuses it with the other fields.
    const upperBounds: Record<string, number | string | null> = {};
    for (const indicator of indicators) {
      const text = d.upperBounds[indicator.code] ?? '';
      const reading = readFigure(text, language);
      if (reading.error) upperBounds[indicator.code] = text.trim();
      else if (reading.value !== indicator.upperBound) upperBounds[indicator.code] = reading.value;
    }
    const exempt = unitCodes(d.exemptUnits);
    const sameExempt = exempt.length === campaign.rules.exemptUnits.length && exempt.every((code) => campaign.rules.exemptUnits.includes(code));
    return {
      body: {
        deadlines,
        reminders,
        crossRules: d.crossRules.map(({ left, op, right }) => ({ left, op, right })),
        ...(Object.keys(upperBounds).length > 0 ? { upperBounds } : {}),
        ...(sameExempt ? {} : { exemptUnits: exempt }),
        ...(Number(d.precision) === campaign.rules.precision ? {} : { precision: Number(d.precision) }),
      },
      invalid,
    };
  }

  /** The server's messages placed on their fields ('rules.crossRules.0.right' → the first rule's row). */
  function placeServerErrors(error: unknown, sent: Draft, local: Errors): { onFields: Errors; list: ErrorSummaryItem[] } {
    const localItems = Object.entries(local).map(([key, message]) => ({ field: key, item: summaryItem(key, key, message) }));
    if (!(error instanceof ApiError)) {
      return { onFields: {}, list: [...localItems.map((l) => l.item), summaryItem('network', '', error instanceof NetworkError ? t('error.network') : String(error))] };
    }
    const onFields: Record<string, string> = {};
    const placed: { field: string; item: ErrorSummaryItem }[] = [...localItems];
    const fields = error.fields.length > 0 ? error.fields : [{ field: '', message: error.message }];
    fields.forEach(({ field, message }, index) => {
      let key = field.replace(/^(body\.)?(rules\.)?/, '');
      const cross = /^crossRules\.(\d+)(\.\w+)?$/.exec(key);
      if (cross) {
        const row = sent.crossRules[Number(cross[1])];
        if (row) key = `crossRules.${row.id}${cross[2] ?? ''}`;
      }
      if (/^exemptUnits\.\d+$/.test(key)) key = 'exemptUnits';
      // A rule's unit group ('deadlines.grassroots.groups.0'): the level's group of boxes.
      key = key.replace(/^(deadlines\.\w+\.groups)\.\d+$/, '$1');
      if (key in local) return;
      onFields[key] = onFields[key] ? `${onFields[key]} ${message}` : message;
      placed.push({ field: key, item: summaryItem(key ? `${key}#${index}` : `form#${index}`, key, message) });
    });
    // In the order of the fields on the page; lines of the whole form last.
    const withControl = placed.map((p, index) => ({ ...p, index, control: p.field ? controlOf(p.field) : null }));
    withControl.sort((a, b) => {
      if (a.control && b.control && a.control !== b.control) return a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      if (a.control && !b.control) return -1;
      if (!a.control && b.control) return 1;
      return a.index - b.index;
    });
    return { onFields, list: withControl.map((p) => p.item) };
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaved(false);
    const sent = draft;
    const { body, invalid } = bodyOf(sent);
    setSaving(true);
    try {
      const { campaign: updated } = await api.saveRules(campaign.code, campaign.rootUnitCode, body);
      const next = draftOf(updated);
      setBase(next);
      setDraft(next);
      setErrors({});
      setProblems(null);
      setSaved(true);
      onSaved(updated);
    } catch (error) {
      // Nothing was saved: what was typed stays, with the server's words next to each field.
      // This page's own words go first where both name a field; the lines follow the page.
      const { onFields, list } = placeServerErrors(error, sent, invalid);
      setErrors({ ...onFields, ...invalid });
      setProblems({ items: list });
    } finally {
      setSaving(false);
    }
  }

  /** A line of the summary: "<the field's label>: <message>", a link to the field; the message alone for the whole form. */
  function summaryItem(key: string, field: string, message: string): ErrorSummaryItem {
    const label = labelOf(field);
    return label ? { key, text: t('rules.errorItem', { label, message }), field: () => controlOf(field) } : { key, text: message, field: null };
  }

  const canAddRule = indicators.length >= 2;
  const addRule = () => edit((d) => ({
    ...d,
    crossRules: [...d.crossRules, { id: newRuleId(), left: indicators[0]?.code ?? '', op: '>=', right: indicators[1]?.code ?? '' }],
  }));

  return (
    <form className="rules-form" onSubmit={save} noValidate aria-busy={saving || undefined}>
      {problems && (
        <ErrorSummary className="rules-problems" items={problems.items}
          title={t('rules.errorSummary')} />
      )}

      <fieldset className="card rules-section">
        <legend>{t('rules.deadlines')}</legend>
        <p className="field-hint">{t('rules.deadlinesHint')}</p>
        {campaign.rules.unitGroups.length > 0 && <p id={idOf('groups-hint')} className="field-hint">{t('rules.groupsHint')}</p>}
        <div className="rules-levels">
          {draft.deadlines.map((d) => {
            const level = byLevel.get(d.level);
            const key = `deadlines.${d.level}`;
            const rule = d.reports ? { weekday: d.weekday, time: normalizeTime(d.time), weekOffset: d.weekOffset, groups: d.groups } : null;
            const groupsKey = `${key}.groups`;
            return (
              <fieldset key={d.level} className={d.reports ? 'rules-level' : 'rules-level rules-level-off'} aria-describedby={errors[key] ? idOf(`${key}-error`) : undefined}>
                <legend>{level ? levelLabel(level) : d.level}</legend>
                <label className="checkbox rules-reports">
                  <input type="checkbox" name={`${key}.reports`} checked={d.reports} onChange={(e) => editLevel(d.level, { reports: e.target.checked })} />
                  <span>{t('rules.reports')}</span>
                </label>
                <div className="rules-level-controls">
                  <Field label={t('rules.weekday')} error={errors[`${key}.weekday`]}>
                    {(control) => (
                      <select {...control} name={`${key}.weekday`} value={d.weekday} disabled={!d.reports}
                        onChange={(e) => editLevel(d.level, { weekday: Number(e.target.value) }, `${key}.weekday`)}>
                        {WEEKDAY_KEYS.map((k, index) => <option key={k} value={index + 1}>{t(k)}</option>)}
                      </select>
                    )}
                  </Field>
                  <Field label={t('rules.time')} error={errors[`${key}.time`]}>
                    {(control) => (
                      <input {...control} type="text" name={`${key}.time`} inputMode="numeric" autoComplete="off" maxLength={5} placeholder="HH:MM"
                        value={d.time} disabled={!d.reports}
                        onChange={(e) => editLevel(d.level, { time: e.target.value }, `${key}.time`)}
                        onBlur={(e) => { const time = normalizeTime(e.target.value); if (time !== d.time) editLevel(d.level, { time }); }} />
                    )}
                  </Field>
                  <Field label={t('rules.week')} error={errors[`${key}.weekOffset`]}>
                    {(control) => (
                      <select {...control} name={`${key}.weekOffset`} value={d.weekOffset} disabled={!d.reports}
                        onChange={(e) => editLevel(d.level, { weekOffset: Number(e.target.value) }, `${key}.weekOffset`)}>
                        {WEEK_OFFSETS.map((offset) => <option key={offset} value={offset}>{weekOffsetWords(t, offset)}</option>)}
                      </select>
                    )}
                  </Field>
                </div>
                {/* Only a level that reports has units to pick among (the hint above the levels says how). */}
                {d.reports && campaign.rules.unitGroups.length > 0 && (
                  <fieldset className="rules-groups" aria-describedby={idOf('groups-hint')}>
                    <legend>{t('rules.groups')}</legend>
                    <div className="rules-groups-options">
                      {campaign.rules.unitGroups.map((g) => (
                        <label key={g.code} className="checkbox">
                          <input type="checkbox" name={`${groupsKey}.${g.code}`} value={g.code} checked={d.groups.includes(g.code)}
                            onChange={(e) => {
                              const on = e.target.checked;
                              editLevel(d.level, { groups: on ? [...d.groups, g.code] : d.groups.filter((c) => c !== g.code) }, groupsKey);
                            }} />
                          <span>{groupName(g.code)}</span>
                        </label>
                      ))}
                    </div>
                    {errors[groupsKey] && <p className="field-error">{errors[groupsKey]}</p>}
                  </fieldset>
                )}
                <p className="rules-deadline-text" data-testid={`deadline-text-${d.level}`}>{t('rules.deadlineLine', { text: deadlineWords(t, rule, groupName) })}</p>
                {errors[key] && <p id={idOf(`${key}-error`)} className="field-error">{errors[key]}</p>}
              </fieldset>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="card rules-section">
        <legend>{t('rules.reminders')}</legend>
        <p className="field-hint">{t('rules.remindersHint')}</p>
        <div className="rules-hours">
          {REMINDER_NAMES.map((name) => {
            const key = `reminders.${name}`;
            return (
              <Field key={name} label={t(`rules.reminder.${name}`)} error={errors[key]}
                hint={name === 'staleAfterHours' ? t('rules.reminder.staleHint') : undefined}>
                {(control) => (
                  <input {...control} type="text" name={key} inputMode="decimal" autoComplete="off" value={draft.reminders[name]}
                    onChange={(e) => { const text = e.target.value; edit((d) => ({ ...d, reminders: { ...d.reminders, [name]: text } }), key); }} />
                )}
              </Field>
            );
          })}
        </div>
        {errors.reminders && <p className="field-error">{errors.reminders}</p>}
      </fieldset>

      <fieldset className="card rules-section">
        <legend>{t('campaign.precision')}</legend>
        <Field label={t('campaign.precision')} hint={t('campaign.precisionHint')} error={errors.precision}>
          {(control) => (
            <select {...control} name="precision" value={draft.precision}
              onChange={(e) => { const value = e.target.value; edit((d) => ({ ...d, precision: value }), 'precision'); }}>
              {(['1', '2'] as const).map((p) => <option key={p} value={p}>{t(`campaign.precision.${p}`)}</option>)}
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset className="card rules-section">
        <legend>{t('rules.crossRules')}</legend>
        <p className="field-hint">{t('rules.crossRulesHint')}</p>
        {draft.crossRules.length === 0 ? <p className="muted">{t('rules.noCrossRules')}</p> : (
          <ol className="rules-cross-list">
            {draft.crossRules.map((r, index) => {
              const key = `crossRules.${r.id}`;
              const number = index + 1;
              return (
                <li key={r.id}>
                  <fieldset className="rules-cross" aria-describedby={errors[key] ? idOf(`${key}-error`) : undefined}>
                    <legend>{t('rules.crossRule', { number })}</legend>
                    <div className="rules-cross-controls">
                      <Field label={t('rules.left')} error={errors[`${key}.left`]} className="rules-cross-indicator">
                        {(control) => (
                          <select {...control} name={`${key}.left`} value={r.left} onChange={(e) => editRule(r.id, { left: e.target.value }, `${key}.left`, `${key}.right`)}>
                            {indicators.map((i) => <option key={i.code} value={i.code}>{i.name}</option>)}
                          </select>
                        )}
                      </Field>
                      <Field label={t('rules.op')} error={errors[`${key}.op`]} className="rules-cross-op">
                        {(control) => (
                          <select {...control} name={`${key}.op`} value={r.op} onChange={(e) => { if (isOp(e.target.value)) editRule(r.id, { op: e.target.value }, `${key}.op`); }}>
                            {CROSS_RULE_OPS.map((op) => <option key={op} value={op}>{t(OP_KEYS[op])}</option>)}
                          </select>
                        )}
                      </Field>
                      <Field label={t('rules.right')} error={errors[`${key}.right`]} className="rules-cross-indicator">
                        {(control) => (
                          <select {...control} name={`${key}.right`} value={r.right} onChange={(e) => editRule(r.id, { right: e.target.value }, `${key}.right`)}>
                            {indicators.map((i) => <option key={i.code} value={i.code}>{i.name}</option>)}
                          </select>
                        )}
                      </Field>
                    </div>
                    {errors[key] && <p id={idOf(`${key}-error`)} className="field-error">{errors[key]}</p>}
                    <button type="button" className="button rules-remove"
                      onClick={() => edit((d) => ({ ...d, crossRules: d.crossRules.filter((x) => x.id !== r.id) }), key, `${key}.left`, `${key}.op`, `${key}.right`)}>
                      {t('rules.removeCrossRule', { number })}
                    </button>
                  </fieldset>
                </li>
              );
            })}
          </ol>
        )}
        {canAddRule
          ? <p><button type="button" className="button" onClick={addRule}>{t('rules.addCrossRule')}</button></p>
          : <p className="muted">{t('rules.needTwoIndicators')}</p>}
      </fieldset>

      <fieldset className="card rules-section">
        <legend>{t('rules.upperBounds')}</legend>
        <p className="field-hint">{t('rules.upperBoundsHint')}</p>
        <ul className="rules-bounds">
          {indicators.map((i) => {
            const key = `upperBounds.${i.code}`;
            const label = `${i.name} (${i.unitOfMeasure})`;
            return (
              <li key={i.code} className="rules-bound">
                <span className="rules-bound-name" aria-hidden="true">{label}</span>
                <FigureInput label={label} name={key} value={draft.upperBounds[i.code] ?? ''} error={errors[key]} className="rules-bound-input"
                  onChange={(text) => edit((d) => ({ ...d, upperBounds: { ...d.upperBounds, [i.code]: text } }), key)} />
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset className="card rules-section">
        <legend>{t('rules.exemptUnits')}</legend>
        <Field label={t('rules.exemptUnitsLabel')} hint={t('rules.exemptUnitsHint')} error={errors.exemptUnits}>
          {(control) => (
            <input {...control} type="text" name="exemptUnits" autoComplete="off" spellCheck={false} value={draft.exemptUnits}
              onChange={(e) => { const text = e.target.value; edit((d) => ({ ...d, exemptUnits: text }), 'exemptUnits'); }} />
          )}
        </Field>
      </fieldset>

      <div className="toolbar rules-toolbar">
        <button type="submit" className="button button-primary" disabled={saving} aria-busy={saving || undefined}>
          {saving ? t('rules.saving') : t('rules.save')}
        </button>
        {dirty && !saving && <span className="muted">{t('rules.unsaved')}</span>}
      </div>
      <p role="status" className={saved ? 'notice notice-ok' : 'rules-status-empty'}>{saved ? t('rules.saved') : ''}</p>
    </form>
  );
}
