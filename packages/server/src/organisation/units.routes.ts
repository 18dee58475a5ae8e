import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UnitRow } from '@giaoban/db';
import { getUnit, getUnitSubtree, listUnitChildren } from './units.service.ts';
import type { ServiceContext } from '../infra/index.ts';
import { presentUnit, unitCodeParam } from '../http/index.ts';
import { unitChildrenResponse, unitResponse, unitTreeResponse } from './units.schemas.ts';

const params = z.object({ unitCode: unitCodeParam });
const unitScope = { permission: 'read', unit: { from: 'params', key: 'unitCode' } } as const;

export async function unitsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/units/:unitCode', {
    config: { access: unitScope },
    schema: { tags: ['units'], summary: 'Một đơn vị, với đường dẫn lên cấp trên trong phạm vi của người dùng', params, response: { 200: unitResponse } },
  }, async (request) => {
    const { unit, ancestors, childCount } = await getUnit(ctx, request.params.unitCode);
    // The breadcrumb stops at the user's own unit: what lies above is outside their scope.
    const own = ancestors.findIndex((a) => a.id === request.auth!.user.unitId);
    const visible = unit.id === request.auth!.user.unitId ? [] : own === -1 ? [] : ancestors.slice(own);
    return { unit: presentUnit(unit), ancestors: visible.map(presentUnit), childCount };
  });

  r.get('/api/v1/units/:unitCode/children', {
    config: { access: unitScope },
    schema: { tags: ['units'], summary: 'Các đơn vị trực thuộc', params, response: { 200: unitChildrenResponse } },
  }, async (request) => ({ children: (await listUnitChildren(ctx, request.params.unitCode)).map(presentUnit) }));

  r.get('/api/v1/units/:unitCode/tree', {
    config: { access: unitScope },
    schema: { tags: ['units'], summary: 'Cây đơn vị (toàn bộ cấp dưới)', params, response: { 200: unitTreeResponse } },
  }, async (request) => {
    const units = await getUnitSubtree(ctx, request.params.unitCode);
    const codeOf = new Map<number, string>(units.map((u: UnitRow) => [u.id, u.code]));
    return { units: units.map((u) => ({ ...presentUnit(u), parentCode: u.parentId === null ? null : codeOf.get(u.parentId) ?? null })) };
  });
}
