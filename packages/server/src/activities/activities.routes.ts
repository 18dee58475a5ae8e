/**
 * The activities routes (issue 20): a campaign's lists (work kinds, programmes, focus areas),
 * the records of a unit's subtree, their creation, correction and withdrawal, and their
 * totals. A record is created for the unit the address names (by its own accounts, or by a
 * manager above it: nhập thay) and corrected there.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isActivityKind, parseDate } from '@giaoban/core';
import type { ServiceContext } from '../infra/index.ts';
import { campaignCodeParam, languageOf, unitRefOf } from '../http/index.ts';
import {
  activityImportQuery, activityImportResponse, activityKindParam, activityListQuery, activityListResponse, activityPhotoParams, activityPhotoQuery, activityQuery, activityRecordParams, activityRecordResponse, activitySetupBody, activitySetupResponse,
  activityTotalsQuery, activityTotalsResponse, correctActivityBody, createActivityBody, withdrawActivityBody, withdrawPhotoBody,
} from './activities.schemas.ts';
import { presentActivity, presentActivitySetup, presentActivityTotals } from './activities.presenter.ts';
import { activitiesTemplate, activitiesWorkbook } from './activities-workbook.ts';
import { importActivities } from './activities-import.ts';
import { type PhotoStore } from './photos.ts';
import {
  addActivityPhoto, correctActivity, createActivity, getActivitySetup, getActivityTotals, listActivities, place, readActivityPhoto, removeActivity, removeActivityPhoto, requireKind, setActivitySetup, type ActivityQuery,
} from './activities.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest sheet of records taken (the units upload's limit). */
const IMPORT_LIMIT = 5 * 1024 * 1024;
const readScope = { permission: 'read', unit: { from: 'params', key: 'unitCode' } } as const;
const writeScope = { permission: 'report.write', unit: { from: 'params', key: 'unitCode' } } as const;

/** The query's dates typed either way (dd/mm/yyyy or ISO). */
function queryOf(q: z.output<typeof activityListQuery>): ActivityQuery {
  return { ...q, from: q.from ? parseDate(q.from, 'from') : undefined, to: q.to ? parseDate(q.to, 'to') : undefined };
}

export async function activitiesRoutes(app: FastifyInstance, { ctx, photos }: { ctx: ServiceContext; photos: PhotoStore }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // A photo is the file's bytes as they are, whatever type the browser claims (its content
  // decides: photos.ts); a file up to twice the limit is read to be refused in words.
  await app.register(async (sub) => {
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: photos.maxBytes * 2 }, (_request, body, done) => done(null, body));
    sub.withTypeProvider<ZodTypeProvider>().post('/api/v1/campaigns/:campaignCode/units/:unitCode/activities/:recordId/photos', {
      config: { access: writeScope },
      bodyLimit: photos.maxBytes * 2,
      schema: { tags: ['activities'], summary: 'Thêm một ảnh vào hoạt động (tệp ảnh JPEG, PNG hoặc WebP, kiểm tra theo nội dung)', params: activityRecordParams, response: { 201: activityRecordResponse } },
    }, async (request, reply) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const { record, setup } = await addActivityPhoto(ctx, photos, request.actor, unitRefOf(request.params), request.params.recordId, bytes);
      return reply.code(201).send({ record: presentActivity(record, setup, languageOf(request)) });
    });
  });

  r.post('/api/v1/campaigns/:campaignCode/units/:unitCode/activities/:recordId/photos/:photoId/withdraw', {
    config: { access: writeScope },
    schema: { tags: ['activities'], summary: 'Gỡ một ảnh khỏi hoạt động (kèm lý do)', params: activityPhotoParams, body: withdrawPhotoBody, response: { 200: activityRecordResponse } },
  }, async (request) => {
    const { record, setup } = await removeActivityPhoto(ctx, request.actor, unitRefOf(request.params), request.params.recordId, request.params.photoId, request.body);
    return { record: presentActivity(record, setup, languageOf(request)) };
  });

  // Bulk entry: a kind's template, and the filled sheet (.xlsx or CSV, its bytes as the body).
  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/activities-template.xlsx', {
    config: { access: readScope },
    schema: { tags: ['activities'], summary: 'Mẫu nhập một loại hoạt động từ tệp Excel (.xlsx): các cột, danh sách chọn, hướng dẫn', params: activityKindParam, querystring: activityImportQuery },
  }, async (request, reply) => {
    const { setup, unit } = await place(ctx.readDb, unitRefOf(request.params));
    const kind = requireKind(request.query.kind);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="mau-nhap-${kind}-${request.params.campaignCode}-${request.params.unitCode}.xlsx"`)
      .send(await activitiesTemplate({ setup, unit, kind }));
  });

  await app.register(async (sub) => {
    sub.addContentTypeParser([XLSX, 'application/octet-stream', 'text/csv'], { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));
    sub.withTypeProvider<ZodTypeProvider>().post('/api/v1/campaigns/:campaignCode/units/:unitCode/activities-import', {
      config: { access: writeScope },
      bodyLimit: IMPORT_LIMIT,
      schema: {
        tags: ['activities'], summary: 'Nhập các hoạt động một loại từ tệp (.xlsx hoặc .csv theo mẫu): kiểm tra mọi dòng trước, có lỗi thì không ghi gì',
        params: activityKindParam, querystring: activityImportQuery, response: { 200: activityImportResponse },
      },
    }, async (request) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const kind = (request.headers['content-type'] ?? '').startsWith('text/csv') ? 'csv' : 'xlsx';
      const { created, unchanged } = await importActivities(ctx, request.actor, unitRefOf(request.params), request.query.kind, { bytes, kind });
      return { created, unchanged };
    });
  });

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/activities/:recordId/photos/:photoId', {
    config: { access: readScope },
    schema: { tags: ['activities'], summary: 'Ảnh của một hoạt động: tệp gốc, hoặc bản thu nhỏ để xem (size=display)', params: activityPhotoParams, querystring: activityPhotoQuery },
  }, async (request, reply) => {
    const { bytes, mime } = await readActivityPhoto(ctx, photos, unitRefOf(request.params), request.params.recordId, request.params.photoId, request.query.size);
    return reply.header('content-type', mime).header('cache-control', 'private, max-age=86400').send(bytes);
  });

  r.get('/api/v1/campaigns/:campaignCode/activity-setup', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['activities'], summary: 'Danh mục hoạt động của chiến dịch: loại công trình, chương trình, địa bàn trọng tâm', params: z.object({ campaignCode: campaignCodeParam }), response: { 200: activitySetupResponse } },
  }, async (request) => presentActivitySetup(await getActivitySetup(ctx.readDb, request.params.campaignCode), languageOf(request)));

  r.put('/api/v1/campaigns/:campaignCode/units/:unitCode/activity-setup', {
    config: { access: { permission: 'campaign.create', unit: { from: 'params', key: 'unitCode' } } },
    schema: { tags: ['activities'], summary: 'Thêm, đổi tên loại công trình, chương trình, địa bàn trọng tâm (đơn vị gốc của chiến dịch)', params: activityKindParam, body: activitySetupBody, response: { 200: activitySetupResponse } },
  }, async (request) => presentActivitySetup(await setActivitySetup(ctx, request.actor, unitRefOf(request.params), request.body), languageOf(request)));

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/activities', {
    config: { access: readScope },
    schema: { tags: ['activities'], summary: 'Các hoạt động của đơn vị và cấp dưới (lọc theo loại, chương trình, trạng thái, ngày, địa bàn)', params: activityKindParam, querystring: activityQuery, response: { 200: activityListResponse } },
  }, async (request) => {
    const { limit, offset, ...q } = request.query;
    const view = await listActivities(ctx, unitRefOf(request.params), queryOf(q), { limit, offset });
    const lang = languageOf(request);
    return { records: view.rows.map((row) => presentActivity(row, view.setup, lang)), total: view.total };
  });

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/activities.xlsx', {
    config: { access: readScope },
    schema: { tags: ['activities'], summary: 'Các hoạt động của đơn vị và cấp dưới dưới dạng tệp Excel (.xlsx), mỗi loại một trang', params: activityKindParam, querystring: activityListQuery },
  }, async (request, reply) => {
    const view = await listActivities(ctx, unitRefOf(request.params), queryOf(request.query), { limit: 100_000, offset: 0 });
    const kind = request.query.kind && isActivityKind(request.query.kind) ? request.query.kind : undefined;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="hoat-dong-${request.params.campaignCode}-${request.params.unitCode}${kind ? `-${kind}` : ''}.xlsx"`)
      .send(await activitiesWorkbook({ ...view, kind }));
  });

  r.get('/api/v1/campaigns/:campaignCode/units/:unitCode/activity-totals', {
    config: { access: readScope },
    schema: { tags: ['activities'], summary: 'Tổng hợp hoạt động của đơn vị và cấp dưới', params: activityKindParam, querystring: activityTotalsQuery, response: { 200: activityTotalsResponse } },
  }, async (request) => {
    const { asOf, ...q } = request.query;
    return presentActivityTotals(await getActivityTotals(ctx, unitRefOf(request.params), queryOf(q), { asOf: asOf ? parseDate(asOf, 'asOf') : undefined }), languageOf(request));
  });

  r.post('/api/v1/campaigns/:campaignCode/units/:unitCode/activities', {
    config: { access: writeScope },
    schema: { tags: ['activities'], summary: 'Ghi một hoạt động của đơn vị', params: activityKindParam, body: createActivityBody, response: { 201: activityRecordResponse } },
  }, async (request, reply) => {
    const { record, setup } = await createActivity(ctx, request.actor, unitRefOf(request.params), request.body.kind, request.body);
    return reply.code(201).send({ record: presentActivity(record, setup, languageOf(request)) });
  });

  r.put('/api/v1/campaigns/:campaignCode/units/:unitCode/activities/:recordId', {
    config: { access: writeScope },
    schema: { tags: ['activities'], summary: 'Sửa một hoạt động (kèm lý do, theo phiên bản đã đọc)', params: activityRecordParams, body: correctActivityBody, response: { 200: activityRecordResponse } },
  }, async (request) => {
    const { record, setup } = await correctActivity(ctx, request.actor, unitRefOf(request.params), request.params.recordId, request.body);
    return { record: presentActivity(record, setup, languageOf(request)) };
  });

  r.post('/api/v1/campaigns/:campaignCode/units/:unitCode/activities/:recordId/withdraw', {
    config: { access: writeScope },
    schema: { tags: ['activities'], summary: 'Rút một hoạt động (giữ lại, không tính vào tổng hợp)', params: activityRecordParams, body: withdrawActivityBody, response: { 200: z.object({ withdrawn: z.literal(true) }) } },
  }, async (request) => {
    await removeActivity(ctx, request.actor, unitRefOf(request.params), request.params.recordId, request.body);
    return { withdrawn: true as const };
  });
}
