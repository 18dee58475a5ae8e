/**
 * The signed-in session as this device last saw it, so the app opens without a network (the
 * service worker gives the page, this gives who is signed in and their campaigns) and the
 * report form can queue what it could not send. The CSRF token is not kept: a queued report
 * is sent only after the server has answered GET /session again (offline-sync.ts).
 */
import type { CampaignListResponse, SessionResponse } from '@giaoban/server/api';
import { forgetKeptReads } from './offline-reads.ts';

const KEY = 'giaoban.offline-session';

export interface KeptSession {
  readonly session: SessionResponse;
  readonly campaigns: readonly CampaignListResponse['campaigns'][number][];
  /** The server's day when it was kept (yyyy-mm-dd). */
  readonly today: string | null;
}

/** Called as the session changes: kept while signed in, forgotten on signing out (or a 401). */
export function keepSession(
  status: 'loading' | 'signed-out' | 'signed-in', session: SessionResponse | null, campaigns: KeptSession['campaigns'], today: string | null,
): void {
  try {
    if (status === 'signed-in' && session) {
      const kept: KeptSession = { session: { ...session, csrfToken: '' }, campaigns, today };
      localStorage.setItem(KEY, JSON.stringify(kept));
    } else if (status === 'signed-out') {
      localStorage.removeItem(KEY);
      forgetKeptReads();
    }
  } catch {
    // Storage refused: the app needs the network to open, nothing else changes.
  }
}

/** The session kept on this device, or null. */
export function keptSession(): KeptSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    const kept = raw ? (JSON.parse(raw) as KeptSession) : null;
    return kept?.session?.user?.username ? kept : null;
  } catch {
    return null;
  }
}
