import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatNumber } from '@giaoban/core';
import { getReport, saveReportDraft, submitReport, type ReportView } from '../../services/reports.service.ts';
import type { ServiceContext } from '../../services/context.ts';
import { presentDate, presentUnit } from '../common.ts';
import { reportBody as body, reportParams as params, reportResponse } from './reports.schemas.ts';

export function presentReport(view: ReportView) {
  const r = view.report;
  const text = (n: number | null | undefined) => (n === null || n === undefined ? null : formatNumber(n, 4));
  return {
    campaign: view.campaign.code,
    unit: presentUnit(view.unit),
    period: view.period,
    periodStart: presentDate(view.periodStart),
    periodEnd: presentDate(view.periodEnd),
    status: r?.status ?? ('missing' as const),
    consolidated: r?.consolidated ?? false,
    highlights: r?.highlights ?? '',
    difficulties: r?.difficulties ?? '',
    proposals: r?.proposals ?? '',
    version: r?.version ?? 0,
    submittedAt: r?.submittedAt ?? null,
    updatedAt: r?.updatedAt ?? null,
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
      text: {
        target: text(i.target), lastWeek: text(i.lastWeek), toDateBefore: text(i.toDateBefore),
        submitted: text(i.submitted?.entered), draft: text(i.draft),
      },
    })),
  };
}

const url = '/api/v1/campaigns/:campaignCode/units/:unitCode/reports/:period';
const write = { permission: 'report.write', unit: { from: 'params', key: 'unitCode' } } as const;

export async function reportsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(url, {
    config: { access: { permission: 'read', unit: { from: 'params', key: 'unitCode' } } },
    schema: { tags: ['reports'], summary: 'Báo cáo tuần của một đơn vị: chỉ tiêu, tuần trước, lũy kế, số đã gửi và bản nháp', params, response: { 200: reportResponse } },
  }, async (request) => presentReport(await getReport(ctx, request.params.campaignCode, request.params.unitCode, request.params.period)));

  r.put(url, {
    config: { access: write },
    schema: { tags: ['reports'], summary: 'Lưu nháp báo cáo (không làm thay đổi số liệu tổng hợp)', params, body, response: { 200: reportResponse } },
  }, async (request) => presentReport(await saveReportDraft(
    ctx, { userId: request.auth!.user.id }, request.params.campaignCode, request.params.unitCode, request.params.period, request.body,
  )));

  r.post(`${url}/submit`, {
    config: { access: write },
    schema: { tags: ['reports'], summary: 'Gửi báo cáo: số liệu được cộng vào tổng hợp ngay', params, body, response: { 200: reportResponse } },
  }, async (request) => presentReport(await submitReport(
    ctx, { userId: request.auth!.user.id }, request.params.campaignCode, request.params.unitCode, request.params.period, request.body,
  )));
}
