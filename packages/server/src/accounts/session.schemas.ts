import { z } from 'zod';
import { unitSchema } from '../http/index.ts';
import { PERMISSIONS } from './access.ts';

export const signInBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

/** The token of a one-time sign-in link (the part after # of /sign-in/link#<token>). */
export const linkSignInBody = z.object({ token: z.string().min(1).max(200) });

/** The policy (length, common passwords, the username) is the service's to say, in words; the schema only bounds the sizes. */
export const changePasswordBody = z.object({
  currentPassword: z.string().max(256).optional(),
  newPassword: z.string().max(1000),
});

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
  /** A temporary password or a sign-in link: every route but the session's answers 403 password_change_required until a password is set. */
  mustChangePassword: z.boolean(),
});
