/** Request pieces shared by several routes, and the presenters of shared shapes. */
import { z } from 'zod';
import { UNIT_LEVEL_LABELS, formatDate, localDateOf, parseDate } from '@giaoban/core';
import type { UnitRow } from '@giaoban/db';

export const unitCodeParam = z.string().min(1).max(32);
export const campaignCodeParam = z.string().min(1).max(64);
export const langQuery = z.enum(['vi', 'en']).optional();

/** A date typed either way (02/07/2023 or 2023-07-02); today in Asia/Ho_Chi_Minh when absent. */
export const asOfQuery = z.string().max(10).optional();
export function resolveAsOf(raw: string | undefined, now: Date): string {
  return raw ? parseDate(raw) : localDateOf(now);
}

/** A figure as typed: a JSON number, or text written the Vietnamese way ("1.791"); null clears it. */
export const figureInput = z.union([z.number(), z.string().max(40), z.null()]);

export function presentUnit(u: UnitRow) {
  return {
    code: u.code,
    name: u.name,
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
