/**
 * Drafting official documents from the data: the phase conclusion notice (thông báo kết
 * luận). Every figure, percentage and list of units is read from the data each time; the
 * number, date, recipients, signer and the free-text sections come from the form.
 */
import {
  FieldProblems,
  DomainError, ValidationError, campaignWeeks, documentText, daysBetweenInclusive, defaultPhrasing, documentNumber, formatDate,
  indicatorSentences, localDateOf, officialDateLine, parseDate, type DocumentBlock, type DocumentRun, type IndicatorResult,
  type OfficialDocument,
} from '@giaoban/core';
import { documentsRepository, type CampaignDetail } from '@giaoban/db';
import { type Actor, type ServiceContext, requireCampaign, type CampaignRef, type PhaseRef } from '../infra/index.ts';
import { getProgress, type ProgressView } from '../dashboards/index.ts';
import { getTimeliness } from '../monitoring/index.ts';
import { activityParagraph } from '../activities/index.ts';

/** What staff write on the notice's form (every field optional: a draft has defaults). */
export interface NoticeForm {
  /** The number, or empty to leave it blank until the document is issued ("Số:   -TB/…"). */
  readonly number?: string | number | undefined;
  readonly documentType?: string | undefined;
  readonly issuerSymbol?: string | undefined;
  readonly department?: string | undefined;
  readonly place?: string | undefined;
  /** The date on the notice (typed either way); default today in Hà Nội. */
  readonly date?: string | undefined;
  readonly superiorBody?: string | undefined;
  readonly issuer?: string | undefined;
  readonly title?: string | undefined;
  /** Free text; paragraphs separated by blank lines; lines starting "- " become bullets. */
  readonly introduction?: string | undefined;
  readonly assessment?: string | undefined;
  readonly limitations?: string | undefined;
  readonly directions?: string | undefined;
  readonly closing?: string | undefined;
  readonly recipients?: readonly string[] | undefined;
  readonly signer?: { readonly authority: string; readonly title: string; readonly name: string } | undefined;
  /** Decimals of the percentages (the notices use 1 or 2); absent: the campaign's precision. */
  readonly precision?: number | undefined;
  /** How the late and missing units are listed: by unit code (the default) or by name. */
  readonly lateOrder?: 'code' | 'name' | undefined;
  /** A report of one programme of the campaign (its code): its indicators and its activities only (issue 20). */
  readonly programme?: string | undefined;
}

const DEFAULTS = {
  documentType: 'TB',
  issuerSymbol: 'TWĐTN',
  department: 'CNĐT',
  place: 'Hà Nội',
  superiorBody: 'BAN CHẤP HÀNH TRUNG ƯƠNG',
  issuer: 'BAN CHỈ ĐẠO CHIẾN DỊCH',
  recipients: [
    'Đ/c Bí thư thứ nhất TW Đoàn;',
    'Đ/c Bí thư thường trực TW Đoàn; (để báo cáo)',
    'Các đ/c trong Bí thư Trung ương Đoàn;',
    'Các đ/c thành viên Ban Chỉ đạo Chiến dịch;',
    'Các tỉnh, thành Đoàn và Đoàn trực thuộc;',
    'Lưu CNĐT, VP.',
  ],
  signer: { authority: 'TL. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN', title: 'CHÁNH VĂN PHÒNG', name: '' },
} as const;

/** The notice's defaults, which the reports start from. */
export const NOTICE_DEFAULTS = DEFAULTS;

/** "27/5 – 02/7/2023": a date range as the notices abbreviate it. */
export function shortRange(start: string, end: string): string {
  const [, m1, d1] = start.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = end.split('-').map(Number) as [number, number, number];
  return `${String(d1).padStart(2, '0')}/${m1} – ${String(d2).padStart(2, '0')}/${m2}/${y2}`;
}

/** Free text → blocks: blank lines separate paragraphs, "- " lines are bullets. */
export function blocksOf(text: string | undefined): DocumentBlock[] {
  return (text ?? '').split(/\n\s*\n/).flatMap((chunk): DocumentBlock[] => {
    const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) return [];
    if (lines.every((l) => l.startsWith('- '))) return lines.map((l) => ({ kind: 'bullet' as const, runs: [{ text: l.slice(2) }] }));
    return [{ kind: 'paragraph' as const, runs: [{ text: lines.join(' ') }] }];
  });
}

/** The indicators with a target, phrased as the campaign words them, for `indicatorSentences`. */
export function resultsOf(campaign: CampaignDetail, progress: ProgressView): IndicatorResult[] {
  const byId = new Map(campaign.indicators.map((i) => [i.id, i]));
  return progress.unit.indicators.flatMap((p) => {
    const indicator = byId.get(p.indicator.id);
    if (!indicator || p.target === null || p.status === null) return [];
    const phrasing = indicator.noticeTarget && indicator.noticeDone
      ? { target: indicator.noticeTarget, done: indicator.noticeDone }
      : defaultPhrasing(indicator);
    return [{ phrasing, target: p.target, toDate: p.toDate, status: p.status }];
  });
}

/** Numbered section headings: "1. …", "2. …", in the order they are asked for. */
export function headingCounter(): (text: string) => DocumentBlock {
  let n = 0;
  return (text) => ({ kind: 'heading', text: `${++n}. ${text}` });
}

/**
 * Drafts the conclusion notice of a phase: the indicators met, ahead of and behind
 * schedule at the phase's last day, the units that reported late or not at all in its
 * last week, with the staff's text around them.
 */
export async function draftPhaseNotice(ctx: ServiceContext, ref: CampaignRef & { readonly phase: number }, form: NoticeForm = {}): Promise<OfficialDocument> {
  const { campaign: campaignCode, phase: phaseNumber } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const phase = campaign.phases.find((p) => p.number === phaseNumber);
  if (!phase) {
    throw new DomainError('not_found', `Chiến dịch ${campaign.name} không có đợt ${phaseNumber}.`, {
      field: 'phase', messageEn: `Campaign ${campaign.name} has no phase ${phaseNumber}.`,
    });
  }
  const precision = form.precision ?? campaign.precision;
  const progress = await getProgress(ctx, { campaign: campaignCode, unit: campaign.rootUnitCode }, { asOf: phase.endDate, precision, includeChildren: false });
  const results = resultsOf(campaign, progress);

  const lastWeek = campaignWeeks(campaign.startDate, campaign.endDate).filter((w) => w.start <= phase.endDate).at(-1);
  const late = lastWeek
    ? (await getTimeliness(ctx, { campaign: campaignCode, unit: campaign.rootUnitCode }, { period: lastWeek.week, order: form.lateOrder ?? 'code', allWeeks: false })).lateUnits
    : null;

  const range = shortRange(phase.startDate, phase.endDate);
  const weeks = Math.max(1, Math.floor(daysBetweenInclusive(phase.startDate, phase.endDate) / 7));
  const source: DocumentRun = {
    text: 'đạt nhiều kết quả tích cực',
    footnote: `Số liệu tổng hợp từ báo cáo tuần của các đơn vị trên hệ thống Giao Ban, tính đến hết ngày ${formatDate(phase.endDate)}.`,
  };
  const sentences = indicatorSentences(results, { precision });
  const figures: DocumentRun[] = [
    { text: `Sau thời gian ${String(weeks).padStart(2, '0')} tuần triển khai chiến dịch (từ ${range}), các cấp bộ Đoàn đã nỗ lực triển khai các nội dung của Chiến dịch, ` },
    source,
    { text: '. ' },
    ...sentences.flatMap((runs, i) => (i === 0 ? runs : [{ text: ' ' }, ...runs])),
  ];
  const limitations: DocumentRun[] = [
    { text: 'Một số tồn tại, hạn chế cần khắc phục: ' },
    ...(form.limitations?.trim() ? [{ text: `${form.limitations.trim()} ` }] : []),
    ...(late ? [{ text: late.sentence }] : []),
  ];
  // The activities of the phase, in the documents' words (one paragraph when there are records).
  const activitySentences = await activityParagraph(ctx, { campaign: campaignCode, unit: campaign.rootUnitCode }, phase.endDate);
  const activities = activitySentences.length === 0 ? [] : [activitySentences.join(' ')];
  const date = form.date ? parseDate(form.date) : localDateOf(ctx.now());
  const body: DocumentBlock[] = [
    ...blocksOf(form.introduction),
    { kind: 'heading', text: `1. Đánh giá chung kết quả triển khai ${phase.name} ${campaign.name} (từ ngày ${range})` },
    ...blocksOf(form.assessment),
    { kind: 'paragraph', runs: figures },
    ...activities.map((text): DocumentBlock => ({ kind: 'paragraph', runs: [{ text }] })),
    { kind: 'paragraph', runs: limitations },
    { kind: 'heading', text: '2. Phương hướng trong thời gian tới' },
    ...blocksOf(form.directions),
    ...blocksOf(form.closing),
  ];
  return {
    superiorBody: form.superiorBody ?? DEFAULTS.superiorBody,
    issuer: form.issuer ?? `${DEFAULTS.issuer}\n${campaign.name.toLocaleUpperCase('vi')}`,
    number: documentNumber({
      number: form.number ?? '', type: form.documentType ?? DEFAULTS.documentType, issuer: form.issuerSymbol ?? DEFAULTS.issuerSymbol,
      department: form.department ?? DEFAULTS.department,
    }),
    dateLine: officialDateLine(form.place ?? DEFAULTS.place, date),
    kind: 'THÔNG BÁO',
    title: form.title ?? `Kết luận của Thường trực Ban Chỉ đạo tại Hội nghị giao ban đánh giá kết quả triển khai ${phase.name}\n${campaign.name}`,
    body,
    recipients: form.recipients ?? DEFAULTS.recipients,
    signer: form.signer ?? DEFAULTS.signer,
  };
}

export interface NoticeDraftView {
  readonly form: NoticeForm;
  /** 0 before the first save; send it back with the next save. */
  readonly version: number;
  readonly updatedAt: string | null;
  readonly document: OfficialDocument;
  /** The document as plain text (italic between asterisks), for a quick preview. */
  readonly text: string;
  /** What a unit's weekly report is about, as people name it: the unit and the week's dates. */
  readonly subject?: DocumentSubject | undefined;
}

/** A weekly report's unit (by name) and week (by its dates, dd/mm/yyyy). */
export interface DocumentSubject {
  readonly unit: { readonly code: string; readonly name: string };
  readonly week: { readonly week: string; readonly number: number; readonly start: string; readonly end: string };
}

const NOTICE = 'notice';
const TEXT_FIELDS = ['number', 'documentType', 'issuerSymbol', 'department', 'place', 'superiorBody', 'issuer', 'title'] as const;
const LONG_FIELDS = ['introduction', 'assessment', 'limitations', 'directions', 'closing'] as const;

/** Checks a notice form (all problems at once) and returns it cleaned. */
export function checkNoticeForm(form: NoticeForm): NoticeForm {
  const errors = new FieldProblems();
  for (const f of TEXT_FIELDS) {
    const v = form[f];
    if (v !== undefined && String(v).length > 300) errors.add(`form.${f}`, 'Tối đa 300 ký tự.', 'At most 300 characters.');
  }
  for (const f of LONG_FIELDS) {
    const v = form[f];
    if (v !== undefined && v.length > 20_000) errors.add(`form.${f}`, 'Tối đa 20.000 ký tự.', 'At most 20,000 characters.');
  }
  const date = form.date?.trim() ? errors.capture('form.date', () => parseDate(form.date!)) : undefined;
  if (form.precision !== undefined && (!Number.isInteger(form.precision) || form.precision < 0 || form.precision > 4)) {
    errors.add('form.precision', 'Số chữ số thập phân của tỷ lệ phần trăm từ 0 đến 4.', 'Decimals of the percentages: 0 to 4.');
  }
  if (form.lateOrder !== undefined && form.lateOrder !== 'code' && form.lateOrder !== 'name') {
    errors.add('form.lateOrder', 'Thứ tự đơn vị là "code" hoặc "name".', 'The order of units is "code" or "name".');
  }
  if (form.recipients && (form.recipients.length > 40 || form.recipients.some((r) => r.length > 300))) {
    errors.add('form.recipients', 'Tối đa 40 nơi nhận, mỗi nơi nhận tối đa 300 ký tự.', 'At most 40 recipients of at most 300 characters each.');
  }
  errors.throwIfAny();
  return { ...form, ...(date ? { date } : {}), recipients: form.recipients?.map((r) => r.trim()).filter(Boolean) };
}

async function noticeScope(ctx: ServiceContext, campaignCode: string, rootUnitCode: string, phase: number) {
  const campaign = await requireCampaign(ctx.db, campaignCode);
  if (campaign.rootUnitCode !== rootUnitCode) {
    throw new DomainError('forbidden', 'Văn bản của chiến dịch do đơn vị chủ trì chiến dịch soạn.', {
      messageEn: "The campaign's documents are drafted by its root unit.",
    });
  }
  if (!campaign.phases.some((p) => p.number === phase)) {
    throw new ValidationError('phase', `Chiến dịch ${campaign.name} không có đợt ${phase}.`, `Campaign ${campaign.name} has no phase ${phase}.`);
  }
  return campaign;
}

/** The saved form of a phase's notice and the notice drafted from it with today's data. */
export async function getNoticeDraft(ctx: ServiceContext, ref: PhaseRef): Promise<NoticeDraftView> {
  const { campaign: campaignCode, unit: rootUnitCode, phase } = ref;
  const campaign = await noticeScope(ctx, campaignCode, rootUnitCode, phase);
  const row = await documentsRepository.get(ctx.db, campaign.id, NOTICE, String(phase));
  const form = (row?.form ?? {}) as NoticeForm;
  const document = await draftPhaseNotice(ctx, { campaign: campaignCode, phase }, form);
  return { form, version: row?.version ?? 0, updatedAt: row ? new Date(row.updatedAt).toISOString() : null, document, text: documentText(document, { marks: true }) };
}

/** Saves the form of a phase's notice (versioned: a stale save is refused). */
export async function saveNoticeDraft(
  ctx: ServiceContext, ref: PhaseRef, actor: Actor | null, form: NoticeForm, version?: number,
): Promise<NoticeDraftView> {
  const { campaign: campaignCode, unit: rootUnitCode, phase } = ref;
  const campaign = await noticeScope(ctx, campaignCode, rootUnitCode, phase);
  const clean = checkNoticeForm(form);
  const saved = await documentsRepository.save(ctx.db, campaign.id, NOTICE, String(phase), clean, actor?.userId ?? null, version);
  if (!saved) {
    throw new DomainError('conflict', 'Bản thảo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.', {
      messageEn: 'The draft was changed by someone else. Reload it before saving.',
    });
  }
  return getNoticeDraft(ctx, ref);
}
