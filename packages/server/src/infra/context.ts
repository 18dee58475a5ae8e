import { openDatabase, type Database, type Db, type Role, type UserRow } from '@giaoban/db';
import { ChangeBus } from './live.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { ProgressCache } from './progress-cache.ts';
import { ReadReplica } from './read-your-writes.ts';
import { unitsOfWork, type Transaction } from './unit-of-work.ts';
import { Batcher } from './write-groups.ts';

/**
 * What every service needs: the database, a clock (core never reads the time itself) and the
 * process's runtime objects, each created once with the context.
 */
export interface ServiceContext {
  readonly database: Database;
  readonly db: Db;
  /**
   * For dashboard reads that may lag: the streaming replica when one is configured, else `db`.
   * Go through `readContext` (read-your-writes.ts) rather than using it directly.
   */
  readonly readDb: Db;
  readonly now: () => Date;
  /**
   * Runs its body in a transaction on the primary (a unit of work, unit-of-work.ts) and, once
   * that has committed, announces the changes it made (notifyChange) through `live` before it
   * resolves. Writes that change figures, reports or targets go through it.
   */
  readonly transaction: Transaction;
  /** The change bus: this process's listeners (the caches below) and the NOTIFY to every process. */
  readonly live: ChangeBus;
  /** The dashboard's ready answers, dropped by the changes this context commits and by the LiveHub for the others'. */
  readonly progressCache: ProgressCache;
  /** The read replica, if any, and how far it has replayed (read-your-writes). */
  readonly replica: ReadReplica;
  /** Email for notifications; null without an SMTP server (in-app only). */
  readonly mailer: Mailer | null;
  /** Group commit of the writes (and shared reads) that arrive together. */
  readonly batcher: Batcher;
}

export interface RuntimeOptions {
  /** Groups of one key written at once (config GIAOBAN_WRITE_GROUPS); default 1. */
  readonly writeConcurrency?: number | undefined;
  /** The SMTP server and sender of emailed notifications (config GIAOBAN_SMTP_URL, GIAOBAN_MAIL_FROM); default none. */
  readonly mail?: { readonly smtpUrl: string | undefined; readonly mailFrom: string } | undefined;
}

export function createServiceContext(database: Database, now: () => Date = () => new Date(), options: RuntimeOptions = {}): ServiceContext {
  const live = new ChangeBus(database.db);
  const replica = new ReadReplica(database);
  const progressCache = new ProgressCache({ enabled: !replica.configured });
  // This context's own changes drop the answers they touch before the writer's response leaves.
  live.onCommitted((changes) => progressCache.invalidate(changes));
  const transaction = unitsOfWork(database.db, live);
  return Object.freeze({
    database, db: database.db, readDb: database.readDb, now, transaction, live, progressCache, replica,
    mailer: options.mail ? createMailer(options.mail) : null,
    batcher: new Batcher({ db: database.db, transaction }, options.writeConcurrency ?? 1),
  });
}

/**
 * What a use case is about, by codes: a campaign; a unit of it; a week of the unit. Every use
 * case takes it second, after the context and before the actor: (ctx, ref, actor, input).
 */
export interface CampaignRef {
  readonly campaign: string;
}
export interface UnitRef extends CampaignRef {
  readonly unit: string;
}
export interface ReportRef extends UnitRef {
  readonly period: string;
}
/** A phase of a campaign (its conclusion notice), drafted by `unit`, the campaign's root. */
export interface PhaseRef extends UnitRef {
  readonly phase: number;
}

/** Who performs a use case (null for the system itself: CLI, demo loader). */
export interface Actor {
  readonly userId: number;
  readonly role: Role;
  /** The account's own unit: decides whether it writes a report or reviews it. */
  readonly unitId: number;
  /** The address the request came from, for the audit log. */
  readonly ip: string | null;
}

export function actorOf(user: Pick<UserRow, 'id' | 'role' | 'unitId'>, ip: string | null = null): Actor {
  return Object.freeze({ userId: user.id, role: user.role, unitId: user.unitId, ip });
}

/** Opens the configured database (migrating it) and a context on it; `close` releases them (and the mailer). */
export async function openServiceContext(config: {
  databaseUrl: string | undefined; databaseReadUrl?: string | undefined; dataDir: string; poolSize: number; writeConcurrency?: number;
  smtpUrl?: string | undefined; mailFrom?: string;
}): Promise<ServiceContext & { close(): Promise<void> }> {
  const database = await openDatabase({
    url: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: config.dataDir, poolSize: config.poolSize,
  });
  const ctx = createServiceContext(database, undefined, {
    writeConcurrency: config.writeConcurrency,
    mail: config.mailFrom === undefined ? undefined : { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom },
  });
  return Object.freeze({
    ...ctx,
    close: async () => {
      ctx.mailer?.close();
      await database.close();
    },
  });
}
