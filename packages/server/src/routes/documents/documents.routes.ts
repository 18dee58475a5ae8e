/** Official documents drafted from the data: the phase conclusion notice, its form, its .docx. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { renderDocx } from '../../documents/docx.ts';
import { actorOf, type ServiceContext } from '../../services/context.ts';
import { getNoticeDraft, saveNoticeDraft, type NoticeDraftView } from '../../services/documents.service.ts';
import { noticeBody, noticeParams as params, noticeResponse } from './documents.schemas.ts';

function presentNotice(v: NoticeDraftView) {
  const { form, document: d } = v;
  return {
    form: { ...form, recipients: form.recipients && [...form.recipients], signer: form.signer && { ...form.signer } },
    version: v.version,
    updatedAt: v.updatedAt,
    text: v.text,
    document: {
      ...d,
      body: d.body.map((b) => (b.kind === 'heading' ? { ...b } : { kind: b.kind, runs: b.runs.map((r) => ({ ...r })) })),
      recipients: [...d.recipients],
      signer: { ...d.signer },
    },
  };
}

const url = '/api/v1/campaigns/:campaignCode/units/:unitCode/documents/notice/:phase';
const unit = { from: 'params', key: 'unitCode' } as const;

export async function documentsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(url, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Thông báo kết luận của một đợt: biểu mẫu đã lưu và văn bản soạn từ số liệu hiện tại', params, response: { 200: noticeResponse } },
  }, async (request) => presentNotice(await getNoticeDraft(ctx, request.params.campaignCode, request.params.unitCode, request.params.phase)));

  r.put(url, {
    config: { access: { permission: 'campaign.create', unit } },
    schema: { tags: ['documents'], summary: 'Lưu biểu mẫu của thông báo kết luận (số, ngày, nơi nhận, người ký, các phần viết tay)', params, body: noticeBody, response: { 200: noticeResponse } },
  }, async (request) => presentNotice(await saveNoticeDraft(
    ctx, actorOf(request.auth!.user, request.ip), request.params.campaignCode, request.params.unitCode, request.params.phase,
    request.body.form, request.body.version,
  )));

  r.get(`${url}/docx`, {
    config: { access: { permission: 'read', unit } },
    schema: { tags: ['documents'], summary: 'Tải thông báo kết luận (.docx, thể thức Nghị định 30/2020/NĐ-CP)', params },
  }, async (request, reply) => {
    const { document } = await getNoticeDraft(ctx, request.params.campaignCode, request.params.unitCode, request.params.phase);
    const file = await renderDocx(document);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="thong-bao-ket-luan-dot-${request.params.phase}.docx"`)
      .send(file);
  });
}
