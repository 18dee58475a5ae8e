import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UnitRow } from '@giaoban/db';
import { createChildUnit, getUnit, getUnitSubtree, listUnitChildren, searchUnits, updateUnit } from './units.service.ts';
import { uploadUnits } from './unit-upload.service.ts';
import type { ServiceContext } from '../infra/index.ts';
import { presentUnit, unitCodeParam } from '../http/index.ts';
import {
  createChildUnitBody, createdUnitResponse, unitChildrenResponse, unitResponse, unitSearchQuery, unitSearchResponse, unitTreeResponse, unitUploadResponse,
  updateUnitBody, updateUnitResponse,
} from './units.schemas.ts';

const params = z.object({ unitCode: unitCodeParam });
const unitScope = { permission: 'read', unit: { from: 'params', key: 'unitCode' } } as const;
const manageScope = { permission: 'units.manage', unit: { from: 'params', key: 'unitCode' } } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_LIMIT = 5 * 1024 * 1024;

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

  r.get('/api/v1/units/:unitCode/search', {
    config: { access: unitScope },
    schema: {
      tags: ['units'], summary: 'Tìm đơn vị trong phạm vi theo tên (không cần dấu) hoặc mã', params, querystring: unitSearchQuery, response: { 200: unitSearchResponse },
    },
  }, async (request) => {
    const units = await searchUnits(ctx, request.params.unitCode, request.query.q, request.query.limit);
    return { units: units.map((u) => ({ ...presentUnit(u), parentCode: u.parentCode, parentName: u.parentName })) };
  });

  r.post('/api/v1/units/:unitCode/children', {
    config: { access: manageScope },
    schema: { tags: ['units'], summary: 'Thêm một đơn vị trực thuộc', params, body: createChildUnitBody, response: { 201: createdUnitResponse } },
  }, async (request, reply) => {
    const unit = await createChildUnit(ctx, request.actor, request.params.unitCode, request.body);
    return reply.status(201).send({ unit: presentUnit(unit) });
  });

  r.patch('/api/v1/units/:unitCode', {
    config: { access: manageScope },
    schema: {
      tags: ['units'], summary: 'Sửa, chuyển hoặc cho thôi hoạt động một đơn vị cấp dưới', params, body: updateUnitBody, response: { 200: updateUnitResponse },
    },
  }, async (request) => {
    const { unit, disabledAccounts } = await updateUnit(ctx, request.actor, request.params.unitCode, request.body);
    return { unit: presentUnit(unit), disabledAccounts };
  });

  // The upload is the file's bytes as they are (no multipart wrapping): an .xlsx, or CSV text.
  app.addContentTypeParser([XLSX, 'application/octet-stream', 'text/csv'], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_request, body, done) => done(null, body));

  r.post('/api/v1/units/:unitCode/units-upload', {
    config: { access: manageScope },
    bodyLimit: UPLOAD_LIMIT,
    schema: {
      tags: ['units'],
      summary: 'Tải lên danh sách đơn vị (.xlsx hoặc .csv): Mã, Tên, Mã đơn vị cấp trên, Cấp, Nhóm; kiểm tra mọi dòng trước, có lỗi thì không ghi gì',
      params,
      response: { 200: unitUploadResponse },
    },
  }, async (request) => {
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const kind = (request.headers['content-type'] ?? '').startsWith('text/csv') ? 'csv' : 'xlsx';
    return uploadUnits(ctx, request.actor, request.params.unitCode, { bytes, kind });
  });
}
