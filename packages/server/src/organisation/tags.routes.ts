import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServiceContext } from '../infra/index.ts';
import { listUnitGroups } from '../planning/index.ts';
import { createUnitTag } from './tags.service.ts';
import { createUnitTagBody, unitTagListResponse, unitTagResponse } from './tags.schemas.ts';

export async function unitTagsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/unit-tags', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['units'], summary: 'Danh sách nhóm đơn vị (khu vực đô thị, hành chính sự nghiệp, …)', response: { 200: unitTagListResponse } },
  }, async () => ({ tags: [...await listUnitGroups(ctx.db)] }));

  r.post('/api/v1/unit-tags', {
    config: { access: { permission: 'tags.write' } },
    schema: { tags: ['units'], summary: 'Thêm một nhóm đơn vị (Trung ương Đoàn)', body: createUnitTagBody, response: { 201: unitTagResponse } },
  }, async (request, reply) => reply.status(201).send({ tag: await createUnitTag(ctx, request.actor, request.body) }));
}
