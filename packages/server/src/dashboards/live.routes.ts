/**
 * Live dashboards: a page keeps one server-sent-events stream open per unit it shows and
 * refetches its figures on `change`. The process's one LiveHub (one LISTEN) starts with the
 * app and, before the server closes, ends every open stream (an open stream would keep
 * `close` waiting).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ServiceContext, LiveHub, requireCampaign } from '../infra/index.ts';
import { campaignCodeParam, unitCodeParam } from '../http/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's live-update hub (its listener and open streams). */
    live: LiveHub;
  }
}

/** A comment line often enough that proxies and browsers keep an idle stream open. */
const HEARTBEAT_MS = 25_000;
/** How long a browser waits before it reconnects a dropped stream. */
const RETRY_MS = 3_000;

async function registerLiveRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  // Its NOTIFYs also drop the context's ready answers that other processes' changes touch.
  const live = new LiveHub(ctx, { log: app.log });
  await live.start();
  app.decorate('live', live);
  app.addHook('preClose', () => live.stop());

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/events', {
    config: { access: { permission: 'read', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['progress'],
      summary: 'Luồng sự kiện (server-sent events): báo ngay khi số liệu của đơn vị hoặc đơn vị cấp dưới thay đổi',
      description: 'text/event-stream: `event: change` với `{"unit","period","at"}` mỗi khi có báo cáo nộp, sửa, duyệt, trả lại hoặc chỉ tiêu thay đổi trong cây của đơn vị (dồn lại tối đa 4 lần/giây); dòng chú thích giữ kết nối mỗi 25 giây.',
      params: z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam }),
    },
  }, async (request, reply) => {
    const campaign = await requireCampaign(ctx.db, request.params.campaignCode);
    const unit = request.scopedUnit!;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    // A page gone mid-write is the 'close' below, not an error to crash on.
    res.on('error', () => {});
    const write = (text: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(text);
    };
    write(`retry: ${RETRY_MS}\n: live\n\n`);
    const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
    const unsubscribe = live.subscribe(
      { campaignId: campaign.id, unitId: unit.id, unitCode: unit.code },
      (event) => write(`event: change\ndata: ${JSON.stringify(event)}\n\n`),
      () => {
        clearInterval(heartbeat);
        res.end();
      },
    );
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}

/** Registered on the root (fastify-plugin) so `app.live` is there for `main.ts` and the tests. */
export const liveRoutes = fp(registerLiveRoutes, { name: 'giaoban-live' });
