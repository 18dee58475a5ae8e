import { parseArgs } from 'node:util';
import { formatDate, isValidDate } from '@giaoban/core';
import { isDatabaseEmpty, startServer } from '@giaoban/server';
import { DEMO_PASSWORD } from '../demo/demo-data.ts';
import { seedFromDemoSnapshot } from '../demo/demo-snapshot.ts';
import { demoAccountsToday, loadDemo } from '../demo/load-demo.ts';
import { DATABASE_OPTIONS, UsageError, configFrom } from './shared.ts';

export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, options: { ...DATABASE_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, 'demo-as-of': { type: 'string' } },
  });
  const until = demoUntil(values['demo-as-of']);
  const config = configFrom(values, {
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  // First run on a new data directory: the demo prepared at install time, copied (seconds)
  // instead of replayed (most of a minute).
  if (values.demo && !until && seedFromDemoSnapshot(config)) console.log(`Đã chép dữ liệu mẫu dựng sẵn vào ${config.dataDir}.`);
  // The demo is loaded once, into an empty database (later starts keep what users entered),
  // through the server's own context: a second one would not see `memory://`'s data, and
  // would be refused a PGlite directory the server holds.
  const server = await startServer(config, {
    prepare: values.demo
      ? async (ctx) => {
        if (!(await isDatabaseEmpty(ctx))) return;
        console.log(`Đang nạp dữ liệu mẫu vào ${ctx.database.location} (không có bản dựng sẵn khớp mã nguồn hiện tại; \`giaoban demo --snapshot\` dựng nó) …`);
        await loadDemo(ctx, (line) => console.log(line), until ? { until } : {});
      }
      : undefined,
  });
  console.log(`Giao Ban đang chạy: ${server.url}  (API: ${server.url}/api/docs)`);
  if (values.demo) printDemoAccounts(until);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

/**
 * `--demo-as-of DATE`: the demo as it stood at the end of that day (Hà Nội), e.g. 2025-06-30
 * for the 2023 structure with its district accounts; a new data directory is loaded, not
 * copied from the install-time snapshot (which holds the whole history).
 */
export function demoUntil(asOf: string | undefined): Date | undefined {
  if (asOf === undefined) return undefined;
  if (!isValidDate(asOf)) throw new UsageError(`--demo-as-of: ngày "${asOf}" không hợp lệ (dạng YYYY-MM-DD, ví dụ 2025-06-30).`);
  return new Date(`${asOf}T23:59:59+07:00`);
}

/** The demo's accounts where they stand (after the 2025 reorganisation unless `until` is before it), the closed ones apart. */
export function printDemoAccounts(until?: Date): void {
  const accounts = demoAccountsToday(until);
  const open = accounts.filter((a) => a.closedOn === null);
  console.log(`Tài khoản mẫu (mật khẩu: ${DEMO_PASSWORD}):`);
  const width = Math.max(...open.map((a) => a.username.length));
  for (const a of open) console.log(`  ${a.username.padEnd(width)} ${a.role.padEnd(9)} ${a.unitName}`);
  const closed = accounts.filter((a) => a.closedOn !== null);
  if (closed.length > 0) {
    console.log(`  Đã khóa sau ngày ${formatDate(closed[0]!.closedOn!)} (cấp huyện không còn): ${closed.map((a) => a.username).join(', ')}.`);
  }
}
