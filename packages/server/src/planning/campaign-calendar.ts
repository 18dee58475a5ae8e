/**
 * A campaign's calendar as its rules set it: its weeks, its deadlines (or the defaults) and
 * when each unit's report of a week is due, and its reminder settings.
 */
import {
  DEFAULT_DEADLINES, DEFAULT_REMINDERS, DomainError, campaignWeeks, dueAt, ruleForUnit, type CampaignWeek, type DeadlineRules, type ReminderSettings,
} from '@giaoban/core';
import type { CampaignRow, UnitRow } from '@giaoban/db';

/** The campaign's deadlines, or the defaults when it set none. */
export function deadlinesOf(campaign: Pick<CampaignRow, 'deadlines'>): DeadlineRules {
  return campaign.deadlines ?? DEFAULT_DEADLINES;
}

export function remindersOf(campaign: Pick<CampaignRow, 'reminders'>): ReminderSettings {
  return campaign.reminders ?? DEFAULT_REMINDERS;
}

/** The campaign's week `period`, or an invalid_period error. */
export function campaignWeekOf(campaign: Pick<CampaignRow, 'startDate' | 'endDate'> & { readonly code?: string }, period: string): CampaignWeek {
  const week = campaignWeeks(campaign.startDate, campaign.endDate, campaign.code).find((w) => w.week === period);
  if (!week) {
    throw new DomainError('invalid_period', `Tuần ${period} nằm ngoài thời gian của chiến dịch.`, {
      field: 'period', messageEn: `Week ${period} is outside the campaign's dates.`,
    });
  }
  return week;
}

/**
 * When the unit's report for the week is due (null: the unit is not asked, its level having
 * no rule or its level's rule naming unit groups the unit carries none of).
 */
export function dueAtFor(campaign: Pick<CampaignRow, 'deadlines'>, unit: Pick<UnitRow, 'level' | 'tags'>, week: CampaignWeek): string | null {
  const rule = ruleForUnit(deadlinesOf(campaign), unit);
  return rule ? dueAt(rule, week) : null;
}
