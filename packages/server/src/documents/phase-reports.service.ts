/**
 * Drafting the reports from the data: a unit's weekly progress report (báo cáo tiến độ tuần)
 * and the campaign's final report (báo cáo tổng kết chiến dịch). As with the notice, every
 * figure, rate and list of units is read from the data each time; the number, date,
 * recipients, signer and the written sections come from the saved form.
 */
import {
  DomainError, achievementTables, campaignWeeks, daysBetweenInclusive, documentNumber, documentText,
  formatCount, formatDate, formatNumber, formatPercent, indicatorSentences, localDateOf, officialDateLine, parseDate,
  SCHEDULE_STATUS_LABELS, shortUnitName, type CampaignWeek, type ScheduleStatus, type DocumentAnnex, type DocumentBlock, type DocumentRun,
  type OfficialDocument,
} from '@giaoban/core';
import { documentsRepository, unitsRepository, type CampaignDetail, type UnitRow } from '@giaoban/db';
import { type Actor, type ServiceContext, ancestorsBelowRoot, requireCampaign, requireUnit, type UnitRef, type ReportRef, type CampaignRef } from '../infra/index.ts';
import {
  NOTICE_DEFAULTS, blocksOf, checkNoticeForm, headingCounter, resultsOf, shortRange, type DocumentSubject, type NoticeDraftView, type NoticeForm,
} from './notice.service.ts';
import { getProgress, type ProgressView } from '../dashboards/index.ts';
import { getTimeliness, subtreeWeekTimeliness } from '../monitoring/index.ts';
import { campaignWeekOf } from '../planning/index.ts';
import { activityParagraph } from '../activities/index.ts';

/** The reports' form is the notice's: the same header fields and written sections. */
export type ReportForm = NoticeForm;
export type ReportDraftView = NoticeDraftView;

const ISSUER_SYMBOLS: Readonly<Record<string, string>> = { central: 'TWĐTN', province: 'TĐTN', affiliated: 'ĐTN', district: 'HĐTN' };

/** The header, number, recipients and signer of a unit's report, before the form overrides them. */
async function headerOf(ctx: ServiceContext, campaign: CampaignDetail, unit: UnitRow) {
  const upper = (s: string) => s.toLocaleUpperCase('vi');
  if (unit.id === campaign.rootUnitId) {
    return {
      superiorBody: NOTICE_DEFAULTS.superiorBody,
      issuer: `${NOTICE_DEFAULTS.issuer}\n${upper(campaign.name)}`,
      issuerSymbol: NOTICE_DEFAULTS.issuerSymbol,
      department: NOTICE_DEFAULTS.department as string,
      place: NOTICE_DEFAULTS.place as string,
      recipients: [...NOTICE_DEFAULTS.recipients] as string[],
      signer: { ...NOTICE_DEFAULTS.signer },
    };
  }
  const parent = unit.parentId === null ? null : (await unitsRepository.listByIds(ctx.db, [unit.parentId]))[0] ?? null;
  // "TỈNH ĐOÀN ĐỒNG THÁP / BCH ĐOÀN THÀNH PHỐ SA ĐÉC": the superior unit above the issuing
  // committee, except right below the centre, where the provinces write their own name only.
  const belowRoot = parent?.id === campaign.rootUnitId;
  return {
    superiorBody: parent && !belowRoot ? upper(parent.name) : '',
    issuer: `BCH ${upper(unit.name)}`,
    issuerSymbol: ISSUER_SYMBOLS[unit.level] ?? 'ĐTN',
    department: '',
    place: shortUnitName(unit.name),
    recipients: [
      ...(parent ? [`${belowRoot ? 'Ban Chỉ đạo Chiến dịch Trung ương Đoàn' : parent.name} (để báo cáo);`] : []),
      'Các đơn vị trực thuộc;',
      'Lưu VP.',
    ],
    signer: { authority: `TM. BAN THƯỜNG VỤ ${upper(unit.name)}`, title: 'BÍ THƯ', name: '' },
  };
}

/** What was done on indicators that carry no target for the unit ("Ngoài ra, …"), if any. */
function untargetedRuns(progress: ProgressView): DocumentRun[] {
  const done = progress.unit.indicators.filter((p) => p.target === null && p.toDate > 0);
  if (done.length === 0) return [];
  const items = done.map((p) => `${p.indicator.name}: ${formatNumber(p.toDate, 4)} ${p.indicator.unitOfMeasure}`);
  return [{ text: ` Ngoài các chỉ tiêu được giao, đơn vị còn thực hiện: ${items.join('; ')}.` }];
}

const join = (sentences: readonly (readonly DocumentRun[])[]): DocumentRun[] =>
  sentences.flatMap((runs, i) => (i === 0 ? [...runs] : [{ text: ' ' }, ...runs]));

/** The annex: the children's figures per indicator and the unit's total, landscape. */
function annexOf(progress: ProgressView, subtitle: string, precision: number): DocumentAnnex {
  const indicators = progress.unit.indicators.map((p) => p.indicator);
  const figures = (u: ProgressView['unit']) => u.indicators.map((p) => ({ target: p.target, toDate: p.toDate }));
  const rows = [
    ...progress.children.map((c) => ({ label: c.unit.name, figures: figures(c) })),
    { label: `Tổng cộng (${progress.unit.unit.name})`, figures: figures(progress.unit), total: true },
  ];
  return {
    title: 'PHỤ LỤC',
    subtitle,
    landscape: true,
    body: achievementTables(indicators, rows, { precision, perTable: 3, unitHeader: 'Đơn vị' }),
  };
}

function commonParts(form: ReportForm, defaults: Awaited<ReturnType<typeof headerOf>>, ctx: ServiceContext) {
  const date = form.date ? parseDate(form.date) : localDateOf(ctx.now());
  return {
    date,
    superiorBody: form.superiorBody ?? defaults.superiorBody,
    issuer: form.issuer ?? defaults.issuer,
    number: documentNumber({
      number: form.number ?? '', type: form.documentType ?? 'BC', issuer: form.issuerSymbol ?? defaults.issuerSymbol,
      department: form.department ?? defaults.department,
    }),
    dateLine: officialDateLine(form.place ?? defaults.place, date),
    recipients: form.recipients ?? defaults.recipients,
    signer: form.signer ?? defaults.signer,
  };
}

/** The sections staff write, each under its numbered heading, and the closing words. */
function staffSections(form: ReportForm, heading: (text: string) => DocumentBlock, limitations: string): DocumentBlock[] {
  return [
    heading('Đánh giá chung'),
    ...blocksOf(form.assessment),
    heading(limitations),
    ...blocksOf(form.limitations),
    heading('Phương hướng, đề xuất'),
    ...blocksOf(form.directions),
    ...blocksOf(form.closing),
  ];
}

/** What a report (BÁO CÁO) takes from the form's common parts: header, number, date, recipients, signer. */
function reportFrame(common: ReturnType<typeof commonParts>) {
  return {
    superiorBody: common.superiorBody, issuer: common.issuer, number: common.number, dateLine: common.dateLine, kind: 'BÁO CÁO',
    recipients: common.recipients, signer: common.signer,
  };
}

/** "(Kèm theo Báo cáo số 12-BC/TĐTN ngày 03/7/2023)", or without the number while it is blank. */
function attachedTo(number: string, date: string): string {
  const n = number.replace(/^Số:\s*/, '').trim();
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `(Kèm theo Báo cáo số ${/^\d/.test(n) ? n : '…'} ngày ${d}/${m}/${y})`;
}

/**
 * Drafts a unit's weekly progress report: its figures to date against its targets at the
 * week's end, this week's figures, the timeliness of its children that week with the late
 * and missing ones named, the staff's sections, and the annex of the children's figures.
 */
export async function draftProgressReport(
  ctx: ServiceContext, ref: ReportRef, form: ReportForm = {},
): Promise<OfficialDocument> {
  const { campaign: campaignCode, unit: unitCode, period } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const unit = await requireUnit(ctx.db, unitCode);
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const week = campaignWeekOf(campaign, period);
  const weekNumber = campaignWeeks(campaign.startDate, campaign.endDate).findIndex((w) => w.week === period) + 1;
  const precision = form.precision ?? campaign.precision;
  const progress = await getProgress(ctx, { campaign: campaignCode, unit: unitCode }, { asOf: week.end, precision, includeChildren: true, programme: form.programme });
  const timeliness = progress.children.length > 0
    ? await getTimeliness(ctx, { campaign: campaignCode, unit: unitCode }, { period, order: form.lateOrder ?? 'code', allWeeks: false })
    : null;

  const range = shortRange(week.start, week.end);
  // The root's figures are everyone's: "các cấp bộ Đoàn", as the notices say.
  const who = unit.id === campaign.rootUnitId ? 'các cấp bộ Đoàn' : unit.name;
  const sentences = indicatorSentences(resultsOf(campaign, progress), { precision });
  const figures: DocumentRun[] = [
    { text: `Tính đến hết ngày ${formatDate(week.end)} (tuần thứ ${formatCount(weekNumber)} của Chiến dịch, đã qua ${formatPercent(progress.elapsedShare, precision)} thời gian), ` },
    {
      text: `${who} đã triển khai các nội dung của Chiến dịch`,
      footnote: `Số liệu tổng hợp từ báo cáo tuần của ${unit.name} và các đơn vị trực thuộc trên hệ thống Giao Ban, tính đến hết ngày ${formatDate(week.end)}.`,
    },
    { text: sentences.length > 0 ? '. ' : '.' },
    ...join(sentences),
    ...untargetedRuns(progress),
  ];
  const thisWeek = progress.unit.indicators.filter((p) => p.thisWeek > 0);
  const weekly: DocumentBlock[] = thisWeek.length === 0
    ? [{ kind: 'paragraph', runs: [{ text: `Trong tuần (từ ${range}), chưa có số liệu mới được báo cáo.` }] }]
    : [
        { kind: 'paragraph', runs: [{ text: `Trong tuần (từ ${range}), ${who} đã thực hiện:` }] },
        ...thisWeek.map((p): DocumentBlock => ({
          kind: 'bullet',
          runs: [{ text: `${p.indicator.name}: ${formatNumber(p.thisWeek, 4)} ${p.indicator.unitOfMeasure}` }, { text: p === thisWeek.at(-1) ? '.' : ';' }],
        })),
      ];

  const reporting: DocumentBlock[] = [];
  if (timeliness?.selected) {
    const children = timeliness.selected.rows.filter((r) => r.unit.parentId === unit.id);
    const count = (s: string) => children.filter((r) => r.status === s).length;
    const onTime = count('on_time');
    const rate = children.length === 0 ? null : formatPercent(onTime / children.length, precision);
    const parts = [
      // "67/67 tỉnh, thành Đoàn" as the notices write a part of a whole: never zero-padded ("0/67", not "00/67").
      `${formatNumber(onTime)}/${formatNumber(children.length)} đơn vị trực thuộc gửi báo cáo đúng hạn${rate ? ` (đạt ${rate})` : ''}`,
      ...(count('late') > 0 ? [`${formatCount(count('late'))} đơn vị gửi chậm`] : []),
      ...(count('missing') > 0 ? [`${formatCount(count('missing'))} đơn vị chưa gửi báo cáo`] : []),
      ...(count('pending') > 0 ? [`${formatCount(count('pending'))} đơn vị chưa đến hạn báo cáo`] : []),
    ];
    reporting.push({ kind: 'paragraph', runs: [{ text: `Trong tuần, có ${parts.join(', ')}.` }, ...(timeliness.lateUnits ? [{ text: ` ${timeliness.lateUnits.sentence}` }] : [])] });
  }

  const defaults = await headerOf(ctx, campaign, unit);
  const common = commonParts(form, defaults, ctx);
  const heading = headingCounter();
  const body: DocumentBlock[] = [
    ...blocksOf(form.introduction),
    heading('Kết quả thực hiện các chỉ tiêu'),
    { kind: 'paragraph', runs: figures },
    ...weekly,
    ...(await activityBlocks(ctx, { campaign: campaignCode, unit: unitCode }, week.end, heading, form.programme)),
    ...(reporting.length > 0 ? [heading('Công tác thông tin, báo cáo'), ...reporting] : []),
    ...staffSections(form, heading, 'Tồn tại, hạn chế, khó khăn'),
  ];
  return {
    ...reportFrame(common),
    title: form.title ?? `Tiến độ thực hiện ${ofProgramme(progress)}${campaign.name}\ntuần thứ ${formatCount(weekNumber)} (từ ${range})`,
    body,
    // A unit without children has nothing to add to its own figures above: no annex.
    annexes: progress.children.length === 0 ? [] : [annexOf(progress, [
      `Kết quả thực hiện các chỉ tiêu của các đơn vị trực thuộc ${unit.name}, tính đến hết ngày ${formatDate(week.end)}`,
      attachedTo(common.number, common.date),
    ].join('\n'), precision)],
  };
}

/**
 * The section on the subtree's activities as of `asOf` (works, teams, press items,
 * inspections, focus areas, linkages, models, in the documents' words); none without records.
 */
async function activityBlocks(
  ctx: ServiceContext, ref: UnitRef, asOf: string, heading: (text: string) => DocumentBlock, programme?: string | undefined,
): Promise<DocumentBlock[]> {
  const sentences = await activityParagraph(ctx, ref, asOf, programme);
  return sentences.length === 0 ? [] : [heading('Các hoạt động, công trình, phần việc'), { kind: 'paragraph', runs: [{ text: sentences.join(' ') }] }];
}

/** "Chương trình X thuộc ", before the campaign's name in a report of one programme; '' for the campaign whole. */
const ofProgramme = (progress: ProgressView): string => (progress.programme ? `${progress.programme.name} thuộc ` : '');

/** The campaign's weeks whose figures the final report sums up: begun by `asOf`. */
function weeksUpTo(campaign: CampaignDetail, asOf: string): readonly CampaignWeek[] {
  return campaignWeeks(campaign.startDate, campaign.endDate).filter((w) => w.start <= asOf);
}

/**
 * Drafts the campaign's final report for its root unit: the figures at the campaign's end
 * (or today, if earlier), the indicators met, ahead and behind, a summary per phase, the
 * timeliness of reporting over the whole campaign with the children most often late, the
 * staff's sections, and the annex of the children's figures.
 */
export async function draftFinalReport(ctx: ServiceContext, ref: CampaignRef, form: ReportForm = {}): Promise<OfficialDocument> {
  const { campaign: campaignCode } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const root = await requireUnit(ctx.db, campaign.rootUnitCode);
  const today = localDateOf(ctx.now());
  const asOf = today < campaign.endDate ? today : campaign.endDate;
  const precision = form.precision ?? campaign.precision;
  const progress = await getProgress(ctx, { campaign: campaignCode, unit: root.code }, { asOf, precision, includeChildren: true, programme: form.programme });
  const weeks = weeksUpTo(campaign, asOf);
  const end = asOf < campaign.startDate ? campaign.startDate : asOf;
  const range = shortRange(campaign.startDate, end);
  const weekCount = Math.max(1, Math.round(daysBetweenInclusive(campaign.startDate, end) / 7));

  const figures: DocumentRun[] = [
    { text: `Sau ${formatCount(weekCount)} tuần triển khai (từ ${range}), các cấp bộ Đoàn đã nỗ lực triển khai toàn diện các nội dung của Chiến dịch, ` },
    {
      text: 'đạt nhiều kết quả tích cực',
      footnote: `Số liệu tổng hợp từ báo cáo tuần của các đơn vị trên hệ thống Giao Ban, tính đến hết ngày ${formatDate(asOf)}.`,
    },
    { text: '. ' },
    ...join(indicatorSentences(resultsOf(campaign, progress), { precision, ended: asOf >= campaign.endDate })),
    ...untargetedRuns(progress),
  ];

  // Per phase: how many indicators stood met, ahead and behind at its last day.
  const phases: DocumentBlock[] = [];
  for (const phase of campaign.phases.filter((p) => p.startDate <= asOf)) {
    const at = phase.endDate < asOf ? phase.endDate : asOf;
    const p = await getProgress(ctx, { campaign: campaignCode, unit: root.code }, { asOf: at, precision, includeChildren: false, programme: form.programme });
    const count = (s: ScheduleStatus) => p.unit.indicators.filter((i) => i.status === s).length;
    // The statuses' own words: from the campaign's last day on, 'not_met' (chưa đạt) stands where 'behind' would.
    const parts = (['achieved', 'ahead', 'behind', 'not_met'] as const)
      .map((s) => [count(s), SCHEDULE_STATUS_LABELS[s].vi] as const).filter(([c]) => Number(c) > 0).map(([c, label]) => `${formatCount(Number(c))} chỉ tiêu ${label}`);
    phases.push({ kind: 'bullet', runs: [{ text: `${phase.name} (từ ${shortRange(phase.startDate, phase.endDate)}): `, bold: true }, { text: `tính đến ngày ${formatDate(at)}, có ${parts.join(', ')}.` }] });
  }

  // Timeliness over every week whose deadline has passed, of the units that report to this one
  // (its direct children: the centre counts the provinces' reports, not their districts', which
  // go to the province).
  const now = ctx.now();
  const childUnits = await unitsRepository.listByParent(ctx.db, root.id);
  const children = new Map(childUnits.map((u) => [u.id, u]));
  const totals = { expected: 0, onTime: 0, late: 0, missing: 0 };
  const lateWeeks = new Map<number, number>();
  for (const week of weeks.filter((w) => Date.parse(`${w.start}T00:00:00+07:00`) <= now.getTime())) {
    const t = await subtreeWeekTimeliness(ctx.db, campaign, root, week, now, childUnits);
    totals.expected += t.summary.expected - t.summary.pending;
    totals.onTime += t.summary.onTime;
    totals.late += t.summary.late;
    totals.missing += t.summary.missing;
    for (const r of t.rows) {
      if (r.status === 'late' || r.status === 'missing') lateWeeks.set(r.unit.id, (lateWeeks.get(r.unit.id) ?? 0) + 1);
    }
  }
  const reporting: DocumentRun[] = totals.expected === 0
    ? [{ text: 'Chưa có kỳ báo cáo nào đến hạn.' }]
    : [{
        text: `Qua ${formatCount(weeks.length)} kỳ báo cáo tuần, có ${formatNumber(totals.onTime)}/${formatNumber(totals.expected)} lượt báo cáo được gửi đúng hạn, `
          + `đạt tỷ lệ ${formatPercent(totals.onTime / totals.expected, precision)}; ${formatNumber(totals.late)} lượt gửi chậm, ${formatNumber(totals.missing)} lượt không gửi.`,
      }];
  // The short name as the notices write it, unless nothing but a number would be left.
  const named = (u: UnitRow) => { const short = shortUnitName(u.name); return /\p{L}/u.test(short) ? short : u.name; };
  const byName = new Intl.Collator('vi');
  const often = [...lateWeeks.entries()]
    .map(([id, n]) => ({ unit: children.get(id)!, n }))
    .sort((a, b) => b.n - a.n || ((form.lateOrder ?? 'code') === 'name'
      ? byName.compare(named(a.unit), named(b.unit))
      : a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0))
    .slice(0, 10);
  if (often.length > 0) {
    reporting.push({ text: ` Các đơn vị nhiều lần gửi báo cáo chậm hoặc không gửi: ${often.map((o) => `${named(o.unit)} (${formatCount(o.n)} tuần)`).join(', ')}.` });
  }

  const defaults = await headerOf(ctx, campaign, root);
  const common = commonParts(form, defaults, ctx);
  const heading = headingCounter();
  const body: DocumentBlock[] = [
    ...blocksOf(form.introduction),
    heading('Kết quả thực hiện các chỉ tiêu của Chiến dịch'),
    { kind: 'paragraph', runs: figures },
    ...(phases.length > 0 ? [heading('Kết quả theo từng đợt'), ...phases] : []),
    ...(await activityBlocks(ctx, { campaign: campaignCode, unit: root.code }, asOf, heading, form.programme)),
    heading('Công tác thông tin, báo cáo'),
    { kind: 'paragraph', runs: reporting },
    ...staffSections(form, heading, 'Tồn tại, hạn chế'),
  ];
  return {
    ...reportFrame(common),
    title: form.title ?? `Tổng kết ${ofProgramme(progress)}${campaign.name}`,
    body,
    annexes: [annexOf(progress, [
      `Kết quả thực hiện các chỉ tiêu của các đơn vị, tính đến hết ngày ${formatDate(asOf)}`,
      attachedTo(common.number, common.date),
    ].join('\n'), precision)],
  };
}

const PROGRESS = 'progress';
const FINAL = 'final';

/** A unit's progress report is keyed by unit and week: the draft table has no unit column. */
const progressRef = (unitCode: string, period: string) => `${unitCode}:${period}`;

async function progressScope(ctx: ServiceContext, campaignCode: string, unitCode: string, period: string) {
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const unit = await requireUnit(ctx.db, unitCode);
  await ancestorsBelowRoot(ctx.db, unit.id, campaign.rootUnitId);
  const week = campaignWeekOf(campaign, period);
  const number = campaignWeeks(campaign.startDate, campaign.endDate).findIndex((w) => w.week === period) + 1;
  const subject: DocumentSubject = {
    unit: { code: unit.code, name: unit.name },
    week: { week: period, number, start: formatDate(week.start), end: formatDate(week.end) },
  };
  return { campaign, subject };
}

async function finalScope(ctx: ServiceContext, campaignCode: string, rootUnitCode: string) {
  const campaign = await requireCampaign(ctx.db, campaignCode);
  if (campaign.rootUnitCode !== rootUnitCode) {
    throw new DomainError('forbidden', 'Báo cáo tổng kết của chiến dịch do đơn vị chủ trì chiến dịch soạn.', {
      messageEn: "The campaign's final report is drafted by its root unit.",
    });
  }
  return campaign;
}

function viewOf(
  row: { form: unknown; version: number; updatedAt: Date | string } | null | undefined, document: OfficialDocument, form: ReportForm,
  subject?: DocumentSubject,
): ReportDraftView {
  return {
    form, version: row?.version ?? 0, updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
    document, text: documentText(document, { marks: true }), ...(subject ? { subject } : {}),
  };
}

const conflict = () => new DomainError('conflict', 'Bản thảo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.', {
  messageEn: 'The draft was changed by someone else. Reload it before saving.',
});

/** The saved form of a unit's weekly report and the report drafted from it with today's data. */
export async function getProgressReportDraft(ctx: ServiceContext, ref: ReportRef): Promise<ReportDraftView> {
  const { campaign: campaignCode, unit: unitCode, period } = ref;
  const { campaign, subject } = await progressScope(ctx, campaignCode, unitCode, period);
  const row = await documentsRepository.get(ctx.db, campaign.id, PROGRESS, progressRef(unitCode, period));
  const form = (row?.form ?? {}) as ReportForm;
  return viewOf(row, await draftProgressReport(ctx, { campaign: campaignCode, unit: unitCode, period }, form), form, subject);
}

/** Saves the form of a unit's weekly report (versioned: a stale save is refused). */
export async function saveProgressReportDraft(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, form: ReportForm, version?: number,
): Promise<ReportDraftView> {
  const { campaign: campaignCode, unit: unitCode, period } = ref;
  const { campaign } = await progressScope(ctx, campaignCode, unitCode, period);
  const clean = checkNoticeForm(form);
  const saved = await documentsRepository.save(ctx.db, campaign.id, PROGRESS, progressRef(unitCode, period), clean, actor?.userId ?? null, version);
  if (!saved) throw conflict();
  return getProgressReportDraft(ctx, { campaign: campaignCode, unit: unitCode, period });
}

/** The saved form of the campaign's final report and the report drafted from it with today's data. */
export async function getFinalReportDraft(ctx: ServiceContext, ref: UnitRef): Promise<ReportDraftView> {
  const { campaign: campaignCode, unit: rootUnitCode } = ref;
  const campaign = await finalScope(ctx, campaignCode, rootUnitCode);
  const row = await documentsRepository.get(ctx.db, campaign.id, FINAL, '');
  const form = (row?.form ?? {}) as ReportForm;
  return viewOf(row, await draftFinalReport(ctx, { campaign: campaignCode }, form), form);
}

/** Saves the form of the campaign's final report (versioned: a stale save is refused). */
export async function saveFinalReportDraft(
  ctx: ServiceContext, ref: UnitRef, actor: Actor | null, form: ReportForm, version?: number,
): Promise<ReportDraftView> {
  const { campaign: campaignCode, unit: rootUnitCode } = ref;
  const campaign = await finalScope(ctx, campaignCode, rootUnitCode);
  const clean = checkNoticeForm(form);
  const saved = await documentsRepository.save(ctx.db, campaign.id, FINAL, '', clean, actor?.userId ?? null, version);
  if (!saved) throw conflict();
  return getFinalReportDraft(ctx, { campaign: campaignCode, unit: rootUnitCode });
}

/**
 * The figures behind a unit's weekly report, for its annex as a spreadsheet: at the
 * precision of the report's saved form (else the campaign's), so that the spreadsheet
 * writes its percentages as the report does.
 */
export async function progressReportFigures(ctx: ServiceContext, ref: ReportRef): Promise<ProgressView> {
  const { campaign: campaignCode, unit: unitCode, period } = ref;
  const { campaign } = await progressScope(ctx, campaignCode, unitCode, period);
  const week = campaignWeekOf(campaign, period);
  const row = await documentsRepository.get(ctx.db, campaign.id, PROGRESS, progressRef(unitCode, period));
  const precision = (row?.form as ReportForm | undefined)?.precision ?? campaign.precision;
  return getProgress(ctx, { campaign: campaignCode, unit: unitCode }, { asOf: week.end, precision, includeChildren: true });
}
