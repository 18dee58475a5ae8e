import { z } from 'zod';
import { instantTextSchema, langQuery, unitCodeParam } from '../http/index.ts';

const role = z.enum(['admin', 'steering', 'manager', 'reporter', 'viewer']);
const credential = z.enum(['password', 'link']);
// Sizes only: the username's shape and the role's height are the service's to say, in words.
const username = z.string().min(1).max(64);
const displayName = z.string().trim().min(1).max(200);
const email = z.string().trim().max(254).email();

export const accountsParams = z.object({ unitCode: unitCodeParam });
export const accountParams = z.object({ unitCode: unitCodeParam, username });
export const accountsQuery = z.object({
  /** true (the default): the accounts of the unit and of every unit below it; false: the unit's own. */
  subtree: z.enum(['true', 'false']).optional(),
  lang: langQuery,
});

export const createAccountBody = z.object({
  username, displayName, role, email: email.optional(), language: z.enum(['vi', 'en']).optional(), credential,
});

export const updateAccountBody = z.object({
  displayName: displayName.optional(), role: role.optional(), active: z.boolean().optional(), email: email.nullable().optional(),
});

export const resetAccountBody = z.object({ credential });

export const accountSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role,
  roleLabel: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  email: z.string().nullable(),
  language: z.enum(['vi', 'en']),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lastSignIn: instantTextSchema.nullable(),
  createdAt: instantTextSchema,
});

export const accountListResponse = z.object({ accounts: z.array(accountSchema) });
export const accountResponse = z.object({ account: accountSchema });

/** A creation or a reset: the temporary password or the link, given this once and never again. */
export const accountCredentialResponse = z.object({
  account: accountSchema,
  temporaryPassword: z.string().optional(),
  signInLink: z.string().optional(),
  expiresAt: instantTextSchema.optional(),
});

export const signedOutResponse = z.object({ signedOut: z.number().int() });
