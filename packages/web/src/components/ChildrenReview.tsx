/**
 * Review from the list (the data-quality page): a child's report figures open in its row, so
 * a manager of the parent approves several reports without opening each one. A report whose
 * figures were displayed here is reported to the server (at the version displayed) and
 * counts as viewed, as opening it would; the server marks only what it is told was shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, NetworkError, type ChildrenReportsResponse } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import './ChildrenReview.css';

type Child = ChildrenReportsResponse['children'][number];

export interface ChildrenReview {
  /** The children's reports with their figures, once asked for (null before, or while loading). */
  readonly reports: ReadonlyMap<string, Child> | null;
  readonly loading: boolean;
  readonly error: string | null;
  /** Loads the figures (once). */
  load(): void;
  /** The row of `unit` now displays its figures: it counts as viewed (sent together with the others shown now). */
  shown(unit: string): void;
  /** Units whose reports count as viewed by this reviewer, as the server said. */
  readonly viewed: ReadonlySet<string>;
}

/** The review state of one week's children (the figures, and what was shown). */
export function useChildrenReview(campaign: string, parent: string, period: string, onViewed?: () => void): ChildrenReview {
  const { t } = useLanguage();
  const [reports, setReports] = useState<ReadonlyMap<string, Child> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [viewed, setViewed] = useState<ReadonlySet<string>>(new Set());
  const queued = useRef(new Set<string>());
  const sent = useRef(new Set<string>());
  const latest = useRef(reports);
  latest.current = reports;
  const reportsOf = useRef(onViewed);
  reportsOf.current = onViewed;

  const message = useCallback((e: unknown) => (e instanceof ApiError ? e.message : e instanceof NetworkError ? t('error.network') : String(e)), [t]);

  const load = useCallback(() => {
    if (latest.current || loading) return;
    setLoading(true);
    setError(null);
    api.childrenReports(campaign, parent, period).then((answer) => {
      setReports(new Map(answer.children.map((c) => [c.unit.code, c])));
      setViewed(new Set(answer.children.filter((c) => c.viewed).map((c) => c.unit.code)));
    }, (e: unknown) => setError(message(e))).finally(() => setLoading(false));
  }, [campaign, parent, period, loading, message]);

  // What the rows displayed in one render goes in one request.
  const flush = useCallback(() => {
    const all = latest.current;
    if (!all) return;
    const shownNow = [...queued.current].flatMap((code) => {
      const c = all.get(code);
      return c && c.status === 'submitted' && !c.viewed && !sent.current.has(code) ? [{ unit: code, version: c.version }] : [];
    });
    queued.current.clear();
    if (shownNow.length === 0) return;
    for (const s of shownNow) sent.current.add(s.unit);
    api.childrenViewed(campaign, parent, period, shownNow).then((answer) => {
      setViewed((before) => new Set([...before, ...answer.viewed]));
      if (answer.viewed.length > 0) reportsOf.current?.();
    }, (e: unknown) => {
      for (const s of shownNow) sent.current.delete(s.unit);
      setError(message(e));
    });
  }, [campaign, parent, period, message]);

  const shown = useCallback((unit: string) => {
    if (queued.current.size === 0) setTimeout(flush, 0);
    queued.current.add(unit);
  }, [flush]);

  return { reports, loading, error, load, shown, viewed };
}

/** One child's figures, shown in its row; displaying them tells `review` so. */
export function ChildFigures({ unit, unitName, review }: { unit: string; unitName: string; review: ChildrenReview }) {
  const { t } = useLanguage();
  const report = review.reports?.get(unit) ?? null;
  const { shown } = review;
  useEffect(() => { if (report) shown(unit); }, [report, unit, shown]);
  if (!review.reports) {
    return review.error ? <p className="field-error" role="alert">{t('review.failed', { message: review.error })}</p>
      : <p className="muted" aria-busy="true">{t('review.loading')}</p>;
  }
  if (!report) return <p className="muted">{t('review.none')}</p>;
  const none = t('common.none');
  return (
    <div className="child-figures" data-testid={`child-figures-${unit}`}>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('review.caption', { unit: unitName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('review.col.indicator')}</th>
              <th scope="col" className="num">{t('review.col.week')}</th>
              <th scope="col" className="num">{t('review.col.toDate')}</th>
              <th scope="col" className="num">{t('review.col.target')}</th>
              <th scope="col" className="num">{t('review.col.achievement')}</th>
            </tr>
          </thead>
          <tbody>
            {report.figures.map((f) => (
              <tr key={f.code}>
                <th scope="row">{f.name} <span className="muted">({f.unitOfMeasure})</span></th>
                <td className="num">{f.text.entered ?? none}</td>
                <td className="num">{f.text.toDate}</td>
                <td className="num">{f.text.target ?? none}</td>
                <td className="num">{f.text.achievement ?? none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.flags.length > 0 && (
        <ul className="child-figures-flags">
          {report.flags.map((f) => (
            <li key={f.code}>
              <strong>{t('review.flag', { name: f.name, message: f.message })}</strong>{' '}
              {f.explanation ? t('review.explanation', { text: f.explanation }) : <span className="muted">{t('review.noExplanation')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "nhập thay" beside a time that is when the report reached the level above. */
export function OnBehalfMark() {
  const { t } = useLanguage();
  return <span className="on-behalf-mark" title={t('onBehalf.markTitle')} data-testid="on-behalf-mark">{t('onBehalf.mark')}</span>;
}
