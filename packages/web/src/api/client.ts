/**
 * The typed client of the Giao Ban API. Every request and response type comes from the
 * server's own schemas (`@giaoban/server/api`, type-only), so a change on one side that
 * the other does not follow fails `npm run typecheck`.
 */
import type {
  AllocationBody, AllocationResponse, ApiError as ApiErrorBody, CampaignListResponse, CampaignResponse, CreateCampaignBody,
  CreateIndicatorBody, IndicatorListResponse, IndicatorResponse, ProgressResponse, ReportBody, ReportResponse, SessionResponse,
  SignInBody, UnitResponse,
} from '@giaoban/server/api';
import type { Language } from '../i18n/catalogue.ts';

/** A refusal from the server, with its stable id and the message in the user's language. */
export class ApiError extends Error {
  readonly status: number;
  readonly id: string;
  readonly field: string | undefined;
  readonly fields: readonly { field: string; message: string }[];
  readonly rows: readonly { line: number; column: string; message: string }[];

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.id = body.id;
    this.field = body.field;
    this.fields = body.fields ?? (body.field ? [{ field: body.field, message: body.message }] : []);
    this.rows = body.rows ?? [];
  }
}

/** The network failed before any answer came back. */
export class NetworkError extends Error {}

let csrfToken: string | null = null;
let language: Language = 'vi';
let onSignedOut: (() => void) | null = null;

export function configureClient(options: { language?: Language; onSignedOut?: () => void }): void {
  if (options.language) language = options.language;
  if (options.onSignedOut) onSignedOut = options.onSignedOut;
}

type Query = Readonly<Record<string, string | number | undefined>>;

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, query: Query = {}): Promise<T> {
  const params = new URLSearchParams({ lang: language });
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${path}?${params}`, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new NetworkError('network');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as ApiErrorBody | null)?.error ?? { id: 'internal', message: response.statusText };
    if (response.status === 401 && !path.endsWith('/session')) onSignedOut?.();
    throw new ApiError(response.status, error);
  }
  return payload as T;
}

const seg = encodeURIComponent;
const unitPath = (campaign: string, unit: string) => `/api/v1/campaigns/${seg(campaign)}/units/${seg(unit)}`;

function remember(session: SessionResponse): SessionResponse {
  csrfToken = session.csrfToken;
  return session;
}

export const api = {
  session: async () => remember(await request<SessionResponse>('GET', '/api/v1/session')),
  signIn: async (body: SignInBody) => remember(await request<SessionResponse>('POST', '/api/v1/session', body)),
  signOut: async () => {
    await request<void>('DELETE', '/api/v1/session');
    csrfToken = null;
  },
  unit: (code: string) => request<UnitResponse>('GET', `/api/v1/units/${seg(code)}`),
  indicators: () => request<IndicatorListResponse>('GET', '/api/v1/indicators'),
  createIndicator: (body: CreateIndicatorBody) => request<IndicatorResponse>('POST', '/api/v1/indicators', body),
  campaigns: () => request<CampaignListResponse>('GET', '/api/v1/campaigns'),
  campaign: (code: string) => request<CampaignResponse>('GET', `/api/v1/campaigns/${seg(code)}`),
  createCampaign: (body: CreateCampaignBody) => request<CampaignResponse>('POST', '/api/v1/campaigns', body),
  progress: (campaign: string, unit: string, query: { asOf?: string; precision?: number } = {}) =>
    request<ProgressResponse>('GET', `${unitPath(campaign, unit)}/progress`, undefined, query),
  report: (campaign: string, unit: string, period: string) =>
    request<ReportResponse>('GET', `${unitPath(campaign, unit)}/reports/${seg(period)}`),
  saveDraft: (campaign: string, unit: string, period: string, body: ReportBody) =>
    request<ReportResponse>('PUT', `${unitPath(campaign, unit)}/reports/${seg(period)}`, body),
  submitReport: (campaign: string, unit: string, period: string, body: ReportBody) =>
    request<ReportResponse>('POST', `${unitPath(campaign, unit)}/reports/${seg(period)}/submit`, body),
  targets: (campaign: string, unit: string) => request<AllocationResponse>('GET', `${unitPath(campaign, unit)}/targets`),
  allocate: (campaign: string, unit: string, body: AllocationBody) =>
    request<AllocationResponse>('PUT', `${unitPath(campaign, unit)}/targets`, body),
};

export type {
  AllocationResponse, CampaignResponse, CreateCampaignBody, ProgressResponse, ReportResponse, SessionResponse,
};
