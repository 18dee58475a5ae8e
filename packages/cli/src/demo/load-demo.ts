/** Loads the 2023 summer campaign demo through the same services the API uses. */
import { readFileSync } from 'node:fs';
import {
  allocateTargets, createCampaign, createIndicator, createUnit, createUser, submitReport, type ServiceContext,
} from '@giaoban/server';
import { buildDemoData, type DemoAccount } from './demo-data.ts';
import { DEMO_UNITS_CSV_PATH } from './demo-files.ts';

export async function loadDemo(ctx: ServiceContext, log: (line: string) => void = () => {}): Promise<{ accounts: DemoAccount[] }> {
  const demo = buildDemoData(readFileSync(DEMO_UNITS_CSV_PATH, 'utf8'));
  for (const u of demo.units) {
    await createUnit(ctx, { code: u.code, name: u.name, level: u.level, parentCode: u.parentCode, tags: u.tags, region: u.region });
  }
  for (const i of demo.indicators) {
    await createIndicator(ctx, { code: i.code, name: i.name, unitOfMeasure: i.unitOfMeasure, valueKind: i.valueKind, reportingMode: i.reportingMode });
  }
  const root = demo.units.find((u) => u.parentCode === null);
  if (!root) throw new Error('demo data has no root unit');
  await createCampaign(ctx, null, { ...demo.campaign, rootUnitCode: root.code });
  const targets: Record<string, Record<string, number>> = {};
  for (const a of demo.allocations) (targets[a.unitCode] ??= {})[a.indicatorCode] = a.target;
  await allocateTargets(ctx, null, demo.campaign.code, root.code, { targets });
  log(`Đã tạo ${demo.units.length} đơn vị, ${demo.indicators.length} chỉ tiêu và chiến dịch ${demo.campaign.code}.`);

  // Reports are entered as a cadre would: figures "to date" for indicators reported that way.
  const cumulative = new Set(demo.indicators.filter((i) => i.reportingMode === 'cumulative').map((i) => i.code));
  const toDate = new Map<string, number>();
  const ordered = [...demo.reports].sort((a, b) => a.week.localeCompare(b.week) || a.unitCode.localeCompare(b.unitCode));
  for (const r of ordered) {
    const values: Record<string, number> = {};
    for (const [code, increment] of Object.entries(r.values)) {
      if (!cumulative.has(code)) { values[code] = increment; continue; }
      const key = `${r.unitCode}|${code}`;
      const sum = (toDate.get(key) ?? 0) + increment;
      toDate.set(key, sum);
      values[code] = sum;
    }
    await submitReport(ctx, null, demo.campaign.code, r.unitCode, r.week, {
      values, consolidated: r.consolidated, highlights: r.highlights, difficulties: r.difficulties, proposals: r.proposals,
    });
  }
  log(`Đã nhập ${demo.reports.length} báo cáo tuần.`);
  for (const a of demo.accounts) {
    await createUser(ctx, { username: a.username, password: a.password, displayName: a.displayName, role: a.role, unitCode: a.unitCode });
  }
  return { accounts: demo.accounts };
}
