/**
 * The database schema. Migrations in ../migrations are generated from this file
 * (`npm run db:generate -w @giaoban/db`) and applied at start.
 *
 * Numbers: every figure is `numeric(20,4)` so sums in SQL are exact; both drivers
 * parse numeric and int8 to JavaScript numbers (connection.ts).
 *
 * The repositories' row types are derived from these tables (`$inferSelect`), so each column's
 * TypeScript type says what the repositories' raw queries really get back: dates and
 * timestamps as text (connection.ts and drizzle's own parsers), a checked text column as its
 * union, a jsonb column as the shape the repositories write into it.
 */
import { sql } from 'drizzle-orm';
import type {
  CountRule,
  CrossRule, DeadlineRules, OutlierFlag, ReminderSettings, ReorganisationPlan, ReorganisationStep, ReportingMode, ReportState, UnitLevel, ValueKind,
} from '@giaoban/core';
import {
  boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text,
  timestamp, uniqueIndex, type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const figure = (name: string) => numeric(name, { precision: 20, scale: 4, mode: 'number' });
const day = (name: string) => date(name, { mode: 'string' });
/** Read back as PostgreSQL's text in the session's time zone ('2023-07-03 03:04:05.678+00'), never a Date: both drivers parse timestamptz to text. */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const createdAt = () => instant('created_at').notNull().defaultNow();

/** cấp bộ Đoàn: a node of the hierarchy, with validity dates so structures can change over time. */
export const units = pgTable('units', {
  id: serial('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** Tên viết tắt: how tables and the tile map name the unit when space is short (null: the name). */
  shortName: text('short_name'),
  /** The code, name and short name folded for search (core foldForSearch: no diacritics, lower case), kept by the repository. */
  searchText: text('search_text').notNull().default(''),
  level: text('level').$type<UnitLevel>().notNull(),
  parentId: integer('parent_id').references((): AnyPgColumn => units.id),
  tags: text('tags').array().$type<readonly string[]>().notNull().default(sql`'{}'::text[]`),
  region: text('region'),
  validFrom: day('valid_from'),
  validTo: day('valid_to'),
  successorId: integer('successor_id').references((): AnyPgColumn => units.id),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('units_code_key').on(t.code),
  index('units_parent_idx').on(t.parentId),
  check('units_level_check', sql`${t.level} in ('central','province','affiliated','district','grassroots','branch')`),
  check('units_validity_check', sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} >= ${t.validFrom}`),
]);

/**
 * Unit groups (nhóm đơn vị): the tags a unit may carry (`urban` "khu vực đô thị", …), a list
 * the central unit keeps. units.tags holds codes of this table.
 */
export const unitTags = pgTable('unit_tags', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  createdAt: createdAt(),
}, (t) => [check('unit_tags_code_check', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]{0,31}$'`)]);

/** Closure of the tree: one row per (ancestor, descendant), depth 0 for the unit itself. */
export const unitClosure = pgTable('unit_closure', {
  ancestorId: integer('ancestor_id').notNull().references(() => units.id),
  descendantId: integer('descendant_id').notNull().references(() => units.id),
  depth: integer('depth').notNull(),
}, (t) => [
  primaryKey({ columns: [t.ancestorId, t.descendantId] }),
  index('unit_closure_descendant_idx').on(t.descendantId, t.depth),
]);

/** chỉ tiêu: a measured quantity. */
export const indicators = pgTable('indicators', {
  id: serial('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  unitOfMeasure: text('unit_of_measure').notNull(),
  valueKind: text('value_kind').$type<ValueKind>().notNull(),
  reportingMode: text('reporting_mode').$type<ReportingMode>().notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('indicators_code_key').on(t.code),
  check('indicators_value_kind_check', sql`${t.valueKind} in ('integer','decimal','vnd')`),
  check('indicators_reporting_mode_check', sql`${t.reportingMode} in ('increment','cumulative')`),
]);

/** chiến dịch */
export const campaigns = pgTable('campaigns', {
  id: serial('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  startDate: day('start_date').notNull(),
  endDate: day('end_date').notNull(),
  rootUnitId: integer('root_unit_id').notNull().references(() => units.id),
  /** Deadline rule per unit level (core DeadlineRules); null = the defaults. A level without a rule does not report. */
  deadlines: jsonb('deadlines').$type<DeadlineRules>(),
  /** Cross-indicator rules (core CrossRule[]) checked on the values to date of every submission. */
  crossRules: jsonb('cross_rules').$type<readonly CrossRule[]>().notNull().default(sql`'[]'::jsonb`),
  /** When reminders and escalations go out (ReminderSettings in core); null = the defaults. */
  reminders: jsonb('reminders').$type<ReminderSettings>(),
  /** Decimals of the percentages in every output (dashboards, documents, annexes, CLI) unless a form overrides it: 1 or 2. */
  precision: integer('precision').notNull().default(2),
  createdBy: integer('created_by'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('campaigns_code_key').on(t.code),
  check('campaigns_dates_check', sql`${t.endDate} >= ${t.startDate}`),
  check('campaigns_precision_check', sql`${t.precision} in (1, 2)`),
]);

/** đợt */
export const campaignPhases = pgTable('campaign_phases', {
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
  name: text('name').notNull(),
  startDate: day('start_date').notNull(),
  endDate: day('end_date').notNull(),
}, (t) => [primaryKey({ columns: [t.campaignId, t.number] })]);

/** The indicators a campaign measures, in display order. */
export const campaignIndicators = pgTable('campaign_indicators', {
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  indicatorId: integer('indicator_id').notNull().references(() => indicators.id),
  position: integer('position').notNull(),
  /** Largest figure a unit may report for one week (null: no bound). */
  upperBound: figure('upper_bound'),
  /** How notices name the target, "{target}" for the figure (core IndicatorPhrasing); null: generic. */
  noticeTarget: text('notice_target'),
  /** How notices name what was done, "{value}" for the figure; null: generic. */
  noticeDone: text('notice_done'),
  /** How the weekly figure is counted from the units' activity records (core CountRule); null: typed. */
  countedFrom: jsonb('counted_from').$type<CountRule>(),
  /** The programme inside the campaign the indicator belongs to (issue 20); null: the campaign's as a whole. */
  programmeId: integer('programme_id').references(() => campaignProgrammes.id),
}, (t) => [primaryKey({ columns: [t.campaignId, t.indicatorId] })]);

/** Units a campaign does not ask to report (never late, never missing). */
export const campaignExemptions = pgTable('campaign_exemptions', {
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
}, (t) => [primaryKey({ columns: [t.campaignId, t.unitId] })]);

/**
 * Targets: the national target is the row at the campaign's root unit; phân bổ chỉ tiêu
 * (allocation) writes rows for the children of a unit.
 */
export const targets = pgTable('targets', {
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  indicatorId: integer('indicator_id').notNull().references(() => indicators.id),
  target: figure('target').notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  updatedBy: integer('updated_by'),
}, (t) => [
  primaryKey({ columns: [t.campaignId, t.unitId, t.indicatorId] }),
  check('targets_non_negative', sql`${t.target} >= 0`),
]);

/** A flagged value submitted with its explanation (what the approver sees). */
export interface ReportFlag {
  readonly flag: OutlierFlag;
  readonly explanation: string;
}

/** Unsubmitted edits, kept apart from the submitted figures so a draft never moves a roll-up. */
export interface ReportDraft {
  readonly values: Readonly<Record<string, number>>;
  readonly consolidated: boolean;
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
}

/**
 * báo cáo định kỳ: one unit's report for one ISO week of a campaign. The submitted figures
 * live in report_values; unsubmitted edits wait in `draft` so a draft never moves a roll-up.
 */
export const reports = pgTable('reports', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id').notNull().references(() => units.id),
  period: text('period').notNull(),
  status: text('status').$type<ReportState>().notNull(),
  consolidated: boolean('consolidated').notNull().default(false),
  highlights: text('highlights').notNull().default(''),
  difficulties: text('difficulties').notNull().default(''),
  proposals: text('proposals').notNull().default(''),
  draft: jsonb('draft').$type<ReportDraft>(),
  version: integer('version').notNull().default(1),
  /** The first submission: what timeliness is judged on (a resubmission after a return does not make it late). */
  firstSubmittedAt: instant('first_submitted_at'),
  submittedAt: instant('submitted_at'),
  submittedBy: integer('submitted_by'),
  /** Explanations of flagged values given at the last submission: { [indicatorCode]: { flag, explanation } }. */
  flags: jsonb('flags').$type<Readonly<Record<string, ReportFlag>>>().notNull().default(sql`'{}'::jsonb`),
  /** The parent's last review: approve or return, with the reason of a return. */
  reviewedAt: instant('reviewed_at'),
  reviewedBy: integer('reviewed_by'),
  returnReason: text('return_reason'),
  /** Reason of the last correction after approval. */
  correctionReason: text('correction_reason'),
  /** A manager of the parent opened the report as it now stands (cleared by every submission). */
  viewedAt: instant('viewed_at'),
  viewedBy: integer('viewed_by'),
  /**
   * nhập thay: the report was entered by a manager of a unit above on the unit's behalf (by
   * phone, on paper). `receivedAt` is when it really reached them (what timeliness is judged
   * on), `onBehalfBy` who entered it and `onBehalfReason` why; null for a report the unit sent itself.
   */
  receivedAt: instant('received_at'),
  onBehalfBy: integer('on_behalf_by'),
  onBehalfReason: text('on_behalf_reason'),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  updatedBy: integer('updated_by'),
}, (t) => [
  // Week before unit: one index serves a unit's report of a week and every report of a week.
  // With a second index on (campaign, week), the planner chose it for a few units' reports of
  // a week whose statistics still said it had none (the week's first hours), and read every
  // report of the week for each lookup.
  uniqueIndex('reports_campaign_period_unit_key').on(t.campaignId, t.period, t.unitId),
  check('reports_status_check', sql`${t.status} in ('draft','submitted','approved','returned')`),
  check('reports_period_check', sql`${t.period} ~ '^[0-9]{4}-W[0-9]{2}$'`),
]);

/**
 * The submitted figure of one unit, indicator and week, stored as the week's increment.
 * `consolidated` copies the report's flag: the value already includes the unit's subtree.
 */
export const reportValues = pgTable('report_values', {
  campaignId: integer('campaign_id').notNull(),
  unitId: integer('unit_id').notNull(),
  indicatorId: integer('indicator_id').notNull().references(() => indicators.id),
  period: text('period').notNull(),
  value: figure('value').notNull(),
  consolidated: boolean('consolidated').notNull(),
  reportId: integer('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
}, (t) => [
  primaryKey({ columns: [t.campaignId, t.unitId, t.indicatorId, t.period] }),
  index('report_values_report_idx').on(t.reportId),
]);

/**
 * Live roll-up: for every unit except the campaign's root, the sum of its children's totals
 * per indicator and week (S in core/rollup.ts). Updated in the submitting transaction; the
 * root's figure is summed from its children at read time, so no row is hot for everyone.
 */
export const rollupSummary = pgTable('rollup_summary', {
  campaignId: integer('campaign_id').notNull(),
  unitId: integer('unit_id').notNull(),
  indicatorId: integer('indicator_id').notNull(),
  period: text('period').notNull(),
  value: figure('value').notNull(),
}, (t) => [primaryKey({ columns: [t.campaignId, t.unitId, t.indicatorId, t.period] })]);

/** What an account may do (users_role_check). */
export type Role = 'admin' | 'steering' | 'manager' | 'reporter' | 'viewer';

/** The language of a user's pages and messages. */
export type Language = 'vi' | 'en';

/** Accounts: each belongs to one unit and sees only its subtree. */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role').$type<Role>().notNull(),
  unitId: integer('unit_id').notNull().references(() => units.id),
  language: text('language').$type<Language>().notNull().default('vi'),
  /** Where reminders are emailed when SMTP is configured (null: in-app only). */
  email: text('email'),
  active: boolean('active').notNull().default(true),
  /** A temporary password (set by a manager): every route but the session's refuses until the user sets their own. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  lastSignInAt: instant('last_sign_in_at'),
  passwordChangedAt: instant('password_changed_at'),
  /** The manager who created the account (null: the CLI, the demo). */
  createdBy: integer('created_by'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('users_username_key').on(t.username),
  check('users_role_check', sql`${t.role} in ('admin','steering','manager','reporter','viewer')`),
  check('users_language_check', sql`${t.language} in ('vi','en')`),
]);

/** Server-side sessions: the cookie carries a random token, the row keeps only its SHA-256. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: createdAt(),
  expiresAt: instant('expires_at').notNull(),
  ip: text('ip'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/**
 * One-time sign-in links a manager hands a new or locked-out user: the link carries a random
 * token, the row keeps its SHA-256; used once, then the user sets their password.
 */
export const signInLinks = pgTable('sign_in_links', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdBy: integer('created_by'),
  createdAt: createdAt(),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
}, (t) => [index('sign_in_links_user_idx').on(t.userId)]);

/**
 * Rate-limit counters shared by every server process (the @fastify/rate-limit store): one row
 * per key (route, address, username) with its current window, counted by an atomic upsert.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: instant('window_start').notNull(),
  expiresAt: instant('expires_at').notNull(),
  count: integer('count').notNull(),
}, (t) => [index('rate_limits_expires_idx').on(t.expiresAt)]);

/**
 * A scheduled job runs once across server processes: a process runs a pass only when it takes
 * the job's lease (free, expired, or already its own) in one atomic statement.
 */
export const jobLeases = pgTable('job_leases', {
  job: text('job').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: instant('acquired_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
  /** Passes started under a lease of this job, all holders together (for operators and tests). */
  runs: integer('runs').notNull().default(0),
});

/** What an audit entry records; values are JSON (a number, a state, a set of rules). */
export type AuditAction =
  | 'report.value'      // a submitted figure changed (old → new increment)
  | 'report.state'      // submit, approve, return, correct (old → new state)
  | 'report.on_behalf'  // entered on the unit's behalf (nhập thay): new value { receivedAt }, reason why
  | 'target.value'      // a target set, changed or cleared
  | 'campaign.rules'    // deadlines, cross rules or reminders changed
  | 'unit.create'       // a unit created (new value: its fields), by hand or by an upload
  | 'unit.update'       // renamed, moved, closed, re-levelled, re-coded or re-tagged (old → new of the fields that changed)
  | 'tag.create'        // a unit group added to the central list
  | 'account.create'    // an account created (new value: username, role, unit)
  | 'account.update'    // role, unit, display name or state (active) changed (old → new)
  | 'account.password'  // a password set, reset, or a sign-in link issued (never the password)
  | 'account.sessions'  // every session of the account signed out
  | 'unit.reorganise'   // a reorganisation applied (new value: its id, date and what it opened, closed and moved)
  | 'activity.setup'    // a campaign's work kinds, programmes or focus areas added or renamed
  | 'activity.create'   // an activity record kept (new value: its id, kind and fields)
  | 'activity.correct'  // an activity record corrected (old → new fields), reason why
  | 'activity.remove'   // an activity record withdrawn (old value: its fields), reason why
  | 'activity.photo'    // a photo added to an activity record (new value: the record, the photo's id, size and dimensions)
  | 'activity.photo_remove'; // a photo taken off its record (old value: the record and the photo's id), reason why

/**
 * Every change to a value, a report's state, a target or a campaign's rules: who, when,
 * from where, before and after, and why. Append-only: a trigger refuses update, delete
 * and truncate for every role, the owner included (migration 0001).
 */
export const auditLog = pgTable('audit_log', {
  id: serial('id').primaryKey(),
  at: instant('at').notNull().defaultNow(),
  userId: integer('user_id'),
  ip: text('ip'),
  action: text('action').$type<AuditAction>().notNull(),
  campaignId: integer('campaign_id'),
  unitId: integer('unit_id'),
  period: text('period'),
  indicatorId: integer('indicator_id'),
  oldValue: jsonb('old_value'),
  newValue: jsonb('new_value'),
  reason: text('reason'),
}, (t) => [
  index('audit_log_unit_idx').on(t.unitId, t.at),
  index('audit_log_user_idx').on(t.userId, t.at),
  index('audit_log_at_idx').on(t.at),
  index('audit_log_report_idx').on(t.campaignId, t.unitId, t.period),
]);

/** In-app notifications (reminders, escalations, returns), emailed too when SMTP is set. */
export const notifications = pgTable('notifications', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  /** Makes a job idempotent: one notification per user and key, however often the job runs. */
  dedupeKey: text('dedupe_key').notNull(),
  campaignId: integer('campaign_id'),
  unitId: integer('unit_id'),
  period: text('period'),
  title: text('title').notNull(),
  body: text('body').notNull(),
  link: text('link'),
  createdAt: createdAt(),
  readAt: instant('read_at'),
  /** Email outbox: claimed by one sender before sending, then marked sent or failed. */
  emailTo: text('email_to'),
  emailClaimedAt: instant('email_claimed_at'),
  emailSentAt: instant('email_sent_at'),
  emailError: text('email_error'),
}, (t) => [
  uniqueIndex('notifications_user_dedupe_key').on(t.userId, t.dedupeKey),
  index('notifications_user_idx').on(t.userId, t.createdAt),
]);

/**
 * A document being drafted: what staff typed in its form (number, date, recipients, signer,
 * free-text sections). The figures are never stored: they are read from the data each time
 * the document is generated.
 */
export const documentDrafts = pgTable('document_drafts', {
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  /** Which one of its kind: the phase number of a notice. */
  ref: text('ref').notNull(),
  form: jsonb('form').$type<Record<string, unknown>>().notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  updatedBy: integer('updated_by'),
}, (t) => [primaryKey({ columns: [t.campaignId, t.kind, t.ref] })]);

/**
 * A reorganisation (sắp xếp tổ chức): one dated operation on the hierarchy, as it was asked
 * (`steps`, core ReorganisationStep[]) and as it was applied (`plan`, core
 * ReorganisationPlan). Applied once, in one transaction; never edited.
 */
export const reorganisations = pgTable('reorganisations', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** The day the new structure takes effect; the old units' last day is the day before. */
  effectiveDate: day('effective_date').notNull(),
  steps: jsonb('steps').$type<readonly ReorganisationStep[]>().notNull(),
  /** The plan applied, with the unit whose subtree it reorganised (`root`, its scope). */
  plan: jsonb('plan').$type<ReorganisationPlan & { readonly root: number }>().notNull(),
  /**
   * What happens to the old units' accounts, by unit id: moved to `toUnitId`, or closed
   * (null). Done on the date, not before (`accountsDoneAt`): until then the old units' cadres
   * still report as what they are.
   */
  accounts: jsonb('accounts').$type<readonly { readonly fromUnitId: number; readonly toUnitId: number | null }[]>().notNull().default([]),
  accountsDoneAt: instant('accounts_done_at'),
  createdBy: integer('created_by'),
  createdAt: createdAt(),
}, (t) => [index('reorganisations_accounts_due_idx').on(t.effectiveDate).where(sql`${t.accountsDoneAt} is null`)]);

/**
 * Successions: `successorId` continues `predecessorId` from the reorganisation's date (a
 * merged unit, a split's part, a new version of a moved unit, the parent that took an
 * abolished unit's children). `primary` marks where a regrouping shows the predecessor's history.
 */
export const unitSuccessions = pgTable('unit_successions', {
  predecessorId: integer('predecessor_id').notNull().references(() => units.id),
  successorId: integer('successor_id').notNull().references(() => units.id),
  primary: boolean('primary').notNull(),
  reorganisationId: integer('reorganisation_id').references(() => reorganisations.id),
}, (t) => [
  primaryKey({ columns: [t.predecessorId, t.successorId] }),
  index('unit_successions_successor_idx').on(t.successorId),
]);

/** The names a unit had before a rename: `name` was its name up to `validTo` (documents of earlier dates use it). */
export const unitNames = pgTable('unit_names', {
  unitId: integer('unit_id').notNull().references(() => units.id),
  validTo: day('valid_to').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  reorganisationId: integer('reorganisation_id').references(() => reorganisations.id),
}, (t) => [primaryKey({ columns: [t.unitId, t.validTo] })]);

// ---------------------------------------------------------------------------------------------
// Campaign activities (issue 20): programmes, work kinds, focus areas and the records units keep.

/** A programme or sub-campaign inside a campaign ("01 chương trình, 04 chiến dịch"), with its own dates. */
export const campaignProgrammes = pgTable('campaign_programmes', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  startDate: day('start_date').notNull(),
  endDate: day('end_date').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('campaign_programmes_code_key').on(t.campaignId, t.code),
  check('campaign_programmes_dates_check', sql`${t.endDate} >= ${t.startDate}`),
]);

/** The kinds of works a campaign counts (tuyến phố văn minh, nhà nhân ái, sân chơi, …): its own list. */
export const activityWorkKinds = pgTable('activity_work_kinds', {
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
}, (t) => [primaryKey({ columns: [t.campaignId, t.code] })]);

/** địa bàn trọng tâm: the places a campaign must cover (new-rural communes, youth islands, border areas). */
export const focusAreas = pgTable('focus_areas', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
  code: text('code').notNull(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  place: text('place'),
  /** The unit responsible for it. */
  unitId: integer('unit_id').notNull().references(() => units.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('focus_areas_code_key').on(t.campaignId, t.code)]);

/**
 * One record a unit keeps for a campaign: a work, a volunteer team, a good model, a press
 * item, an inspection or a linkage. `fields` holds the kind's fields as core checkActivity
 * normalised them; the columns beside it repeat what totals and filters group by, so the
 * totals over a subtree are one grouped query (unit_closure), never a read of every record.
 */
export const activityRecords = pgTable('activity_records', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
  programmeId: integer('programme_id').references(() => campaignProgrammes.id),
  unitId: integer('unit_id').notNull().references(() => units.id),
  kind: text('kind').notNull(),
  fields: jsonb('fields').$type<Readonly<Record<string, unknown>>>().notNull(),
  /** The record's own day (a work's start, a team's deployment, a press item's, an inspection's, a linkage's start). */
  date: day('date'),
  workKind: text('work_kind'),
  state: text('state'),
  funding: text('funding'),
  channel: text('channel'),
  linkKind: text('link_kind'),
  modelKind: text('model_kind'),
  followUp: text('follow_up'),
  focusAreaId: integer('focus_area_id').references(() => focusAreas.id),
  value: numeric('value', { precision: 20, scale: 0, mode: 'number' }).notNull().default(0),
  members: integer('members').notNull().default(0),
  reach: numeric('reach', { precision: 20, scale: 0, mode: 'number' }).notNull().default(0),
  views: numeric('views', { precision: 20, scale: 0, mode: 'number' }).notNull().default(0),
  /** Entered by the level above on the unit's behalf (nhập thay): who did. */
  onBehalfBy: integer('on_behalf_by'),
  createdBy: integer('created_by'),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  /** Withdrawn (with a reason in the audit): kept, counted nowhere. */
  removedAt: instant('removed_at'),
}, (t) => [
  index('activity_records_campaign_unit_idx').on(t.campaignId, t.unitId, t.kind),
  check('activity_records_kind_check', sql`${t.kind} in ('work','team','model','press','inspection','linkage')`),
  check('activity_records_amounts_check', sql`${t.value} >= 0 and ${t.members} >= 0 and ${t.reach} >= 0 and ${t.views} >= 0`),
]);

/**
 * The other units a record names: a linkage's partners (each sees the linkage) and the units
 * an inspection visited; and the focus areas an inspection visited.
 */
export const activityRecordUnits = pgTable('activity_record_units', {
  recordId: integer('record_id').notNull().references(() => activityRecords.id),
  unitId: integer('unit_id').notNull().references(() => units.id),
  role: text('role').notNull(),
}, (t) => [
  primaryKey({ columns: [t.recordId, t.unitId, t.role] }),
  index('activity_record_units_unit_idx').on(t.unitId),
  check('activity_record_units_role_check', sql`${t.role} in ('partner','visited')`),
]);

export const activityRecordFocusAreas = pgTable('activity_record_focus_areas', {
  recordId: integer('record_id').notNull().references(() => activityRecords.id),
  focusAreaId: integer('focus_area_id').notNull().references(() => focusAreas.id),
}, (t) => [primaryKey({ columns: [t.recordId, t.focusAreaId] })]);

/** A record's photos: checked image files, stored under the data directory (`path`), with a display copy. */
export const activityPhotos = pgTable('activity_photos', {
  id: serial('id').primaryKey(),
  recordId: integer('record_id').notNull().references(() => activityRecords.id),
  path: text('path').notNull(),
  displayPath: text('display_path').notNull(),
  mime: text('mime').notNull(),
  bytes: integer('bytes').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  createdBy: integer('created_by'),
  createdAt: createdAt(),
  removedAt: instant('removed_at'),
}, (t) => [index('activity_photos_record_idx').on(t.recordId)]);
