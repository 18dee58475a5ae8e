import { parseArgs } from 'node:util';
import { formatNumber } from '@giaoban/core';
import { verifyRollups } from '@giaoban/server';
import { DATABASE_OPTIONS, configFrom, withContext } from './shared.ts';

export async function verifyRollupsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...DATABASE_OPTIONS, campaign: { type: 'string' } } });
  return withContext(configFrom(values), async (ctx) => {
    const { campaigns, differences } = await verifyRollups(ctx, values.campaign);
    if (differences.length === 0) {
      console.log(`Số liệu tổng hợp khớp với tính lại từ đầu (${campaigns.length} chiến dịch: ${campaigns.join(', ') || 'không có'}).`);
      return 0;
    }
    console.log(`Có ${formatNumber(differences.length)} chỗ lệch giữa số liệu tổng hợp và tính lại từ đầu:`);
    for (const d of differences.slice(0, 50)) {
      console.log(`  ${d.campaignCode} ${d.unitCode} ${d.indicatorCode} ${d.period}: tổng hợp ${formatNumber(d.summary, 4)}, tính lại ${formatNumber(d.recomputed, 4)}`);
    }
    return 1;
  });
}
