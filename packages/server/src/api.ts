/**
 * The HTTP contract as TypeScript types, inferred from the schemas the routes declare.
 * The web app imports these with `import type` only, so its client is checked against
 * exactly what the server validates and sends, and no schema code reaches the browser.
 */
import type { z } from 'zod';
import type { errorSchema, unitSchema, indicatorSchema, dateTextSchema } from './http/index.ts';
import type { sessionResponse, signInBody, Permission } from './accounts/index.ts';
import type { unitChildrenResponse, unitResponse, unitTreeResponse } from './organisation/index.ts';
import type { createIndicatorBody, indicatorListResponse, indicatorResponse, campaignListResponse, campaignResponse, campaignRulesBody, createCampaignBody, allocationBody, allocationResponse } from './planning/index.ts';
import type { approveChildrenBody, approveChildrenResponse, childrenReportsResponse, childrenViewedBody, childrenViewedResponse, correctBody, reportBody, reportResponse, reviewBody } from './reporting/index.ts';
import type { noticeBody, noticeResponse, reportDocumentBody, reportDocumentResponse } from './documents/index.ts';
import type { auditResponse, qualityResponse, timelinessResponse, notificationListResponse, notificationReadResponse, notificationSchema } from './monitoring/index.ts';
import type { progressResponse } from './dashboards/index.ts';
import type { importJobResponse, importJobSchema, importRowErrorSchema } from './imports/index.ts';
import type { historyEntrySchema } from './http/index.ts';

export type { Permission };
export type ApiError = z.output<typeof errorSchema>;
export type ApiUnit = z.output<typeof unitSchema>;
export type ApiIndicator = z.output<typeof indicatorSchema>;
export type ApiDate = z.output<typeof dateTextSchema>;

export type SignInBody = z.input<typeof signInBody>;
export type SessionResponse = z.output<typeof sessionResponse>;
export type UnitResponse = z.output<typeof unitResponse>;
export type UnitChildrenResponse = z.output<typeof unitChildrenResponse>;
export type UnitTreeResponse = z.output<typeof unitTreeResponse>;
export type CreateIndicatorBody = z.input<typeof createIndicatorBody>;
export type IndicatorListResponse = z.output<typeof indicatorListResponse>;
export type IndicatorResponse = z.output<typeof indicatorResponse>;
export type CreateCampaignBody = z.input<typeof createCampaignBody>;
export type CampaignListResponse = z.output<typeof campaignListResponse>;
export type CampaignResponse = z.output<typeof campaignResponse>;
export type CampaignRulesBody = z.input<typeof campaignRulesBody>;
export type AllocationBody = z.input<typeof allocationBody>;
export type AllocationResponse = z.output<typeof allocationResponse>;
export type ReportBody = z.input<typeof reportBody>;
export type ReportResponse = z.output<typeof reportResponse>;
export type ProgressResponse = z.output<typeof progressResponse>;
export type CorrectBody = z.input<typeof correctBody>;
export type ReviewBody = z.input<typeof reviewBody>;
export type ApproveChildrenBody = z.input<typeof approveChildrenBody>;
export type ApproveChildrenResponse = z.output<typeof approveChildrenResponse>;
export type ChildrenReportsResponse = z.output<typeof childrenReportsResponse>;
export type ChildrenViewedBody = z.input<typeof childrenViewedBody>;
export type ChildrenViewedResponse = z.output<typeof childrenViewedResponse>;
export type ApiHistoryEntry = z.output<typeof historyEntrySchema>;
export type TimelinessResponse = z.output<typeof timelinessResponse>;
export type QualityResponse = z.output<typeof qualityResponse>;
export type AuditResponse = z.output<typeof auditResponse>;
export type ApiNotification = z.output<typeof notificationSchema>;
export type NotificationListResponse = z.output<typeof notificationListResponse>;
export type NotificationReadResponse = z.output<typeof notificationReadResponse>;
export type NoticeBody = z.input<typeof noticeBody>;
export type NoticeResponse = z.output<typeof noticeResponse>;
export type ReportDocumentBody = z.input<typeof reportDocumentBody>;
export type ReportDocumentResponse = z.output<typeof reportDocumentResponse>;
export type ImportJob = z.output<typeof importJobSchema>;
export type ImportJobResponse = z.output<typeof importJobResponse>;
export type ImportRowError = z.output<typeof importRowErrorSchema>;

// Accounts admin and the session's password (issue 19).
import type {
  accountCredentialResponse, accountListResponse, accountResponse, accountSchema, createAccountBody, resetAccountBody, signedOutResponse, updateAccountBody,
} from './organisation/index.ts';
import type { changePasswordBody, linkSignInBody } from './accounts/index.ts';
export type ApiAccount = z.output<typeof accountSchema>;
export type AccountListResponse = z.output<typeof accountListResponse>;
export type AccountResponse = z.output<typeof accountResponse>;
export type AccountCredentialResponse = z.output<typeof accountCredentialResponse>;
export type CreateAccountBody = z.input<typeof createAccountBody>;
export type UpdateAccountBody = z.input<typeof updateAccountBody>;
export type ResetAccountBody = z.input<typeof resetAccountBody>;
export type SignedOutResponse = z.output<typeof signedOutResponse>;
export type ChangePasswordBody = z.input<typeof changePasswordBody>;
export type LinkSignInBody = z.input<typeof linkSignInBody>;

// Units admin, search, unit groups and the units upload (issue 19).
import type {
  createChildUnitBody, createdUnitResponse, unitSearchResponse, unitSearchResultSchema, unitUploadResponse, updateUnitBody, updateUnitResponse,
  unitTagSchema, unitTagListResponse, createUnitTagBody, unitTagResponse,
} from './organisation/index.ts';
export type ApiFoundUnit = z.output<typeof unitSearchResultSchema>;
export type UnitSearchResponse = z.output<typeof unitSearchResponse>;
export type CreateChildUnitBody = z.input<typeof createChildUnitBody>;
export type CreatedUnitResponse = z.output<typeof createdUnitResponse>;
export type UpdateUnitBody = z.input<typeof updateUnitBody>;
export type UpdateUnitResponse = z.output<typeof updateUnitResponse>;
export type UnitUploadResponse = z.output<typeof unitUploadResponse>;
export type ApiUnitTag = z.output<typeof unitTagSchema>;
export type UnitTagListResponse = z.output<typeof unitTagListResponse>;
export type CreateUnitTagBody = z.input<typeof createUnitTagBody>;
export type UnitTagResponse = z.output<typeof unitTagResponse>;

// Reorganisations (issue 19): the dated changes of the hierarchy.
import type { reorganisationAppliedResponse, reorganisationBody, reorganisationListResponse, reorganisationPreviewResponse } from './organisation/index.ts';
export type ReorganisationBody = z.input<typeof reorganisationBody>;
export type ReorganisationPreviewResponse = z.output<typeof reorganisationPreviewResponse>;
export type ReorganisationAppliedResponse = z.output<typeof reorganisationAppliedResponse>;
export type ReorganisationListResponse = z.output<typeof reorganisationListResponse>;

// Activities (issue 20): the records a campaign's units keep beside their figures.
import type {
  activityListResponse, activityRecordResponse, activitySetupBody, activitySetupResponse, activityTotalsResponse, correctActivityBody, createActivityBody,
  withdrawActivityBody, activityQuery,
} from './activities/index.ts';
export type ActivitySetupResponse = z.output<typeof activitySetupResponse>;
export type ActivitySetupBody = z.input<typeof activitySetupBody>;
export type ActivityListResponse = z.output<typeof activityListResponse>;
export type ActivityRecordResponse = z.output<typeof activityRecordResponse>;
export type ApiActivityRecord = ActivityRecordResponse['record'];
export type ActivityTotalsResponse = z.output<typeof activityTotalsResponse>;
export type CreateActivityBody = z.input<typeof createActivityBody>;
export type CorrectActivityBody = z.input<typeof correctActivityBody>;
export type WithdrawActivityBody = z.input<typeof withdrawActivityBody>;
export type ActivityListQuery = Partial<Omit<z.input<typeof activityQuery>, 'limit' | 'offset'>> & { readonly limit?: number; readonly offset?: number };
