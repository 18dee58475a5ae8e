import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UNIT_LEVELS, UNIT_LEVEL_LABELS, describeDeadline, describeRuleGroups, formatNumber, localDateOf } from '@giaoban/core';
import type { CampaignDetail, CampaignRow } from '@giaoban/db';
import { createCampaign, getCampaignFor, listCampaignsFor, updateCampaignRules } from './campaigns.service.ts';
import { type ServiceContext } from '../infra/index.ts';
import { deadlinesOf, remindersOf } from './campaign-calendar.ts';
import { listUnitGroups, unitGroupNamer, type UnitGroup } from './unit-groups.service.ts';
import { presentUnitGroup } from './unit-groups.presenter.ts';
import { campaignCodeParam, presentDate, unitCodeParam, unitRefOf } from '../http/index.ts';
import { campaignListResponse, campaignResponse, campaignRulesBody, createCampaignBody } from './campaigns.schemas.ts';


export function presentCampaignSummary(c: CampaignRow) {
  return { code: c.code, name: c.name, startDate: presentDate(c.startDate), endDate: presentDate(c.endDate), rootUnitCode: c.rootUnitCode };
}

/** A campaign with its rules; `groups` names the unit groups its deadline rules may name. */
export function presentCampaign(c: CampaignDetail, groups: readonly UnitGroup[] = []) {
  const groupName = unitGroupNamer(groups);
  return {
    ...presentCampaignSummary(c),
    phases: c.phases.map((p) => ({ number: p.number, name: p.name, startDate: presentDate(p.startDate), endDate: presentDate(p.endDate) })),
    indicators: c.indicators.map((i) => ({
      code: i.code, name: i.name, unitOfMeasure: i.unitOfMeasure, valueKind: i.valueKind, reportingMode: i.reportingMode,
      target: i.target, targetText: i.target === null ? null : formatNumber(i.target, 4), upperBound: i.upperBound,
    })),
    rules: {
      deadlines: UNIT_LEVELS.map((level) => {
        const rule = deadlinesOf(c)[level] ?? null;
        return {
          level, levelLabel: UNIT_LEVEL_LABELS[level], rule, text: describeDeadline(rule, groupName),
          groupsText: describeRuleGroups(rule?.groups, groupName),
        };
      }),
      unitGroups: groups.map(presentUnitGroup),
      crossRules: c.crossRules.map((r) => ({ ...r })),
      reminders: remindersOf(c),
      exemptUnits: [...c.exemptUnitCodes],
      precision: c.precision,
    },
  };
}

export async function campaignsRoutes(app: FastifyInstance, { ctx }: { ctx: ServiceContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/campaigns', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['campaigns'], summary: 'Các chiến dịch liên quan đến đơn vị của người dùng', response: { 200: campaignListResponse } },
  }, async (request) => ({
    campaigns: (await listCampaignsFor(ctx, request.auth!.user.unitId)).map(presentCampaignSummary),
    today: presentDate(localDateOf(ctx.now()))!,
  }));

  r.get('/api/v1/campaigns/:campaignCode', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['campaigns'], summary: 'Một chiến dịch: đợt, chỉ tiêu và chỉ tiêu toàn quốc', params: z.object({ campaignCode: campaignCodeParam }), response: { 200: campaignResponse } },
  }, async (request) => ({
    campaign: presentCampaign(await getCampaignFor(ctx, request.params.campaignCode, request.auth!.user.unitId), await listUnitGroups(ctx.db)),
  }));

  r.post('/api/v1/campaigns', {
    config: { access: { permission: 'campaign.create', unit: { from: 'body', key: 'rootUnitCode' } } },
    schema: {
      tags: ['campaigns'],
      summary: 'Tạo chiến dịch với đợt, chỉ tiêu và chỉ tiêu giao cho đơn vị gốc',
      body: createCampaignBody,
      response: { 201: campaignResponse },
    },
  }, async (request, reply) => reply.status(201).send({
    campaign: presentCampaign(await createCampaign(ctx, request.actor, request.body), await listUnitGroups(ctx.db)),
  }));

  r.put('/api/v1/campaigns/:campaignCode/units/:unitCode/rules', {
    config: { access: { permission: 'campaign.create', unit: { from: 'params', key: 'unitCode' } } },
    schema: {
      tags: ['campaigns'],
      summary: 'Đơn vị chủ trì đặt hạn báo cáo theo cấp, quy tắc giữa các chỉ tiêu, giới hạn số liệu tuần, lịch nhắc và đơn vị không phải báo cáo',
      params: z.object({ campaignCode: campaignCodeParam, unitCode: unitCodeParam }),
      body: campaignRulesBody,
      response: { 200: campaignResponse },
    },
  }, async (request) => ({
    campaign: presentCampaign(await updateCampaignRules(
      ctx, unitRefOf(request.params), request.actor, request.body,
    ), await listUnitGroups(ctx.db)),
  }));
}
