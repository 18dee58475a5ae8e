/** Timeliness of reports, the managers' data-quality view and the audit search. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { TIMELINESS_LABELS, formatDate, formatNumber } from '@giaoban/core';
import type { CampaignWeek } from '@giaoban/core';
import { searchAudit } from './audit.service.ts';
import type { ServiceContext } from '../infra/index.ts';
import { getQuality } from './quality.service.ts';
import { presentFigureChange } from '../reporting/index.ts';
import { presentGroupFilter, presentUnitGroup } from '../planning/index.ts';
import { readContextOf, languageOf, type Language, presentInstant, presentUnit, unitRefOf } from '../http/index.ts';
import { getTimeliness, type TimelinessView } from './timeliness.service.ts';
import { timelinessWorkbook } from './timeliness-workbook.ts';
import {
  auditQuery, auditResponse, qualityResponse, timelinessQuery, timelinessResponse, workflowParams as params,
} from './monitoring.schemas.ts';

const presentWeek = (w: CampaignWeek) => ({
  week: w.week, start: { iso: w.start, text: formatDate(w.start) }, end: { iso: w.end, text: formatDate(w.end) },
});

export function presentTimeliness(view: TimelinessView, lang: Language) {
  const selected = view.selected;
  return {
    campaign: view.campaign.code,
    unit: presentUnit(view.unit),
    weeks: view.weeks.map((w) => ({ week: presentWeek(w.week), summary: w.summary })),
    selected: selected && {
      week: presentWeek(selected.week),
      summary: selected.summary,
      rows: selected.rows.map((r) => ({
        unit: presentUnit(r.unit),
        isChild: r.unit.parentId === view.unit.id,
        dueAt: presentInstant(r.dueAt),
        submittedAt: r.submittedAt === null ? null : presentInstant(r.submittedAt),
        status: r.status,
        statusLabel: TIMELINESS_LABELS[r.status][lang],
        reportStatus: r.reportStatus ?? ('missing' as const),
        returnReason: r.returnReason,
        flagCount: r.flagCount,
        onBehalf: r.onBehalf,
      })),
    },
    lateUnits: view.lateUnits && { names: [...view.lateUnits.names], sentence: view.lateUnits.sentence },
    group: presentGroupFilter(view.group, lang),
    unitGroups: view.unitGroups.map(presentUnitGroup),
  };
}

export async function monitoringRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const unit = { from: 'params', key: 'unitCode' } as const;

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/timeliness', {
    config: { access: { permission: 'read', unit } },
    schema: {
      tags: ['workflow'], params, querystring: timelinessQuery, response: { 200: timelinessResponse },
      summary: 'Tính kịp thời của báo cáo tuần trong phạm vi đơn vị: đúng hạn, chậm, chưa báo cáo; danh sách đơn vị chậm',
    },
  }, async (request) => presentTimeliness(
    await getTimeliness(await readContextOf(ctx, request), unitRefOf(request.params), request.query), languageOf(request),
  ));

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/timeliness.xlsx', {
    config: { access: { permission: 'read', unit } },
    schema: {
      tags: ['workflow'], params, querystring: timelinessQuery,
      summary: 'Bảng tính kịp thời của báo cáo tuần (đơn vị, hạn nộp, gửi lúc, tình trạng) dưới dạng tệp Excel (.xlsx)',
    },
  }, async (request, reply) => {
    const view = await getTimeliness(await readContextOf(ctx, request), unitRefOf(request.params), request.query);
    const week = `${view.selected?.week.week ?? 'chua-co-tuan'}${view.group ? `-${view.group.code}` : ''}`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="kip-thoi-${request.params.campaignCode}-${request.params.unitCode}-${week}.xlsx"`)
      .send(await timelinessWorkbook(view));
  });

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/quality', {
    config: { access: { permission: 'report.review', unit } },
    schema: {
      tags: ['workflow'], params, querystring: timelinessQuery, response: { 200: qualityResponse },
      summary: 'Chất lượng số liệu: số liệu bất thường kèm giải thích, đơn vị chậm hoặc chưa báo cáo, chỉ tiêu phân bổ chưa khớp',
    },
  }, async (request) => {
    const lang = languageOf(request);
    const view = await getQuality(await readContextOf(ctx, request), unitRefOf(request.params), request.query);
    return {
      timeliness: presentTimeliness(view.timeliness, lang),
      flagged: view.flagged.map((f) => ({
        unit: presentUnit(f.unit), period: f.period, status: f.status, indicator: { code: f.indicatorCode, name: f.indicatorName },
        message: f.flag.message[lang], explanation: f.explanation,
      })),
      allocationGaps: view.allocation.indicators.flatMap((i) => {
        const g = i.gap;
        if (!g || g.state === 'exact') return [];
        return [{
          code: i.indicator.code, name: i.indicator.name, target: g.target, allocated: g.allocated, gap: g.gap, state: g.state,
          text: { target: formatNumber(g.target, 4), allocated: formatNumber(g.allocated, 4), gap: formatNumber(g.gap, 4) },
        }];
      }),
    };
  });

  r.get('/api/v1/audit', {
    config: { access: { permission: 'audit.read' } },
    schema: {
      tags: ['workflow'], querystring: auditQuery, response: { 200: auditResponse },
      summary: 'Tra cứu nhật ký thay đổi theo đơn vị, tài khoản, tuần và ngày (quản trị hệ thống)',
    },
  }, async (request) => {
    const q = request.query;
    const result = await searchAudit(ctx, { ...q, subtree: q.subtree === 'true' });
    const lang = languageOf(request);
    return { entries: result.entries.map((e) => presentFigureChange(e, result.toDateBefore.get(e.id), lang)), next: result.next };
  });
}
