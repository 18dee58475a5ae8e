/**
 * Reminders and escalations (issue 4). One pass looks at every campaign week whose deadline
 * stages are due now (core's `dueStages`): units that have not yet reported are reminded
 * before the deadline; after it, the parent's managers get the list of missing children;
 * after a further delay, so does the level above. Every notification carries a dedupe key,
 * so a second pass, a restart or a second server process creates nothing new. Emails are
 * queued in the same rows and sent by `deliverEmails`.
 */
import {
  campaignWeeks, dueAt, dueStages, formatDate, formatNumber, lateUnitsSentence, localDateTimeOf, unitsSubject,
  type CampaignWeek, type ReminderSettings, type ReminderStage,
} from '@giaoban/core';
import {
  campaignsRepository, notificationsRepository, unitsRepository,
  type CampaignDetail, type CampaignRow, type NewNotification, type RecipientRow, type Role, type UnitRow,
} from '@giaoban/db';
import { type ServiceContext, requireCampaign, type Mailer } from '../infra/index.ts';
import { subtreeWeekTimeliness, type TimelinessEntry } from './timeliness.service.ts';
import { deadlinesOf, remindersOf } from '../planning/index.ts';

export interface RunRemindersOptions {
  /** Only this campaign (default: every campaign with a stage due); its failure is the pass's. */
  readonly campaignCode?: string | undefined;
  /** Queue an email to recipients who have an address (pass true when SMTP is configured). */
  readonly email?: boolean | undefined;
  /** Told of each campaign the pass could not serve (the scheduler logs it); the others go on. */
  readonly onCampaignFailure?: ((campaignCode: string, error: unknown) => void) | undefined;
}

/** One notification a pass created. */
export interface CreatedNotification {
  readonly stage: ReminderStage;
  readonly campaign: string;
  readonly period: string;
  /** The unit it is about: the unit reminded, or the parent of the missing units. */
  readonly unitCode: string;
  readonly username: string;
  readonly title: string;
  readonly emailTo: string | null;
}

/** A campaign a pass could not serve, and why (the user-facing message of the error). */
export interface CampaignFailure {
  readonly campaign: string;
  readonly message: string;
}

export interface RemindersSummary {
  readonly at: string;
  /** Campaigns that had a stage due. */
  readonly campaigns: readonly string[];
  readonly created: Readonly<Record<ReminderStage, number>>;
  /** Of those, how many were queued for email. */
  readonly emailQueued: number;
  readonly notifications: readonly CreatedNotification[];
  /** Campaigns whose reminders failed in this pass (bad stored data, say); the others were served. */
  readonly failed: readonly CampaignFailure[];
}

export interface DeliverySummary {
  readonly sent: number;
  readonly failed: number;
}

const REPORTERS: readonly Role[] = ['reporter', 'manager', 'steering', 'admin'];
const MANAGERS: readonly Role[] = ['manager', 'steering', 'admin'];
const INSERT_CHUNK = 1000;

/** A notification to send to the users of `recipientUnit` with one of `roles`. */
interface Draft {
  readonly stage: ReminderStage;
  readonly dedupeKey: string;
  readonly campaign: CampaignDetail;
  readonly week: CampaignWeek;
  /** The unit reminded, or the parent whose children are missing. */
  readonly about: UnitRow;
  readonly recipientUnit: UnitRow;
  readonly roles: readonly Role[];
  readonly dueAt: string;
  /** The missing children (escalations only). */
  readonly missing: readonly TimelinessEntry[];
  readonly link: string;
}

/**
 * Runs one pass at `ctx.now()`; see the module comment. Each campaign is served on its own:
 * one that fails (dates stored before they were bounded, say) is reported in `failed` and to
 * `onCampaignFailure`, and the pass goes on with the others.
 */
export async function runReminders(ctx: ServiceContext, options: RunRemindersOptions = {}): Promise<RemindersSummary> {
  const now = ctx.now();
  const at = now.toISOString();
  const candidates: CampaignRow[] = options.campaignCode
    ? [await requireCampaign(ctx.db, options.campaignCode)]
    : await campaignsRepository.listAll(ctx.db);
  const campaigns: string[] = [];
  const notifications: CreatedNotification[] = [];
  const failed: CampaignFailure[] = [];
  for (const row of candidates) {
    try {
      const created = await remindCampaign(ctx, row, now, options.email === true);
      if (created === null) continue;
      campaigns.push(row.code);
      notifications.push(...created);
    } catch (error) {
      if (options.campaignCode !== undefined) throw error;
      failed.push({ campaign: row.code, message: error instanceof Error ? error.message : String(error) });
      options.onCampaignFailure?.(row.code, error);
    }
  }
  const count = (stage: ReminderStage) => notifications.filter((n) => n.stage === stage).length;
  return {
    at,
    campaigns,
    created: { reminder: count('reminder'), escalation: count('escalation'), escalation_above: count('escalation_above') },
    emailQueued: notifications.filter((n) => n.emailTo !== null).length,
    notifications,
    failed,
  };
}

/**
 * The notifications one campaign calls for at `now`, created (those not already sent); null
 * when no stage of it is due. Its work is bounded by its weeks (at most 54, campaignWeeks).
 */
async function remindCampaign(ctx: ServiceContext, row: CampaignRow, now: Date, email: boolean): Promise<CreatedNotification[] | null> {
  const at = now.toISOString();
  const settings = remindersOf(row);
  const weeks = weeksWithStagesDue(row, settings, at);
  if (weeks.length === 0) return null;
  const campaign = await requireCampaign(ctx.db, row.code);
  const subtree = await unitsRepository.listSubtree(ctx.db, campaign.rootUnitId);
  const root = subtree[0];
  if (!root) return [];
  const byId = new Map(subtree.map((u) => [u.id, u]));
  const drafts: Draft[] = [];
  for (const week of weeks) {
    const { rows } = await subtreeWeekTimeliness(ctx.db, campaign, root, week, now, subtree);
    drafts.push(...planWeek(campaign, week, rows, byId, settings, at));
  }

  const unitIds = [...new Set(drafts.map((d) => d.recipientUnit.id))];
  const recipients = await notificationsRepository.listRecipients(ctx.db, unitIds, REPORTERS);
  const byUnit = new Map<number, RecipientRow[]>();
  for (const r of recipients) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const planned: { draft: Draft; user: RecipientRow; row: NewNotification }[] = [];
  for (const draft of drafts) {
    for (const user of byUnit.get(draft.recipientUnit.id) ?? []) {
      if (!draft.roles.includes(user.role)) continue;
      const text = compose(draft, user.language);
      planned.push({
        draft, user,
        row: {
          userId: user.id, kind: draft.stage, dedupeKey: draft.dedupeKey, campaignId: draft.campaign.id, unitId: draft.about.id,
          period: draft.week.week, title: text.title, body: text.body, link: draft.link,
          emailTo: email && user.email ? user.email : null, createdAt: now,
        },
      });
    }
  }

  const createdKeys = new Set<string>();
  for (let i = 0; i < planned.length; i += INSERT_CHUNK) {
    const inserted = await notificationsRepository.insertNew(ctx.db, planned.slice(i, i + INSERT_CHUNK).map((p) => p.row));
    for (const n of inserted) createdKeys.add(`${n.userId}|${n.dedupeKey}`);
  }
  return planned
    .filter((p) => createdKeys.has(`${p.user.id}|${p.draft.dedupeKey}`))
    .map((p): CreatedNotification => ({
      stage: p.draft.stage, campaign: p.draft.campaign.code, period: p.draft.week.week, unitCode: p.draft.about.code,
      username: p.user.username, title: p.row.title, emailTo: p.row.emailTo,
    }));
}

/**
 * Sends the queued emails, `batchSize` claimed at a time, until none is left. A refused or
 * failed email records its error on the row and never throws: the job goes on.
 */
export async function deliverEmails(ctx: ServiceContext, mailer: Mailer, options: { batchSize?: number } = {}): Promise<DeliverySummary> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await notificationsRepository.claimEmails(ctx.db, ctx.now(), options.batchSize ?? 50);
    if (batch.length === 0) return { sent, failed };
    for (const email of batch) {
      try {
        await mailer.send({ to: email.emailTo, subject: email.title, text: email.body });
        await notificationsRepository.markEmailSent(ctx.db, email.id, ctx.now());
        sent++;
      } catch (error) {
        await notificationsRepository.markEmailFailed(ctx.db, email.id, error instanceof Error ? error.message : String(error));
        failed++;
      }
    }
  }
}

/** The weeks of a campaign for which some level's deadline has a stage due at `at`. */
function weeksWithStagesDue(campaign: CampaignRow, settings: ReminderSettings, at: string): CampaignWeek[] {
  const rules = Object.values(deadlinesOf(campaign)).filter((r) => r !== undefined);
  return campaignWeeks(campaign.startDate, campaign.endDate, campaign.code)
    .filter((week) => rules.some((rule) => dueStages(dueAt(rule, week), settings, at).length > 0));
}

/**
 * The notifications one week calls for. Escalations stay inside the campaign's tree: the
 * parent (or the level above it) must be a unit of the campaign.
 */
function planWeek(
  campaign: CampaignDetail, week: CampaignWeek, rows: readonly TimelinessEntry[], byId: ReadonlyMap<number, UnitRow>,
  settings: ReminderSettings, at: string,
): Draft[] {
  const drafts: Draft[] = [];
  const missingByParent = new Map<number, { stages: Set<ReminderStage>; rows: TimelinessEntry[] }>();
  const key = (stage: ReminderStage, unitId: number) => `${stage}:${campaign.code}:${week.week}:${unitId}`;
  for (const row of rows) {
    const stages = dueStages(row.dueAt, settings, at);
    if (row.status === 'pending' && stages.includes('reminder')) {
      drafts.push({
        stage: 'reminder', dedupeKey: key('reminder', row.unit.id), campaign, week, about: row.unit, recipientUnit: row.unit,
        roles: REPORTERS, dueAt: row.dueAt, missing: [], link: `/report/${campaign.code}/${row.unit.code}/${week.week}`,
      });
    }
    const escalations = stages.filter((s) => s !== 'reminder');
    if (row.status !== 'missing' || escalations.length === 0 || row.unit.parentId === null) continue;
    const group = missingByParent.get(row.unit.parentId) ?? { stages: new Set<ReminderStage>(), rows: [] };
    for (const s of escalations) group.stages.add(s);
    group.rows.push(row);
    missingByParent.set(row.unit.parentId, group);
  }
  for (const [parentId, group] of missingByParent) {
    const parent = byId.get(parentId);
    const first = group.rows[0];
    if (!parent || !first) continue;
    const targets: [ReminderStage, UnitRow | undefined][] = [
      ['escalation', parent],
      ['escalation_above', parent.parentId === null ? undefined : byId.get(parent.parentId)],
    ];
    for (const [stage, recipientUnit] of targets) {
      if (!group.stages.has(stage) || !recipientUnit) continue;
      drafts.push({
        stage, dedupeKey: key(stage, parent.id), campaign, week, about: parent, recipientUnit, roles: MANAGERS,
        dueAt: first.dueAt, missing: group.rows, link: `/quality/${campaign.code}/${parent.code}?period=${week.week}`,
      });
    }
  }
  return drafts;
}


/** The title and body of a draft in the recipient's language; times are Asia/Ho_Chi_Minh. */
function compose(d: Draft, language: 'vi' | 'en'): { title: string; body: string } {
  const range = `${formatDate(d.week.start)} – ${formatDate(d.week.end)}`;
  const local = localDateTimeOf(d.dueAt);
  const deadline = `${formatDate(local.date)} ${local.time}`;
  const vi = language === 'vi';
  if (d.stage === 'reminder') {
    return vi
      ? {
        title: `Nhắc gửi báo cáo tuần ${range}`,
        body: `${d.about.name} chưa gửi báo cáo tuần ${range} của ${d.campaign.name}. Hạn gửi: ${deadline}.`,
      }
      : {
        title: `Reminder: weekly report for ${range}`,
        body: `${d.about.name} has not sent its report for the week ${range} of ${d.campaign.name}. Due: ${deadline} (UTC+7).`,
      };
  }
  // Named by the levels of the units listed ("tỉnh, thành Đoàn và Đoàn trực thuộc"; a mix of others: "đơn vị").
  const levels = d.missing.map((r) => r.unit.level);
  const english = unitsSubject(levels, 'en');
  const subject = { vi: unitsSubject(levels), en: english.charAt(0).toUpperCase() + english.slice(1) };
  const n = d.missing.length;
  const list = lateUnitsSentence(d.missing, { order: 'name', kind: 'missing', subject: `${subject.vi} thuộc ${d.about.name}` });
  const names = list?.names.join(', ') ?? '';
  const above = d.stage === 'escalation_above';
  const hours = remindersOf(d.campaign).escalateFurtherAfterHours;
  if (vi) {
    return {
      title: `${d.about.name}: ${n} đơn vị chưa gửi báo cáo tuần ${range}`,
      body: `${list?.sentence ?? ''} Hạn gửi báo cáo tuần ${range} của ${d.campaign.name} là ${deadline}.`
        + (above ? ` Thông báo được gửi lên cấp trên vì đã quá hạn ${formatNumber(hours, 1)} giờ.` : ''),
    };
  }
  return {
    title: `${d.about.name}: ${n} ${n === 1 ? 'unit has' : 'units have'} not sent the weekly report for ${range}`,
    body: `${subject.en} of ${d.about.name} that have not sent their report: ${names}. `
      + `The report for the week ${range} of ${d.campaign.name} was due ${deadline} (UTC+7).`
      + (above ? ` Sent to the level above because it is ${hours} hours overdue.` : ''),
  };
}
