/** A signed-in user's own notifications: the list with its unread count, and marking one read. */
import { NotFoundError } from '@giaoban/core';
import { notificationsRepository, type NotificationRow } from '@giaoban/db';
import type { Actor, ServiceContext } from '../infra/index.ts';

export interface NotificationList {
  readonly notifications: readonly NotificationRow[];
  readonly unread: number;
}

/** The user's notifications, newest first (at most `limit`), and how many are unread in all. */
export async function listNotifications(ctx: ServiceContext, actor: Pick<Actor, 'userId'>, options: { limit: number }): Promise<NotificationList> {
  const notifications = await notificationsRepository.listForUser(ctx.db, actor.userId, options.limit);
  return { notifications, unread: await notificationsRepository.countUnread(ctx.db, actor.userId) };
}

/** Marks one of the user's notifications read; someone else's is answered as not found. */
export async function markNotificationRead(
  ctx: ServiceContext, actor: Pick<Actor, 'userId'>, id: number,
): Promise<{ notification: NotificationRow; unread: number }> {
  const row = await notificationsRepository.markRead(ctx.db, actor.userId, id, ctx.now());
  if (!row) throw new NotFoundError('thông báo', String(id), 'notification');
  return { notification: row, unread: await notificationsRepository.countUnread(ctx.db, actor.userId) };
}
