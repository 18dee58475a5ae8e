/**
 * The progress of one unit as of a date: a card per indicator, the weekly trend, the units
 * below (sortable, each opening its own dashboard), a breadcrumb back up the tree and, for
 * the central unit, the map of Vietnam.
 */
import { lazy, Suspense, useDeferredValue, useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams, useSearch } from 'wouter';
import { formatDate, parseDate } from '@giaoban/core';
import { api, type ProgressResponse } from '../api/client.ts';
import { AchievementBar } from '../components/AchievementBar.tsx';
import { ChildrenTable } from '../components/ChildrenTable.tsx';
import { DownloadButton } from '../components/DownloadButton.tsx';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { Field } from '../components/Field.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { openingAsOf } from '../lib/campaign-timing.ts';
import { showFigure } from '../lib/figures.ts';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { useLiveChanges, type LiveState } from '../lib/use-live.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useSession } from '../session.tsx';
import './DashboardPage.css';

// Below the cards, so loaded after them: the chart, and the map (its 63 provinces' layout) for the centre only.
const TrendChart = lazy(() => import('../components/TrendChart.tsx'));
const DashboardActivities = lazy(() => import('../components/DashboardActivities.tsx'));
const VietnamTileMap = lazy(() => import('../components/VietnamTileMap.tsx').then((m) => ({ default: m.VietnamTileMap })));

type Indicator = ProgressResponse['unit']['indicators'][number];

function IndicatorCard({ figure, elapsedShare }: { figure: Indicator; elapsedShare: number }) {
  const { t } = useLanguage();
  const headingId = useId();
  return (
    <article className={`card indicator-card status-border-${figure.status ?? 'none'}`} aria-labelledby={headingId}
      data-testid={`indicator-card-${figure.code}`}>
      <h3 id={headingId}>{figure.name}</h3>
      <p className="indicator-achievement">
        <strong data-testid="achievement">{figure.text.achievement ?? t('common.none')}</strong>{' '}
        <StatusBadge status={figure.status} />
      </p>
      <AchievementBar achievement={figure.achievement} elapsedShare={elapsedShare} status={figure.status} />
      <dl className="indicator-figures">
        <div><dt>{t('dashboard.card.target')}</dt><dd className="num">{figure.text.target ?? t('common.none')}</dd></div>
        <div><dt>{t('dashboard.card.toDate')}</dt><dd className="num" data-testid="to-date">{figure.text.toDate}</dd></div>
        <div><dt>{t('dashboard.card.thisWeek')}</dt><dd className="num">{figure.text.thisWeek}</dd></div>
      </dl>
      <p className="muted indicator-uom">{t('common.unitOfMeasure')}: {figure.unitOfMeasure}</p>
    </article>
  );
}

function AsOfForm({ value, onApply }: { value: string; onApply: (text: string) => void }) {
  const { t } = useLanguage();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    try {
      onApply(formatDate(parseDate(text.trim())));
      setError(null);
    } catch {
      setError(t('common.invalidDate'));
    }
  }
  return (
    <form className="asof-form" onSubmit={submit}>
      {/* The error goes under the field and its button both, on a line of its own. */}
      <Field label={t('common.asOf')} invalid={error !== null} describedBy={error ? errorId : undefined}>
        {(control) => (
          <input {...control} value={text} onChange={(e) => setText(e.target.value)} inputMode="numeric" placeholder={t('common.dateHint')} size={11} />
        )}
      </Field>
      <button type="submit" className="button">{t('dashboard.apply')}</button>
      {error && <p id={errorId} className="field-error" role="alert">{error}</p>}
    </form>
  );
}

/** Says that the figures follow the submissions as they come in (or that the stream is back soon). */
function LiveIndicator({ state }: { state: LiveState }) {
  const { t } = useLanguage();
  if (state === 'off' || state === 'connecting') return null;
  return (
    <p className={`live-indicator live-${state}`} role="status" data-testid="live-indicator">
      <span className="live-dot" aria-hidden="true" />
      {state === 'live' ? t('dashboard.live') : t('dashboard.live.reconnecting')}
    </p>
  );
}

/** Which children are listed: all of them, or those of one unit group (the address keeps it). */
function GroupFilter({ value, groups, onChange }: {
  value: string | undefined; groups: ProgressResponse['unitGroups']; onChange: (group: string | undefined) => void;
}) {
  const { t, language } = useLanguage();
  if (groups.length === 0) return null;
  return (
    <Field label={t('dashboard.group')} className="group-filter">
      {(control) => (
        <select {...control} name="group" value={value ?? ''} data-testid="group-filter" onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t('dashboard.group.all')}</option>
          {groups.map((g) => <option key={g.code} value={g.code}>{language === 'en' ? g.nameEn ?? g.name : g.name}</option>)}
        </select>
      )}
    </Field>
  );
}

/** The campaign whole, or one of its programmes (only its indicators, and its activities). */
function ProgrammeFilter({ value, programmes, onChange }: {
  value: string | undefined; programmes: ProgressResponse['programmes']; onChange: (programme: string | undefined) => void;
}) {
  const { t } = useLanguage();
  if (programmes.length === 0) return null;
  return (
    <Field label={t('dashboard.programme')} className="group-filter">
      {(control) => (
        <select {...control} name="programme" value={value ?? ''} data-testid="programme-filter" onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t('dashboard.programme.all')}</option>
          {programmes.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
        </select>
      )}
    </Field>
  );
}

/**
 * Under which structure the units below are listed, once the structure has changed since the
 * campaign began: the campaign's own ("Theo đơn vị năm 2023") or today's ("Theo đơn vị hiện
 * nay"), each row then the sum of the units it continues.
 */
function StructureSwitch({ year, regrouped, latest, onChange }: {
  year: string; regrouped: boolean; latest: { iso: string; text: string } | null; onChange: (regrouped: boolean) => void;
}) {
  const { t } = useLanguage();
  const name = useId();
  return (
    <fieldset className="structure-switch" data-testid="structure-switch">
      <legend>{t('dashboard.regroup.legend')}</legend>
      <label><input type="radio" name={name} checked={!regrouped} onChange={() => onChange(false)} /> {t('dashboard.regroup.own', { year })}</label>
      <label>
        <input type="radio" name={name} checked={regrouped} onChange={() => onChange(true)} />{' '}
        {latest ? t('dashboard.regroup.from', { date: latest.text }) : t('dashboard.regroup.today')}
      </label>
    </fieldset>
  );
}

function Breadcrumb({ campaign, ancestors, current, asOf }: {
  campaign: string; ancestors: readonly { code: string; name: string }[]; current: string; asOf: string | undefined;
}) {
  const { t } = useLanguage();
  if (ancestors.length === 0) return null;
  return (
    <nav aria-label={t('dashboard.breadcrumb')} className="breadcrumb">
      <ol>
        {ancestors.map((a) => <li key={a.code}><Link href={paths.dashboard(campaign, a.code, { asOf })}>{a.name}</Link></li>)}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

export function DashboardPage() {
  const { campaign, unit } = useParams<{ campaign: string; unit: string }>();
  const search = new URLSearchParams(useSearch());
  const asOf = search.get('asOf') ?? undefined;
  const group = search.get('group') || undefined;
  // The day whose structure the rows are regrouped under (YYYY-MM-DD); absent: the campaign's own.
  const regroup = search.get('regroup') || undefined;
  const programme = search.get('programme') || undefined;
  const { t, language } = useLanguage();
  const { session, can, campaigns, today, timingOf } = useSession();
  const [, navigate] = useLocation();
  const [chosen, setChosen] = useState<string | null>(null);

  // No day asked for: a running campaign opens on now, a finished one on its last day, a coming one on its first.
  const summary = campaigns.find((c) => c.code === campaign);
  const timing = timingOf(campaign);
  const opening = summary && today !== null
    ? openingAsOf({ code: summary.code, startDate: summary.startDate?.iso ?? null, endDate: summary.endDate?.iso ?? null }, today)
    : null;
  const shownAsOf = asOf ?? (opening === null ? undefined : formatDate(opening));
  const progress = useLoad(() => api.progress(campaign, unit, { asOf: shownAsOf, group, regroupAsOf: regroup, programme }), [campaign, unit, shownAsOf, group, regroup, programme, language]);
  const place = useLoad(() => api.unit(unit), [unit, language]);
  // "Now" follows every submission below the unit as it comes in; a chosen date stays as it was.
  // Each change heard also reloads the activities' totals (their own request, after the figures).
  const [changes, setChanges] = useState(0);
  const live = useLiveChanges(shownAsOf === undefined ? api.progressEventsUrl(campaign, unit) : null, () => { progress.refresh(); setChanges((n) => n + 1); });
  const data = progress.data;
  // The cards are painted first; the chart, the map and the children's table (67 rows under the
  // centre) in a render just after, which React does not let hold back the cards' paint.
  const drawn = useDeferredValue(data !== null);
  usePageTitle(data ? t('title.dashboard', { unit: data.unit.unit.name }) : t('nav.dashboard'));
  const indicator = data?.unit.indicators.find((i) => i.code === chosen) ?? data?.unit.indicators[0] ?? null;
  const trend = data && indicator ? data.trend.indicators.find((s) => s.code === indicator.code) : undefined;
  const trendLabels = useMemo(() => ({
    thisWeek: t('dashboard.trend.thisWeek'), toDate: t('dashboard.trend.toDate'), target: t('dashboard.trend.target'), week: t('common.week'),
  }), [t]);

  if (progress.error) return <ErrorNotice error={progress.error} onRetry={progress.reload} />;
  // A programme without indicators of its own: its activities only.
  if (data && data.unit.indicators.length === 0) {
    return (
      <div className="dashboard">
        <h1>{data.unit.unit.name}</h1>
        <ProgrammeFilter value={programme} programmes={data.programmes} onChange={(next) => navigate(paths.dashboard(campaign, unit, { asOf, group, regroup, programme: next }))} />
        <p className="muted" data-testid="programme-no-indicators">{t('dashboard.programme.noIndicators', { programme: data.programme?.name ?? '' })}</p>
        <Suspense fallback={null}>
          <DashboardActivities campaign={campaign} unit={unit} asOf={shownAsOf} programme={programme} version={changes} />
        </Suspense>
      </div>
    );
  }
  if (!data || !indicator) return <Loading />;

  // A child's dashboard keeps the day and the unit group chosen here; a regrouped row is several units, with no one dashboard.
  const regrouped = data.regroup !== null;
  const hrefOf = regrouped ? null : (code: string) => paths.dashboard(campaign, code, { asOf, group, programme });
  const isOwn = session?.unit.code === data.unit.unit.code;
  const mayReport = can('report.write') && (session?.user.role !== 'reporter' || isOwn);
  // Sent this week, whatever the review said since (a returned report was sent, and still counts).
  const submitted = data.children.filter((c) => c.reportStatus !== 'missing' && c.reportStatus !== 'draft').length;
  const approved = data.children.filter((c) => c.reportStatus === 'approved').length;
  const week = data.week?.week;
  // The map's tiles are the provinces of one structure: the campaign's own.
  const onMap = data.unit.unit.level === 'central' && !regrouped;

  return (
    <div className="dashboard">
      <Breadcrumb campaign={campaign} ancestors={place.data?.ancestors ?? []} current={data.unit.unit.name} asOf={asOf} />
      <header className="page-header">
        <h1>{data.unit.unit.name}</h1>
        <p className="muted">{data.campaign.name}</p>
        <p className="dashboard-when">
          {t('dashboard.asOfLine', { date: data.asOf?.text ?? '' })}
          {' · '}
          {data.week ? t('dashboard.weekLine', { week: data.week.week.slice(6), start: data.week.start, end: data.week.end }) : t('dashboard.beforeCampaign')}
          {' · '}
          {t('dashboard.elapsed', { share: data.elapsedShareText })}
        </p>
        {timing === 'finished' && summary?.endDate && asOf === undefined && (
          <p className="dashboard-timing" data-testid="campaign-timing">{t('dashboard.finishedNote', { end: summary.endDate.text })}</p>
        )}
        {timing === 'coming' && summary?.startDate && (
          <p className="dashboard-timing" data-testid="campaign-timing">{t('dashboard.comingNote', { start: summary.startDate.text })}</p>
        )}
        <LiveIndicator state={live} />
      </header>

      <div className="toolbar">
        <AsOfForm key={data.asOf?.text} value={data.asOf?.text ?? ''} onApply={(text) => navigate(paths.dashboard(campaign, unit, { asOf: text, group, programme }))} />
        <GroupFilter value={group} groups={data.unitGroups} onChange={(next) => navigate(paths.dashboard(campaign, unit, { asOf, group: next, regroup, programme }))} />
        <ProgrammeFilter value={programme} programmes={data.programmes} onChange={(next) => navigate(paths.dashboard(campaign, unit, { asOf, group, regroup, programme: next }))} />
        {(data.structureChangedOn || regrouped) && today !== null && (() => {
          // Today's units; a structure that takes effect later than today is named by its date.
          const latest = data.structureChangedOn && data.structureChangedOn.iso > today ? data.structureChangedOn : null;
          return (
            // The address says at once what was chosen; the rows follow when they have loaded.
            <StructureSwitch year={data.campaign.startDate?.iso.slice(0, 4) ?? ''} regrouped={regroup !== undefined} latest={latest}
              onChange={(next) => navigate(paths.dashboard(campaign, unit, { asOf, group, regroup: next ? latest?.iso ?? today : undefined }))} />
          );
        })()}
      </div>

      <section aria-labelledby="cards-heading">
        <h2 id="cards-heading" className="visually-hidden">{t('dashboard.cards')}</h2>
        <div className="indicator-grid">
          {data.unit.indicators.map((f) => <IndicatorCard key={f.code} figure={f} elapsedShare={data.elapsedShare} />)}
        </div>
      </section>

      {/* After the figures: on a phone the first card comes before any button. */}
      <p className="dashboard-links">
        {mayReport && <Link className="button" href={paths.report(campaign, unit)}>{t('dashboard.openReport')}</Link>}
        <Link className="button" href={paths.targets(campaign, unit)}>{t('dashboard.openTargets')}</Link>
        {can('report.review') && <Link className="button" href={paths.quality(campaign, unit)}>{t('dashboard.openQuality')}</Link>}
        {mayReport && <Link className="button" href={paths.imports(campaign, unit, week)}>{t('imports.link')}</Link>}
        {week && <Link className="button" href={paths.progressReport(campaign, unit, week)}>{t('notice.weeklyReportLink')}</Link>}
      </p>

      <Field label={t('dashboard.indicatorPicker')} className="indicator-picker">
        {(control) => (
          <select {...control} value={indicator.code} onChange={(e) => setChosen(e.target.value)}>
            {data.unit.indicators.map((i) => <option key={i.code} value={i.code}>{i.name}</option>)}
          </select>
        )}
      </Field>

      {drawn && <>
        <div className={onMap ? 'dashboard-visuals with-map' : 'dashboard-visuals'}>
          <section className="card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{t('dashboard.trend', { indicator: indicator.name })}</h2>
            {data.trend.weeks.length === 0 || !trend ? <p className="muted">{t('dashboard.trend.empty')}</p> : (
              <>
                <ul className="trend-legend" aria-hidden="true">
                  <li className="trend-key-toDate">{t('dashboard.trend.toDate')}</li>
                  <li className="trend-key-thisWeek">{t('dashboard.trend.thisWeek')}</li>
                  {indicator.target !== null && <li className="trend-key-target">{t('dashboard.trend.target')}: {indicator.text.target}</li>}
                </ul>
                <Suspense fallback={<div className="trend-chart" />}>
                  <TrendChart weeks={data.trend.weeks} thisWeek={trend.thisWeek} toDate={trend.toDate} target={indicator.target} labels={trendLabels} />
                </Suspense>
                <details className="trend-table">
                  <summary>{t('dashboard.trend.tableCaption')}</summary>
                  <div className="table-scroll">
                    <table>
                      <thead><tr><th scope="col">{t('common.week')}</th><th scope="col" className="num">{t('dashboard.trend.thisWeek')}</th><th scope="col" className="num">{t('dashboard.trend.toDate')}</th></tr></thead>
                      <tbody>
                        {data.trend.weeks.map((w, index) => (
                          <tr key={w.week}>
                            <th scope="row">{w.week.slice(6)} ({w.start} – {w.end})</th>
                            <td className="num">{showFigure(trend.thisWeek[index], 2)}</td>
                            <td className="num">{showFigure(trend.toDate[index], 2)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              </>
            )}
          </section>
          {onMap && (
            <section className="card" aria-labelledby="map-heading" data-testid="vietnam-map">
              <h2 id="map-heading">{t('dashboard.map', { indicator: indicator.name })}</h2>
              <Suspense fallback={null}>
                <VietnamTileMap
                  indicatorName={indicator.name}
                  onOpen={(code) => { if (hrefOf) navigate(hrefOf(code)); }}
                  tiles={data.children.map((c) => {
                    const f = c.indicators.find((i) => i.code === indicator.code);
                    return { code: c.unit.code, name: c.unit.name, achievement: f?.achievement ?? null, text: f?.text.achievement ?? t('common.none'), status: f?.status ?? null };
                  })}
                />
              </Suspense>
            </section>
          )}
        </div>

        <Suspense fallback={null}>
          <DashboardActivities campaign={campaign} unit={unit} asOf={shownAsOf} programme={programme} version={changes} />
        </Suspense>

        <section aria-labelledby="children-heading">
          <h2 id="children-heading">{t('dashboard.children')}</h2>
          <p className="actions">
            <DownloadButton href={api.progressXlsxUrl(campaign, unit, data.asOf?.iso, data.group?.code, data.regroup?.asOf.iso)} testId="progress-xlsx">{t('download.xlsx')}</DownloadButton>
          </p>
          {data.regroup && (
            <p className="notice notice-info" role="status" data-testid="regroup-note">
              {t('dashboard.regroup.note', { date: data.regroup.asOf.text })}
              {data.regroup.unmatched.length > 0 && <> {t('dashboard.regroup.unmatched', { units: data.regroup.unmatched.map((u) => u.name).join(', ') })}</>}
            </p>
          )}
          {data.group && (
            <p className="notice notice-info" role="status" data-testid="group-filter-note">
              {data.group.text} {t('dashboard.group.totalNote')}{' '}
              <Link href={paths.dashboard(campaign, unit, { asOf })}>{t('dashboard.group.clear')}</Link>
            </p>
          )}
          {data.children.length === 0 ? <p className="muted">{t(data.group ? 'dashboard.group.none' : 'dashboard.children.none')}</p> : (
            <>
              {!regrouped && <p className="muted">
                {t('dashboard.children.summary', { submitted, total: data.children.length })}
                {' · '}
                {t('dashboard.children.approved', { approved })}
                {' · '}
                {t('dashboard.children.count', { count: data.children.length })}
              </p>}
              <ChildrenTable children={data.children} indicators={data.unit.indicators} focus={indicator.code} hrefOf={hrefOf}
                reportHrefOf={week && !regrouped ? (code) => paths.report(campaign, code, week) : undefined} />
            </>
          )}
        </section>
      </>}
    </div>
  );
}
