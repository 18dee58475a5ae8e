/**
 * LISTEN for NOTIFY on a channel (issue 6: live dashboards). NOTIFY is delivered only when
 * the sending transaction commits, so a listener never hears of a change that was undone.
 * - PostgreSQL: one dedicated connection per listener, outside the pool (a pooled connection
 *   is handed to other queries and would lose its LISTEN), connected again with backoff when
 *   it drops. Notifications sent while it was down are lost: `onReconnect` says so, and the
 *   caller decides what to refresh.
 * - PGlite: the instance's own notifications (its one backend listens and notifies).
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Stops listening; resolves once the connection (if any) is closed. */
export type Unlisten = () => Promise<void>;

export interface ListenOptions {
  /** Called each time a dropped connection listens again: notifications in between were lost. */
  readonly onReconnect?: (() => void) | undefined;
  /** A dropped connection or a failed attempt to connect again (for a log line). */
  readonly onError?: ((error: Error) => void) | undefined;
}

export type Listen = (channel: string, onPayload: (payload: string) => void, options?: ListenOptions) => Promise<Unlisten>;

/** Channel names are written into LISTEN as identifiers: plain lowercase names only. */
function checkChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid LISTEN channel name: ${JSON.stringify(channel)}`);
}

export function pgliteListen(client: PGlite): Listen {
  return async (channel, onPayload) => {
    checkChannel(channel);
    const unlisten = await client.listen(channel, onPayload);
    return async () => {
      // Closing the instance drops its listeners anyway; unlistening a closed one throws.
      if (!client.closed) await unlisten();
    };
  };
}

const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 15_000;

/**
 * Listeners on a PostgreSQL server, each on its own connection; `closeAll` ends them (the
 * database's `close`). A connection attempt is given up after `connectTimeoutMs` (the
 * database's setting): a server that accepts and never answers must not hold the caller.
 */
export function postgresListeners(url: string, settings: { connectTimeoutMs?: number } = {}): { listen: Listen; closeAll(): Promise<void> } {
  const connectTimeoutMs = settings.connectTimeoutMs ?? 10_000;
  const open = new Set<Unlisten>();
  const listen: Listen = async (channel, onPayload, options = {}) => {
    checkChannel(channel);
    let client: pg.Client | null = null;
    let closed = false;
    let retry: NodeJS.Timeout | null = null;
    let delay = FIRST_RETRY_MS;

    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: connectTimeoutMs });
      c.on('notification', (message) => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      });
      c.on('error', (error) => {
        options.onError?.(error);
        dropped(c);
      });
      c.on('end', () => dropped(c));
      try {
        await c.connect();
        await c.query(`listen ${channel}`);
      } catch (error) {
        c.removeAllListeners('end');
        await c.end().catch(() => {});
        throw error;
      }
      if (closed) {
        await c.end().catch(() => {});
        return;
      }
      client = c;
    };

    const dropped = (c: pg.Client): void => {
      if (c !== client) return;
      client = null;
      c.end().catch(() => {});
      if (!closed) scheduleReconnect();
    };

    const scheduleReconnect = (): void => {
      if (retry || closed) return;
      retry = setTimeout(() => {
        retry = null;
        connect().then(
          () => {
            delay = FIRST_RETRY_MS;
            if (!closed) options.onReconnect?.();
          },
          (error: unknown) => {
            options.onError?.(error instanceof Error ? error : new Error(String(error)));
            delay = Math.min(delay * 2, LONGEST_RETRY_MS);
            scheduleReconnect();
          },
        );
      }, delay);
      // A pending reconnection must not keep a finished process alive.
      retry.unref();
    };

    // The first connection must work: a listener that never listened would fail silently.
    await connect();
    const unlisten: Unlisten = async () => {
      if (closed) return;
      closed = true;
      open.delete(unlisten);
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    };
    open.add(unlisten);
    return unlisten;
  };
  return {
    listen,
    closeAll: async () => {
      await Promise.all([...open].map((unlisten) => unlisten()));
    },
  };
}
