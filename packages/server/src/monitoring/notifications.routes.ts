/** The signed-in user's own notifications (reminders, escalations, reviews of reports): list them, mark one read. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { NotificationRow } from '@giaoban/db';
import { type ServiceContext } from '../infra/index.ts';
import { listNotifications, markNotificationRead } from './notifications.service.ts';
import { presentInstant } from '../http/index.ts';
import { notificationListQuery, notificationListResponse, notificationParams, notificationReadResponse } from './notifications.schemas.ts';

export function presentNotification(n: NotificationRow) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    period: n.period,
    createdAt: presentInstant(n.createdAt),
    readAt: n.readAt === null ? null : presentInstant(n.readAt),
  };
}

// The user's own data: being signed in is the whole scope check.
const own = { permission: 'signed-in' } as const;

export async function notificationsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/notifications', {
    config: { access: own },
    schema: {
      tags: ['notifications'], summary: 'Thông báo của tôi, mới nhất trước, kèm số chưa đọc',
      querystring: notificationListQuery, response: { 200: notificationListResponse },
    },
  }, async (request) => {
    const list = await listNotifications(ctx, request.actor, { limit: request.query.limit });
    return { unread: list.unread, notifications: list.notifications.map(presentNotification) };
  });

  r.post('/api/v1/notifications/:id/read', {
    config: { access: own },
    schema: {
      tags: ['notifications'], summary: 'Đánh dấu một thông báo của tôi là đã đọc',
      params: notificationParams, response: { 200: notificationReadResponse },
    },
  }, async (request) => {
    const { notification, unread } = await markNotificationRead(ctx, request.actor, request.params.id);
    return { unread, notification: presentNotification(notification) };
  });
}
