/**
 * Phân bổ chỉ tiêu: a unit's own targets and their split among its children, one row per
 * child and one column per indicator. The gap per indicator (under / exact / over) is
 * recomputed as the user types and stays in view: a summary above the table and a sticky
 * footer row inside it. Only the cells that changed are sent; the server takes all or none.
 */
import { memo, useCallback, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { allocationGap, sumValues, type AllocationGap, type AllocationState } from '@giaoban/core';
import { api, ApiError, NetworkError, type AllocationResponse } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import { FigureInput } from '../components/FigureInput.tsx';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import type { Language } from '../i18n/catalogue.ts';
import { readFigure, showFigure } from '../lib/figures.ts';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { useSession } from '../session.tsx';
import { useWarnBeforeUnload } from '../lib/use-unsaved.ts';
import './TargetsPage.css';

type Indicator = AllocationResponse['indicators'][number];
type Unit = AllocationResponse['unit'];

/** A cell of the table: a child unit and an indicator. */
const cellKey = (child: string, indicator: string) => `${child}\u0000${indicator}`;
/** The input's name, used to bring a cell into focus from the error summary. */
const cellName = (child: string, indicator: string) => `target:${child}:${indicator}`;

interface ColumnState {
  readonly indicator: Indicator;
  /** Null when the unit has no target of its own for this indicator. */
  readonly gap: AllocationGap | null;
  readonly allocated: number;
  readonly invalid: number;
}

function gapClass(state: AllocationState): string {
  return `status gap-${state}`;
}

function gapWords(t: Translate, gap: AllocationGap): { state: string; detail: string } {
  const amount = showFigure(Math.abs(gap.gap));
  return {
    state: t(`targets.gap.${gap.state}`),
    detail: gap.state === 'under' ? t('targets.gapUnder', { gap: amount }) : gap.state === 'over' ? t('targets.gapOver', { gap: amount }) : t('targets.gapExact'),
  };
}

export function TargetsPage() {
  const { campaign = '', unit = '' } = useParams<{ campaign: string; unit: string }>();
  // A new unit or campaign starts with a clean slate (no edits carried over).
  return <TargetsEditor key={`${campaign}/${unit}`} campaign={campaign} unit={unit} />;
}

function TargetsEditor({ campaign, unit }: { campaign: string; unit: string }) {
  const { campaigns } = useSession();
  const { t, language } = useLanguage();
  // Reloaded in the other language too: unit levels come from the server already translated.
  const loaded = useLoad(() => api.targets(campaign, unit), [campaign, unit, language]);
  const campaignName = campaigns.find((c) => c.code === campaign)?.name ?? campaign;
  usePageTitle(loaded.data ? t('title.targets', { unit: loaded.data.unit.name }) : t('nav.targets'));

  if (loaded.error && !loaded.data) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return <AllocationTable data={loaded.data} campaignName={campaignName} onSaved={loaded.set} />;
}

function AllocationTable({ data, campaignName, onSaved }: {
  data: AllocationResponse;
  campaignName: string;
  onSaved: (data: AllocationResponse) => void;
}) {
  const { t, language } = useLanguage();
  const { can } = useSession();
  const editable = can('targets.write');
  const { unit, children, indicators } = data;

  /** Only the cells the user touched: key → the text typed. */
  const [texts, setTexts] = useState<Readonly<Record<string, string>>>({});
  /** Messages from the server, by cell key, until the user edits that cell. */
  const [cellErrors, setCellErrors] = useState<Readonly<Record<string, string>>>({});
  const [problems, setProblems] = useState<{ items: readonly ErrorSummaryItem[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<'saved' | 'noChanges' | null>(null);

  const cellLabel = (child: Unit, indicator: Indicator) => t('targets.cellLabel', { unit: child.name, indicator: indicator.name });
  const original = (child: string, indicator: Indicator) => indicator.children[child] ?? null;
  // Each cell's label and saved figure as text, worked out once per load rather than on every keystroke.
  const fixed = useMemo(() => {
    const labels = new Map<string, string>();
    const saved = new Map<string, string>();
    for (const child of children) {
      for (const indicator of indicators) {
        const key = cellKey(child.code, indicator.code);
        labels.set(key, t('targets.cellLabel', { unit: child.name, indicator: indicator.name }));
        saved.set(key, showFigure(indicator.children[child.code] ?? null));
      }
    }
    return { labels, saved };
  }, [children, indicators, t]);

  // What would be sent: changed cells by value (1791 retyped as 1.791 is no change), and typing errors.
  const pending = useMemo(() => changes(texts, children, indicators, language), [texts, children, indicators, language]);
  const dirty = pending.changed > 0 || pending.invalid.length > 0;

  const columns: ColumnState[] = useMemo(() => indicators.map((indicator) => {
    const values: number[] = [];
    let invalid = 0;
    for (const child of children) {
      const key = cellKey(child.code, indicator.code);
      const text = texts[key];
      if (text === undefined) {
        const value = indicator.children[child.code] ?? null;
        if (value !== null) values.push(value);
        continue;
      }
      const reading = readFigure(text, language);
      if (reading.error) invalid++;
      else if (reading.value !== null) values.push(reading.value);
    }
    const gap = indicator.target === null ? null : allocationGap(indicator.target, values);
    return { indicator, gap, allocated: gap ? gap.allocated : sumValues(values), invalid };
  }), [indicators, children, texts, language]);

  // Every way out of the page asks while a cell is changed (the nav bar, these links, back).
  useWarnBeforeUnload(dirty, t('targets.leaveConfirm'));

  // Stable, so that typing in one cell re-renders that cell only (a table holds 67 × 11 inputs).
  const edit = useCallback((child: string, indicator: string, text: string) => {
    const key = cellKey(child, indicator);
    setTexts((prev) => ({ ...prev, [key]: text }));
    setCellErrors((prev) => {
      if (!(key in prev)) return prev;
      const { [key]: _gone, ...rest } = prev;
      return rest;
    });
    setNotice(null);
  }, []);

  /** A cell's line in the summary ("<unit> – <indicator>: <message>"), a link to the cell. */
  function cellItem(child: Unit, indicator: Indicator, message: string): ErrorSummaryItem {
    const name = cellName(child.code, indicator.code);
    return {
      key: cellKey(child.code, indicator.code),
      text: t('targets.errorItem', { label: cellLabel(child, indicator), message }),
      field: () => document.getElementsByName(name)[0] ?? null,
    };
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setNotice(null);
    // A cell the browser cannot read goes as typed: the server reads it with the others and
    // answers every problem at once (one round, not the typing first and the ranges after).
    if (pending.changed === 0 && pending.invalid.length === 0) {
      setProblems(null);
      setNotice('noChanges');
      return;
    }
    setSaving(true);
    const sent = texts;
    try {
      const response = await api.allocate(data.campaign, unit.code, { targets: pending.body });
      // What was typed while the save was on its way stays (and stays unsaved).
      setTexts((now) => Object.fromEntries(Object.entries(now).filter(([key, text]) => sent[key] !== text)));
      setCellErrors({});
      setProblems(null);
      onSaved(response);
      setNotice('saved');
    } catch (error) {
      // Nothing was saved: the typed values stay so the user can fix them.
      setProblems({ items: serverProblems(error) });
    } finally {
      setSaving(false);
    }
  }

  /** The server's messages placed on their cells (field `targets.<child>.<indicator>`), all listed at the top. */
  function serverProblems(error: unknown): ErrorSummaryItem[] {
    if (!(error instanceof ApiError)) {
      return [{ key: 'network', text: error instanceof NetworkError ? t('error.network') : String(error), field: null }];
    }
    const byField = new Map<string, { child: Unit; indicator: Indicator | null }>();
    for (const child of children) {
      byField.set(`targets.${child.code}`, { child, indicator: null });
      for (const indicator of indicators) byField.set(`targets.${child.code}.${indicator.code}`, { child, indicator });
    }
    const onCells: Record<string, string> = {};
    const list: ErrorSummaryItem[] = [];
    const fields = error.fields.length > 0 ? error.fields : [{ field: '', message: error.message }];
    fields.forEach(({ field, message }, index) => {
      const place = byField.get(field);
      if (place?.indicator) {
        onCells[cellKey(place.child.code, place.indicator.code)] = message;
        list.push(cellItem(place.child, place.indicator, message));
      } else {
        // A unit's row as a whole, or the whole table: no one cell to go to.
        const text = place?.child.name ? t('targets.errorItem', { label: place.child.name, message }) : message;
        list.push({ key: `${field}#${index}`, text, field: null });
      }
    });
    setCellErrors(onCells);
    return list;
  }

  const ownLabel = t('targets.ownTarget', { unit: unit.name });

  return (
    <div className="targets-page">
      <header className="targets-header">
        <h1>{t('targets.heading', { unit: unit.name })}</h1>
        <p className="targets-meta">
          <span>{t('targets.campaign', { campaign: campaignName })}</span>
          <span className="muted">{unit.levelLabel} · {t('targets.children', { count: showFigure(children.length) })}</span>
        </p>
        <p>
          <Link href={paths.dashboard(data.campaign, unit.code)}>{t('targets.backToDashboard', { unit: unit.name })}</Link>
        </p>
      </header>

      {problems && (
        <ErrorSummary className="targets-problems" items={problems.items}
          title={t('targets.errorSummary')} />
      )}

      {indicators.length === 0 ? <p className="notice notice-info">{t('targets.noIndicators')}</p> : (
        <>
          {/* A unit without children has nothing to allocate: its own targets only, no gap. */}
          {children.length > 0 ? <GapSummary columns={columns} /> : <p className="notice notice-info">{t('targets.noChildren', { unit: unit.name })}</p>}
          <form onSubmit={save} noValidate>
            {!editable && <p className="notice notice-info">{t('targets.readOnly')}</p>}
            {editable && children.length > 0 && (
              <>
                <p className="muted targets-intro">{t('targets.intro')}</p>
                <div className="toolbar targets-toolbar">
                  <button type="submit" className="button button-primary" disabled={saving} aria-busy={saving || undefined}>{t('targets.save')}</button>
                  {(saving || dirty) && (
                    <span className="muted">
                      {saving ? t('targets.saving') : t('targets.unsaved', { count: showFigure(pending.changed + pending.invalid.length) })}
                    </span>
                  )}
                </div>
              </>
            )}
            <p role="status" className={notice ? 'notice notice-ok' : 'targets-status-empty'}>
              {notice === 'saved' ? t('targets.saved') : notice === 'noChanges' ? t('targets.noChanges') : ''}
            </p>

            <div className="table-scroll targets-scroll">
              <table className="targets-table">
                <caption className="visually-hidden">{t('targets.tableCaption', { unit: unit.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="targets-corner">{t('common.unit')}</th>
                    {indicators.map((i) => (
                      <th scope="col" key={i.code} className="targets-indicator">
                        <span className="targets-indicator-name">{i.name}</span>
                        <span className="targets-uom">{i.unitOfMeasure}</span>
                      </th>
                    ))}
                  </tr>
                  <tr className="targets-own">
                    <th scope="row">{ownLabel}</th>
                    {indicators.map((i) => (
                      <td key={i.code} className="num">{i.target === null ? <span className="muted">{t('status.noTarget')}</span> : showFigure(i.target)}</td>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {children.map((child) => (
                    <tr key={child.code}>
                      <th scope="row">
                        <Link href={paths.targets(data.campaign, child.code)}>{child.name}</Link>
                      </th>
                      {indicators.map((i) => {
                        const key = cellKey(child.code, i.code);
                        const typed = texts[key];
                        const text = typed ?? fixed.saved.get(key) ?? '';
                        const changed = typed !== undefined && isChanged(typed, original(child.code, i), language);
                        return editable ? (
                          <AllocationCell key={i.code} child={child.code} indicator={i.code} label={fixed.labels.get(key) ?? ''} text={text}
                            error={cellErrors[key]} changed={changed} onEdit={edit} />
                        ) : (
                          <td key={i.code} className="num">{text || <span className="muted">{t('common.none')}</span>}</td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
                {children.length > 0 && (
                  <tfoot>
                    <tr>
                      <th scope="row">{t('targets.allocatedRow')}</th>
                      {columns.map((c) => (
                        <td key={c.indicator.code} className="num targets-foot">
                          <GapCell column={c} />
                        </td>
                      ))}
                    </tr>
                  </tfoot>
                )}
              </table>
            </div>
          </form>
        </>
      )}
    </div>
  );
}

/** One editable cell; memoised, since only the cell being typed in changes. */
const AllocationCell = memo(function AllocationCell({ child, indicator, label, text, error, changed, onEdit }: {
  child: string;
  indicator: string;
  label: string;
  text: string;
  error: string | undefined;
  changed: boolean;
  onEdit: (child: string, indicator: string, text: string) => void;
}) {
  return (
    <td className={changed ? 'num targets-changed' : 'num'}>
      <FigureInput label={label} name={cellName(child, indicator)} value={text} onChange={(next) => onEdit(child, indicator, next)}
        error={error} className="targets-cell" />
    </td>
  );
});

/** The gap of every indicator in a few lines, above the table. */
function GapSummary({ columns }: { columns: readonly ColumnState[] }) {
  const { t } = useLanguage();
  return (
    <section className="targets-summary" aria-labelledby="targets-summary-title">
      <h2 id="targets-summary-title">{t('targets.summaryTitle')} <span className="muted targets-summary-hint">{t('targets.summaryHint')}</span></h2>
      <ul>
        {columns.map(({ indicator, gap, allocated, invalid }) => {
          const words = gap ? gapWords(t, gap) : null;
          return (
            <li key={indicator.code} className="targets-summary-item" data-testid={`allocation-gap-${indicator.code}`}>
              <span className="targets-summary-name">{indicator.name}</span>
              <span className="targets-summary-figures">
                {gap
                  ? t('targets.allocatedOf', { allocated: showFigure(gap.allocated), target: showFigure(gap.target), uom: indicator.unitOfMeasure })
                  : t('targets.allocatedOnly', { allocated: showFigure(allocated), uom: indicator.unitOfMeasure })}
                {words && <> · {words.detail}</>}
              </span>
              {gap && words
                ? <span className={gapClass(gap.state)}>{words.state}</span>
                : <span className="status status-none">{t('status.noTarget')}</span>}
              {invalid > 0 && <span className="field-error targets-summary-invalid">{t('targets.invalidCells', { count: showFigure(invalid) })}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The footer cell of a column: what is allocated, the gap, and its state in words and colour. */
function GapCell({ column }: { column: ColumnState }) {
  const { t } = useLanguage();
  const { gap, allocated } = column;
  if (!gap) {
    return (
      <>
        <span className="targets-foot-sum">{showFigure(allocated)}</span>
        <span className="status status-none">{t('status.noTarget')}</span>
      </>
    );
  }
  const words = gapWords(t, gap);
  return (
    <>
      <span className="targets-foot-sum">{showFigure(gap.allocated)}</span>
      <span className="targets-foot-gap">{words.detail}</span>
      <span className={gapClass(gap.state)}>{words.state}</span>
    </>
  );
}

function isChanged(text: string, original: number | null, language: Language): boolean {
  const reading = readFigure(text, language);
  return reading.error !== null || reading.value !== original;
}

/**
 * The changed cells as the allocation body, and the cells whose text is not a number (in the
 * body too, as typed, for the server to refuse with the rest).
 */
function changes(
  texts: Readonly<Record<string, string>>, children: readonly Unit[], indicators: readonly Indicator[], language: Language,
): {
  body: Record<string, Record<string, number | string | null>>;
  changed: number;
  invalid: { child: Unit; indicator: Indicator; message: string }[];
} {
  const body: Record<string, Record<string, number | string | null>> = {};
  const invalid: { child: Unit; indicator: Indicator; message: string }[] = [];
  let changed = 0;
  for (const child of children) {
    for (const indicator of indicators) {
      const text = texts[cellKey(child.code, indicator.code)];
      if (text === undefined) continue;
      const reading = readFigure(text, language);
      if (reading.error) {
        invalid.push({ child, indicator, message: reading.error });
        (body[child.code] ??= {})[indicator.code] = text.trim();
        continue;
      }
      if (reading.value === (indicator.children[child.code] ?? null)) continue;
      (body[child.code] ??= {})[indicator.code] = reading.value;
      changed++;
    }
  }
  return { body, changed, invalid };
}
