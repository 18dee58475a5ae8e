/** The activities routes (issue 20): types from the server's own schemas, and the client's calls. */
import type {
  ActivityListQuery, ActivityListResponse, ActivityRecordResponse, ActivitySetupBody, ActivitySetupResponse, ActivityTotalsResponse, ApiActivityRecord, CorrectActivityBody,
  CreateActivityBody, WithdrawActivityBody,
} from '@giaoban/server/api';

export type ActivityRecord = ApiActivityRecord;
export type ActivitySetup = ActivitySetupResponse;
export type ActivityTotals = ActivityTotalsResponse;
export type { ActivitySetupBody, ActivityListQuery, ActivityListResponse, ActivityRecordResponse, CorrectActivityBody, CreateActivityBody, WithdrawActivityBody };
