/**
 * The one message catalogue: every string a person reads comes from here, in Vietnamese
 * (the default) or English. Each area of the app keeps its strings in messages/<area>.ts;
 * the English table must have exactly the keys of the Vietnamese one (the type says so).
 */
import * as common from './messages/common.ts';
import * as signIn from './messages/sign-in.ts';
import * as dashboard from './messages/dashboard.ts';
import * as report from './messages/report.ts';
import * as targets from './messages/targets.ts';
import * as campaign from './messages/campaign.ts';
import * as map from './messages/map.ts';
import * as workflow from './messages/workflow.ts';
import * as rules from './messages/rules.ts';
import * as notice from './messages/notice.ts';
import * as imports from './messages/imports.ts';
import * as layout from './messages/layout.ts';
import * as offline from './messages/offline.ts';
import * as managers from './messages/managers.ts';
import * as units from './messages/units.ts';
import * as accounts from './messages/accounts.ts';
import * as reorganisation from './messages/reorganisation.ts';
import * as activities from './messages/activities.ts';

export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];

const vi = { ...common.vi, ...signIn.vi, ...dashboard.vi, ...report.vi, ...targets.vi, ...campaign.vi, ...map.vi, ...workflow.vi, ...rules.vi, ...notice.vi, ...imports.vi, ...layout.vi, ...offline.vi, ...managers.vi, ...units.vi, ...accounts.vi, ...reorganisation.vi, ...activities.vi };
export type MessageKey = keyof typeof vi;
const en: Record<MessageKey, string> = { ...common.en, ...signIn.en, ...dashboard.en, ...report.en, ...targets.en, ...campaign.en, ...map.en, ...workflow.en, ...rules.en, ...notice.en, ...imports.en, ...layout.en, ...offline.en, ...managers.en, ...units.en, ...accounts.en, ...reorganisation.en, ...activities.en };

export const CATALOGUE: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { vi, en };

/** The message in `language`, with `{name}` placeholders filled from `params`. */
export function translate(language: Language, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const text = CATALOGUE[language][key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}
