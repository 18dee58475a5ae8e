/**
 * Chất lượng số liệu: for one week and one unit's subtree, how complete and how timely the
 * reports are, the sentence naming the late and missing units (in the order the user picks,
 * ready for the conclusion notice), every unit's report with its state, the figures flagged
 * as unusual with the units' explanations, and the targets not yet fully allocated. A
 * manager of the unit approves several of its children's reports at once from here.
 */
import { Fragment, useMemo, useState } from 'react';
import { Link, useLocation, useParams, useSearch } from 'wouter';
import { api, ApiError, NetworkError, type QualityResponse } from '../api/client.ts';
import { ChildFigures, OnBehalfMark, useChildrenReview } from '../components/ChildrenReview.tsx';
import { DownloadButton } from '../components/DownloadButton.tsx';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { Field } from '../components/Field.tsx';
import { ReportStateBadge } from '../components/StatusBadge.tsx';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { useSession } from '../session.tsx';
import './QualityPage.css';

type Timeliness = QualityResponse['timeliness'];
type Row = NonNullable<Timeliness['selected']>['rows'][number];
type Summary = Timeliness['weeks'][number]['summary'];
type Order = 'code' | 'name';
type RowFilter = 'all' | 'late' | 'awaiting' | 'flagged';

/** Flagged figures shown before "Xem thêm". */
const FLAGGED_PAGE = 25;

const weekText = (t: Translate, w: Timeliness['weeks'][number]['week']) =>
  t('quality.weekOption', { week: w.week.slice(6), start: w.start.text, end: w.end.text });

export function QualityPage() {
  const { campaign, unit } = useParams<{ campaign: string; unit: string }>();
  const search = new URLSearchParams(useSearch());
  const period = search.get('period') ?? undefined;
  const order: Order = search.get('order') === 'name' ? 'name' : 'code';
  const group = search.get('group') || undefined;
  const { t, language } = useLanguage();
  const { campaigns, can } = useSession();
  const [, navigate] = useLocation();
  const loaded = useLoad(() => api.quality(campaign, unit, { period, order, group }), [campaign, unit, period, order, group, language]);
  usePageTitle(loaded.data ? t('title.quality', { unit: loaded.data.timeliness.unit.name }) : t('nav.quality'));

  if (loaded.error && !loaded.data) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  const data = loaded.data;
  if (!data) return <Loading />;
  const timeliness = data.timeliness;
  const selected = timeliness.selected;
  const campaignName = campaigns.find((c) => c.code === campaign)?.name ?? campaign;
  const go = (next: { period?: string | undefined; order?: Order; group?: string | null }) =>
    navigate(paths.quality(campaign, unit, {
      period: next.period ?? selected?.week.week, order: next.order ?? order, group: next.group === undefined ? group : next.group ?? undefined,
    }));

  return (
    <div className="quality">
      <header className="page-header">
        <h1>{t('quality.title')}</h1>
        <p><strong>{timeliness.unit.name}</strong> · <span className="muted">{campaignName}</span></p>
        <p><Link href={paths.dashboard(campaign, unit)}>{t('quality.backToDashboard')}</Link>{can('campaign.create') && <> · <Link href={paths.rules(campaign)}>{t('rules.link')}</Link></>}</p>
      </header>

      {timeliness.weeks.length === 0 ? <p className="notice notice-info">{t('quality.noWeeks')}</p> : (
        <div className="toolbar">
          <Field label={t('quality.week')} className="quality-week">
            {(control) => (
              <select {...control} value={selected?.week.week ?? ''} onChange={(e) => go({ period: e.target.value })}>
                {timeliness.weeks.map((w) => <option key={w.week.week} value={w.week.week}>{weekText(t, w.week)}</option>)}
              </select>
            )}
          </Field>
          {timeliness.unitGroups.length > 0 && (
            <Field label={t('quality.group')} className="quality-group">
              {(control) => (
                <select {...control} name="group" value={group ?? ''} data-testid="quality-group" onChange={(e) => go({ group: e.target.value || null })}>
                  <option value="">{t('quality.group.all')}</option>
                  {timeliness.unitGroups.map((g) => <option key={g.code} value={g.code}>{language === 'en' ? g.nameEn ?? g.name : g.name}</option>)}
                </select>
              )}
            </Field>
          )}
        </div>
      )}
      {timeliness.group && (
        <p className="notice notice-info" role="status" data-testid="quality-group-note">
          {timeliness.group.text} {t('quality.group.note')}
        </p>
      )}

      {selected && (
        <>
          <SummaryCards summary={selected.summary} />

          <section aria-labelledby="late-heading" className="card quality-late">
            <h2 id="late-heading">{t('quality.late.title')}</h2>
            <fieldset className="segmented">
              <legend>{t('quality.late.order')}</legend>
              {(['code', 'name'] as const).map((o) => (
                <label key={o}>
                  <input type="radio" name="late-order" value={o} checked={order === o} onChange={() => go({ order: o })} />
                  <span>{t(`quality.late.order.${o}`)}</span>
                </label>
              ))}
            </fieldset>
            {timeliness.lateUnits ? <LateSentence sentence={timeliness.lateUnits.sentence} busy={loaded.loading} />
              : <p className="muted" data-testid="late-units-none">{t('quality.late.none')}</p>}
          </section>

          <UnitsTable key={`${selected.week.week}`} campaign={campaign} unit={unit} period={selected.week.week} rows={selected.rows}
            group={timeliness.group?.code} onApproved={loaded.reload} />
        </>
      )}

      <FlaggedValues key={`${selected?.week.week ?? ''}`} campaign={campaign} period={selected?.week.week ?? null} flagged={data.flagged} />

      <section aria-labelledby="gaps-heading">
        <h2 id="gaps-heading">{t('quality.gaps.title')}</h2>
        {data.allocationGaps.length === 0 ? <p className="muted">{t('quality.gaps.none')}</p> : (
          <>
            <p className="field-hint">{t('quality.gaps.help')} <Link href={paths.targets(campaign, unit)}>{t('quality.gaps.open')}</Link></p>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('common.indicator')}</th>
                    <th scope="col" className="num">{t('quality.gaps.target')}</th>
                    <th scope="col" className="num">{t('quality.gaps.allocated')}</th>
                    <th scope="col" className="num">{t('quality.gaps.gap')}</th>
                    <th scope="col">{t('quality.gaps.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.allocationGaps.map((g) => (
                    <tr key={g.code}>
                      <th scope="row">{g.name}</th>
                      <td className="num">{g.text.target}</td>
                      <td className="num">{g.text.allocated}</td>
                      <td className="num">{g.text.gap}</td>
                      <td>{t(`quality.gaps.${g.state}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}

function SummaryCards({ summary }: { summary: Summary }) {
  const { t } = useLanguage();
  const none = t('common.none');
  return (
    <section aria-labelledby="rates-heading">
      <h2 id="rates-heading" className="visually-hidden">{t('quality.rates')}</h2>
      <dl className="quality-rates" data-testid="quality-rates">
        <div className="card">
          <dt>{t('quality.completeness')}</dt>
          <dd><strong>{summary.completenessText ?? none}</strong></dd>
          <dd className="muted">{t('quality.completeness.detail', { submitted: summary.submitted, expected: summary.expected })}</dd>
        </div>
        <div className="card">
          <dt>{t('quality.timeliness')}</dt>
          <dd><strong>{summary.timelinessText ?? none}</strong></dd>
          <dd className="muted">{t('quality.timeliness.detail', { onTime: summary.onTime, expected: summary.expected })}</dd>
        </div>
        <div className="card">
          <dt>{t('quality.counts')}</dt>
          <dd className="quality-counts">
            <span className="timeliness timeliness-late">{t('quality.count.late', { count: summary.late })}</span>
            <span className="timeliness timeliness-missing">{t('quality.count.missing', { count: summary.missing })}</span>
            <span className="timeliness timeliness-pending">{t('quality.count.pending', { count: summary.pending })}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The sentence as the conclusion notice writes it, with a button to copy it. */
function LateSentence({ sentence, busy }: { sentence: string; busy: boolean }) {
  const { t } = useLanguage();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <p className="quality-sentence" data-testid="late-units-sentence" aria-busy={busy || undefined}>{sentence}</p>
      {typeof navigator !== 'undefined' && navigator.clipboard && (
        <p className="quality-copy">
          <button type="button" className="button" onClick={() => {
            void navigator.clipboard.writeText(sentence).then(() => setCopied(true), () => setCopied(false));
          }}>{t('quality.late.copy')}</button>
          {copied && <span role="status" className="muted"> {t('quality.late.copied')}</span>}
        </p>
      )}
    </>
  );
}

function UnitsTable({ campaign, unit, period, rows, group, onApproved }: {
  campaign: string; unit: string; period: string; rows: readonly Row[]; group: string | undefined; onApproved: () => void;
}) {
  const { t } = useLanguage();
  const { session, can } = useSession();
  const [filter, setFilter] = useState<RowFilter>('all');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [refusals, setRefusals] = useState<Readonly<Record<string, string>>>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // Approving children's reports is for a manager of this very unit (the server checks it again).
  const mayApprove = can('report.review') && session?.unit.code === unit;
  const approvable = (r: Row) => mayApprove && r.isChild && r.reportStatus === 'submitted';
  const shown = useMemo(() => rows.filter((r) => {
    if (filter === 'late') return r.status === 'late' || r.status === 'missing';
    if (filter === 'awaiting') return r.reportStatus === 'submitted';
    if (filter === 'flagged') return r.flagCount > 0;
    return true;
  }), [rows, filter]);
  const candidates = shown.filter(approvable);
  const allChosen = candidates.length > 0 && candidates.every((r) => chosen.has(r.unit.code));
  // Review from the list: a row opens its report's figures, and figures shown count as viewed.
  const review = useChildrenReview(campaign, unit, period);
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const reviewable = (r: Row) => mayApprove && r.isChild && r.reportStatus !== 'missing' && r.reportStatus !== 'draft';
  const openFigures = (codes: readonly string[], on: boolean) => {
    if (on) review.load();
    setOpened((before) => {
      const next = new Set(before);
      for (const code of codes) if (on) next.add(code); else next.delete(code);
      return next;
    });
  };

  function toggle(code: string, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(code);
    else next.delete(code);
    setChosen(next);
  }

  async function approve() {
    if (chosen.size === 0) return;
    setBusy(true);
    setResult(null);
    try {
      const answer = await api.approveChildren(campaign, unit, period, [...chosen]);
      setRefusals(Object.fromEntries(answer.refused.map((r) => [r.unitCode, r.message])));
      setChosen(new Set(answer.refused.map((r) => r.unitCode).filter((code) => chosen.has(code))));
      const parts = [t('quality.approve.done', { count: answer.approved.length })];
      if (answer.refused.length > 0) parts.push(t('quality.approve.refused', { count: answer.refused.length }));
      setResult({ kind: answer.refused.length > 0 ? 'error' : 'ok', text: parts.join(' ') });
      if (answer.approved.length > 0) onApproved();
    } catch (error) {
      setResult({ kind: 'error', text: error instanceof ApiError ? error.message : error instanceof NetworkError ? t('error.network') : String(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="units-heading">
      <h2 id="units-heading">{t('quality.units.title')}</h2>
      <div className="toolbar quality-toolbar">
        <Field label={t('quality.units.filter')}>
          {(control) => (
            <select {...control} value={filter} onChange={(e) => setFilter(e.target.value as RowFilter)}>
              {(['all', 'late', 'awaiting', 'flagged'] as const).map((f) => <option key={f} value={f}>{t(`quality.units.filter.${f}`)}</option>)}
            </select>
          )}
        </Field>
        {mayApprove && (
          <button type="button" className="button button-primary" disabled={busy || chosen.size === 0} onClick={() => void approve()}>
            {t('quality.approve.button', { count: chosen.size })}
          </button>
        )}
        {mayApprove && candidates.length > 0 && (
          <button type="button" className="button" onClick={() => openFigures(candidates.map((r) => r.unit.code), true)}>
            {t('review.showAll', { count: candidates.length })}
          </button>
        )}
        <DownloadButton href={api.timelinessXlsxUrl(campaign, unit, { period, group })} testId="timeliness-xlsx">{t('download.xlsx')}</DownloadButton>
      </div>
      {mayApprove && <p className="field-hint">{t('review.help')}</p>}
      {result && (
        <div className={`notice ${result.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} role={result.kind === 'ok' ? 'status' : 'alert'} data-testid="approve-result">
          <p>{result.text}</p>
        </div>
      )}
      <p className="muted">{t('quality.units.count', { shown: shown.length, total: rows.length })}</p>
      <div className="table-scroll">
        <table className="quality-table" data-testid="quality-units">
          <thead>
            <tr>
              {mayApprove && (
                <th scope="col" className="col-check">
                  <input type="checkbox" aria-label={t('quality.approve.all')} checked={allChosen} disabled={busy || candidates.length === 0}
                    onChange={(e) => setChosen(e.target.checked ? new Set([...chosen, ...candidates.map((r) => r.unit.code)]) : new Set())} />
                </th>
              )}
              <th scope="col">{t('common.unit')}</th>
              <th scope="col">{t('quality.units.timeliness')}</th>
              <th scope="col">{t('quality.units.due')}</th>
              <th scope="col">{t('quality.units.submitted')}</th>
              <th scope="col">{t('quality.units.state')}</th>
              <th scope="col" className="num">{t('quality.units.flags')}</th>
              <th scope="col">{t('quality.units.report')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <Fragment key={r.unit.code}>
              <tr data-unit={r.unit.code}>
                {mayApprove && (
                  <td className="col-check">
                    {approvable(r) && (
                      <input type="checkbox" aria-label={t('quality.approve.one', { unit: r.unit.name })} checked={chosen.has(r.unit.code)} disabled={busy}
                        onChange={(e) => toggle(r.unit.code, e.target.checked)} />
                    )}
                  </td>
                )}
                <th scope="row">
                  {r.unit.name}
                  {r.reportStatus === 'submitted' && review.viewed.has(r.unit.code) && <span className="review-viewed">{t('review.viewed')}</span>}
                  {r.returnReason && r.reportStatus === 'returned' && <span className="quality-row-note">{t('quality.units.returnReason', { reason: r.returnReason })}</span>}
                  {refusals[r.unit.code] && <span className="field-error quality-row-note" role="alert">{refusals[r.unit.code]}</span>}
                </th>
                <td><span className={`timeliness timeliness-${r.status}`}>{r.statusLabel}</span></td>
                <td className="nowrap">{r.dueAt.text}</td>
                <td className="nowrap">{r.submittedAt?.text ?? t('common.none')}{r.onBehalf && <OnBehalfMark />}</td>
                <td><ReportStateBadge state={r.reportStatus} /></td>
                <td className="num">{r.flagCount > 0 ? r.flagCount : t('common.none')}</td>
                <td className="nowrap">
                  <Link href={paths.report(campaign, r.unit.code, period)} aria-label={t('quality.units.openReportOf', { unit: r.unit.name })}>{t('quality.units.open')}</Link>
                  {reviewable(r) && (
                    <button type="button" className="button review-toggle" aria-expanded={opened.has(r.unit.code)}
                      aria-label={t(opened.has(r.unit.code) ? 'review.hideOf' : 'review.showOf', { unit: r.unit.name })}
                      onClick={() => openFigures([r.unit.code], !opened.has(r.unit.code))}>
                      {t(opened.has(r.unit.code) ? 'review.hide' : 'review.show')}
                    </button>
                  )}
                </td>
              </tr>
              {reviewable(r) && opened.has(r.unit.code) && (
                <tr className="quality-figures-row">
                  <td colSpan={mayApprove ? 8 : 7}><ChildFigures unit={r.unit.code} unitName={r.unit.name} review={review} /></td>
                </tr>
              )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FlaggedValues({ campaign, period, flagged: all }: { campaign: string; period: string | null; flagged: QualityResponse['flagged'] }) {
  const { t } = useLanguage();
  const [limit, setLimit] = useState(FLAGGED_PAGE);
  const [thisWeek, setThisWeek] = useState(period !== null);
  // Newest week first, then by unit code: the figures an approver is looking at now come first.
  const flagged = useMemo(() => all.filter((f) => !thisWeek || f.period === period)
    .sort((a, b) => b.period.localeCompare(a.period) || a.unit.code.localeCompare(b.unit.code)), [all, thisWeek, period]);
  const shown = flagged.slice(0, limit);
  return (
    <section aria-labelledby="flagged-heading">
      <h2 id="flagged-heading">{t('quality.flagged.title', { count: flagged.length })}</h2>
      <p className="field-hint">{t('quality.flagged.help')}</p>
      {period && (
        <label className="checkbox">
          <input type="checkbox" checked={thisWeek} onChange={(e) => { setThisWeek(e.target.checked); setLimit(FLAGGED_PAGE); }} />
          <span>{t('quality.flagged.onlyWeek', { week: period.slice(6) })}</span>
        </label>
      )}
      {flagged.length === 0 ? <p className="muted">{t('quality.flagged.none')}</p> : (
        <>
          <div className="table-scroll">
            <table className="quality-flagged">
              <thead>
                <tr>
                  <th scope="col">{t('common.unit')}</th>
                  <th scope="col">{t('common.week')}</th>
                  <th scope="col">{t('common.indicator')}</th>
                  <th scope="col">{t('quality.flagged.message')}</th>
                  <th scope="col">{t('quality.flagged.explanation')}</th>
                  <th scope="col">{t('quality.units.state')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((f) => (
                  <tr key={`${f.unit.code}/${f.period}/${f.indicator.code}`}>
                    <th scope="row"><Link href={paths.report(campaign, f.unit.code, f.period)}>{f.unit.name}</Link></th>
                    <td className="nowrap">{f.period.slice(6)}</td>
                    <td>{f.indicator.name}</td>
                    <td>{f.message}</td>
                    <td>{f.explanation || <span className="muted">{t('quality.flagged.noExplanation')}</span>}</td>
                    <td><ReportStateBadge state={f.status} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {flagged.length > shown.length && (
            <p><button type="button" className="button" onClick={() => setLimit(limit + FLAGGED_PAGE)}>
              {t('common.showMore', { count: flagged.length - shown.length })}
            </button></p>
          )}
        </>
      )}
    </section>
  );
}
