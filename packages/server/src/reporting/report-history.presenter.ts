/**
 * The history of one report for its page: every entry as `presentAuditEntry` words it,
 * except a figure of an indicator reported to date (số liệu lũy kế), which is stored as the
 * week's increment but was typed, and is read, as a value to date. Its line shows the value
 * to date, as the week stands now (the weeks before as they now stand plus the week's
 * increment), with the increment beside it: "(trống) → 18.900 (lũy kế; tăng trong tuần: 3.893)".
 */
import { displayFromIncrement, formatNumber } from '@giaoban/core';
import type { AuditRow } from '@giaoban/db';
import { presentAuditEntry, type Language } from '../http/index.ts';
import type { ReportView } from './reports.service.ts';

const WORDS = {
  vi: { nothing: '(trống)', toDate: 'lũy kế', week: 'tăng trong tuần' },
  en: { nothing: '(empty)', toDate: 'to date', week: "the week's increase" },
} as const;

export function presentHistoryEntry(row: AuditRow, view: Pick<ReportView, 'indicators'>, lang: Language) {
  const figure = view.indicators.find((i) => i.indicator.code === row.indicatorCode);
  return presentFigureChange(row, figure?.indicator.reportingMode === 'cumulative' ? figure.toDateBefore : undefined, lang);
}

/**
 * An audit entry as `presentAuditEntry` words it, except a figure change of an indicator
 * reported to date, given the unit's total over the weeks before (`toDateBefore`; undefined:
 * the indicator is not reported to date): its line shows the values to date and the increment.
 * Shared by the report's history and the audit search.
 */
export function presentFigureChange(row: AuditRow, toDateBefore: number | undefined, lang: Language) {
  const entry = presentAuditEntry(row, lang);
  if (row.action !== 'report.value' || toDateBefore === undefined) return entry;
  const words = WORDS[lang];
  const increment = (v: unknown) => (typeof v === 'number' ? formatNumber(v, 4) : words.nothing);
  const toDate = (v: unknown) => (typeof v === 'number' ? formatNumber(displayFromIncrement('cumulative', v, toDateBefore), 4) : words.nothing);
  const week = row.oldValue === null || row.oldValue === undefined ? increment(row.newValue) : `${increment(row.oldValue)} → ${increment(row.newValue)}`;
  return { ...entry, summary: `${toDate(row.oldValue)} → ${toDate(row.newValue)} (${words.toDate}; ${words.week}: ${week})` };
}
