/** The server's configuration, parsed once from the environment into a frozen object. */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where `npm install` builds the web app (packages/web/dist). */
const BUILT_WEB_APP = fileURLToPath(new URL('../../web/dist', import.meta.url));

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  GIAOBAN_DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  GIAOBAN_SESSION_HOURS: z.coerce.number().positive().default(12),
  GIAOBAN_COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  GIAOBAN_TRUSTED_PROXIES: z.string().default(''),
  GIAOBAN_LOGIN_MAX: z.coerce.number().int().positive().default(10),
  GIAOBAN_LOGIN_ADDRESS_MAX: z.coerce.number().int().positive().default(50),
  GIAOBAN_LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  GIAOBAN_POOL_SIZE: z.coerce.number().int().positive().default(10),
  GIAOBAN_WRITE_GROUPS: z.coerce.number().int().min(1).max(16).optional(),
  GIAOBAN_WEB_DIR: z.string().min(1).default(BUILT_WEB_APP),
  GIAOBAN_SMTP_URL: z.string().url().optional(),
  GIAOBAN_MAIL_FROM: z.string().min(3).default('Giao Ban <giaoban@localhost>'),
  GIAOBAN_REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  GIAOBAN_IMPORT_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  // Activity photos (issue 20): where they are kept (default <data dir>/activities) and the largest file taken.
  GIAOBAN_PHOTO_DIR: z.string().min(1).optional(),
  GIAOBAN_PHOTO_MAX_MB: z.coerce.number().positive().max(100).default(10),
  GIAOBAN_IMPORT_MAX_ROWS: z.coerce.number().int().positive().default(100_000),
  GIAOBAN_IMPORT_MAX_UNZIPPED_MB: z.coerce.number().positive().max(8192).default(200),
  GIAOBAN_IMPORT_MAX_RUNNING: z.coerce.number().int().min(1).max(64).default(2),
  GIAOBAN_IMPORT_MAX_RUNNING_PER_ACCOUNT: z.coerce.number().int().min(1).max(64).default(1),
  // warn: the terminal shows problems, not every request; LOG_LEVEL=info brings the request log back.
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

export interface Config {
  readonly databaseUrl: string | undefined;
  /** A streaming replica of DATABASE_URL for dashboard reads (read-your-writes kept; unset: the primary). */
  readonly databaseReadUrl: string | undefined;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly sessionHours: number;
  readonly cookieSecure: boolean;
  /**
   * Addresses (or CIDR ranges) of the load balancers whose X-Forwarded-For is believed: the
   * address the balancer appended then counts as the client's for the sign-in limit and the
   * audit log (one hop: auth/client-address.ts). None by default: the header is ignored.
   */
  readonly trustedProxies: readonly string[];
  /**
   * Failed sign-ins allowed in a window: `max` per address and username, `addressMax` per
   * address across usernames. Successful sign-ins do not count.
   */
  readonly loginRateLimit: { readonly max: number; readonly addressMax: number; readonly windowMs: number };
  readonly poolSize: number;
  /**
   * Groups of one week's submissions (or of session lookups) written at once
   * (GIAOBAN_WRITE_GROUPS): 2 on a PostgreSQL server, 1 on the embedded database, which has
   * one connection.
   */
  readonly writeConcurrency: number;
  readonly logLevel: string;
  /** The built web app (index.html and assets/) served at `/`. */
  readonly webDir: string;
  /** SMTP server for emailed notifications, e.g. smtp://127.0.0.1:2525 (unset: in-app only). */
  readonly smtpUrl: string | undefined;
  /** The From address of those emails. */
  readonly mailFrom: string;
  /** How often the reminder job runs inside the server, in seconds (0: never). */
  readonly reminderIntervalSeconds: number;
  /**
   * Activity photos: the directory every server process reads and writes (undefined: the data
   * directory's `activities/`, or a temporary one for an in-memory database) and the largest file.
   */
  readonly photos: { readonly dir: string | undefined; readonly maxBytes: number };
  /** Limits of a spreadsheet upload: its size, the rows of a sheet, what its parts may inflate to. */
  readonly importLimits: {
    readonly maxBytes: number; readonly maxRows: number; readonly maxUnzippedBytes: number;
    /** Imports running at once in the process, and for one account (past either: 429, never queued). */
    readonly maxRunning?: number; readonly maxRunningPerAccount?: number;
  };
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>, overrides: Partial<Config> = {}): Config {
  const e = schema.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    dataDir: e.GIAOBAN_DATA_DIR,
    host: e.HOST,
    port: e.PORT,
    sessionHours: e.GIAOBAN_SESSION_HOURS,
    cookieSecure: e.GIAOBAN_COOKIE_SECURE,
    trustedProxies: Object.freeze(e.GIAOBAN_TRUSTED_PROXIES.split(',').map((p) => p.trim()).filter(Boolean)),
    loginRateLimit: Object.freeze({ max: e.GIAOBAN_LOGIN_MAX, addressMax: e.GIAOBAN_LOGIN_ADDRESS_MAX, windowMs: e.GIAOBAN_LOGIN_WINDOW_MINUTES * 60_000 }),
    poolSize: e.GIAOBAN_POOL_SIZE,
    writeConcurrency: e.GIAOBAN_WRITE_GROUPS ?? (e.DATABASE_URL ? 2 : 1),
    logLevel: e.LOG_LEVEL,
    webDir: e.GIAOBAN_WEB_DIR,
    smtpUrl: e.GIAOBAN_SMTP_URL,
    mailFrom: e.GIAOBAN_MAIL_FROM,
    reminderIntervalSeconds: e.GIAOBAN_REMINDER_INTERVAL_SECONDS,
    photos: Object.freeze({ dir: e.GIAOBAN_PHOTO_DIR, maxBytes: Math.round(e.GIAOBAN_PHOTO_MAX_MB * 1024 * 1024) }),
    importLimits: Object.freeze({
      maxBytes: Math.round(e.GIAOBAN_IMPORT_MAX_MB * 1024 * 1024),
      maxRows: e.GIAOBAN_IMPORT_MAX_ROWS,
      maxUnzippedBytes: Math.round(e.GIAOBAN_IMPORT_MAX_UNZIPPED_MB * 1024 * 1024),
      maxRunning: e.GIAOBAN_IMPORT_MAX_RUNNING,
      maxRunningPerAccount: e.GIAOBAN_IMPORT_MAX_RUNNING_PER_ACCOUNT,
    }),
    ...overrides,
  });
}
