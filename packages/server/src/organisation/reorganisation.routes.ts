import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describePlan, formatDate, type Reorganisation, type ReorganisationPlan } from '@giaoban/core';
import type { ServiceContext } from '../infra/index.ts';
import { unitCodeParam } from '../http/index.ts';
import { applyReorganisation, listReorganisations, previewReorganisation } from './reorganisation.service.ts';
import { reorganisationAppliedResponse, reorganisationBody, reorganisationListResponse, reorganisationPreviewResponse } from './reorganisation.schemas.ts';

const params = z.object({ unitCode: unitCodeParam });
const readScope = { permission: 'read', unit: { from: 'params', key: 'unitCode' } } as const;
const manageScope = { permission: 'units.manage', unit: { from: 'params', key: 'unitCode' } } as const;

const day = (iso: string) => ({ iso, text: formatDate(iso) });

/** What leaves the server of a plan: its effects by code, and in words. */
export function presentPlan(plan: ReorganisationPlan) {
  return {
    date: day(plan.date),
    closeOn: day(plan.closeOn),
    open: plan.open.map((o) => ({ code: o.code, name: o.name, level: o.level, parentCode: o.parentCode })),
    close: [...plan.close],
    rekeys: plan.rekeys.map((r) => ({ ...r })),
    versions: plan.versions.map((v) => ({ code: v.code, retiredAs: v.retiredAs, parentCode: v.parentCode })),
    renames: plan.renames.map((r) => ({ code: r.code, from: r.from, to: r.to })),
    successions: plan.successions.map((s) => ({ ...s })),
    accounts: plan.accounts.map((a) => (a.action === 'move' ? { unit: a.unit, action: a.action, to: a.to } : { unit: a.unit, action: a.action })),
    summary: [...describePlan(plan)],
  };
}

export async function reorganisationRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/units/:unitCode/reorganisations', {
    config: { access: readScope },
    schema: { tags: ['units'], summary: 'Các đợt sắp xếp tổ chức trong phạm vi của đơn vị', params, response: { 200: reorganisationListResponse } },
  }, async (request) => ({ reorganisations: (await listReorganisations(ctx, request.params.unitCode)).map((x) => ({ ...x, date: day(x.date), accountsDueOn: x.accountsDueOn === null ? null : day(x.accountsDueOn) })) }));

  r.post('/api/v1/units/:unitCode/reorganisations/preview', {
    config: { access: manageScope },
    schema: {
      tags: ['units'], summary: 'Xem trước một đợt sắp xếp tổ chức (hợp nhất, chia tách, đổi tên, điều chuyển, bỏ cấp) mà không ghi gì',
      params, body: reorganisationBody, response: { 200: reorganisationPreviewResponse },
    },
  }, async (request) => ({ plan: presentPlan(await previewReorganisation(ctx, request.params.unitCode, request.body as Reorganisation)) }));

  r.post('/api/v1/units/:unitCode/reorganisations', {
    config: { access: manageScope },
    schema: {
      tags: ['units'], summary: 'Thực hiện một đợt sắp xếp tổ chức có ngày hiệu lực; quá khứ giữ nguyên',
      params, body: reorganisationBody, response: { 201: reorganisationAppliedResponse },
    },
  }, async (request, reply) => {
    const result = await applyReorganisation(ctx, request.actor, request.params.unitCode, request.body as Reorganisation);
    return reply.code(201).send({ ...result, id: result.id!, plan: presentPlan(result.plan), accountsDueOn: result.accountsDueOn === null ? null : day(result.accountsDueOn) });
  });
}
