import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createIndicator, listIndicators } from './catalogue.service.ts';
import type { ServiceContext } from '../infra/index.ts';
import { createIndicatorBody, indicatorListResponse, indicatorResponse } from './indicators.schemas.ts';

export async function indicatorsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/indicators', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['indicators'], summary: 'Danh mục chỉ tiêu', response: { 200: indicatorListResponse } },
  }, async () => ({ indicators: await listIndicators(ctx) }));

  r.post('/api/v1/indicators', {
    config: { access: { permission: 'catalogue.write' } },
    schema: {
      tags: ['indicators'],
      summary: 'Thêm chỉ tiêu vào danh mục',
      body: createIndicatorBody,
      response: { 201: indicatorResponse },
    },
  }, async (request, reply) => reply.status(201).send({ indicator: await createIndicator(ctx, request.body) }));
}
