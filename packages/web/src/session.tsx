/**
 * Who is signed in, the campaigns they can see, and the one they are working on. Loaded
 * once at start; a 401 anywhere sends the user back to the sign-in page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Permission } from '@giaoban/server/api';
import { api, configureClient, type SessionResponse } from './api/client.ts';
import type { CampaignListResponse } from '@giaoban/server/api';
import { useLanguage } from './i18n/language.tsx';

export type CampaignSummary = CampaignListResponse['campaigns'][number];

interface SessionState {
  readonly status: 'loading' | 'signed-out' | 'signed-in';
  readonly session: SessionResponse | null;
  readonly campaigns: readonly CampaignSummary[];
  /** The campaign last chosen (remembered), else the most recent one. */
  readonly defaultCampaign: string | null;
  readonly rememberCampaign: (code: string) => void;
  readonly can: (permission: Permission) => boolean;
  readonly signIn: (username: string, password: string) => Promise<SessionResponse>;
  readonly signOut: () => Promise<void>;
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
  const [chosen, setChosen] = useState<string | null>(storedCampaign);

  configureClient({ language });

  const loadCampaigns = useCallback(async () => {
    const list = await api.campaigns();
    // Most recent first: the campaign a cadre is working on now.
    setCampaigns([...list.campaigns].sort((a, b) => (b.startDate?.iso ?? '').localeCompare(a.startDate?.iso ?? '')));
  }, []);

  const start = useCallback(async (s: SessionResponse) => {
    setSession(s);
    await loadCampaigns();
    setStatus('signed-in');
  }, [loadCampaigns]);

  useEffect(() => {
    configureClient({ onSignedOut: () => { setSession(null); setStatus('signed-out'); } });
    api.session().then(start, () => setStatus('signed-out'));
  }, [start]);

  const value = useMemo<SessionState>(() => ({
    status,
    session,
    campaigns,
    defaultCampaign: campaigns.find((c) => c.code === chosen)?.code ?? campaigns[0]?.code ?? null,
    rememberCampaign: (code) => {
      setChosen(code);
      try {
        localStorage.setItem(CAMPAIGN_KEY, code);
      } catch {
        // Not remembered, still chosen.
      }
    },
    can: (permission) => session?.permissions.includes(permission) ?? false,
    signIn: async (username, password) => {
      const s = await api.signIn({ username, password });
      await start(s);
      return s;
    },
    signOut: async () => {
      await api.signOut().catch(() => undefined);
      setSession(null);
      setCampaigns([]);
      setStatus('signed-out');
    },
    reloadCampaigns: loadCampaigns,
  }), [status, session, campaigns, chosen, start, loadCampaigns]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
