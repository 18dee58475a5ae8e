/**
 * The shapes of the units and accounts routes (issue 19) under the names the web app uses,
 * all from the server's own schemas (`@giaoban/server/api`, type-only).
 */
import type {
  AccountCredentialResponse, AccountListResponse, AccountResponse, ApiAccount, ApiFoundUnit, ApiUnitTag, ChangePasswordBody, CreateAccountBody,
  CreateChildUnitBody, CreatedUnitResponse, CreateUnitTagBody, SessionResponse, UnitSearchResponse, UnitTagListResponse, UnitTagResponse, UnitTreeResponse, UnitUploadResponse,
  UpdateAccountBody, UpdateUnitBody, UpdateUnitResponse,
  ReorganisationAppliedResponse, ReorganisationBody, ReorganisationListResponse, ReorganisationPreviewResponse,
} from '@giaoban/server/api';

export type Role = SessionResponse['user']['role'];
export type UnitLevel = ApiFoundUnit['level'];
export type UnitSearchHit = ApiFoundUnit;
export type OrgTreeResponse = UnitTreeResponse;
export type UnitTag = ApiUnitTag;
export type CreateUnitBody = CreateChildUnitBody;
export type OrgUnitResponse = CreatedUnitResponse;
export type UnitsUploadResponse = UnitUploadResponse;
export type Account = ApiAccount;
export type Credential = CreateAccountBody['credential'];
/** One step of a reorganisation as sent (merge, split, rename, move, abolish-level). */
export type ReorganisationStepBody = ReorganisationBody['steps'][number];
export type ReorganisationPlan = ReorganisationPreviewResponse['plan'];

export type {
  AccountCredentialResponse, AccountListResponse, AccountResponse, ChangePasswordBody, CreateAccountBody, CreateUnitTagBody, UnitSearchResponse, UnitTagListResponse, UnitTagResponse,
  UpdateAccountBody, UpdateUnitBody, UpdateUnitResponse,
  ReorganisationAppliedResponse, ReorganisationBody, ReorganisationListResponse, ReorganisationPreviewResponse,
};
