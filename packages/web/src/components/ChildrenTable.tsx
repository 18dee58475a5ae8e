/**
 * The units below, one row each: their report for this week (sent, approved, returned…) and
 * their achievement per indicator, sortable by any column; a row opens that unit's dashboard.
 * On a phone the report's state goes under the unit's name and only the indicator in focus
 * (the one picked for the chart) keeps its column, with its status in words, so name,
 * achievement and status fit without scrolling sideways.
 */
import { useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { ProgressResponse } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { ReportStateBadge, StatusBadge } from './StatusBadge.tsx';

type Child = ProgressResponse['children'][number];
type SortKey = { column: 'name' } | { column: 'report' } | { column: 'indicator'; code: string };
// Most in need of attention first: nothing sent, returned, in draft, awaiting approval, approved.
const REPORT_ORDER = { missing: 0, returned: 1, draft: 2, submitted: 3, approved: 4 } as const;
const collator = new Intl.Collator('vi');

function sortValue(child: Child, key: SortKey): number | string {
  if (key.column === 'name') return child.unit.code;
  if (key.column === 'report') return REPORT_ORDER[child.reportStatus];
  return child.indicators.find((i) => i.code === key.code)?.achievement ?? -1;
}

export function ChildrenTable({ children, indicators, focus, hrefOf, reportHrefOf }: {
  children: readonly Child[];
  indicators: readonly { code: string; name: string }[];
  /** The indicator a phone shows (the others' columns are hidden there). */
  focus: string;
  /**
   * Where a row opens; null for rows regrouped under another date's units (each the sum of
   * several units of the campaign's structure: there is no one unit's dashboard to open, and the
   * report column names those units instead).
   */
  hrefOf: ((unitCode: string) => string) | null;
  /** Where the unit's report of the week opens, when there is a week to open. */
  reportHrefOf?: ((unitCode: string) => string) | undefined;
}) {
  const { t } = useLanguage();
  const [, navigate] = useLocation();
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: { column: 'name' }, descending: false });
  const rows = useMemo(() => {
    const sorted = [...children].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const order = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : Number(x) - Number(y);
      return order !== 0 ? order : collator.compare(a.unit.code, b.unit.code);
    });
    return sort.descending ? sorted.reverse() : sorted;
  }, [children, sort]);

  const same = (key: SortKey) => JSON.stringify(key) === JSON.stringify(sort.key);
  const header = (key: SortKey, label: string, className = '') => {
    const active = same(key);
    return (
      <th scope="col" className={className} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button
          type="button"
          className="sort"
          title={t('dashboard.children.sortBy', { column: label })}
          onClick={() => setSort({ key, descending: active ? !sort.descending : key.column === 'indicator' })}
        >
          {label}{active ? (sort.descending ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };

  return (
    <div className="table-scroll">
      <table className="children-table">
        <caption className="visually-hidden">{t('dashboard.children.count', { count: children.length })}</caption>
        <thead>
          <tr>
            {header({ column: 'name' }, t('common.unit'), 'col-unit')}
            {header({ column: 'report' }, hrefOf ? t('dashboard.children.reportState') : t('dashboard.regroup.members'), 'col-report')}
            {indicators.map((i) => header({ column: 'indicator', code: i.code }, i.name, i.code === focus ? 'num col-focus' : 'num col-other'))}
          </tr>
        </thead>
        <tbody>
          {rows.map((child) => {
            const members = child.members ? <span className="muted">{child.members.map((m) => m.name).join(', ') || t('common.none')}</span> : null;
            const state = members ?? (reportHrefOf ? (
              <Link href={reportHrefOf(child.unit.code)} className="report-state-link"
                aria-label={t('dashboard.children.openReport', { unit: child.unit.name, state: t(`reportStatus.${child.reportStatus}`) })}>
                <ReportStateBadge state={child.reportStatus} />
              </Link>
            ) : <ReportStateBadge state={child.reportStatus} />);
            return (
              <tr key={child.unit.code} className={hrefOf ? 'clickable' : undefined} data-testid="child-row" onClick={(e) => {
                if (hrefOf && !(e.target instanceof Element && e.target.closest('a'))) navigate(hrefOf(child.unit.code));
              }}>
                <th scope="row" className="col-unit">
                  {hrefOf ? <Link href={hrefOf(child.unit.code)}>{child.unit.name}</Link> : child.unit.name}
                  <span className="phone-only">{state}</span>
                </th>
                <td className="col-report">{state}</td>
                {indicators.map((i) => {
                  const figure = child.indicators.find((f) => f.code === i.code);
                  return (
                    <td key={i.code} className={`num status-text-${figure?.status ?? 'none'} ${i.code === focus ? 'col-focus' : 'col-other'}`}>
                      {figure?.text.achievement ?? t('common.none')}
                      {i.code === focus && <span className="phone-only"><StatusBadge status={figure?.status ?? null} /></span>}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
