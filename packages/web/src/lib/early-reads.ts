/**
 * At start, before React has drawn anything and while the session is being asked for: the
 * campaigns, and — when the address is a dashboard — that dashboard's progress and unit, so the
 * first screen waits for one round trip, not three one after another. Each read is the very
 * request the page would make (same address, same day, same cookie); the page takes it once
 * (api/client.ts `once`), so a refusal (403) still shows the refused page, and nothing is
 * shown that the server did not give this user.
 */
import { formatDate } from '@giaoban/core';
import { configureClient, readAhead } from '../api/client.ts';
import { storedLanguage } from '../i18n/language.tsx';
import { openingAsOf } from './campaign-timing.ts';
import { keptSession } from './offline-session.ts';

const DASHBOARD = /^\/dashboard\/([^/]+)\/([^/]+)\/?$/;

/**
 * The day the dashboard will be asked for: the address's `asOf`, else the opening day
 * (DashboardPage: none while the campaign runs, its last day once ended, its first before it
 * starts), read from the campaigns this device last saw; a campaign never seen is taken as
 * running. A wrong guess costs one read, never a wrong figure: the page then asks for its own day.
 */
export function earlyAsOf(campaign: string, search: string): string | undefined {
  const asked = new URLSearchParams(search).get('asOf');
  if (asked !== null) return asked;
  const kept = keptSession();
  const summary = kept?.campaigns.find((c) => c.code === campaign);
  if (!kept || !summary || kept.today === null) return undefined;
  const opening = openingAsOf({ code: summary.code, startDate: summary.startDate?.iso ?? null, endDate: summary.endDate?.iso ?? null }, kept.today);
  return opening === null ? undefined : formatDate(opening);
}

/** Starts the reads the address's first screen needs (called once, before the first render). */
export function startEarlyReads(location: Location): void {
  configureClient({ language: storedLanguage() });
  readAhead.campaigns();
  const match = DASHBOARD.exec(location.pathname);
  if (!match) return;
  const [campaign, unit] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
  readAhead.progress(campaign, unit, { asOf: earlyAsOf(campaign, location.search) });
  readAhead.unit(unit);
}
