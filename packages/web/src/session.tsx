/**
 * Who is signed in, the campaigns they can see, and the one they are working on. Loaded
 * once at start; a 401 anywhere sends the user back to the sign-in page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { Permission } from '@giaoban/server/api';
import { api, configureClient, forgetEarlyReads, NetworkError, type SessionResponse } from './api/client.ts';
import type { ChangePasswordBody } from './api/organisation.ts';
import type { CampaignListResponse } from '@giaoban/server/api';
import { useLanguage } from './i18n/language.tsx';
import { keepSession, keptSession } from './lib/offline-session.ts';
import { campaignTiming, chooseCampaign, type CampaignTiming } from './lib/campaign-timing.ts';

export type CampaignSummary = CampaignListResponse['campaigns'][number];

/** Whether the session must change its temporary password before anything else (issue 19). */
function mustChangePasswordOf(session: SessionResponse | null): boolean {
  return session?.mustChangePassword === true;
}

/** Set for a session opened by a one-time link (it has no current password to give), for this tab. */
const BY_LINK_KEY = 'giaoban.signed-in-by-link';
function storedByLink(): boolean {
  try {
    return sessionStorage.getItem(BY_LINK_KEY) === '1';
  } catch {
    return false;
  }
}
function keepByLink(byLink: boolean): void {
  try {
    if (byLink) sessionStorage.setItem(BY_LINK_KEY, '1');
    else sessionStorage.removeItem(BY_LINK_KEY);
  } catch {
    // Not kept: the password form then asks for a current password it may not need.
  }
}

interface SessionState {
  readonly status: 'loading' | 'signed-out' | 'signed-in';
  readonly session: SessionResponse | null;
  readonly campaigns: readonly CampaignSummary[];
  /** The server's day (yyyy-mm-dd), on which campaigns are running, coming or finished. */
  readonly today: string | null;
  /** The campaign the user chose (remembered), else the one that matters today (chooseCampaign). */
  readonly defaultCampaign: string | null;
  /** Where a listed campaign stands today; null for a code not listed. */
  readonly timingOf: (code: string) => CampaignTiming | null;
  readonly rememberCampaign: (code: string) => void;
  readonly can: (permission: Permission) => boolean;
  /** The session must change its temporary password first: the app shows the password page and nothing else. */
  readonly mustChangePassword: boolean;
  /** The session was opened by a one-time link: changing its password needs no current one. */
  readonly signedInByLink: boolean;
  readonly signIn: (username: string, password: string) => Promise<SessionResponse>;
  readonly signInWithLink: (token: string) => Promise<SessionResponse>;
  /** Changes the user's own password; the session goes on, no longer bound to change it. */
  readonly changePassword: (body: ChangePasswordBody) => Promise<void>;
  readonly signOut: () => Promise<void>;
  /** Ends every session of the account (this one too). */
  readonly signOutEverywhere: () => Promise<void>;
  readonly reloadCampaigns: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const CAMPAIGN_KEY = 'giaoban.campaign';

function storedCampaign(): string | null {
  try {
    return localStorage.getItem(CAMPAIGN_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { language } = useLanguage();
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [session, setSession] = useState<SessionResponse | null>(null);
  const [campaigns, setCampaigns] = useState<readonly CampaignSummary[]>([]);
  const [today, setToday] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(storedCampaign);
  const [byLink, setByLink] = useState(storedByLink);

  configureClient({ language });

  const loadCampaigns = useCallback(async () => {
    const list = await api.campaigns();
    // Most recent first: the campaign a cadre is working on now.
    setCampaigns([...list.campaigns].sort((a, b) => (b.startDate?.iso ?? '').localeCompare(a.startDate?.iso ?? '')));
    setToday(list.today.iso);
  }, []);

  const start = useCallback(async (s: SessionResponse) => {
    setSession(s);
    // A temporary password must be changed first: the server answers nothing else until then.
    // Otherwise the campaigns were asked for beside the session (lib/early-reads.ts): this takes that answer.
    if (!mustChangePasswordOf(s)) await loadCampaigns();
    setStatus('signed-in');
  }, [loadCampaigns]);

  useEffect(() => {
    configureClient({ onSignedOut: () => { forgetEarlyReads(); setSession(null); setStatus('signed-out'); } });
    api.session().then(start, (error: unknown) => {
      // No network: the session this device last saw, so the app (and the reports queued on it) opens offline.
      const kept = error instanceof NetworkError ? keptSession() : null;
      if (!kept) return setStatus('signed-out');
      setSession(kept.session);
      setCampaigns(kept.campaigns);
      setToday(kept.today);
      setStatus('signed-in');
    });
  }, [start]);
  useEffect(() => keepSession(status, session, campaigns, today), [status, session, campaigns, today]);

  const dated = useMemo(
    () => campaigns.map((c) => ({ code: c.code, startDate: c.startDate?.iso ?? null, endDate: c.endDate?.iso ?? null })),
    [campaigns],
  );

  const value = useMemo<SessionState>(() => ({
    status,
    session,
    campaigns,
    today,
    defaultCampaign: today === null ? campaigns[0]?.code ?? null : chooseCampaign(dated, today, chosen),
    timingOf: (code) => {
      const campaign = dated.find((c) => c.code === code);
      return campaign && today !== null ? campaignTiming(campaign, today) : null;
    },
    rememberCampaign: (code) => {
      setChosen(code);
      try {
        localStorage.setItem(CAMPAIGN_KEY, code);
      } catch {
        // Not remembered, still chosen.
      }
    },
    can: (permission) => session?.permissions.includes(permission) ?? false,
    mustChangePassword: mustChangePasswordOf(session),
    signedInByLink: byLink,
    signIn: async (username, password) => {
      const s = await api.signIn({ username, password });
      setByLink(false);
      keepByLink(false);
      await start(s);
      return s;
    },
    signInWithLink: async (token) => {
      const s = await api.signInWithLink(token);
      setByLink(true);
      keepByLink(true);
      await start(s);
      return s;
    },
    changePassword: async (body) => {
      const s = await api.changePassword(body);
      setByLink(false);
      keepByLink(false);
      // The password is changed whatever follows: campaigns that fail to load now are asked again later.
      if (!mustChangePasswordOf(s)) await loadCampaigns().catch(() => undefined);
      // Drawn at once: the caller goes on to a page only the changed session may open.
      flushSync(() => setSession(s));
    },
    signOut: async () => {
      await api.signOut().catch(() => undefined);
      keepByLink(false);
      setByLink(false);
      setSession(null);
      setCampaigns([]);
      setStatus('signed-out');
    },
    signOutEverywhere: async () => {
      await api.signOutEverywhere();
      keepByLink(false);
      setByLink(false);
      setSession(null);
      setCampaigns([]);
      setStatus('signed-out');
    },
    reloadCampaigns: loadCampaigns,
  }), [status, session, campaigns, today, dated, chosen, byLink, start, loadCampaigns]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
