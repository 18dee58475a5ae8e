import { z } from 'zod';
import { unitSchema } from '../http/index.ts';
import { PERMISSIONS } from './access.ts';

export const signInBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

export const sessionResponse = z.object({
  user: z.object({
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['admin', 'steering', 'manager', 'reporter', 'viewer']),
    language: z.enum(['vi', 'en']),
  }),
  unit: unitSchema,
  /** What the user's role allows (within their unit's subtree): the app shows only what they may open. */
  permissions: z.array(z.enum(PERMISSIONS)),
  /** Send back as the x-csrf-token header on every write. */
  csrfToken: z.string(),
});
