import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getProgress } from './progress.service.ts';
import { presentProgress } from './progress.presenter.ts';
import type { ServiceContext } from '../infra/index.ts';
import { readContextOf, asOfQuery, campaignCodeParam, resolveAsOf, unitCodeParam, unitRefOf } from '../http/index.ts';
import { progressWorkbook } from './progress-workbook.ts';
import { progressResponse } from './progress.schemas.ts';
import { groupQuery } from '../planning/index.ts';

export async function progressRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/progress', {
    config: { access: { permission: 'read', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['progress'],
      summary: 'Tiến độ của đơn vị và từng đơn vị trực thuộc tính đến một ngày',
      params: z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam }),
      querystring: z.object({
        asOf: asOfQuery,
        /** Absent: the campaign's precision. */
        precision: z.coerce.number().int().min(0).max(4).optional(),
        lang: z.enum(['vi', 'en']).optional(),
        children: z.enum(['true', 'false']).default('true'),
        group: groupQuery,
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
      group: q.group === '' ? undefined : q.group,
    };
    const key = `${request.params.campaignCode}|${request.params.unitCode}|${options.asOf}|${options.precision}|${options.language}|${options.includeChildren}|${options.group ?? ''}`;
    const body = await ctx.progressCache.answer(key, async () => {
      const view = await getProgress(await readContextOf(ctx, request), unitRefOf(request.params), options);
      // Serialised as the response schema would (same checks, same output), once.
      return { campaignId: view.campaign.id, unitId: view.unit.unit.id, body: JSON.stringify(progressResponse.parse(presentProgress(view, options.language))) };
    });
    // A string with a JSON content type is sent as it is (no second serialisation).
    return reply.type('application/json; charset=utf-8').send(body as never);
  });

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/progress.xlsx', {
    config: { access: { permission: 'read', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['progress'],
      summary: 'Bảng tiến độ của đơn vị và các đơn vị trực thuộc dưới dạng tệp Excel (.xlsx)',
      params: z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam }),
      querystring: z.object({ asOf: asOfQuery, group: groupQuery }),
    },
  }, async (request, reply) => {
    const view = await getProgress(await readContextOf(ctx, request), unitRefOf(request.params), {
      asOf: resolveAsOf(request.query.asOf, ctx.now()), includeChildren: true, group: request.query.group || undefined,
    },
    );
    const suffix = view.group ? `-${view.group.code}` : '';
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="tien-do-${request.params.campaignCode}-${request.params.unitCode}-${view.asOf}${suffix}.xlsx"`)
      .send(await progressWorkbook(view));
  });
}
