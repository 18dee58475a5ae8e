import { z } from 'zod';
import { instantTextSchema, langQuery } from '../http/index.ts';

export const notificationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  lang: langQuery,
});

export const notificationParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

export const notificationSchema = z.object({
  id: z.number().int(),
  /** 'reminder', 'escalation', 'escalation_above', or a report's review: 'report_returned', 'report_approved', 'report_corrected'. */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** The web page it points to, e.g. /report/HE2023/P01/2023-W27. */
  link: z.string().nullable(),
  period: z.string().nullable(),
  createdAt: instantTextSchema,
  readAt: instantTextSchema.nullable(),
});

export const notificationListResponse = z.object({
  /** Unread notifications in all, not only among those listed. */
  unread: z.number().int(),
  notifications: z.array(notificationSchema),
});

export const notificationReadResponse = z.object({ unread: z.number().int(), notification: notificationSchema });
