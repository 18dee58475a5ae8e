import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORTING_MODES, VALUE_KINDS } from '@giaoban/core';
import { createIndicator, listIndicators } from '../../services/catalogue.service.ts';
import type { ServiceContext } from '../../services/context.ts';

export async function indicatorsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/indicators', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['indicators'], summary: 'Danh mục chỉ tiêu' },
  }, async () => ({ indicators: await listIndicators(ctx) }));

  r.post('/api/v1/indicators', {
    config: { access: { permission: 'catalogue.write' } },
    schema: {
      tags: ['indicators'],
      summary: 'Thêm chỉ tiêu vào danh mục',
      body: z.object({
        code: z.string().min(1).max(48),
        name: z.string().min(1).max(300),
        unitOfMeasure: z.string().min(1).max(40),
        valueKind: z.enum(VALUE_KINDS),
        reportingMode: z.enum(REPORTING_MODES).default('increment'),
      }),
    },
  }, async (request, reply) => reply.status(201).send({ indicator: await createIndicator(ctx, request.body) }));
}
