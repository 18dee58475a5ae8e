/** Activity records and totals as the API answers them, in the user's language. */
import {
  ACTIVITY_KIND_LABELS, FOLLOW_UP_STATES, FUNDING_SOURCES, LINKAGE_KINDS, PRESS_CHANNELS, WORK_STATES, activitySentences, describeCountRule, formatNumber, isActivityKind,
  moneyInWords, type ActivityTotals, type CountRule,
} from '@giaoban/core';
import type { ActivityRecordRow, UnitRow, WorkKindRow } from '@giaoban/db';
import { presentDate, presentInstant, type Language } from '../http/index.ts';
import type { ActivitySetup } from './activities.service.ts';

type Labels = Readonly<Record<string, { readonly vi: string; readonly en: string }>>;
const labelOf = (labels: Labels, code: string | null | undefined, lang: Language) => (code && labels[code] ? labels[code][lang] : code ?? '');

export function presentActivitySetup(setup: ActivitySetup, lang: Language) {
  return {
    campaign: setup.campaign.code,
    kinds: Object.entries(ACTIVITY_KIND_LABELS).map(([code, l]) => ({ code, label: l[lang] })),
    workKinds: setup.workKinds.map((k) => ({ code: k.code, name: k.name })),
    programmes: setup.programmes.map((p) => ({
      code: p.code, name: p.name, startDate: presentDate(p.startDate)!, endDate: presentDate(p.endDate)!,
      indicators: setup.campaign.indicators.filter((i) => i.programmeId === p.id).map((i) => i.code),
    })),
    focusAreas: setup.focusAreas.map((f) => ({ code: f.code, name: f.name, kind: f.kind, place: f.place, unit: { code: f.unitCode, name: f.unitName } })),
    indicators: setup.campaign.indicators.map((i) => ({
      code: i.code, name: i.name, valueKind: i.valueKind, reportingMode: i.reportingMode, countedFrom: presentCountRule(i.countedFrom, setup.workKinds, lang),
      programme: setup.programmes.find((p) => p.id === i.programmeId)?.code ?? null,
    })),
  };
}

/** A rule of counting with its words (null: the indicator is typed). */
export function presentCountRule(rule: CountRule | null | undefined, workKinds: readonly WorkKindRow[], lang: Language) {
  return rule ? { ...rule, text: describeCountRule(rule, workKinds, lang) } : null;
}

/** One line a list shows of a record: its name and what matters of it. */
function summaryOf(r: ActivityRecordRow, setup: ActivitySetup, lang: Language): string {
  const f = r.fields as Readonly<Record<string, unknown>>;
  const text = (key: string) => (typeof f[key] === 'string' ? (f[key] as string) : '');
  const parts: string[] = [];
  switch (r.kind) {
    case 'work':
      parts.push(text('name'), setup.workKinds.find((k) => k.code === r.workKind)?.name ?? r.workKind ?? '', moneyInWords(r.value), labelOf(WORK_STATES, r.state, lang));
      break;
    case 'team':
      parts.push(text('name'), text('field'), `${formatNumber(r.members)} ${lang === 'en' ? 'members' : 'thành viên'}`);
      break;
    case 'model':
      parts.push(text('title'));
      break;
    case 'press':
      parts.push(text('title'), text('outlet'), labelOf(PRESS_CHANNELS, r.channel, lang));
      break;
    case 'inspection':
      parts.push(text('team'), labelOf(FOLLOW_UP_STATES, r.followUp, lang));
      break;
    case 'linkage':
      parts.push(labelOf(LINKAGE_KINDS, r.linkKind, lang), [r.unitCode, ...r.partnerCodes].join(' – '), text('description'));
      break;
  }
  return parts.filter((p) => p !== '').join(' · ');
}

export function presentActivity(r: ActivityRecordRow, setup: ActivitySetup, lang: Language) {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: isActivityKind(r.kind) ? ACTIVITY_KIND_LABELS[r.kind][lang] : r.kind,
    unit: { code: r.unitCode, name: r.unitName },
    programme: r.programmeCode,
    fields: r.fields as Record<string, unknown>,
    date: presentDate(r.date),
    summary: summaryOf(r, setup, lang),
    onBehalf: r.onBehalfBy !== null,
    photoCount: r.photoCount,
    photos: r.photos.map((photo) => {
      const url = `/api/v1/campaigns/${encodeURIComponent(setup.campaign.code)}/units/${encodeURIComponent(r.unitCode)}/activities/${r.id}/photos/${photo.id}`;
      return { id: photo.id, width: photo.width, height: photo.height, url, displayUrl: `${url}?size=display` };
    }),
    version: r.version,
    createdAt: presentInstant(r.createdAt),
    updatedAt: presentInstant(r.updatedAt),
  };
}

export function presentActivityTotals(view: { setup: ActivitySetup; unit: UnitRow; totals: ActivityTotals; asOf: string }, lang: Language) {
  const { totals: t, setup } = view;
  const entries = <V>(labels: Labels, values: Readonly<Record<string, V>>) => Object.keys(labels).map((code) => ({ code, label: labels[code]![lang], value: values[code]! }));
  return {
    unit: { code: view.unit.code, name: view.unit.name },
    asOf: presentDate(view.asOf)!,
    works: {
      count: t.works.count, value: t.works.value, valueText: moneyInWords(t.works.value),
      byState: entries(WORK_STATES, t.works.byState).map((e) => ({ code: e.code, label: e.label, count: e.value })),
      byKind: t.works.byKind.map((k) => ({ ...k, name: setup.workKinds.find((w) => w.code === k.code)?.name ?? k.code })),
      byFunding: entries(FUNDING_SOURCES, t.works.valueByFunding).map((e) => ({ code: e.code, label: e.label, value: e.value, valueText: moneyInWords(e.value) })),
    },
    teams: { ...t.teams },
    models: { ...t.models },
    press: { count: t.press.count, reach: t.press.reach, views: t.press.views, byChannel: entries(PRESS_CHANNELS, t.press.byChannel).map((e) => ({ code: e.code, label: e.label, ...e.value })) },
    inspections: { ...t.inspections },
    linkages: { count: t.linkages.count, byKind: entries(LINKAGE_KINDS, t.linkages.byKind).map((e) => ({ code: e.code, label: e.label, count: e.value })) },
    focusAreas: t.focusAreas && { ...t.focusAreas, text: `${t.focusAreas.covered}/${t.focusAreas.total}` },
    sentences: activitySentences(t, { asOf: view.asOf }),
  };
}
