/**
 * Who may do what (DESIGN.md "Who uses it"). Every route declares an access rule; the auth
 * plugin applies it before the handler runs, and a test walks the route table to prove no
 * route is left without one.
 */
import type { Role, UserRow } from '@giaoban/db';

export const PERMISSIONS = [
  'public',          // sign-in page, OpenAPI
  'signed-in',       // anyone with a session (own session, catalogue reads)
  'read',            // read a unit's data: the unit must be in the user's subtree
  'report.write',    // save, submit or correct a unit's weekly report
  'report.review',   // approve or return the reports of a unit's children; the data-quality view
  'targets.write',   // allocate a unit's targets to its children
  'campaign.create', // set up a campaign rooted at a unit
  'catalogue.write', // add indicators to the catalogue
  'audit.read',      // search the audit log (administrators)
  'accounts.manage', // create, change, disable, reset and sign out the accounts of a unit and the units below (roles no higher than one's own)
  'units.manage',    // create units under a unit of one's subtree; rename, move, close, re-tag the units strictly below one's own
  'tags.write',      // add unit groups to the central list (users of a root unit only)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_LABELS: Readonly<Record<Role, { vi: string; en: string }>> = Object.freeze({
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  steering: { vi: 'Ban chỉ đạo', en: 'Steering staff' },
  manager: { vi: 'Cán bộ quản lý', en: 'Manager' },
  reporter: { vi: 'Cán bộ báo cáo', en: 'Reporter' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
});

export interface RouteAccess {
  readonly permission: Permission;
  /** Where the request names the unit it touches; required for unit-scoped permissions. */
  readonly unit?: { readonly from: 'params' | 'query' | 'body'; readonly key: string };
}

const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['signed-in', 'read', 'report.write', 'report.review', 'targets.write', 'campaign.create', 'catalogue.write', 'audit.read', 'accounts.manage', 'units.manage', 'tags.write'],
  steering: ['signed-in', 'read', 'report.write', 'report.review', 'targets.write', 'campaign.create', 'catalogue.write', 'accounts.manage', 'units.manage', 'tags.write'],
  manager: ['signed-in', 'read', 'report.write', 'report.review', 'targets.write', 'campaign.create', 'accounts.manage', 'units.manage'],
  reporter: ['signed-in', 'read', 'report.write'],
  viewer: ['signed-in', 'read'],
};

/** Everything a role may do somewhere in its subtree (what the app offers in its navigation). */
export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export const UNIT_SCOPED: ReadonlySet<Permission> = new Set(['read', 'report.write', 'report.review', 'targets.write', 'campaign.create', 'accounts.manage', 'units.manage']);

/**
 * Whether `user` may exercise `permission` on a unit. `inSubtree` says whether the unit is
 * the user's own unit or below it. A reporter writes only its own unit's report.
 */
export function isAllowed(user: Pick<UserRow, 'role' | 'unitId'>, permission: Permission, target?: { unitId: number; inSubtree: boolean }): boolean {
  if (permission === 'public') return true;
  if (!ROLE_PERMISSIONS[user.role].includes(permission)) return false;
  if (!UNIT_SCOPED.has(permission)) return true;
  if (!target || !target.inSubtree) return false;
  if (permission === 'report.write' && user.role === 'reporter') return target.unitId === user.unitId;
  return true;
}
