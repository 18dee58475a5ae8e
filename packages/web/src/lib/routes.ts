/** The app's addresses, in one place (pages link with these, the router matches them). */
const seg = encodeURIComponent;

export const paths = {
  home: '/',
  signIn: '/sign-in',
  /** `group`: the children listed are those carrying that unit group. */
  dashboard: (campaign: string, unit: string, query: { asOf?: string | undefined; group?: string | undefined; regroup?: string | undefined; programme?: string | undefined } = {}) => {
    const params = new URLSearchParams();
    if (query.asOf) params.set('asOf', query.asOf);
    if (query.group) params.set('group', query.group);
    if (query.regroup) params.set('regroup', query.regroup);
    if (query.programme) params.set('programme', query.programme);
    const text = params.toString();
    return `/dashboard/${seg(campaign)}/${seg(unit)}${text ? `?${text}` : ''}`;
  },
  report: (campaign: string, unit: string, period?: string) =>
    `/report/${seg(campaign)}/${seg(unit)}${period ? `/${seg(period)}` : ''}`,
  targets: (campaign: string, unit: string) => `/targets/${seg(campaign)}/${seg(unit)}`,
  quality: (campaign: string, unit: string, query: { period?: string | undefined; order?: 'code' | 'name' | undefined; group?: string | undefined } = {}) => {
    const params = new URLSearchParams();
    if (query.period) params.set('period', query.period);
    if (query.order && query.order !== 'code') params.set('order', query.order);
    if (query.group) params.set('group', query.group);
    const text = params.toString();
    return `/quality/${seg(campaign)}/${seg(unit)}${text ? `?${text}` : ''}`;
  },
  campaignSetup: '/campaigns/new',
  audit: '/audit',
  rules: (campaign: string) => `/rules/${seg(campaign)}`,
  notice: (campaign: string, phase: number) => `/documents/${seg(campaign)}/notice/${phase}`,
  progressReport: (campaign: string, unit: string, week: string) => `/documents/${seg(campaign)}/progress/${seg(unit)}/${seg(week)}`,
  finalReport: (campaign: string) => `/documents/${seg(campaign)}/final`,
  /** Entry template and upload of a filled-in workbook for a unit (and its children). */
  imports: (campaign: string, unit: string, period?: string) =>
    `/import/${seg(campaign)}/${seg(unit)}${period ? `?period=${seg(period)}` : ''}`,
  /** The units of a subtree: create, edit, move, close, upload (issue 19). */
  units: (unit: string) => `/units/${seg(unit)}`,
  /** The accounts of a subtree. */
  accounts: (unit: string) => `/accounts/${seg(unit)}`,
  /** The dated reorganisations of a subtree: the past ones, and a new one previewed then applied. */
  reorganisations: (unit: string) => `/reorganisations/${seg(unit)}`,
  /** A unit's campaign activities: totals, the records by kind, their forms (issue 20). */
  activities: (campaign: string, unit: string) => `/activities/${seg(campaign)}/${seg(unit)}`,
  /** The user's own password (forced after a temporary password or a link). */
  password: '/password',
  /** A one-time sign-in link; its token is in the fragment (never sent to a server's log). */
  signInLink: '/sign-in/link',
} as const;

export const patterns = {
  dashboard: '/dashboard/:campaign/:unit',
  report: '/report/:campaign/:unit/:period?',
  targets: '/targets/:campaign/:unit',
  quality: '/quality/:campaign/:unit',
  audit: '/audit',
  campaignSetup: '/campaigns/new',
  rules: '/rules/:campaign',
  notice: '/documents/:campaign/notice/:phase',
  progressReport: '/documents/:campaign/progress/:unit/:week',
  finalReport: '/documents/:campaign/final',
  imports: '/import/:campaign/:unit',
  signIn: '/sign-in',
  signInLink: '/sign-in/link',
  units: '/units/:unit',
  accounts: '/accounts/:unit',
  reorganisations: '/reorganisations/:unit',
  activities: '/activities/:campaign/:unit',
  password: '/password',
} as const;
