import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError, onBehalfRefusal } from '@giaoban/core';
import { permissionsOf } from '../accounts/index.ts';
import { deny, languageOf } from '../http/index.ts';
import { type ServiceContext, requireCampaign } from '../infra/index.ts';
import { entryTemplate, type ImportLimits } from './workbook-import.service.ts';
import { RETRY_AFTER_SECONDS, jobMessage, type ImportJob, type ImportJobs, type ImportSlot } from './import-jobs.ts';
import {
  importJobParams, importJobResponse, importParams, importQuery, templateParams, templateQuery,
} from './imports.schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function presentJob(job: ImportJob, lang: 'vi' | 'en') {
  const message = jobMessage(job);
  return {
    id: job.id, campaign: job.campaign, mode: job.mode, fileName: job.fileName, state: job.state, stage: job.stage,
    processed: job.processed, total: job.total, rows: job.rows, startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null, message: message ? message[lang] : null, errorCount: job.problemCount,
    errors: job.problems.map((p) => ({ sheet: p.sheet, row: p.row, column: p.column, message: lang === 'en' ? p.messageEn : p.message })),
    units: job.units.map((u) => ({ ...u })),
  };
}

/** The file name a browser sends in x-file-name (URI-encoded), kept short and printable. */
function fileNameOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header === '') return null;
  let name = header;
  try { name = decodeURIComponent(header); } catch { /* keep it as sent */ }
  return name.replace(/[\u0000-\u001f]/g, '').slice(0, 200) || null;
}

export async function importsRoutes(app: FastifyInstance, { ctx, jobs, limits }: { ctx: ServiceContext; jobs: ImportJobs; limits: ImportLimits }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // The place an upload holds among the imports running, from its first byte on.
  const slots = new WeakMap<FastifyRequest, ImportSlot>();
  const releaseSlot = async (request: FastifyRequest) => { slots.get(request)?.release(); };
  /**
   * Before the body is read (up to the size limit, in memory): the account may write reports
   * and a place is free among the imports running; otherwise 403 or 429 and no byte is kept.
   */
  const takeSlot = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = request.auth?.user;
    if (!user) return;
    if (!permissionsOf(user.role).includes('report.write')) throw deny('forbidden');
    try {
      slots.set(request, jobs.reserve(user.id));
    } catch (error) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw error;
    }
  };
  // The upload is the workbook's bytes as they are (no multipart wrapping).
  app.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: limits.maxBytes }, (_request, body, done) => done(null, body));

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/entry-template.xlsx', {
    config: { access: { permission: 'report.write', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['imports'],
      summary: 'Tệp Excel mẫu để nhập số liệu một tuần của đơn vị (và các đơn vị trực thuộc)',
      params: templateParams,
      querystring: templateQuery,
    },
  }, async (request, reply) => {
    const { campaignCode, unitCode } = request.params;
    const actor = request.actor;
    const { file, fileName } = await entryTemplate(ctx, { campaign: campaignCode, unit: unitCode, period: request.query.period }, actor, request.query.children === 'true');
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${fileName}"`).send(file);
  });

  r.post('/api/v1/campaigns/:campaignCode/imports', {
    // The units are named inside the file: each row is checked against the user's rights.
    config: { access: { permission: 'signed-in' } },
    bodyLimit: limits.maxBytes,
    preParsing: async (request, reply, payload) => {
      await takeSlot(request, reply);
      return payload;
    },
    // Whatever ended the request (refused, answered, the client gone), a place not taken by an import is given back.
    onResponse: releaseSlot,
    onRequestAbort: releaseSlot,
    schema: {
      tags: ['imports'],
      summary: 'Tải lên tệp Excel số liệu; trả về ngay một lượt nhập để theo dõi tiến độ',
      params: importParams,
      querystring: importQuery,
      response: { 202: importJobResponse },
      description: 'At most GIAOBAN_IMPORT_MAX_RUNNING imports run at once in a server process and GIAOBAN_IMPORT_MAX_RUNNING_PER_ACCOUNT for one account; '
        + 'past either the upload is refused with 429 (rate_limited, Retry-After) before its bytes are read. Nothing is queued.',
    },
  }, async (request, reply) => {
    const user = request.auth!.user;
    if (!permissionsOf(user.role).includes('report.write')) throw deny('forbidden');
    await requireCampaign(ctx.db, request.params.campaignCode);
    const { onBehalfReason, onBehalfReceivedAt } = request.query;
    const onBehalf = onBehalfReason !== undefined || onBehalfReceivedAt !== undefined ? { reason: onBehalfReason, receivedAt: onBehalfReceivedAt } : undefined;
    // Only a manager enters reports on behalf of the units below it (each report is checked again by core).
    const refusal = onBehalf && onBehalfRefusal(request.actor, { id: -1 }, [request.actor.unitId]);
    if (refusal) throw refusal;
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const job = jobs.start(request.actor, request.params.campaignCode, body, {
      mode: request.query.mode, fileName: fileNameOf(request.headers['x-file-name']), slot: slots.get(request), onBehalf,
    });
    return reply.status(202).send({ job: presentJob(job, languageOf(request)) });
  });

  r.get('/api/v1/imports/:id', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['imports'], summary: 'Tiến độ và kết quả của một lượt nhập', params: importJobParams, response: { 200: importJobResponse } },
  }, async (request) => {
    const job = jobs.get(request.params.id, request.auth!.user.id);
    if (!job) throw new NotFoundError('lượt nhập', request.params.id, 'import');
    return { job: presentJob(job, languageOf(request)) };
  });
}
