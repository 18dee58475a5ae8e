import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDate, formatPercent } from '@giaoban/core';
import { getProgress, type ProgressView, type UnitProgress } from './progress.service.ts';
import { type ServiceContext, type ProgressCache, hasReplica } from '../infra/index.ts';
import { readContextOf, asOfQuery, campaignCodeParam, presentDate, presentUnit, resolveAsOf, unitCodeParam } from '../http/index.ts';
import { progressWorkbook } from './progress-workbook.ts';
import { progressResponse } from './progress.schemas.ts';

function presentUnitProgress(p: UnitProgress) {
  return {
    unit: presentUnit(p.unit),
    reportStatus: p.reportStatus,
    hasChildren: p.hasChildren,
    indicators: p.indicators.map((i) => ({
      code: i.indicator.code,
      name: i.indicator.name,
      unitOfMeasure: i.indicator.unitOfMeasure,
      target: i.target,
      thisWeek: i.thisWeek,
      toDate: i.toDate,
      achievement: i.achievement,
      status: i.status,
      text: i.text,
    })),
  };
}

export function presentProgress(view: ProgressView) {
  return {
    campaign: { code: view.campaign.code, name: view.campaign.name, startDate: presentDate(view.campaign.startDate), endDate: presentDate(view.campaign.endDate) },
    asOf: presentDate(view.asOf),
    week: view.week && { week: view.week.week, start: formatDate(view.week.start), end: formatDate(view.week.end), partial: view.week.partial },
    elapsedShare: view.elapsedShare,
    elapsedShareText: formatPercent(view.elapsedShare, view.precision),
    precision: view.precision,
    unit: presentUnitProgress(view.unit),
    children: view.children.map(presentUnitProgress),
    trend: {
      weeks: view.trend.weeks.map((w) => ({ week: w.week, start: formatDate(w.start), end: formatDate(w.end) })),
      indicators: view.trend.indicators.map((t) => ({ code: t.indicator.code, thisWeek: t.thisWeek, toDate: t.toDate })),
    },
  };
}

export async function progressRoutes(app: FastifyInstance, { ctx, cache }: { ctx: ServiceContext; cache: ProgressCache }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/progress', {
    config: { access: { permission: 'read', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['progress'],
      summary: 'Tiến độ của đơn vị và từng đơn vị trực thuộc tính đến một ngày',
      params: z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam }),
      querystring: z.object({
        asOf: asOfQuery,
        precision: z.coerce.number().int().min(0).max(4).default(2),
        lang: z.enum(['vi', 'en']).optional(),
        children: z.enum(['true', 'false']).default('true'),
      }),
      response: { 200: progressResponse },
    },
  }, async (request, reply) => {
    const q = request.query;
    const options = {
      asOf: resolveAsOf(q.asOf, ctx.now()),
      precision: q.precision,
      language: q.lang ?? request.auth!.user.language,
      includeChildren: q.children === 'true',
    };
    // With a read replica the reads already leave the primary, and a reader may be behind
    // its own write: no ready answers then.
    const cacheable = !hasReplica(ctx);
    const key = `${request.params.campaignCode}|${request.params.unitCode}|${options.asOf}|${options.precision}|${options.language}|${options.includeChildren}`;
    const ready = cacheable ? cache.get(key) : undefined;
    // A string with a JSON content type is sent as it is (no second serialisation).
    if (ready !== undefined) return reply.type('application/json; charset=utf-8').send(ready as never);
    const generation = cache.generation;
    const view = await getProgress(await readContextOf(ctx, request), request.params.campaignCode, request.params.unitCode, options);
    // Serialised as the response schema would (same checks, same output), once.
    const body = JSON.stringify(progressResponse.parse(presentProgress(view)));
    if (cacheable) cache.set(key, generation, { campaignId: view.campaign.id, unitId: view.unit.unit.id, body });
    return reply.type('application/json; charset=utf-8').send(body as never);
  });

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/progress.xlsx', {
    config: { access: { permission: 'read', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['progress'],
      summary: 'Bảng tiến độ của đơn vị và các đơn vị trực thuộc dưới dạng tệp Excel (.xlsx)',
      params: z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam }),
      querystring: z.object({ asOf: asOfQuery }),
    },
  }, async (request, reply) => {
    const view = await getProgress(await readContextOf(ctx, request), request.params.campaignCode, request.params.unitCode, {
      asOf: resolveAsOf(request.query.asOf, ctx.now()), includeChildren: true,
    });
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="tien-do-${request.params.campaignCode}-${request.params.unitCode}-${view.asOf}.xlsx"`)
      .send(await progressWorkbook(view));
  });
}
