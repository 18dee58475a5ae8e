/**
 * The typed client of the Giao Ban API. Every request and response type comes from the
 * server's own schemas (`@giaoban/server/api`, type-only), so a change on one side that
 * the other does not follow fails `npm run typecheck`.
 */
import type {
  AllocationBody, AllocationResponse, ApiError as ApiErrorBody, ApiHistoryEntry, ApiNotification, ApproveChildrenResponse, AuditResponse,
  ChildrenReportsResponse, ChildrenViewedBody, ChildrenViewedResponse,
  CampaignListResponse, CampaignResponse, CampaignRulesBody, CorrectBody, CreateCampaignBody, CreateIndicatorBody, IndicatorListResponse, IndicatorResponse,
  NoticeBody, NoticeResponse, NotificationListResponse, NotificationReadResponse, ProgressResponse, QualityResponse, ReportBody, ReportResponse, ReviewBody,
  SessionResponse, SignInBody, TimelinessResponse, UnitResponse,
} from '@giaoban/server/api';
import type { Language } from '../i18n/catalogue.ts';
import { withKeptCopy } from '../lib/offline-reads.ts';
import type { ImportJobResponse } from '@giaoban/server/api';
import type {
  AccountCredentialResponse, AccountListResponse, AccountResponse, ChangePasswordBody, CreateAccountBody, CreateUnitBody, Credential, OrgTreeResponse,
  OrgUnitResponse, UnitSearchResponse, CreateUnitTagBody, UnitTagListResponse, UnitTagResponse, UnitsUploadResponse, UpdateAccountBody, UpdateUnitBody, UpdateUnitResponse,
  ReorganisationAppliedResponse, ReorganisationBody, ReorganisationListResponse, ReorganisationPreviewResponse,
} from './organisation.ts';
import type {
  ActivityListQuery, ActivityListResponse, ActivityRecordResponse, ActivitySetup, ActivitySetupBody, ActivityTotals, CorrectActivityBody, CreateActivityBody, WithdrawActivityBody,
} from './activities.ts';

/** A refusal from the server, with its stable id and the message in the user's language. */
export class ApiError extends Error {
  readonly status: number;
  readonly id: string;
  readonly field: string | undefined;
  /** Per-field refusals; kind 'outlier' is a figure accepted once confirmed with an explanation. */
  readonly fields: readonly { field: string; message: string; kind?: 'outlier' | undefined }[];
  readonly rows: readonly { line: number; column: string; message: string }[];
  /** A bulk upload's refusals by row, in the file's order. */
  readonly rowErrors: readonly RowError[];

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.id = body.id;
    this.field = body.field;
    this.fields = body.fields ?? (body.field ? [{ field: body.field, message: body.message }] : []);
    this.rows = body.rows ?? [];
    this.rowErrors = (body.rows ?? []).map((r) => ({ row: r.row, field: r.field, message: r.message }));
  }
}

/** One refused row of an uploaded file (its row number as the spreadsheet shows it). */
export interface RowError {
  readonly row: number;
  readonly field: string;
  readonly message: string;
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

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, query: Query = {}): Promise<T> {
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

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type a file is sent with: a CSV as text/csv, anything else as a workbook. */
const typeOf = (file: File) => (/\.csv$/i.test(file.name) ? 'text/csv' : XLSX_TYPE);

/** Posts a spreadsheet's bytes as they are (an upload, its name in `x-file-name`); answered as `request` is. */
function sendWorkbook<T>(path: string, file: File, query: Query = {}): Promise<T> {
  return sendFile<T>(path, file, typeOf(file), query);
}

/** Posts a file's bytes as they are, with the content type given and its name in `x-file-name`; answered as `request` is. */
async function sendFile<T>(path: string, file: File, contentType: string, query: Query = {}): Promise<T> {
  const params = new URLSearchParams({ lang: language });
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': contentType, 'x-file-name': encodeURIComponent(file.name) };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${path}?${params}`, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new NetworkError('network');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as ApiErrorBody | null)?.error ?? { id: 'internal', message: response.statusText };
    if (response.status === 401) onSignedOut?.();
    throw new ApiError(response.status, error);
  }
  return payload as T;
}

/**
 * Posts a spreadsheet and takes a file back (the accounts upload answers the temporary
 * passwords as a workbook, once): the file's bytes and its name, or the API's refusal.
 */
async function sendWorkbookForFile(path: string, file: File): Promise<{ blob: Blob; fileName: string; created: number | null }> {
  const params = new URLSearchParams({ lang: language });
  const headers: Record<string, string> = { accept: `${XLSX_TYPE}, application/json`, 'content-type': typeOf(file), 'x-file-name': encodeURIComponent(file.name) };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${path}?${params}`, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new NetworkError('network');
  }
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => null);
    const error = (payload as ApiErrorBody | null)?.error ?? { id: 'internal', message: response.statusText };
    if (response.status === 401) onSignedOut?.();
    throw new ApiError(response.status, error);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const named = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
  let fileName = 'tai-khoan.xlsx';
  try {
    if (named) fileName = decodeURIComponent(named.trim());
  } catch {
    // A malformed name: the default one.
  }
  const created = Number(response.headers.get('x-accounts-created'));
  return { blob: await response.blob(), fileName, created: Number.isFinite(created) && response.headers.has('x-accounts-created') ? created : null };
}

const seg = encodeURIComponent;

/** A read answered from the device's last copy when the network fails (in the user's language: the texts are). */
const keptRead = <T,>(key: string, read: () => Promise<T>): Promise<T> =>
  withKeptCopy(`${language}|${key}`, read, (error) => error instanceof NetworkError);

export interface TimelinessQuery extends Query {
  readonly period?: string | undefined;
  /** How the late units are listed: by code, or by name (Vietnamese order). */
  readonly order?: 'code' | 'name' | undefined;
  readonly kind?: 'late' | 'missing' | 'late_or_missing' | undefined;
}

export interface AuditQuery extends Query {
  readonly campaign?: string | undefined;
  readonly unit?: string | undefined;
  readonly subtree?: 'true' | 'false' | undefined;
  readonly user?: string | undefined;
  /** Dates as typed, dd/mm/yyyy, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** The `next` of the previous page. */
  readonly before?: number | undefined;
  readonly limit?: number | undefined;
}
/** A campaign's reporting rules as the rules form sends them (the `rules` of a new campaign, same schema). */

const unitPath = (campaign: string, unit: string) => `/api/v1/campaigns/${seg(campaign)}/units/${seg(unit)}`;
const noticePath = (campaign: string, rootUnit: string, phase: number) => `${unitPath(campaign, rootUnit)}/documents/notice/${phase}`;

/**
 * Reads started before the page that needs them is drawn (lib/early-reads.ts, from the address at
 * start), each handed once to the first identical read, and only while fresh: the figures are the
 * server's answer to this same request, with this same cookie, so a refusal (403) still reaches the page.
 */
const EARLY_MS = 10_000;
const early = new Map<string, { readonly at: number; readonly answer: Promise<unknown> }>();

function once<T>(key: string, read: () => Promise<T>): Promise<T> {
  const full = `${language}|${key}`;
  const started = early.get(full);
  early.delete(full);
  return started && performance.now() - started.at < EARLY_MS ? (started.answer as Promise<T>) : read();
}

/** Starts a read now for the page about to ask it (its answer waits there, see `once`). */
function ahead(key: string, read: () => Promise<unknown>): void {
  const answer = read();
  answer.catch(() => undefined); // Taken by the page, which handles it; or never taken.
  early.set(`${language}|${key}`, { at: performance.now(), answer });
}

/** Forgets reads started ahead (another user signs in, or the session ends). */
export function forgetEarlyReads(): void {
  early.clear();
}

type ProgressQuery = { asOf?: string | undefined; precision?: number | undefined; group?: string | undefined; regroupAsOf?: string | undefined; programme?: string | undefined };
const progressKey = (campaign: string, unit: string, query: ProgressQuery) =>
  `progress|${campaign}|${unit}|${query.asOf ?? ''}|${query.precision ?? ''}|${query.group ?? ''}|${query.regroupAsOf ?? ''}|${query.programme ?? ''}`;

function remember(session: SessionResponse): SessionResponse {
  csrfToken = session.csrfToken;
  return session;
}

export const api = {
  session: async () => remember(await request<SessionResponse>('GET', '/api/v1/session')),
  signIn: async (body: SignInBody) => {
    forgetEarlyReads();
    return remember(await request<SessionResponse>('POST', '/api/v1/session', body));
  },
  signOut: async () => {
    forgetEarlyReads();
    await request<void>('DELETE', '/api/v1/session');
    csrfToken = null;
  },
  unit: (code: string) => once(`unit|${code}`, () => request<UnitResponse>('GET', `/api/v1/units/${seg(code)}`)),
  indicators: () => request<IndicatorListResponse>('GET', '/api/v1/indicators'),
  createIndicator: (body: CreateIndicatorBody) => request<IndicatorResponse>('POST', '/api/v1/indicators', body),
  campaigns: () => once('campaigns', () => request<CampaignListResponse>('GET', '/api/v1/campaigns')),
  /** Kept on the device, so the report form opens offline (lib/offline-reads.ts). */
  campaign: (code: string) => keptRead(`campaign|${code}`, () => request<CampaignResponse>('GET', `/api/v1/campaigns/${seg(code)}`)),
  createCampaign: (body: CreateCampaignBody) => request<CampaignResponse>('POST', '/api/v1/campaigns', body),
  /** Deadlines, reminders, cross-indicator rules, weekly bounds and exempt units, set by the campaign's root unit (all or nothing). */
  saveRules: (campaign: string, rootUnit: string, body: CampaignRulesBody) =>
    request<CampaignResponse>('PUT', `${unitPath(campaign, rootUnit)}/rules`, body),
  /** `group`: only the children carrying that unit group (the unit's own figures stay whole). */
  progress: (campaign: string, unit: string, query: ProgressQuery = {}) =>
    once(progressKey(campaign, unit, query), () => request<ProgressResponse>('GET', `${unitPath(campaign, unit)}/progress`, undefined, query)),
  /** Kept on the device, so the report form opens offline and what is typed there is queued (lib/offline-queue.ts). */
  report: (campaign: string, unit: string, period: string) =>
    keptRead(`report|${campaign}|${unit}|${period}`, () => request<ReportResponse>('GET', `${unitPath(campaign, unit)}/reports/${seg(period)}`)),
  /** A reviewer has opened a submitted report (approving needs it); the report as they now see it. */
  markViewed: (campaign: string, unit: string, period: string) =>
    request<ReportResponse>('POST', `${unitPath(campaign, unit)}/reports/${seg(period)}/viewed`),
  saveDraft: (campaign: string, unit: string, period: string, body: ReportBody) =>
    request<ReportResponse>('PUT', `${unitPath(campaign, unit)}/reports/${seg(period)}`, body),
  submitReport: (campaign: string, unit: string, period: string, body: ReportBody) =>
    request<ReportResponse>('POST', `${unitPath(campaign, unit)}/reports/${seg(period)}/submit`, body),
  correctReport: (campaign: string, unit: string, period: string, body: CorrectBody) =>
    request<ReportResponse>('POST', `${unitPath(campaign, unit)}/reports/${seg(period)}/correct`, body),
  approveReport: (campaign: string, unit: string, period: string, body: ReviewBody) =>
    request<ReportResponse>('POST', `${unitPath(campaign, unit)}/reports/${seg(period)}/approve`, body),
  returnReport: (campaign: string, unit: string, period: string, body: ReviewBody & { reason: string }) =>
    request<ReportResponse>('POST', `${unitPath(campaign, unit)}/reports/${seg(period)}/return`, body),
  /** Approves several children's reports of one week; the answer says, per unit, what was refused and why. */
  approveChildren: (campaign: string, parent: string, period: string, units: readonly string[]) =>
    request<ApproveChildrenResponse>('POST', `${unitPath(campaign, parent)}/reports/${seg(period)}/approve-children`, { units }),
  /** The children's reports of a week with their figures, for review in the list. */
  childrenReports: (campaign: string, parent: string, period: string) =>
    request<ChildrenReportsResponse>('GET', `${unitPath(campaign, parent)}/reports/${seg(period)}/children`),
  /** The list displayed these reports' figures (each at its version): they count as viewed. */
  childrenViewed: (campaign: string, parent: string, period: string, reports: ChildrenViewedBody['reports']) =>
    request<ChildrenViewedResponse>('POST', `${unitPath(campaign, parent)}/reports/${seg(period)}/children/viewed`, { reports }),
  timeliness: (campaign: string, unit: string, query: TimelinessQuery = {}) =>
    request<TimelinessResponse>('GET', `${unitPath(campaign, unit)}/timeliness`, undefined, query),
  quality: (campaign: string, unit: string, query: TimelinessQuery = {}) =>
    request<QualityResponse>('GET', `${unitPath(campaign, unit)}/quality`, undefined, query),
  audit: (query: AuditQuery) => request<AuditResponse>('GET', '/api/v1/audit', undefined, query),
  notifications: (query: { limit?: number } = {}) => request<NotificationListResponse>('GET', '/api/v1/notifications', undefined, query),
  readNotification: (id: number) => request<NotificationReadResponse>('POST', `/api/v1/notifications/${id}/read`),
  targets: (campaign: string, unit: string) => request<AllocationResponse>('GET', `${unitPath(campaign, unit)}/targets`),
  allocate: (campaign: string, unit: string, body: AllocationBody) =>
    request<AllocationResponse>('PUT', `${unitPath(campaign, unit)}/targets`, body),
  /** The conclusion notice of a phase: the saved form and the document drafted from today's data. */
  notice: (campaign: string, rootUnit: string, phase: number) =>
    request<NoticeResponse>('GET', noticePath(campaign, rootUnit, phase)),
  saveNotice: (campaign: string, rootUnit: string, phase: number, body: NoticeBody) =>
    request<NoticeResponse>('PUT', noticePath(campaign, rootUnit, phase), body),
  /** The .docx address, for a plain download link (the browser sends the session cookie). */
  noticeDocxUrl: (campaign: string, rootUnit: string, phase: number) => `${noticePath(campaign, rootUnit, phase)}/docx`,
  /** A unit's weekly progress report (the form's shape is the notice's) and its files. */
  progressReport: (campaign: string, unit: string, week: string) =>
    request<NoticeResponse>('GET', `${unitPath(campaign, unit)}/documents/progress/${seg(week)}`),
  saveProgressReport: (campaign: string, unit: string, week: string, body: NoticeBody) =>
    request<NoticeResponse>('PUT', `${unitPath(campaign, unit)}/documents/progress/${seg(week)}`, body),
  progressReportDocxUrl: (campaign: string, unit: string, week: string) => `${unitPath(campaign, unit)}/documents/progress/${seg(week)}/docx`,
  progressReportAnnexUrl: (campaign: string, unit: string, week: string) => `${unitPath(campaign, unit)}/documents/progress/${seg(week)}/annex.xlsx`,
  /** The campaign's final report, drafted by its root unit. */
  finalReport: (campaign: string, rootUnit: string) => request<NoticeResponse>('GET', `${unitPath(campaign, rootUnit)}/documents/final`),
  saveFinalReport: (campaign: string, rootUnit: string, body: NoticeBody) =>
    request<NoticeResponse>('PUT', `${unitPath(campaign, rootUnit)}/documents/final`, body),
  finalReportDocxUrl: (campaign: string, rootUnit: string) => `${unitPath(campaign, rootUnit)}/documents/final/docx`,
  /** Spreadsheet downloads (fetched by lib/download.ts with the session cookie). */
  /** The unit's stream of changes (server-sent events): its dashboard refreshes itself on `change`. */
  progressEventsUrl: (campaign: string, unit: string) => `${unitPath(campaign, unit)}/events`,
  progressXlsxUrl: (campaign: string, unit: string, asOf?: string, group?: string, regroupAsOf?: string) => {
    const params = new URLSearchParams();
    if (asOf) params.set('asOf', asOf);
    if (group) params.set('group', group);
    if (regroupAsOf) params.set('regroupAsOf', regroupAsOf);
    const text = params.toString();
    return `${unitPath(campaign, unit)}/progress.xlsx${text ? `?${text}` : ''}`;
  },
  timelinessXlsxUrl: (campaign: string, unit: string, query: TimelinessQuery = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    const text = params.toString();
    return `${unitPath(campaign, unit)}/timeliness.xlsx${text ? `?${text}` : ''}`;
  },
  entryTemplateUrl: (campaign: string, unit: string, period: string, children: boolean) =>
    `${unitPath(campaign, unit)}/entry-template.xlsx?period=${seg(period)}&children=${children ? 'true' : 'false'}`,
  /** Uploads a filled-in entry workbook; the job runs on and is followed with `importJob`. */
  /** `onBehalf`: the units below the importer are entered on their behalf (nhập thay), with this reason and received time. */
  startImport: (campaign: string, mode: 'workbook' | 'unit', file: File, onBehalf?: { reason: string; receivedAt: string }) =>
    sendWorkbook<ImportJobResponse>(`/api/v1/campaigns/${seg(campaign)}/imports`, file, {
      mode, onBehalfReason: onBehalf?.reason, onBehalfReceivedAt: onBehalf?.receivedAt,
    }),
  importJob: (id: string) => request<ImportJobResponse>('GET', `/api/v1/imports/${seg(id)}`),

  /** Units of the subtree of `scope` matching `q` (any case, diacritics or not; or a code's start). */
  searchUnits: (scope: string, q: string, limit = 20) =>
    request<UnitSearchResponse>('GET', `/api/v1/units/${seg(scope)}/search`, undefined, { q, limit }),
  /** The whole subtree of a unit, each with its parent's code. */
  unitTree: (code: string) => request<OrgTreeResponse>('GET', `/api/v1/units/${seg(code)}/tree`),
  unitTags: () => request<UnitTagListResponse>('GET', '/api/v1/unit-tags'),
  /** A campaign's activity lists: the record kinds, work kinds, programmes, focus areas. */
  activitySetup: (campaign: string) => request<ActivitySetup>('GET', `/api/v1/campaigns/${seg(campaign)}/activity-setup`),
  /** The activity records of a unit's subtree. */
  activities: (campaign: string, unit: string, query: ActivityListQuery = {}) => request<ActivityListResponse>('GET', `${unitPath(campaign, unit)}/activities`, undefined, query),
  activityTotals: (campaign: string, unit: string, asOf?: string, filters: ActivityListQuery = {}) =>
    request<ActivityTotals>('GET', `${unitPath(campaign, unit)}/activity-totals`, undefined, { ...filters, asOf }),
  /** Adds to (or renames in) the campaign's lists; its root unit only. */
  /** A photo's bytes as they are: the server tells an image by its content, not by this type. */
  addActivityPhoto: (campaign: string, unit: string, id: number, file: File) =>
    sendFile<ActivityRecordResponse>(`${unitPath(campaign, unit)}/activities/${id}/photos`, file, file.type || 'application/octet-stream'),
  removeActivityPhoto: (campaign: string, unit: string, id: number, photoId: number, reason: string) =>
    request<ActivityRecordResponse>('POST', `${unitPath(campaign, unit)}/activities/${id}/photos/${photoId}/withdraw`, { reason }),
  setActivitySetup: (campaign: string, unit: string, body: ActivitySetupBody) => request<ActivitySetup>('PUT', `${unitPath(campaign, unit)}/activity-setup`, body),
  /** The subtree's records of one kind as a workbook. */
  activitiesXlsxUrl: (campaign: string, unit: string, kind: string, filters: ActivityListQuery = {}) =>
    `${unitPath(campaign, unit)}/activities.xlsx?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])), kind })}`,
  activitiesTemplateUrl: (campaign: string, unit: string, kind: string) => `${unitPath(campaign, unit)}/activities-template.xlsx?kind=${seg(kind)}`,
  /** A sheet of records of one kind (.xlsx or .csv, the template's layout): all rows or none. */
  importActivities: (campaign: string, unit: string, kind: string, file: File) =>
    sendWorkbook<{ created: number; unchanged: number }>(`${unitPath(campaign, unit)}/activities-import`, file, { kind }),
  createActivity: (campaign: string, unit: string, body: CreateActivityBody) => request<ActivityRecordResponse>('POST', `${unitPath(campaign, unit)}/activities`, body),
  correctActivity: (campaign: string, unit: string, id: number, body: CorrectActivityBody) =>
    request<ActivityRecordResponse>('PUT', `${unitPath(campaign, unit)}/activities/${id}`, body),
  withdrawActivity: (campaign: string, unit: string, id: number, body: WithdrawActivityBody) =>
    request<{ withdrawn: true }>('POST', `${unitPath(campaign, unit)}/activities/${id}/withdraw`, body),
  /** Adds a unit group to the central list (the central unit's staff only). */
  createUnitTag: (body: CreateUnitTagBody) => request<UnitTagResponse>('POST', '/api/v1/unit-tags', body),
  createUnit: (parent: string, body: CreateUnitBody) => request<OrgUnitResponse>('POST', `/api/v1/units/${seg(parent)}/children`, body),
  updateUnit: (code: string, body: UpdateUnitBody) => request<UpdateUnitResponse>('PATCH', `/api/v1/units/${seg(code)}`, body),
  /** A units file (.xlsx or .csv) for the subtree of `code`: all rows or none. */
  uploadUnits: (code: string, file: File) => sendWorkbook<UnitsUploadResponse>(`/api/v1/units/${seg(code)}/units-upload`, file),
  /** The reorganisations whose scope holds the unit or lies below it, by date. */
  reorganisations: (unit: string) => request<ReorganisationListResponse>('GET', `/api/v1/units/${seg(unit)}/reorganisations`),
  /** What a reorganisation of the unit's subtree would do, nothing written; a refusal names its fields (steps.0.from.1). */
  previewReorganisation: (unit: string, body: ReorganisationBody) =>
    request<ReorganisationPreviewResponse>('POST', `/api/v1/units/${seg(unit)}/reorganisations/preview`, body),
  applyReorganisation: (unit: string, body: ReorganisationBody) =>
    request<ReorganisationAppliedResponse>('POST', `/api/v1/units/${seg(unit)}/reorganisations`, body),
  accounts: (unit: string, subtree = true) =>
    request<AccountListResponse>('GET', `/api/v1/units/${seg(unit)}/accounts`, undefined, { subtree: subtree ? 'true' : 'false' }),
  createAccount: (unit: string, body: CreateAccountBody) => request<AccountCredentialResponse>('POST', `/api/v1/units/${seg(unit)}/accounts`, body),
  updateAccount: (unit: string, username: string, body: UpdateAccountBody) =>
    request<AccountResponse>('PATCH', `/api/v1/units/${seg(unit)}/accounts/${seg(username)}`, body),
  resetAccount: (unit: string, username: string, credential: Credential) =>
    request<AccountCredentialResponse>('POST', `/api/v1/units/${seg(unit)}/accounts/${seg(username)}/reset`, { credential }),
  signOutAccount: (unit: string, username: string) =>
    request<{ signedOut: number }>('POST', `/api/v1/units/${seg(unit)}/accounts/${seg(username)}/sign-out-everywhere`),
  /** Reporter accounts of many units from a spreadsheet; answered with the workbook of temporary passwords (given once). */
  uploadAccounts: (unit: string, file: File) => sendWorkbookForFile(`/api/v1/units/${seg(unit)}/accounts-upload`, file),
  /** The user's own new password; the session as it now stands (no longer bound to change it). */
  changePassword: async (body: ChangePasswordBody) => {
    const session = remember(await request<SessionResponse>('POST', '/api/v1/session/password', body));
    // Reads started ahead while the password still had to change were refused: not to be taken now.
    forgetEarlyReads();
    return session;
  },
  /** Ends every session of the account, this one too. */
  signOutEverywhere: async () => {
    forgetEarlyReads();
    await request<void>('POST', '/api/v1/session/sign-out-everywhere');
    csrfToken = null;
  },
  /** Signs in with a one-time link's token (the part after `#`). */
  signInWithLink: async (token: string) => {
    forgetEarlyReads();
    return remember(await request<SessionResponse>('POST', '/api/v1/session/link', { token }));
  },
};

/** The reads a first screen needs, started ahead of it (taken once by the identical `api` call). */
export const readAhead = {
  campaigns: () => ahead('campaigns', () => request<CampaignListResponse>('GET', '/api/v1/campaigns')),
  unit: (code: string) => ahead(`unit|${code}`, () => request<UnitResponse>('GET', `/api/v1/units/${seg(code)}`)),
  progress: (campaign: string, unit: string, query: { asOf?: string | undefined } = {}) =>
    ahead(progressKey(campaign, unit, query), () => request<ProgressResponse>('GET', `${unitPath(campaign, unit)}/progress`, undefined, query)),
};

export type {
  AllocationResponse, ApiHistoryEntry, ApiNotification, ApproveChildrenResponse, AuditResponse, CampaignResponse, CampaignRulesBody, CreateCampaignBody,
  ChildrenReportsResponse,
  NoticeBody, NoticeResponse,
  ProgressResponse, QualityResponse, ReportResponse, SessionResponse, TimelinessResponse,
};
