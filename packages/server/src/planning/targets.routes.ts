import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatNumber } from '@giaoban/core';
import { allocateTargets, getAllocation, type AllocationView } from './targets.service.ts';
import { type ServiceContext } from '../infra/index.ts';
import { presentUnit, unitRefOf } from '../http/index.ts';
import { allocationBody, allocationResponse, targetsParams as params } from './targets.schemas.ts';

const GAP_LABELS = {
  under: { vi: 'phân bổ chưa đủ', en: 'under-allocated' },
  exact: { vi: 'phân bổ đủ', en: 'fully allocated' },
  over: { vi: 'phân bổ vượt', en: 'over-allocated' },
} as const;

export function presentAllocation(view: AllocationView, lang: 'vi' | 'en') {
  const text = (n: number | null) => (n === null ? null : formatNumber(n, 4));
  return {
    campaign: view.campaign.code,
    unit: presentUnit(view.unit),
    children: view.children.map(presentUnit),
    indicators: view.indicators.map((i) => ({
      code: i.indicator.code,
      name: i.indicator.name,
      unitOfMeasure: i.indicator.unitOfMeasure,
      target: i.target,
      targetText: text(i.target),
      children: Object.fromEntries(view.children.map((c) => [c.code, i.childTargets.get(c.id) ?? null])),
      gap: i.gap && {
        ...i.gap,
        text: { allocated: formatNumber(i.gap.allocated, 4), gap: formatNumber(i.gap.gap, 4), state: GAP_LABELS[i.gap.state][lang] },
      },
    })),
  };
}

export async function targetsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const url = '/api/v1/campaigns/:campaignCode/units/:unitCode/targets';

  r.get(url, {
    config: { access: { permission: 'read', unit: { from: 'params', key: 'unitCode' } } },
    schema: { tags: ['targets'], summary: 'Chỉ tiêu của đơn vị và phân bổ cho đơn vị trực thuộc, kèm chênh lệch', params, querystring: z.object({ lang: z.enum(['vi', 'en']).optional() }), response: { 200: allocationResponse } },
  }, async (request) => presentAllocation(await getAllocation(ctx, unitRefOf(request.params)), request.query.lang ?? request.auth!.user.language));

  r.put(url, {
    config: { access: { permission: 'targets.write', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['targets'],
      summary: 'Phân bổ chỉ tiêu cho đơn vị trực thuộc (mã đơn vị → mã chỉ tiêu → chỉ tiêu)',
      params,
      querystring: z.object({ lang: z.enum(['vi', 'en']).optional() }),
      body: allocationBody,
      response: { 200: allocationResponse },
    },
  }, async (request) => presentAllocation(
    await allocateTargets(ctx, unitRefOf(request.params), request.actor, request.body),
    request.query.lang ?? request.auth!.user.language,
  ));
}
