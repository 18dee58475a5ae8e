/** Request pieces shared by several routes, and the presenters of shared shapes. */
import { z } from 'zod';
import { REPORT_STATE_LABELS, UNIT_LEVEL_LABELS, formatDate, formatNumber, isReportState, localDateOf, localDateTimeOf, parseDate, receivedAtText } from '@giaoban/core';
import type { AuditRow, UnitRow } from '@giaoban/db';
import type { Language } from './language.ts';
import type { ReportRef, UnitRef } from '../infra/index.ts';

export const unitCodeParam = z.string().min(1).max(32);
export const campaignCodeParam = z.string().min(1).max(64);
export const langQuery = z.enum(['vi', 'en']).optional();

/** What a route's address names, as the use cases take it: the campaign and unit (and week) of `:campaignCode/units/:unitCode(/…/:period)`. */
export function unitRefOf(params: { readonly campaignCode: string; readonly unitCode: string }): UnitRef {
  return { campaign: params.campaignCode, unit: params.unitCode };
}
export function reportRefOf(params: { readonly campaignCode: string; readonly unitCode: string; readonly period: string }): ReportRef {
  return { campaign: params.campaignCode, unit: params.unitCode, period: params.period };
}

/** A date typed either way (02/07/2023 or 2023-07-02); today in Asia/Ho_Chi_Minh when absent. */
export const asOfQuery = z.string().max(10).optional();
export function resolveAsOf(raw: string | undefined, now: Date): string {
  return raw ? parseDate(raw, 'asOf') : localDateOf(now);
}

/** A figure as typed: a JSON number, or text written the Vietnamese way ("1.791"); null clears it. */
// Long enough for any figure a person types, however wrong (a huge one is refused by the reader, quoted as typed).
export const figureInput = z.union([z.number(), z.string().max(200), z.null()]);

export function presentUnit(u: UnitRow) {
  return {
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    level: u.level,
    levelLabel: UNIT_LEVEL_LABELS[u.level],
    tags: [...u.tags],
    region: u.region,
    validFrom: u.validFrom,
    validTo: u.validTo,
  };
}

export function presentDate(d: string | null): { iso: string; text: string } | null {
  return d ? { iso: d, text: formatDate(d) } : null;
}

/** An instant for people: "dd/mm/yyyy HH:mm" in Asia/Ho_Chi_Minh, beside the ISO form. */
export function presentInstant(iso: string | Date): { iso: string; text: string } {
  const at = typeof iso === 'string' ? new Date(iso).toISOString() : iso.toISOString();
  const { date, time } = localDateTimeOf(at);
  return { iso: at, text: `${formatDate(date)} ${time}` };
}

const NOTHING = { vi: '(trống)', en: '(empty)' } as const;

function auditValueText(value: unknown, lang: Language): string {
  if (value === null || value === undefined) return NOTHING[lang];
  if (typeof value === 'number') return formatNumber(value, 4);
  if (isReportState(value)) return REPORT_STATE_LABELS[value][lang];
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const ON_BEHALF = { vi: 'nhập thay · nhận lúc', en: 'entered on behalf · received at' } as const;

/** An entry on behalf in words: "nhập thay · nhận lúc 14:30 ngày 05/07/2023". */
function onBehalfText(value: unknown, lang: Language): string {
  const receivedAt = typeof value === 'object' && value !== null ? (value as { receivedAt?: unknown }).receivedAt : null;
  return typeof receivedAt === 'string' ? `${ON_BEHALF[lang]} ${receivedAtText(receivedAt)[lang]}` : ON_BEHALF[lang];
}

/** One audit entry, with the change in words ("đã gửi → đã duyệt", "1.200 → 1.350", "nhập thay · nhận lúc …"). */
export function presentAuditEntry(row: AuditRow, lang: Language) {
  return {
    id: row.id,
    at: presentInstant(row.at),
    user: row.username === null ? null : { username: row.username, displayName: row.userDisplayName ?? row.username },
    ip: row.ip,
    action: row.action,
    campaign: row.campaignCode,
    unit: row.unitCode === null ? null : { code: row.unitCode, name: row.unitName ?? row.unitCode },
    period: row.period,
    indicator: row.indicatorCode === null ? null : { code: row.indicatorCode, name: row.indicatorName ?? row.indicatorCode },
    oldValue: row.oldValue,
    newValue: row.newValue,
    summary: row.action === 'report.on_behalf' ? onBehalfText(row.newValue, lang) : `${auditValueText(row.oldValue, lang)} → ${auditValueText(row.newValue, lang)}`,
    reason: row.reason,
  };
}
