/**
 * Official documents drafted from the data: the phase conclusion notice, a unit's weekly
 * progress report and the campaign's final report; their forms, their .docx, the annex .xlsx.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DocumentBlock } from '@giaoban/core';
import { annexWorkbook } from './annex-xlsx.ts';
import { renderDocx } from './docx.ts';
import { type ServiceContext } from '../infra/index.ts';
import { reportRefOf, unitRefOf } from '../http/index.ts';
import { getNoticeDraft, saveNoticeDraft, type NoticeDraftView } from './notice.service.ts';
import {
  getFinalReportDraft, getProgressReportDraft, progressReportFigures, saveFinalReportDraft, saveProgressReportDraft,
} from './phase-reports.service.ts';
import {
  finalReportParams, noticeBody, noticeParams as params, noticeResponse, progressReportParams, reportDocumentBody, reportDocumentResponse,
} from './documents.schemas.ts';

function presentBlock(b: DocumentBlock) {
  switch (b.kind) {
    case 'heading': return { kind: b.kind, text: b.text };
    case 'paragraph':
    case 'bullet': return { kind: b.kind, runs: b.runs.map((r) => ({ ...r })) };
    case 'table': return {
      kind: b.kind,
      ...(b.caption !== undefined ? { caption: b.caption } : {}),
      header: b.header.map((row) => row.map((c) => ({ ...c }))),
      rows: b.rows.map((r) => ({ cells: [...r.cells], ...(r.bold ? { bold: true } : {}) })),
      widths: [...b.widths],
      align: [...b.align],
    };
  }
}

function presentNotice(v: NoticeDraftView) {
  const { form, document: d } = v;
  return {
    form: { ...form, recipients: form.recipients && [...form.recipients], signer: form.signer && { ...form.signer } },
    version: v.version,
    updatedAt: v.updatedAt,
    text: v.text,
    subject: v.subject ? { unit: { ...v.subject.unit }, week: { ...v.subject.week } } : null,
    document: {
      ...d,
      body: d.body.map(presentBlock),
      recipients: [...d.recipients],
      signer: { ...d.signer },
      annexes: d.annexes?.map((a) => ({ ...a, body: a.body.map(presentBlock) })),
    },
  };
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const url = '/api/v1/campaigns/:campaignCode/units/:unitCode/documents/notice/:phase';
const unit = { from: 'params', key: 'unitCode' } as const;

export async function documentsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(url, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Thông báo kết luận của một đợt: biểu mẫu đã lưu và văn bản soạn từ số liệu hiện tại', params, response: { 200: noticeResponse } },
  }, async (request) => presentNotice(await getNoticeDraft(ctx, { campaign: request.params.campaignCode, unit: request.params.unitCode, phase: request.params.phase })));

  r.put(url, {
    config: { access: { permission: 'campaign.create', unit } },
    schema: { tags: ['documents'], summary: 'Lưu biểu mẫu của thông báo kết luận (số, ngày, nơi nhận, người ký, các phần viết tay)', params, body: noticeBody, response: { 200: noticeResponse } },
  }, async (request) => presentNotice(await saveNoticeDraft(
    ctx, { campaign: request.params.campaignCode, unit: request.params.unitCode, phase: request.params.phase }, request.actor, request.body.form, request.body.version,
  )));

  r.get(`${url}/docx`, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Tải thông báo kết luận (.docx, thể thức Nghị định 30/2020/NĐ-CP)', params },
  }, async (request, reply) => {
    const { document } = await getNoticeDraft(ctx, { campaign: request.params.campaignCode, unit: request.params.unitCode, phase: request.params.phase });
    const file = await renderDocx(document);
    return reply
      .header('content-type', DOCX)
      .header('content-disposition', `attachment; filename="thong-bao-ket-luan-dot-${request.params.phase}.docx"`)
      .send(file);
  });

  // A unit's weekly progress report: read on the unit; saved by whoever writes its reports
  // (its managers and steering staff hold report.write too).
  const progressUrl = '/api/v1/campaigns/:campaignCode/units/:unitCode/documents/progress/:period';
  r.get(progressUrl, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Báo cáo tiến độ tuần của một đơn vị: biểu mẫu đã lưu và văn bản soạn từ số liệu hiện tại', params: progressReportParams, response: { 200: reportDocumentResponse } },
  }, async (request) => presentNotice(await getProgressReportDraft(ctx, reportRefOf(request.params))));

  r.put(progressUrl, {
    config: { access: { permission: 'report.write', unit } },
    schema: { tags: ['documents'], summary: 'Lưu biểu mẫu của báo cáo tiến độ tuần', params: progressReportParams, body: reportDocumentBody, response: { 200: reportDocumentResponse } },
  }, async (request) => presentNotice(await saveProgressReportDraft(
    ctx, reportRefOf(request.params), request.actor, request.body.form, request.body.version,
  )));

  r.get(`${progressUrl}/docx`, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Tải báo cáo tiến độ tuần (.docx, có phụ lục)', params: progressReportParams },
  }, async (request, reply) => {
    const { campaignCode, unitCode, period } = request.params;
    const { document } = await getProgressReportDraft(ctx, { campaign: campaignCode, unit: unitCode, period });
    return reply
      .header('content-type', DOCX)
      .header('content-disposition', `attachment; filename="bao-cao-tien-do-${unitCode}-${period}.docx"`)
      .send(await renderDocx(document));
  });

  r.get(`${progressUrl}/annex.xlsx`, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Phụ lục của báo cáo tiến độ tuần dưới dạng tệp Excel (.xlsx)', params: progressReportParams },
  }, async (request, reply) => {
    const { campaignCode, unitCode, period } = request.params;
    const view = await progressReportFigures(ctx, { campaign: campaignCode, unit: unitCode, period });
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="phu-luc-tien-do-${unitCode}-${period}.xlsx"`)
      .send(await annexWorkbook(view));
  });

  // The campaign's final report, drafted by its root unit like the notice.
  const finalUrl = '/api/v1/campaigns/:campaignCode/units/:unitCode/documents/final';
  r.get(finalUrl, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Báo cáo tổng kết chiến dịch: biểu mẫu đã lưu và văn bản soạn từ số liệu hiện tại', params: finalReportParams, response: { 200: reportDocumentResponse } },
  }, async (request) => presentNotice(await getFinalReportDraft(ctx, unitRefOf(request.params))));

  r.put(finalUrl, {
    config: { access: { permission: 'campaign.create', unit } },
    schema: { tags: ['documents'], summary: 'Lưu biểu mẫu của báo cáo tổng kết chiến dịch', params: finalReportParams, body: reportDocumentBody, response: { 200: reportDocumentResponse } },
  }, async (request) => presentNotice(await saveFinalReportDraft(
    ctx, unitRefOf(request.params), request.actor, request.body.form, request.body.version,
  )));

  r.get(`${finalUrl}/docx`, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Tải báo cáo tổng kết chiến dịch (.docx, có phụ lục)', params: finalReportParams },
  }, async (request, reply) => {
    const { document } = await getFinalReportDraft(ctx, unitRefOf(request.params));
    return reply
      .header('content-type', DOCX)
      .header('content-disposition', `attachment; filename="bao-cao-tong-ket-${request.params.campaignCode}.docx"`)
      .send(await renderDocx(document));
  });
}
