/**
 * Campaign activities (issue 20): besides the numeric indicators, a campaign's units record
 * what they do — works (công trình, phần việc thanh niên), volunteer teams, good models and
 * exemplary people, press items, inspection visits and linkages ("3 liên kết") — and the
 * documents count them. Each kind's fields are data (`ACTIVITY_FIELDS`), so the form, the
 * spreadsheet import and the check read one list. Pure: the service passes the campaign, its
 * work kinds and focus areas, and stores what `checkActivity` returns.
 */
import { DomainError } from './errors.ts';
import { FieldProblems } from './field-problems.ts';
import { formatCount, formatDate, formatNumber, moneyInWords, parseDate, parseNumber } from './format.ts';
import type { IsoDate } from './period.ts';
import { foldForSearch } from './text-search.ts';

/** A term in both languages, as the form and the documents show it. @example const l: ActivityLabel = { vi: 'xã hội hóa', en: 'raised from society' }; */
export interface ActivityLabel { readonly vi: string; readonly en: string }
type Labels<C extends string> = Readonly<Record<C, ActivityLabel>>;
const codesOf = <C extends string>(labels: Labels<C>): readonly C[] => Object.freeze(Object.keys(labels) as C[]);

/** The kinds of activity record, in the order the screens list them. @example ACTIVITY_KINDS[0]; // 'work' */
export const ACTIVITY_KINDS = Object.freeze(['work', 'team', 'model', 'press', 'inspection', 'linkage'] as const);
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** @example ACTIVITY_KIND_LABELS.team.vi; // 'đội hình tình nguyện' */
export const ACTIVITY_KIND_LABELS: Labels<ActivityKind> = Object.freeze({
  work: { vi: 'công trình, phần việc thanh niên', en: 'work' }, team: { vi: 'đội hình tình nguyện', en: 'volunteer team' },
  model: { vi: 'mô hình hay, gương điển hình', en: 'good model or exemplary person' }, press: { vi: 'tin, bài tuyên truyền', en: 'press item' },
  inspection: { vi: 'đoàn kiểm tra', en: 'inspection' }, linkage: { vi: 'liên kết', en: 'linkage' },
});

/** Whether a text (a URL segment, a sheet's name) is a kind of activity. @example isActivityKind('press'); // true */
export function isActivityKind(text: string): text is ActivityKind {
  return (ACTIVITY_KINDS as readonly string[]).includes(text);
}

/** Where a work's money came from. @example FUNDING_SOURCES.social.vi; // 'xã hội hóa' */
export const FUNDING_SOURCES = Object.freeze({
  budget: { vi: 'ngân sách', en: 'state budget' }, social: { vi: 'xã hội hóa', en: 'raised from society' },
  mixed: { vi: 'kết hợp ngân sách và xã hội hóa', en: 'budget and society combined' },
});
export type FundingSource = keyof typeof FUNDING_SOURCES;
export const FUNDING_SOURCE_CODES = codesOf(FUNDING_SOURCES);

/** Where a work stands. @example WORK_STATES.handed_over.vi; // 'đã bàn giao' */
export const WORK_STATES = Object.freeze({
  planned: { vi: 'đăng ký, chưa triển khai', en: 'registered, not started' }, in_progress: { vi: 'đang thực hiện', en: 'in progress' },
  handed_over: { vi: 'đã bàn giao', en: 'handed over' },
});
export type WorkState = keyof typeof WORK_STATES;
export const WORK_STATE_CODES = codesOf(WORK_STATES);

/** Where a press item appeared; the order breaks ties in the documents. @example PRESS_CHANNELS.online.vi; // 'báo điện tử' */
export const PRESS_CHANNELS = Object.freeze({
  online: { vi: 'báo điện tử', en: 'online press' }, print: { vi: 'báo giấy', en: 'print press' },
  television: { vi: 'truyền hình', en: 'television' }, facebook: { vi: 'Facebook', en: 'Facebook' },
  youtube: { vi: 'YouTube', en: 'YouTube' }, tiktok: { vi: 'TikTok', en: 'TikTok' },
  zalo: { vi: 'Zalo', en: 'Zalo' }, other: { vi: 'kênh khác', en: 'other channel' },
});
export type PressChannel = keyof typeof PRESS_CHANNELS;
export const PRESS_CHANNEL_CODES = codesOf(PRESS_CHANNELS);

/** A good model or an exemplary person. @example MODEL_KINDS.person.vi; // 'gương điển hình' */
export const MODEL_KINDS = Object.freeze({
  model: { vi: 'mô hình hay, cách làm hiệu quả', en: 'good model' }, person: { vi: 'gương điển hình', en: 'exemplary person' },
});
export type ModelKind = keyof typeof MODEL_KINDS;
export const MODEL_KIND_CODES = codesOf(MODEL_KINDS);

/** The three linkages of the 2023 plan ("3 liên kết"). @example LINKAGE_KINDS.forces.vi; // 'liên kết lực lượng' */
export const LINKAGE_KINDS = Object.freeze({
  forces: { vi: 'liên kết lực lượng', en: 'linking forces' }, locality: { vi: 'liên kết địa bàn', en: 'linking localities' },
  community: { vi: 'liên kết cộng đồng', en: 'linking communities' },
});
export type LinkageKind = keyof typeof LINKAGE_KINDS;
export const LINKAGE_KIND_CODES = codesOf(LINKAGE_KINDS);

/** Whether an inspection's recommendations were acted on. @example FOLLOW_UP_STATES.open.vi; // 'chưa khắc phục' */
export const FOLLOW_UP_STATES = Object.freeze({
  open: { vi: 'chưa khắc phục', en: 'not addressed' }, in_progress: { vi: 'đang khắc phục', en: 'being addressed' },
  done: { vi: 'đã khắc phục', en: 'addressed' },
});
export type FollowUpState = keyof typeof FOLLOW_UP_STATES;
export const FOLLOW_UP_CODES = codesOf(FOLLOW_UP_STATES);

/** The level a model is proposed to for commendation. @example COMMENDATION_LEVELS.province.vi; // 'cấp tỉnh' */
export const COMMENDATION_LEVELS = Object.freeze({
  central: { vi: 'cấp Trung ương', en: 'central level' }, province: { vi: 'cấp tỉnh', en: 'provincial level' },
  district: { vi: 'cấp huyện', en: 'district level' }, grassroots: { vi: 'cấp cơ sở', en: 'grassroots level' },
});
export type CommendationLevel = keyof typeof COMMENDATION_LEVELS;
export const COMMENDATION_LEVEL_CODES = codesOf(COMMENDATION_LEVELS);

/** The enumerations an `enum` field names by its `options`. @example ACTIVITY_ENUMS.workState === WORK_STATES; // true */
export const ACTIVITY_ENUMS = Object.freeze({
  funding: FUNDING_SOURCES, workState: WORK_STATES, pressChannel: PRESS_CHANNELS, modelKind: MODEL_KINDS,
  linkKind: LINKAGE_KINDS, followUp: FOLLOW_UP_STATES, commendationLevel: COMMENDATION_LEVELS,
});
/** An enumeration of `ACTIVITY_ENUMS`, or `workKind`: the campaign's own list of work kinds. */
export type ActivityOptions = keyof typeof ACTIVITY_ENUMS | 'workKind';
export type ActivityFieldType = 'text' | 'int' | 'money' | 'date' | 'enum' | 'url' | 'units' | 'focusArea' | 'focusAreas';

/** The largest whole number an `int` field takes: it fits PostgreSQL's `integer`. @example MAX_ACTIVITY_INT; // 2147483647 */
export const MAX_ACTIVITY_INT = 2_147_483_647;
/**
 * The largest amount of a `money` field, in đồng: a million tỉ, far above any work, and still
 * exact in a JavaScript number (below 2^53), though not in an `integer`. @example MAX_ACTIVITY_MONEY; // 1e15
 */
export const MAX_ACTIVITY_MONEY = 1e15;

/** A field required only when another says so: it is the code `equals`, or a number above `above`. */
export interface RequiredWhen {
  readonly field: string; readonly equals?: string; readonly above?: number; readonly whenVi: string; readonly whenEn: string;
}

/**
 * One field of a kind of record. `max` is the longest length of a `text` or `url` and the
 * largest value of an `int` or `money`; `min` the smallest `int`. @example
 * const s: ActivityFieldSpec = { name: 'members', type: 'int', required: true, min: 1, max: MAX_ACTIVITY_INT, labelVi: 'Số thành viên', labelEn: 'Members' };
 */
export interface ActivityFieldSpec {
  readonly name: string; readonly type: ActivityFieldType; readonly required: boolean;
  readonly max?: number; readonly min?: number;
  readonly labelVi: string; readonly labelEn: string;
  /** `enum`: the list its value is one code of. */
  readonly options?: ActivityOptions;
  readonly requiredWhen?: RequiredWhen;
  /** A date not before this other date field of the record. */
  readonly notBefore?: string;
  /** `units`: the recording unit is not one of them (a unit does not link with itself). */
  readonly excludesOwnUnit?: boolean;
}

type SpecExtra = Partial<Omit<ActivityFieldSpec, 'name' | 'type' | 'labelVi' | 'labelEn'>>;
const BOUNDS: Partial<Record<ActivityFieldType, SpecExtra>> = {
  text: { max: 300 }, url: { max: 2000 }, int: { min: 0, max: MAX_ACTIVITY_INT }, money: { max: MAX_ACTIVITY_MONEY },
};
const spec = (name: string, type: ActivityFieldType, labelVi: string, labelEn: string, extra: SpecExtra = {}): ActivityFieldSpec =>
  Object.freeze({ name, type, required: false, labelVi, labelEn, ...BOUNDS[type], ...extra });
const REQUIRED = { required: true } as const;

/** The fields of each kind, in the order the form shows them. @example ACTIVITY_FIELDS.team.find((f) => f.name === 'members')?.min; // 1 */
export const ACTIVITY_FIELDS: Readonly<Record<ActivityKind, readonly ActivityFieldSpec[]>> = Object.freeze({
  work: Object.freeze([
    spec('name', 'text', 'Tên công trình, phần việc', 'Name', REQUIRED),
    spec('workKind', 'enum', 'Loại công trình, phần việc', 'Kind of work', { required: true, options: 'workKind' }),
    spec('place', 'text', 'Địa điểm', 'Place'),
    spec('focusArea', 'focusArea', 'Địa bàn trọng tâm', 'Focus area'),
    spec('value', 'money', 'Giá trị (đồng)', 'Value (đồng)', REQUIRED),
    spec('funding', 'enum', 'Nguồn kinh phí', 'Funding', { options: 'funding', requiredWhen: { field: 'value', above: 0, whenVi: 'giá trị lớn hơn 0', whenEn: 'the value is above 0' } }),
    spec('startDate', 'date', 'Ngày bắt đầu', 'Start date'),
    spec('handoverDate', 'date', 'Ngày bàn giao', 'Handover date', {
      notBefore: 'startDate', requiredWhen: { field: 'state', equals: 'handed_over', whenVi: 'công trình đã bàn giao', whenEn: 'the work is handed over' },
    }),
    spec('state', 'enum', 'Trạng thái', 'State', { required: true, options: 'workState' }),
  ]),
  team: Object.freeze([
    spec('name', 'text', 'Tên đội hình', 'Name', REQUIRED),
    spec('field', 'text', 'Lĩnh vực', 'Field of work', REQUIRED),
    spec('members', 'int', 'Số thành viên', 'Members', { required: true, min: 1 }),
    spec('place', 'text', 'Địa điểm', 'Place'),
    spec('focusArea', 'focusArea', 'Địa bàn trọng tâm', 'Focus area'),
    spec('fromDate', 'date', 'Ngày bắt đầu', 'Start date', REQUIRED),
    spec('toDate', 'date', 'Ngày kết thúc', 'End date', { notBefore: 'fromDate' }),
  ]),
  model: Object.freeze([
    spec('modelKind', 'enum', 'Phân loại', 'Kind', { required: true, options: 'modelKind' }),
    spec('title', 'text', 'Tên mô hình, gương điển hình', 'Title', REQUIRED),
    spec('description', 'text', 'Mô tả', 'Description', { max: 2000 }),
    spec('proposedBy', 'text', 'Đơn vị, cá nhân đề xuất', 'Proposed by'),
    spec('proposedLevel', 'enum', 'Cấp đề xuất khen thưởng', 'Proposed commendation level', { options: 'commendationLevel' }),
    spec('outcome', 'text', 'Kết quả, hiệu quả', 'Outcome', { max: 500 }),
  ]),
  press: Object.freeze([
    spec('channel', 'enum', 'Kênh đăng tải', 'Channel', { required: true, options: 'pressChannel' }),
    spec('outlet', 'text', 'Cơ quan báo chí / trang', 'Outlet or page', REQUIRED),
    spec('title', 'text', 'Tiêu đề', 'Title', REQUIRED),
    spec('url', 'url', 'Đường dẫn', 'Link'),
    spec('date', 'date', 'Ngày đăng', 'Publication date', REQUIRED),
    spec('reach', 'int', 'Số người tiếp cận', 'Reach'),
    spec('views', 'int', 'Lượt xem', 'Views'),
  ]),
  inspection: Object.freeze([
    spec('team', 'text', 'Đoàn kiểm tra', 'Inspection team', REQUIRED),
    spec('members', 'text', 'Thành phần đoàn', 'Members', { max: 1000 }),
    spec('date', 'date', 'Ngày kiểm tra', 'Date of the visit', REQUIRED),
    spec('visitedUnits', 'units', 'Đơn vị được kiểm tra', 'Units visited'),
    spec('visitedFocusAreas', 'focusAreas', 'Địa bàn được kiểm tra', 'Focus areas visited'),
    spec('findings', 'text', 'Kết quả kiểm tra', 'Findings', { required: true, max: 4000 }),
    spec('recommendations', 'text', 'Kiến nghị', 'Recommendations', { max: 4000 }),
    spec('followUp', 'enum', 'Tình hình khắc phục', 'Follow-up', { required: true, options: 'followUp' }),
  ]),
  linkage: Object.freeze([
    spec('linkKind', 'enum', 'Hình thức liên kết', 'Kind of linkage', { required: true, options: 'linkKind' }),
    spec('partners', 'units', 'Đơn vị liên kết', 'Partner units', { required: true, excludesOwnUnit: true }),
    spec('description', 'text', 'Nội dung liên kết', 'Description', { required: true, max: 2000 }),
    spec('fromDate', 'date', 'Ngày bắt đầu', 'Start date', REQUIRED),
    spec('toDate', 'date', 'Ngày kết thúc', 'End date', { notBefore: 'fromDate' }),
  ]),
});

type Codes = readonly string[];
/** The normalised fields of each kind: the names of `ACTIVITY_FIELDS`, absent optional ones null. */
export interface ActivityFieldsOf {
  readonly work: {
    readonly name: string; readonly workKind: string; readonly place: string | null; readonly focusArea: string | null; readonly value: number;
    readonly funding: FundingSource | null; readonly startDate: IsoDate | null; readonly handoverDate: IsoDate | null; readonly state: WorkState;
  };
  readonly team: {
    readonly name: string; readonly field: string; readonly members: number; readonly place: string | null;
    readonly focusArea: string | null; readonly fromDate: IsoDate; readonly toDate: IsoDate | null;
  };
  readonly model: {
    readonly modelKind: ModelKind; readonly title: string; readonly description: string | null; readonly proposedBy: string | null;
    readonly proposedLevel: CommendationLevel | null; readonly outcome: string | null;
  };
  readonly press: {
    readonly channel: PressChannel; readonly outlet: string; readonly title: string; readonly url: string | null;
    readonly date: IsoDate; readonly reach: number | null; readonly views: number | null;
  };
  readonly inspection: {
    readonly team: string; readonly members: string | null; readonly date: IsoDate; readonly visitedUnits: Codes | null;
    readonly visitedFocusAreas: Codes | null; readonly findings: string; readonly recommendations: string | null; readonly followUp: FollowUpState;
  };
  readonly linkage: {
    readonly linkKind: LinkageKind; readonly partners: Codes; readonly description: string; readonly fromDate: IsoDate; readonly toDate: IsoDate | null;
  };
}

/**
 * A checked record of one kind (without a type argument, of any kind: a union on `kind`). @example
 * const r: ActivityRecord<'linkage'> = { kind: 'linkage', fields: { linkKind: 'forces', partners: ['01-B'], description: 'Đội hình chung.', fromDate: '2023-06-05', toDate: null } };
 */
export type ActivityRecord<K extends ActivityKind = ActivityKind> = { [P in K]: { readonly kind: P; readonly fields: ActivityFieldsOf[P] } }[K];

/** What a record is checked against: the campaign, its lists, and the unit that records it. */
export interface ActivityContext {
  readonly campaign: { readonly startDate: IsoDate; readonly endDate: IsoDate };
  readonly workKinds: readonly { readonly code: string; readonly name: string }[];
  /** The campaign's focus-area codes. */
  readonly focusAreas: readonly string[];
  readonly unitCode: string;
  /** When given, unit codes outside it are refused. */
  readonly knownUnits?: ReadonlySet<string>;
}

type Value = string | number | Codes | null;
/** Records a problem of the field at hand; returns undefined, the value of a refused field. */
type Say = (vi: string, en: string) => undefined;

/** Labels are matched as a spreadsheet carries them: any case, with or without diacritics or commas. */
const foldLabel = (text: string) => foldForSearch(text.replace(/[,;]/g, ' '));
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const unique = (codes: Codes) => [...new Set(codes)];
const shown = (given: unknown) => (typeof given === 'string' ? given.trim() : typeof given === 'object' ? JSON.stringify(given) : String(given));
const isBlank = (given: unknown) =>
  given === undefined || given === null || (typeof given === 'string' && given.trim() === '') || (Array.isArray(given) && given.length === 0);

/** "05/6 – 31/8/2023", as the Union writes a span of dates. */
function spanOf(start: IsoDate, end: IsoDate): string {
  const [sd, sm, sy] = formatDate(start).split('/');
  const [ed, em, ey] = formatDate(end).split('/');
  return `${sd}/${Number(sm)}${sy === ey ? '' : `/${sy}`} – ${ed}/${Number(em)}/${ey}`;
}

/** What `read` returns, or undefined when it refuses the value (a DomainError: parseDate, parseNumber). */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Reads a present field: its value, null when it turns out empty, undefined when refused (`say` told why). */
function readField(spec: ActivityFieldSpec, given: unknown, context: ActivityContext, say: Say): Value | undefined {
  const { labelVi: vi, labelEn: en } = spec;
  const max = spec.max ?? Infinity;
  switch (spec.type) {
    case 'text':
    case 'url': {
      if (typeof given !== 'string' && !(typeof given === 'number' && Number.isFinite(given))) return say(`${vi} phải là văn bản.`, `${en} must be text.`);
      // NFC, so the same words typed on different systems are stored, counted and searched alike.
      const text = String(given).trim().normalize('NFC');
      const length = [...text].length;
      if (length > max) return say(`${vi} dài ${formatNumber(length)} ký tự, tối đa ${formatNumber(max)}.`, `${en} is ${length} characters long; at most ${max}.`);
      if (spec.type === 'url' && !isWebAddress(text)) {
        return say(`${vi} "${text}" không phải địa chỉ web (http:// hoặc https://).`, `${en} "${text}" is not a web address (http:// or https://).`);
      }
      return text;
    }
    case 'int':
    case 'money': {
      const n = typeof given === 'number' ? given : typeof given === 'string' ? attempt(() => parseNumber(given)) : NaN;
      if (n === undefined) return say(`${vi} "${shown(given)}" không phải là số.`, `${en} "${shown(given)}" is not a number.`);
      const min = spec.min ?? 0;
      if (!Number.isFinite(n)) return say(`${vi} phải là số.`, `${en} must be a number.`);
      if (n < min) return min === 0 ? say(`${vi} phải là số không âm.`, `${en} must not be negative.`) : say(`${vi} phải từ ${min} trở lên.`, `${en} must be at least ${min}.`);
      if (!Number.isInteger(n)) return say(`${vi} phải là số nguyên.`, `${en} must be a whole number.`);
      if (n > max) return say(`${vi} quá lớn: tối đa ${formatNumber(max)}.`, `${en} is too large: at most ${max}.`);
      return n === 0 ? 0 : n;
    }
    case 'date': {
      const d = typeof given === 'string' ? attempt(() => parseDate(given)) : undefined;
      const { startDate, endDate } = context.campaign;
      if (d === undefined) {
        return say(`${vi} "${shown(given)}" không phải là ngày hợp lệ (viết dd/mm/yyyy, như ${formatDate(startDate)}).`,
          `${en} "${shown(given)}" is not a valid date (write dd/mm/yyyy or yyyy-mm-dd).`);
      }
      if (d < startDate || d > endDate) {
        return say(`${vi} ${formatDate(d)} nằm ngoài thời gian chiến dịch (${spanOf(startDate, endDate)}).`, `${en} ${d} is outside the campaign (${startDate} to ${endDate}).`);
      }
      return d;
    }
    case 'enum': {
      const choices = spec.options === undefined || spec.options === 'workKind'
        ? context.workKinds.map((k) => ({ code: k.code, words: [k.code, k.name], listed: k.name }))
        : Object.entries<ActivityLabel>(ACTIVITY_ENUMS[spec.options]).map(([code, l]) => ({ code, words: [code, l.vi, l.en], listed: l.vi }));
      const word = typeof given === 'string' || typeof given === 'number' ? foldLabel(String(given)) : null;
      const found = choices.find((c) => c.words.some((w) => foldLabel(w) === word));
      if (found) return found.code;
      const listed = choices.map((c) => c.listed).join('; ');
      return say(`${vi} "${shown(given)}" không hợp lệ (${listed ? `dùng: ${listed}` : 'chiến dịch chưa có loại nào'}).`,
        `${en} "${shown(given)}" is not one of: ${choices.map((c) => c.code).join(', ') || 'none'}.`);
    }
    case 'focusArea':
    case 'focusAreas':
    case 'units': {
      const codes = spec.type === 'focusArea' ? (typeof given === 'string' ? codesOfList([given]) : null) : codesOfList(given);
      if (!codes) {
        return spec.type === 'focusArea' ? say(`${vi} phải là một mã.`, `${en} must be one code.`) : say(`${vi} phải là danh sách mã.`, `${en} must be a list of codes.`);
      }
      return codes.length === 0 ? null : checkCodes(spec, codes, context, say);
    }
  }
}

/**
 * The codes a list field brings, as JSON (an array) or as a sheet's cell ("01-B; 01-C", split on
 * ";", "," or a new line): trimmed, blanks dropped; null when it is neither, or holds other things.
 *
 * @example
 * codesOfList('01-B; 01-C'); // ['01-B', '01-C']
 */
export function codesOfList(given: unknown): string[] | null {
  const items = typeof given === 'string' ? given.split(/[;,\n]/) : Array.isArray(given) ? given : null;
  if (!items || !items.every((i) => typeof i === 'string' || typeof i === 'number')) return null;
  return items.map((i) => String(i).trim()).filter((i) => i !== '');
}

/**
 * Codes, none twice: units known (when the context knows them) and, for partners, not the
 * recording unit; focus areas of the campaign, matched in any case, kept as the campaign writes them.
 */
function checkCodes(spec: ActivityFieldSpec, codes: Codes, context: ActivityContext, say: Say): Value | undefined {
  const { labelVi: vi, labelEn: en } = spec;
  const refusals: [string, string][] = [];
  let list = codes;
  if (spec.type === 'units') {
    if (spec.excludesOwnUnit && codes.includes(context.unitCode)) {
      refusals.push([`${vi} không được gồm chính đơn vị ghi nhận (${context.unitCode}).`, `${en} cannot include the recording unit itself (${context.unitCode}).`]);
    }
    const { knownUnits } = context;
    const unknown = knownUnits ? unique(codes.filter((c) => !knownUnits.has(c))) : [];
    if (unknown.length > 0) refusals.push([`${vi}: không tìm thấy đơn vị có mã ${unknown.join(', ')}.`, `${en}: no unit has the code ${unknown.join(', ')}.`]);
  } else {
    const byLower = new Map(context.focusAreas.map((c) => [c.toLowerCase(), c]));
    const unknown = unique(codes.filter((c) => !byLower.has(c.toLowerCase())));
    const known = context.focusAreas.join(', ');
    if (unknown.length > 0) {
      const named = unknown.map((c) => `"${c}"`).join(', ');
      refusals.push([`${vi} ${named} không có trong danh sách của chiến dịch (${known ? `có: ${known}` : 'chiến dịch chưa có địa bàn trọng tâm nào'}).`,
        `${en} ${named}: not among the campaign's focus areas (${known || 'none'}).`]);
    }
    list = codes.map((c) => byLower.get(c.toLowerCase()) ?? c);
  }
  const twice = unique(list.filter((c, i) => list.indexOf(c) !== i));
  if (twice.length > 0) refusals.unshift([`${vi} có mã lặp lại: ${twice.join(', ')}.`, `${en} list the same code twice: ${twice.join(', ')}.`]);
  for (const [m, e] of refusals) say(m, e);
  if (refusals.length > 0) return undefined;
  return spec.type === 'focusArea' ? (list[0] ?? null) : Object.freeze([...list]);
}

/**
 * Checks one record of `kind` as a form or a sheet's row brings it (`raw`: field name → a
 * number or a text; dates dd/mm/yyyy or yyyy-mm-dd; enum fields by code or by label, in any
 * case, with or without diacritics). Returns the normalised record, every field present and
 * absent optional ones null; or throws one FieldProblemsError with every problem, in the
 * order of the fields, fields `raw` should not have last.
 *
 * @example
 * checkActivity('team', { name: 'Tiếp sức mùa thi', field: 'Hỗ trợ thí sinh', members: '25', fromDate: '25/6/2023' }, context).fields.members; // 25
 */
export function checkActivity<K extends ActivityKind>(kind: K, raw: Readonly<Record<string, unknown>>, context: ActivityContext): ActivityRecord<K> {
  const specs = ACTIVITY_FIELDS[kind];
  const found: { at: number; field: string; vi: string; en: string }[] = [];
  const sayAt = (at: number, field: string): Say => (vi, en) => { found.push({ at, field, vi, en }); return undefined; };
  const fields: Record<string, Value> = {};
  const refused = new Set<string>();
  specs.forEach((spec, at) => {
    const given = raw[spec.name];
    const value = isBlank(given) ? null : readField(spec, given, context, sayAt(at, spec.name));
    if (value === undefined) refused.add(spec.name);
    fields[spec.name] = value ?? null;
    if (value === null && spec.required) sayAt(at, spec.name)(`${spec.labelVi} không được để trống.`, `${spec.labelEn} is required.`);
  });
  // Rules between fields, once every field is read; a refused field takes part in none.
  specs.forEach((spec, at) => {
    const say = sayAt(at, spec.name);
    const value = fields[spec.name];
    const when = spec.requiredWhen;
    const other = when ? fields[when.field] : null;
    if (when && value === null && !refused.has(spec.name) && (when.equals !== undefined ? other === when.equals : typeof other === 'number' && other > (when.above ?? 0))) {
      say(`${spec.labelVi} không được để trống khi ${when.whenVi}.`, `${spec.labelEn} is required when ${when.whenEn}.`);
    }
    const startSpec = specs.find((s) => s.name === spec.notBefore);
    const start = startSpec ? fields[startSpec.name] : null;
    if (startSpec && typeof value === 'string' && typeof start === 'string' && value < start) {
      say(`${spec.labelVi} ${formatDate(value)} sớm hơn ${lowerFirst(startSpec.labelVi)} ${formatDate(start)}.`, `${spec.labelEn} ${value} is before the ${lowerFirst(startSpec.labelEn)} ${start}.`);
    }
  });
  const names = specs.map((s) => s.name);
  const label = ACTIVITY_KIND_LABELS[kind];
  for (const [name, given] of Object.entries(raw)) {
    if (names.includes(name) || given === undefined) continue;
    sayAt(specs.length, name)(`Trường "${name}" không có ở ${label.vi} (các trường: ${names.join(', ')}).`, `A ${label.en} has no field "${name}" (fields: ${names.join(', ')}).`);
  }
  const problems = new FieldProblems();
  for (const f of found.sort((a, b) => a.at - b.at)) problems.add(f.field, f.vi, f.en);
  problems.throwIfAny();
  // The specs and ActivityFieldsOf name the same fields, and readField gave each the type of its spec.
  return Object.freeze({ kind, fields: Object.freeze(fields) }) as unknown as ActivityRecord<K>;
}

/**
 * One group of records as the database answers `GROUP BY kind, work_kind, state, …`: keys
 * that do not apply to the kind are null; `value` sums works' values, `members` teams'
 * members, `reach` and `views` press items' (unknown ones as 0).
 *
 * @example
 * const row: ActivityGroupRow = { kind: 'team', workKind: null, state: null, funding: null, channel: null, linkKind: null,
 *   modelKind: null, followUp: null, count: 45, value: 0, members: 1200, reach: 0, views: 0 };
 */
export interface ActivityGroupRow {
  /** An ActivityKind; rows of another kind (a newer database) are left out of the totals. */
  readonly kind: string;
  readonly workKind: string | null; readonly state: string | null; readonly funding: string | null; readonly channel: string | null;
  readonly linkKind: string | null; readonly modelKind: string | null; readonly followUp: string | null;
  readonly count: number; readonly value: number; readonly members: number; readonly reach: number; readonly views: number;
}

const NO_KEY = { workKind: null, state: null, funding: null, channel: null, linkKind: null, modelKind: null, followUp: null } as const;
const NOTHING = { count: 1, value: 0, members: 0, reach: 0, views: 0 } as const;

function rowOf(r: ActivityRecord): ActivityGroupRow {
  const base = { ...NO_KEY, ...NOTHING, kind: r.kind };
  switch (r.kind) {
    case 'work': return { ...base, workKind: r.fields.workKind, state: r.fields.state, funding: r.fields.funding, value: r.fields.value };
    case 'team': return { ...base, members: r.fields.members };
    case 'model': return { ...base, modelKind: r.fields.modelKind };
    case 'press': return { ...base, channel: r.fields.channel, reach: r.fields.reach ?? 0, views: r.fields.views ?? 0 };
    case 'inspection': return { ...base, followUp: r.fields.followUp };
    case 'linkage': return { ...base, linkKind: r.fields.linkKind };
  }
}

/**
 * The grouped rows of a list of records, as the database would answer them (ordered by kind,
 * then by key), so a recompute can be compared with the database's totals. @example
 * groupRowsOf([teamRecord]); // [{ kind: 'team', …, count: 1, members: 25, … }]
 */
export function groupRowsOf(records: readonly ActivityRecord[]): ActivityGroupRow[] {
  const groups = new Map<string, ActivityGroupRow>();
  for (const one of records.map(rowOf)) {
    const id = JSON.stringify([(ACTIVITY_KINDS as readonly string[]).indexOf(one.kind), one.workKind, one.state, one.funding, one.channel, one.linkKind, one.modelKind, one.followUp]);
    const row = groups.get(id);
    groups.set(id, row ? { ...row, count: row.count + 1, value: row.value + one.value, members: row.members + one.members, reach: row.reach + one.reach, views: row.views + one.views } : one);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => Object.freeze(row));
}

type Reached = { readonly count: number; readonly reach: number; readonly views: number };
/** The totals of a campaign's activities (in a subtree, to a date) for the dashboards and the documents. @example activityTotals([]).works.count; // 0 */
export interface ActivityTotals {
  readonly works: {
    readonly count: number; readonly value: number; readonly byState: Readonly<Record<WorkState, number>>;
    /** One entry per work kind that has works, ordered by code. */
    readonly byKind: readonly { readonly code: string; readonly count: number; readonly handedOver: number; readonly value: number }[];
    readonly valueByFunding: Readonly<Record<FundingSource, number>>;
  };
  readonly teams: { readonly count: number; readonly members: number };
  readonly models: { readonly count: number; readonly models: number; readonly people: number };
  readonly press: Reached & { readonly byChannel: Readonly<Record<PressChannel, Reached>> };
  readonly inspections: { readonly count: number; readonly openFollowUps: number };
  readonly linkages: { readonly count: number; readonly byKind: Readonly<Record<LinkageKind, number>> };
  readonly focusAreas: { readonly covered: number; readonly total: number } | null;
}

const zeros = <C extends string, T>(codes: readonly C[], zero: T): Record<C, T> => Object.fromEntries(codes.map((c) => [c, zero])) as Record<C, T>;
const isOf = <C extends string>(codes: readonly C[], code: string | null): code is C => code !== null && (codes as readonly string[]).includes(code);

/**
 * Adds up grouped rows, in any grouping and order. A row whose key is not a known code (an
 * older list) still counts in its kind's total, only not in the breakdown. @example
 * activityTotals([{ ...row, kind: 'team', count: 45, members: 1200 }], { total: 6, covered: 4 }).teams; // { count: 45, members: 1200 }
 */
export function activityTotals(rows: readonly ActivityGroupRow[], focus?: { readonly total: number; readonly covered: number }): ActivityTotals {
  const works = { count: 0, value: 0, byState: zeros(WORK_STATE_CODES, 0), valueByFunding: zeros(FUNDING_SOURCE_CODES, 0) };
  const byWorkKind = new Map<string, { code: string; count: number; handedOver: number; value: number }>();
  const teams = { count: 0, members: 0 };
  const models = { count: 0, models: 0, people: 0 };
  const press = { count: 0, reach: 0, views: 0, byChannel: zeros<PressChannel, Reached>(PRESS_CHANNEL_CODES, { count: 0, reach: 0, views: 0 }) };
  const inspections = { count: 0, openFollowUps: 0 };
  const linkages = { count: 0, byKind: zeros(LINKAGE_KIND_CODES, 0) };
  for (const row of rows) {
    const n = row.count;
    if (row.kind === 'work') {
      works.count += n;
      works.value += row.value;
      if (isOf(WORK_STATE_CODES, row.state)) works.byState[row.state] += n;
      if (isOf(FUNDING_SOURCE_CODES, row.funding)) works.valueByFunding[row.funding] += row.value;
      const k = row.workKind === null ? null : (byWorkKind.get(row.workKind) ?? { code: row.workKind, count: 0, handedOver: 0, value: 0 });
      if (k) byWorkKind.set(k.code, { ...k, count: k.count + n, handedOver: k.handedOver + (row.state === 'handed_over' ? n : 0), value: k.value + row.value });
    } else if (row.kind === 'team') {
      teams.count += n;
      teams.members += row.members;
    } else if (row.kind === 'model') {
      models.count += n;
      if (row.modelKind === 'model') models.models += n;
      if (row.modelKind === 'person') models.people += n;
    } else if (row.kind === 'press') {
      press.count += n;
      press.reach += row.reach;
      press.views += row.views;
      const c = isOf(PRESS_CHANNEL_CODES, row.channel) ? row.channel : null;
      if (c) press.byChannel[c] = { count: press.byChannel[c].count + n, reach: press.byChannel[c].reach + row.reach, views: press.byChannel[c].views + row.views };
    } else if (row.kind === 'inspection') {
      inspections.count += n;
      if (row.followUp === 'open' || row.followUp === 'in_progress') inspections.openFollowUps += n;
    } else if (row.kind === 'linkage') {
      linkages.count += n;
      if (isOf(LINKAGE_KIND_CODES, row.linkKind)) linkages.byKind[row.linkKind] += n;
    }
  }
  const byKind = [...byWorkKind.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { works: { ...works, byKind }, teams, models, press, inspections, linkages, focusAreas: focus ? { covered: focus.covered, total: focus.total } : null };
}

/**
 * How many of the campaign's focus areas have activity: one is covered when a work or a team
 * names it as its focus area, or an inspection visited it. Codes not in the list do not count. @example
 * focusCoverage(['dao', 'bien-gioi'], [teamAtDao]); // { covered: 1, total: 2 }
 */
export function focusCoverage(focusAreaCodes: readonly string[], records: readonly ActivityRecord[]): { covered: number; total: number } {
  const named = new Set<string>();
  for (const r of records) {
    if ((r.kind === 'work' || r.kind === 'team') && r.fields.focusArea !== null) named.add(r.fields.focusArea);
    if (r.kind === 'inspection') for (const c of r.fields.visitedFocusAreas ?? []) named.add(c);
  }
  const codes = new Set(focusAreaCodes);
  return { covered: [...codes].filter((c) => named.has(c)).length, total: codes.size };
}

const onChannel = (c: PressChannel) => (c === 'other' ? 'trên các kênh khác' : `trên ${PRESS_CHANNELS[c].vi}`);

/**
 * The sentences of the documents on activities, in this order: press, works, teams,
 * inspections, focus areas, linkages, models; a kind without records has none. Counts are
 * written as the Union does (formatCount: "08", "1.120"), money by moneyInWords, the date
 * d/m without the year ("31/8").
 *
 * @example
 * activitySentences(activityTotals([{ ...row, kind: 'team', count: 45, members: 1200 }]), { asOf: '2023-08-31' });
 * // ['Thành lập 45 đội hình tình nguyện với 1.200 đoàn viên, thanh niên tham gia.']
 */
export function activitySentences(totals: ActivityTotals, options: { readonly asOf: IsoDate }): string[] {
  const [day, month] = formatDate(options.asOf).split('/');
  const { press, works, teams, inspections, focusAreas, linkages, models } = totals;
  const sentences: string[] = [];
  if (press.count > 0) {
    const channels = PRESS_CHANNEL_CODES.filter((c) => press.byChannel[c].count > 0)
      .sort((a, b) => press.byChannel[b].count - press.byChannel[a].count || PRESS_CHANNEL_CODES.indexOf(a) - PRESS_CHANNEL_CODES.indexOf(b));
    const [only] = channels;
    const detail = only && channels.length === 1 && press.byChannel[only].count === press.count ? ` ${onChannel(only)}`
      : channels.length > 0 ? `, bao gồm ${channels.map((c) => `${formatCount(press.byChannel[c].count)} tin, bài ${onChannel(c)}`).join('; ')}` : '';
    sentences.push(`Tính đến ngày ${Number(day)}/${Number(month)}, đã có ${formatCount(press.count)} tin, bài tuyên truyền về Chiến dịch${detail}.`);
  }
  if (works.count > 0) {
    const handed = works.byState.handed_over > 0 ? ` (đã bàn giao ${formatCount(works.byState.handed_over)} công trình)` : '';
    // Only what is wholly raised from society: the split of a mixed work is not recorded.
    const social = works.valueByFunding.social > 0 ? `, trong đó xã hội hóa ${moneyInWords(works.valueByFunding.social)}` : '';
    const money = works.value > 0 ? `, với tổng giá trị ${moneyInWords(works.value)}${social}` : '';
    sentences.push(`Các cấp bộ Đoàn đã triển khai ${formatCount(works.count)} công trình, phần việc thanh niên${handed}${money}.`);
  }
  if (teams.count > 0) {
    sentences.push(`Thành lập ${formatCount(teams.count)} đội hình tình nguyện${teams.members > 0 ? ` với ${formatCount(teams.members)} đoàn viên, thanh niên tham gia` : ''}.`);
  }
  if (inspections.count > 0) {
    const open = inspections.openFollowUps > 0 ? `; còn ${formatCount(inspections.openFollowUps)} kiến nghị chưa khắc phục xong` : '';
    sentences.push(`Ban Chỉ đạo đã tổ chức ${formatCount(inspections.count)} đoàn kiểm tra${open}.`);
  }
  if (focusAreas && focusAreas.total > 0) {
    sentences.push(focusAreas.covered > 0 ? `${focusAreas.covered}/${focusAreas.total} địa bàn trọng tâm có hoạt động của Chiến dịch.`
      : `Chưa có địa bàn trọng tâm nào có hoạt động của Chiến dịch (0/${focusAreas.total}).`);
  }
  if (linkages.count > 0) {
    const kinds = LINKAGE_KIND_CODES.filter((k) => linkages.byKind[k] > 0);
    const [only] = kinds;
    const parts = kinds.map((k) => `${formatCount(linkages.byKind[k])} ${LINKAGE_KINDS[k].vi}`);
    sentences.push(only && kinds.length === 1 && linkages.byKind[only] === linkages.count ? `Triển khai ${parts[0]}.`
      : `Triển khai ${formatCount(linkages.count)} liên kết${parts.length > 0 ? ` (${parts.join(', ')})` : ''}.`);
  }
  if (models.count > 0) {
    const parts = [[models.models, MODEL_KINDS.model.vi], [models.people, MODEL_KINDS.person.vi]] as const;
    const named = parts.filter(([n]) => n > 0).map(([n, what]) => `${formatCount(n)} ${what}`);
    sentences.push(`Giới thiệu ${named.length > 0 ? named.join(' và ') : `${formatCount(models.count)} mô hình hay, gương điển hình`}.`);
  }
  return sentences;
}
