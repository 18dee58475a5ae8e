/** The app's addresses, in one place (pages link with these, the router matches them). */
const seg = encodeURIComponent;

export const paths = {
  home: '/',
  signIn: '/sign-in',
  dashboard: (campaign: string, unit: string, query: { asOf?: string | undefined } = {}) =>
    `/dashboard/${seg(campaign)}/${seg(unit)}${query.asOf ? `?asOf=${seg(query.asOf)}` : ''}`,
  report: (campaign: string, unit: string, period?: string) =>
    `/report/${seg(campaign)}/${seg(unit)}${period ? `/${seg(period)}` : ''}`,
  targets: (campaign: string, unit: string) => `/targets/${seg(campaign)}/${seg(unit)}`,
  campaignSetup: '/campaigns/new',
} as const;

export const patterns = {
  dashboard: '/dashboard/:campaign/:unit',
  report: '/report/:campaign/:unit/:period?',
  targets: '/targets/:campaign/:unit',
  campaignSetup: '/campaigns/new',
  signIn: '/sign-in',
} as const;
