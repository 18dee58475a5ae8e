/**
 * In-app notifications and their email outbox. Jobs that notify are idempotent through the
 * unique (user_id, dedupe_key): inserting the same key twice, from a restart or from a second
 * server process, creates nothing. Emails are claimed row by row before sending (`skip
 * locked`), so two senders never send the same one.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { notifications, Role, users } from './schema.ts';
import { intArray, textArray } from './sql-helpers.ts';
import type { UserRow } from './users.repository.ts';

type Notification = typeof notifications.$inferSelect;

/**
 * What `insertNew` takes, every field said (null for none; `emailTo` null: in-app only), the
 * instant by the service's clock.
 */
export type NewNotification = Readonly<
  Pick<Notification, 'userId' | 'kind' | 'dedupeKey' | 'campaignId' | 'unitId' | 'period' | 'title' | 'body' | 'link' | 'emailTo'>
  & { createdAt: Date }
>;

/** A notification as its user sees it (no outbox columns); createdAt and readAt as ISO instants (UTC, formatted in SQL). */
export type NotificationRow = Readonly<
  Pick<Notification, 'id' | 'userId' | 'kind' | 'dedupeKey' | 'campaignId' | 'unitId' | 'period' | 'title' | 'body' | 'link' | 'createdAt' | 'readAt'>
>;

/** An email to send: only rows with an address are claimed, so `emailTo` is never null here. */
export type OutboxRow = Readonly<Pick<Notification, 'id' | 'title' | 'body'> & { emailTo: NonNullable<Notification['emailTo']> }>;

/** An active user who may be notified about a unit, with their address. */
export type RecipientRow = Readonly<Omit<UserRow, 'active' | 'mustChangePassword'> & Pick<typeof users.$inferSelect, 'email'>>;

const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const COLUMNS = sql`id, user_id as "userId", kind, dedupe_key as "dedupeKey", campaign_id as "campaignId", unit_id as "unitId",
  period, title, body, link, ${iso('created_at')} as "createdAt", ${iso('read_at')} as "readAt"`;

/** Inserts the notifications whose (user, key) is new; returns only those it created. */
async function insertNew(ex: Executor, rows: readonly NewNotification[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  const values = rows.map((n) => sql`(${n.userId}, ${n.kind}, ${n.dedupeKey}, ${n.campaignId}, ${n.unitId}, ${n.period},
    ${n.title}, ${n.body}, ${n.link}, ${n.emailTo}, ${n.createdAt})`);
  return queryRows<NotificationRow>(ex, sql`
    insert into notifications (user_id, kind, dedupe_key, campaign_id, unit_id, period, title, body, link, email_to, created_at)
    values ${sql.join(values, sql`, `)}
    on conflict (user_id, dedupe_key) do nothing
    returning ${COLUMNS}`);
}

/** A user's notifications, newest first. */
async function listForUser(ex: Executor, userId: number, limit: number): Promise<NotificationRow[]> {
  return queryRows<NotificationRow>(ex, sql`
    select ${COLUMNS} from notifications where user_id = ${userId} order by created_at desc, id desc limit ${limit}`);
}

async function countUnread(ex: Executor, userId: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`
    select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`);
  return row?.n ?? 0;
}

/** Marks one of the user's own notifications read (kept at its first reading); undefined when it is not theirs. */
async function markRead(ex: Executor, userId: number, id: number, at: Date): Promise<NotificationRow | undefined> {
  const [row] = await queryRows<NotificationRow>(ex, sql`
    update notifications set read_at = coalesce(read_at, ${at}) where id = ${id} and user_id = ${userId}
    returning ${COLUMNS}`);
  return row;
}

/**
 * Claims up to `limit` unsent emails for this sender. A row is claimed once and for all: a
 * sender that dies mid-send leaves it claimed rather than risk sending it twice.
 */
async function claimEmails(ex: Executor, at: Date, limit: number): Promise<OutboxRow[]> {
  return queryRows<OutboxRow>(ex, sql`
    update notifications set email_claimed_at = ${at}
    where id in (
      select id from notifications where email_to is not null and email_claimed_at is null
      order by id limit ${limit} for update skip locked)
    returning id, email_to as "emailTo", title, body`);
}

async function markEmailSent(ex: Executor, id: number, at: Date): Promise<void> {
  await ex.execute(sql`update notifications set email_sent_at = ${at}, email_error = null where id = ${id}`);
}

async function markEmailFailed(ex: Executor, id: number, error: string): Promise<void> {
  await ex.execute(sql`update notifications set email_error = ${error.slice(0, 1000)} where id = ${id}`);
}

/** Active users of the given units having one of the roles, by unit then username. */
async function listRecipients(ex: Executor, unitIds: readonly number[], roles: readonly Role[]): Promise<RecipientRow[]> {
  if (unitIds.length === 0 || roles.length === 0) return [];
  return queryRows<RecipientRow>(ex, sql`
    select id, username, display_name as "displayName", role, unit_id as "unitId", language, email
    from users
    where active and unit_id = any(${intArray(unitIds)}) and role = any(${textArray(roles)})
    order by unit_id, username`);
}

export const notificationsRepository = Object.freeze({
  insertNew, listForUser, countUnread, markRead, claimEmails, markEmailSent, markEmailFailed, listRecipients,
});
