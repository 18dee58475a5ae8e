/**
 * Which campaign the first screen opens on, and as of which day: a running campaign as of
 * today, a finished one as of its last day, a coming one as of its first day. Pure: today
 * (the server's day in Hà Nội, yyyy-mm-dd) and the user's remembered choice come in as
 * arguments.
 */

export type CampaignTiming = 'running' | 'coming' | 'finished';

/** What the choice needs of a campaign: its code and its dates (yyyy-mm-dd; null when unknown). */
export interface DatedCampaign {
  readonly code: string;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

/**
 * Where a campaign stands on `today`: running from its first to its last day, both included;
 * a campaign without a date on one side is open on that side.
 * @example campaignTiming({ code: 'he-2023', startDate: '2023-05-27', endDate: '2023-08-31' }, '2023-09-01') // 'finished'
 */
export function campaignTiming(campaign: DatedCampaign, today: string): CampaignTiming {
  if (campaign.endDate !== null && today > campaign.endDate) return 'finished';
  if (campaign.startDate !== null && today < campaign.startDate) return 'coming';
  return 'running';
}

/**
 * The campaign the first screen opens on. The user's own choice (remembered) wins while it is
 * still listed; else the running campaign that started last; else the next one to start; else
 * the one that ended last. Null when there is no campaign.
 * @example chooseCampaign([{ code: 'a', startDate: '2023-01-01', endDate: '2023-03-31' }], '2023-07-06', null) // 'a'
 */
export function chooseCampaign(campaigns: readonly DatedCampaign[], today: string, remembered: string | null): string | null {
  if (remembered !== null && campaigns.some((c) => c.code === remembered)) return remembered;
  const of = (timing: CampaignTiming) => campaigns.filter((c) => campaignTiming(c, today) === timing);
  // Ties keep the list's order, so the answer does not depend on how the sort breaks them.
  const best = (list: readonly DatedCampaign[], better: (a: DatedCampaign, b: DatedCampaign) => boolean) =>
    list.reduce<DatedCampaign | null>((found, c) => (found === null || better(c, found) ? c : found), null);
  const running = best(of('running'), (a, b) => (a.startDate ?? '') > (b.startDate ?? ''));
  if (running) return running.code;
  const coming = best(of('coming'), (a, b) => (a.startDate ?? '') < (b.startDate ?? ''));
  if (coming) return coming.code;
  return best(of('finished'), (a, b) => (a.endDate ?? '') > (b.endDate ?? ''))?.code ?? null;
}

/**
 * The day a campaign's dashboard opens on when no day was asked for: today while it runs
 * (null: "now", following the submissions live), its last day once it has ended, its first
 * day before it starts.
 * @example openingAsOf({ code: 'he-2023', startDate: '2023-05-27', endDate: '2023-08-31' }, '2026-12-03') // '2023-08-31'
 */
export function openingAsOf(campaign: DatedCampaign, today: string): string | null {
  const timing = campaignTiming(campaign, today);
  if (timing === 'finished') return campaign.endDate;
  if (timing === 'coming') return campaign.startDate;
  return null;
}
