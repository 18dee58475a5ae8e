/** The progress of a unit as the API (and the CLI's --json) shows it. */
import { formatDate, formatPercent } from '@giaoban/core';
import { presentGroupFilter, presentUnitGroup } from '../planning/index.ts';
import { presentDate, presentUnit } from '../http/index.ts';
import type { IndicatorProgress, ProgressView, UnitProgress } from './progress.service.ts';
import type { RegroupedProgressView, RegroupedRow } from './regroup.service.ts';

/** One indicator's line: target, this week, to date, achievement and status, with their texts. */
export function presentIndicatorProgress(i: IndicatorProgress) {
  return {
    code: i.indicator.code,
    name: i.indicator.name,
    unitOfMeasure: i.indicator.unitOfMeasure,
    target: i.target,
    thisWeek: i.thisWeek,
    toDate: i.toDate,
    achievement: i.achievement,
    status: i.status,
    text: i.text,
  };
}

/**
 * A child's line of the table and the map: what they show (achievement, status and its
 * text) and nothing more. A national dashboard has 67 of them × 11 indicators: names,
 * units of measure and every other figure are the unit's own cards' business (issue 18,
 * "the dashboard's JSON carries only what the page shows").
 */
function presentChildProgress(p: UnitProgress | RegroupedRow) {
  return {
    unit: { code: p.unit.code, name: p.unit.name },
    reportStatus: p.reportStatus,
    hasChildren: p.hasChildren,
    indicators: p.indicators.map((i) => ({ code: i.indicator.code, achievement: i.achievement, status: i.status, text: { achievement: i.text.achievement } })),
    ...('members' in p ? { members: p.members.map((m) => ({ code: m.code, name: m.name })) } : {}),
  };
}

function presentUnitProgress(p: UnitProgress) {
  return {
    unit: presentUnit(p.unit),
    reportStatus: p.reportStatus,
    hasChildren: p.hasChildren,
    indicators: p.indicators.map(presentIndicatorProgress),
  };
}

/** `structureChangedOn`: the last reorganisation after the campaign began (null: none). */
export function presentProgress(view: ProgressView | RegroupedProgressView, language: 'vi' | 'en' = 'vi', structureChangedOn: string | null = null) {
  return {
    campaign: { code: view.campaign.code, name: view.campaign.name, startDate: presentDate(view.campaign.startDate), endDate: presentDate(view.campaign.endDate) },
    asOf: presentDate(view.asOf),
    week: view.week && { week: view.week.week, start: formatDate(view.week.start), end: formatDate(view.week.end), partial: view.week.partial },
    elapsedShare: view.elapsedShare,
    elapsedShareText: formatPercent(view.elapsedShare, view.precision),
    precision: view.precision,
    unit: presentUnitProgress(view.unit),
    children: view.children.map(presentChildProgress),
    trend: {
      weeks: view.trend.weeks.map((w) => ({ week: w.week, start: formatDate(w.start), end: formatDate(w.end) })),
      indicators: view.trend.indicators.map((t) => ({ code: t.indicator.code, thisWeek: t.thisWeek, toDate: t.toDate })),
    },
    group: presentGroupFilter(view.group, language),
    unitGroups: view.unitGroups.map(presentUnitGroup),
    programme: view.programme,
    programmes: view.programmes,
    regroup: 'regroupAsOf' in view
      ? { asOf: presentDate(view.regroupAsOf)!, unmatched: view.unmatched.map((u) => ({ code: u.unit.code, name: u.unit.name })) }
      : null,
    structureChangedOn: presentDate(structureChangedOn),
  };
}
