/**
 * Tells the accounts concerned of a change of a report (core draftReportNotification): the
 * unit of a return or an approval, the parent's reviewers of a correction after approval.
 * Called inside the transaction that changes the report, so the notification exists exactly
 * when the change does; its dedupe key (the report and its new version) keeps a repeated
 * write from telling anyone twice. With SMTP configured the rows are queued for email too,
 * and the reminder job's outbox (deliverEmails) sends them.
 */
import { draftReportNotification, type CampaignWeek, type ReportEvent } from '@giaoban/core';
import {
  notificationsRepository, unitsRepository, type Executor, type NewNotification, type RecipientRow, type ReportRow, type UnitRow,
} from '@giaoban/db';

/** A change of one unit's report, as the write that made it knows it. */
export interface ReportChange {
  readonly event: ReportEvent;
  readonly campaign: { readonly id: number; readonly code: string; readonly name: string };
  readonly unit: UnitRow;
  readonly week: CampaignWeek;
  /** Why it was returned or corrected. */
  readonly reason: string | null;
  /** The report as the change left it (its new version names the event). */
  readonly report: Pick<ReportRow, 'id' | 'version'>;
  readonly at: Date;
  /** Queue it for email too (SMTP is configured). */
  readonly email: boolean;
}

/**
 * Creates the notifications of `changes` inside `tx`; returns how many were new. A unit at
 * the campaign's root has no parent to review it, and so no notification.
 */
export async function notifyReportChanges(tx: Executor, changes: readonly ReportChange[]): Promise<number> {
  const reviewed = changes.filter((c) => c.unit.parentId !== null);
  if (reviewed.length === 0) return 0;
  const recipientUnit = (c: ReportChange) => (c.event === 'corrected' ? c.unit.parentId! : c.unit.id);
  // Most units have no account of their own (the provinces' cadres often report by phone): look for them first.
  const recipients = await notificationsRepository.listRecipients(
    tx, [...new Set(reviewed.map(recipientUnit))], ['reporter', 'manager', 'steering', 'admin'],
  );
  if (recipients.length === 0) return 0;
  const byUnit = new Map<number, RecipientRow[]>();
  for (const r of recipients) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const told = reviewed.filter((c) => byUnit.has(recipientUnit(c)));
  const parents = new Map((await unitsRepository.listByIds(tx, [...new Set(told.map((c) => c.unit.parentId!))])).map((u) => [u.id, u]));

  const rows: NewNotification[] = [];
  for (const c of told) {
    const parent = parents.get(c.unit.parentId!);
    if (!parent) continue;
    const draft = draftReportNotification({
      event: c.event, campaign: c.campaign, unit: c.unit, parent, week: c.week, reason: c.reason, reportId: c.report.id, version: c.report.version,
    });
    for (const user of byUnit.get(draft.recipientUnitId) ?? []) {
      if (!draft.roles.includes(user.role)) continue;
      const text = draft.text[user.language];
      rows.push({
        userId: user.id, kind: draft.kind, dedupeKey: draft.dedupeKey, campaignId: c.campaign.id, unitId: c.unit.id, period: c.week.week,
        title: text.title, body: text.body, link: draft.link, emailTo: c.email && user.email ? user.email : null, createdAt: c.at,
      });
    }
  }
  return (await notificationsRepository.insertNew(tx, rows)).length;
}
