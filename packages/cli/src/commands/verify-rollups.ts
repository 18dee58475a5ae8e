import { parseArgs } from 'node:util';
import { formatNumber } from '@giaoban/core';
import { verifyIndexes, verifyRollups } from '@giaoban/server';
import type { IndexCheck } from '@giaoban/db';
import { DATABASE_OPTIONS, configFrom, withContext } from './shared.ts';

const SKIPPED = {
  no_privilege: 'tài khoản cơ sở dữ liệu không được cài hoặc chạy amcheck (cần quyền superuser, hoặc cài sẵn: create extension amcheck)',
  not_available: 'cơ sở dữ liệu không có amcheck (gói contrib của PostgreSQL)',
} as const;

/** The index check first: the roll-up comparison reads through those indexes. Exit 1 on any damage or difference. */
export async function verifyRollupsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...DATABASE_OPTIONS, campaign: { type: 'string' } } });
  return withContext(configFrom(values), async (ctx) => {
    const indexes = await verifyIndexes(ctx);
    const damaged = printIndexCheck(indexes);
    let result: Awaited<ReturnType<typeof verifyRollups>>;
    try {
      result = await verifyRollups(ctx, values.campaign);
    } catch (error) {
      // With damaged indexes a failed read is one more symptom of what was just reported.
      if (!damaged) throw error;
      console.log(`Không so được số liệu tổng hợp vì chỉ mục hỏng: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    const { campaigns, differences, countedDifferences } = result;
    if (differences.length === 0 && countedDifferences.length === 0) {
      console.log(`Số liệu tổng hợp khớp với tính lại từ đầu (${campaigns.length} chiến dịch: ${campaigns.join(', ') || 'không có'}); số liệu đếm từ hoạt động khớp với các bản ghi.`);
      return damaged ? 1 : 0;
    }
    if (differences.length > 0) {
      console.log(`Có ${formatNumber(differences.length)} chỗ lệch giữa số liệu tổng hợp và tính lại từ đầu:`);
      for (const d of differences.slice(0, 50)) {
        console.log(`  ${d.campaignCode} ${d.unitCode} ${d.indicatorCode} ${d.period}: tổng hợp ${formatNumber(d.summary, 4)}, tính lại ${formatNumber(d.recomputed, 4)}`);
      }
    }
    if (countedDifferences.length > 0) {
      console.log(`Có ${formatNumber(countedDifferences.length)} báo cáo có số liệu đếm từ hoạt động khác với số bản ghi hiện có:`);
      for (const d of countedDifferences.slice(0, 50)) {
        console.log(`  ${d.campaignCode} ${d.unitCode} ${d.indicatorCode} ${d.period}: đã ghi ${formatNumber(d.summary, 4)}, đếm lại ${formatNumber(d.recomputed, 4)}`);
      }
    }
    return 1;
  });
}

/** Prints the outcome of amcheck; true when an index is damaged. */
function printIndexCheck(check: IndexCheck): boolean {
  if (check.status === 'skipped') {
    console.log(`Bỏ qua kiểm tra chỉ mục: ${SKIPPED[check.reason]} — ${check.detail}.`);
    return false;
  }
  if (check.damaged.length === 0) {
    console.log(`Chỉ mục nguyên vẹn (amcheck: ${formatNumber(check.indexes)} chỉ mục B-tree).`);
    return false;
  }
  console.log(`Có ${formatNumber(check.damaged.length)} trong ${formatNumber(check.indexes)} chỉ mục bị hỏng (amcheck):`);
  for (const d of check.damaged) console.log(`  ${d.index} (bảng ${d.table}): ${d.message}`);
  return true;
}
