import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UNIT_LEVELS, UNIT_LEVEL_LABELS, describeDeadline, formatNumber } from '@giaoban/core';
import { getCampaign, listUnitGroups, unitGroupNamer, updateCampaignRules, type CampaignRulesInput } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';
import { deadlinesOf, remindersOf } from '@giaoban/server';

const USAGE = 'cách dùng: giaoban rules --campaign MÃ [--set TỆP.json]   (tệp: { "deadlines": {…}, "crossRules": […], "reminders": {…}, "upperBounds": {…}, "exemptUnits": […], "precision": 1 | 2 })';

/** Shows a campaign's reporting rules, or sets them from a JSON file (as the API's PUT …/rules). */
export async function rules(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...DATABASE_OPTIONS, campaign: { type: 'string' }, set: { type: 'string' } } });
  if (!values.campaign) throw new UsageError(USAGE);
  let input: CampaignRulesInput | undefined;
  if (values.set) {
    try {
      input = JSON.parse(readFileSync(values.set, 'utf8')) as CampaignRulesInput;
    } catch (error) {
      throw new UsageError(`không đọc được tệp ${values.set}: ${(error as Error).message}`);
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new UsageError(`tệp ${values.set} phải chứa một đối tượng JSON.`);
  }
  return withContext(configFrom(values), async (ctx) => {
    let campaign = await getCampaign(ctx, values.campaign!);
    if (input) {
      campaign = await updateCampaignRules(ctx, { campaign: campaign.code, unit: campaign.rootUnitCode }, null, input);
      console.log('Đã lưu quy định báo cáo.');
    }
    console.log(`${campaign.name} — quy định báo cáo`);
    const deadlines = deadlinesOf(campaign);
    // A level's rule limited to unit groups reads "…. Chỉ các đơn vị thuộc nhóm Khối hành chính sự nghiệp".
    const groupName = unitGroupNamer(await listUnitGroups(ctx.db));
    printTable(['Cấp', 'Hạn nộp báo cáo tuần'], UNIT_LEVELS.map((level) => [UNIT_LEVEL_LABELS[level], describeDeadline(deadlines[level], groupName)]));
    const r = remindersOf(campaign);
    console.log(`Nhắc trước hạn ${formatNumber(r.remindBeforeHours)} giờ; báo cấp trên ${formatNumber(r.escalateAfterHours)} giờ và cấp trên nữa ${formatNumber(r.escalateFurtherAfterHours)} giờ sau hạn; bỏ qua lời nhắc quá ${formatNumber(r.staleAfterHours)} giờ.`);
    console.log(`Số chữ số thập phân của tỷ lệ phần trăm: ${campaign.precision} (bảng theo dõi, văn bản, phụ lục, tệp Excel).`);
    for (const rule of campaign.crossRules) console.log(`Quy tắc: ${rule.left} ${rule.op} ${rule.right} (số liệu lũy kế)`);
    for (const i of campaign.indicators) if (i.upperBound !== null) console.log(`Giới hạn tuần: ${i.code} ≤ ${formatNumber(i.upperBound, 4)}`);
    if (campaign.exemptUnitCodes.length > 0) console.log(`Không phải báo cáo: ${campaign.exemptUnitCodes.join(', ')}`);
    return 0;
  });
}
