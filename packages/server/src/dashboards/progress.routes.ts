import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { progressOf } from './regroup.service.ts';
import { presentProgress } from './progress.presenter.ts';
import type { ServiceContext } from '../infra/index.ts';
import { readContextOf, asOfQuery, campaignCodeParam, resolveAsOf, unitCodeParam, unitRefOf } from '../http/index.ts';
import { progressWorkbook } from './progress-workbook.ts';
import { progressResponse } from './progress.schemas.ts';
import { groupQuery } from '../planning/index.ts';

/** "YYYY-MM-DD": the rows regrouped under that date's structure (absent: the campaign's own). */
const regroupQuery = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày nhóm lại viết theo dạng YYYY-MM-DD.').optional();

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
        regroupAsOf: regroupQuery,
        /** Only the indicators of this programme of the campaign (issue 20). */
        programme: z.string().max(64).optional(),
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
      programme: q.programme || undefined,
    };
    const key = `${request.params.campaignCode}|${request.params.unitCode}|${options.asOf}|${options.precision}|${options.language}|${options.includeChildren}|${options.group ?? ''}|${q.regroupAsOf ?? ''}|${options.programme ?? ''}`;
    const body = await ctx.progressCache.answer(key, async () => {
      const { view, structureChangedOn } = await progressOf(await readContextOf(ctx, request), unitRefOf(request.params), options, q.regroupAsOf);
      // Serialised as the response schema would (same checks, same output), once.
      return { campaignId: view.campaign.id, unitId: view.unit.unit.id, body: JSON.stringify(progressResponse.parse(presentProgress(view, options.language, structureChangedOn))) };
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
      querystring: z.object({ asOf: asOfQuery, group: groupQuery, regroupAsOf: regroupQuery }),
    },
  }, async (request, reply) => {
    const { view, regrouped: regroupedView } = await progressOf(await readContextOf(ctx, request), unitRefOf(request.params), {
      asOf: resolveAsOf(request.query.asOf, ctx.now()), includeChildren: true, group: request.query.group || undefined,
    }, request.query.regroupAsOf);
    const regrouped = regroupedView
      ? { asOf: regroupedView.regroupAsOf, membersOf: new Map(regroupedView.children.map((c) => [c.unit.code, c.members.map((m) => `${m.name} (${m.code})`)])) }
      : undefined;
    const suffix = (view.group ? `-${view.group.code}` : '') + (regrouped ? `-theo-don-vi-${regrouped.asOf}` : '');
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="tien-do-${request.params.campaignCode}-${request.params.unitCode}-${view.asOf}${suffix}.xlsx"`)
      .send(await progressWorkbook(view, regrouped));
  });
}
