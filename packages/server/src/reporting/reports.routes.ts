import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORT_STATE_LABELS, achievement, describeCountRule, formatNumber, formatPercent, receivedAtText } from '@giaoban/core';
import { approveMany, approveReport, returnReport } from './approval.service.ts';
import { childrenReports, markChildrenViewed, type ChildrenReportsView } from './children-review.service.ts';
import { correctReport, getReport, markReportViewed, saveReportDraft, submitReport, submitReportOnly, type ReportView } from './reports.service.ts';
import { type ServiceContext } from '../infra/index.ts';
import { languageOf, type Language, presentDate, presentInstant, presentUnit, reportRefOf } from '../http/index.ts';
import { presentHistoryEntry } from './report-history.presenter.ts';
import {
  approveChildrenBody, approveChildrenResponse, childrenReportsResponse, childrenViewedBody, childrenViewedResponse, correctBody, reportBody as body, reportParams as params, reportResponse, reviewBody,
} from './reports.schemas.ts';

/** Timestamps leave the database as its own text ("2023-07-03 23:53:00+00"); clients get ISO. */
const isoOrNull = (t: string | null | undefined) => (t ? new Date(t).toISOString() : null);

export function presentReport(view: ReportView, lang: Language) {
  const r = view.report;
  const text = (n: number | null | undefined) => (n === null || n === undefined ? null : formatNumber(n, 4));
  const nameOf = new Map(view.campaign.indicators.map((i) => [i.code, i.name]));
  const status = r?.status ?? ('missing' as const);
  return {
    campaign: view.campaign.code,
    unit: presentUnit(view.unit),
    period: view.period,
    periodStart: presentDate(view.periodStart),
    periodEnd: presentDate(view.periodEnd),
    status,
    statusLabel: status === 'missing' ? (lang === 'en' ? 'not submitted' : 'chưa gửi') : REPORT_STATE_LABELS[status][lang],
    actions: [...view.actions],
    dueAt: view.dueAt === null ? null : presentInstant(view.dueAt),
    timeliness: view.timeliness,
    firstSubmittedAt: isoOrNull(r?.firstSubmittedAt),
    reviewedAt: isoOrNull(r?.reviewedAt),
    returnReason: r?.returnReason ?? null,
    correctionReason: r?.correctionReason ?? null,
    viewed: r?.viewedAt != null,
    mayEnterOnBehalf: view.mayEnterOnBehalf,
    // nhập thay: shown as "Nhập thay bởi … · nhận lúc 14:30 ngày 05/07/2023".
    onBehalf: r?.receivedAt ? {
      by: view.onBehalfBy === null ? null : { username: view.onBehalfBy.username, displayName: view.onBehalfBy.displayName },
      reason: r.onBehalfReason ?? '',
      receivedAt: new Date(r.receivedAt).toISOString(),
      receivedAtText: receivedAtText(r.receivedAt)[lang],
    } : null,
    flags: Object.entries(r?.flags ?? {}).map(([code, f]) => ({
      code, name: nameOf.get(code) ?? code, message: f.flag.message[lang], explanation: f.explanation,
    })),
    history: view.history.map((h) => presentHistoryEntry(h, view, lang)),
    consolidated: r?.consolidated ?? false,
    highlights: r?.highlights ?? '',
    difficulties: r?.difficulties ?? '',
    proposals: r?.proposals ?? '',
    version: r?.version ?? 0,
    submittedAt: isoOrNull(r?.submittedAt),
    updatedAt: isoOrNull(r?.updatedAt),
    draft: r?.draft ?? null,
    indicators: view.indicators.map((i) => ({
      code: i.indicator.code,
      name: i.indicator.name,
      unitOfMeasure: i.indicator.unitOfMeasure,
      valueKind: i.indicator.valueKind,
      reportingMode: i.indicator.reportingMode,
      target: i.target,
      lastWeek: i.lastWeek,
      toDateBefore: i.toDateBefore,
      submitted: i.submitted,
      draft: i.draft,
      counted: i.counted ? { value: i.counted.value, text: describeCountRule(i.counted.rule, view.workKinds, lang), valueText: formatNumber(i.counted.value, 4) } : null,
      text: {
        target: text(i.target), lastWeek: text(i.lastWeek), toDateBefore: text(i.toDateBefore),
        submitted: text(i.submitted?.entered), draft: text(i.draft),
      },
    })),
  };
}

/** The children's reports of a week with their figures, as the review list shows them. */
export function presentChildrenReports(view: ChildrenReportsView, lang: Language) {
  const text = (n: number | null) => (n === null ? null : formatNumber(n, 4));
  const nameOf = new Map(view.campaign.indicators.map((i) => [i.code, i.name]));
  // The campaign's one precision setting (1 or 2 decimals), like every other output.
  const precision = view.campaign.precision;
  return {
    unit: presentUnit(view.parent),
    period: view.period,
    children: view.children.map((c) => ({
      unit: presentUnit(c.unit),
      status: c.status,
      statusLabel: REPORT_STATE_LABELS[c.status][lang],
      version: c.report.version,
      viewed: c.report.viewedAt !== null,
      submittedAt: c.report.firstSubmittedAt ? presentInstant(c.report.firstSubmittedAt) : null,
      onBehalf: c.report.receivedAt ? { receivedAtText: receivedAtText(c.report.receivedAt)[lang], reason: c.report.onBehalfReason ?? '' } : null,
      figures: c.figures.map((f) => {
        const ratio = achievement(f.toDate, f.target);
        return {
          code: f.indicator.code, name: f.indicator.name, unitOfMeasure: f.indicator.unitOfMeasure, reportingMode: f.indicator.reportingMode,
          target: f.target, entered: f.entered, toDate: f.toDate,
          text: { target: text(f.target), entered: text(f.entered), toDate: formatNumber(f.toDate, 4), achievement: ratio === null ? null : formatPercent(ratio, precision) },
        };
      }),
      flags: Object.entries(c.flags).map(([code, f]) => ({ code, name: nameOf.get(code) ?? code, message: f.flag.message[lang], explanation: f.explanation })),
    })),
  };
}

/** The answer to "Prefer: return=minimal": nothing. */
const noContent = z.null().describe('Đã gửi; không kèm báo cáo');

const url = '/api/v1/campaigns/:campaignCode/units/:unitCode/reports/:period';
const unitParam = { from: 'params', key: 'unitCode' } as const;
const write = { permission: 'report.write', unit: unitParam } as const;
const reviewAccess = { permission: 'report.review', unit: unitParam } as const;

export async function reportsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ok = { 200: reportResponse };

  r.get(url, {
    config: { access: { permission: 'read', unit: unitParam } },
    schema: {
      tags: ['reports'], params, response: ok,
      summary: 'Báo cáo tuần của một đơn vị: chỉ tiêu, tuần trước, lũy kế, số đã gửi, bản nháp, trạng thái duyệt và lịch sử thay đổi',
    },
  }, async (request) => {
    return presentReport(await getReport(ctx, reportRefOf(request.params), request.actor), languageOf(request));
  });

  r.post(`${url}/viewed`, {
    config: { access: reviewAccess },
    schema: {
      tags: ['reports'], params, response: ok,
      summary: 'Cấp trên trực tiếp đã mở xem báo cáo đã gửi (cần trước khi duyệt); đọc báo cáo không thay đổi gì',
    },
  }, async (request) => {
    return presentReport(await markReportViewed(ctx, reportRefOf(request.params), request.actor), languageOf(request));
  });

  r.get(`${url}/children`, {
    config: { access: reviewAccess },
    schema: {
      tags: ['reports'], params, response: { 200: childrenReportsResponse },
      summary: 'Báo cáo tuần của các đơn vị trực thuộc kèm số liệu (tuần này, lũy kế, chỉ tiêu, cảnh báo), để xem và duyệt ngay trong danh sách',
    },
  }, async (request) => presentChildrenReports(await childrenReports(ctx, reportRefOf(request.params)), languageOf(request)));

  r.post(`${url}/children/viewed`, {
    config: { access: reviewAccess },
    schema: {
      tags: ['reports'], params, body: childrenViewedBody, response: { 200: childrenViewedResponse },
      summary: 'Danh sách đã hiển thị số liệu các báo cáo này cho cấp trên trực tiếp: mỗi báo cáo chờ duyệt được ghi là đã xem ở đúng phiên bản đã hiển thị',
    },
  }, async (request) => ({ viewed: await markChildrenViewed(ctx, reportRefOf(request.params), request.actor, request.body.reports) }));

  r.put(url, {
    config: { access: write },
    schema: { tags: ['reports'], summary: 'Lưu nháp báo cáo (không làm thay đổi số liệu tổng hợp)', params, body, response: ok },
  }, async (request) => presentReport(await saveReportDraft(
    ctx, reportRefOf(request.params), request.actor, request.body,
  ), languageOf(request)));

  r.post(`${url}/submit`, {
    config: { access: write },
    schema: {
      tags: ['reports'], params, body, response: { ...ok, 204: noContent },
      summary: 'Gửi báo cáo: số liệu được cộng vào tổng hợp ngay và chờ cấp trên duyệt. Với "Prefer: return=minimal" (RFC 7240) trả 204, không kèm báo cáo',
    },
  }, async (request, reply) => {
    const actor = request.actor;
    // A client sending many reports (a unit's tool, the benchmark) needs only the outcome.
    if (/\breturn=minimal\b/.test(String(request.headers.prefer ?? ''))) {
      const row = await submitReportOnly(ctx, reportRefOf(request.params), actor, request.body);
      return reply.code(204).header('preference-applied', 'return=minimal').header('etag', `"${row.version}"`).send(null);
    }
    return presentReport(await submitReport(ctx, reportRefOf(request.params), actor, request.body), languageOf(request));
  });

  r.post(`${url}/correct`, {
    config: { access: write },
    schema: { tags: ['reports'], summary: 'Đính chính báo cáo đã duyệt (cần lý do): số liệu mới được tính ngay, báo cáo chờ duyệt lại', params, body: correctBody, response: ok },
  }, async (request) => presentReport(await correctReport(
    ctx, reportRefOf(request.params), request.actor, request.body,
  ), languageOf(request)));

  r.post(`${url}/approve`, {
    config: { access: reviewAccess },
    schema: { tags: ['reports'], summary: 'Cấp trên trực tiếp duyệt báo cáo đã mở xem; báo cáo được khóa', params, body: reviewBody, response: ok },
  }, async (request) => presentReport(await approveReport(
    ctx, reportRefOf(request.params), request.actor, request.body,
  ), languageOf(request)));

  r.post(`${url}/return`, {
    config: { access: reviewAccess },
    schema: { tags: ['reports'], summary: 'Cấp trên trực tiếp trả lại báo cáo kèm lý do để đơn vị sửa và gửi lại', params, body: reviewBody, response: ok },
  }, async (request) => presentReport(await returnReport(
    ctx, reportRefOf(request.params), request.actor, request.body,
  ), languageOf(request)));

  r.post(`${url}/approve-children`, {
    config: { access: reviewAccess },
    schema: {
      tags: ['reports'], params, body: approveChildrenBody, response: { 200: approveChildrenResponse },
      summary: 'Duyệt cùng lúc báo cáo tuần của nhiều đơn vị trực thuộc; trả lời từng đơn vị không duyệt được và lý do',
    },
  }, async (request) => {
    const result = await approveMany(
      ctx, reportRefOf(request.params), request.actor, request.body.units,
    );
    const lang = languageOf(request);
    return {
      approved: [...result.approved],
      refused: result.refused.map((f) => ({ unitCode: f.unitCode, state: f.state, message: lang === 'en' ? f.messageEn : f.message })),
    };
  });
}
