import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isDatabaseEmpty, startServer } from '@giaoban/server';
import { buildDemoData } from '../demo/demo-data.ts';
import { DEMO_UNITS_CSV_PATH } from '../demo/demo-files.ts';
import { seedFromDemoSnapshot } from '../demo/demo-snapshot.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { DATABASE_OPTIONS, configFrom } from './shared.ts';

export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...DATABASE_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } } });
  const config = configFrom(values, {
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  // First run on a new data directory: the demo prepared at install time, copied (seconds)
  // instead of replayed (most of a minute).
  if (values.demo && seedFromDemoSnapshot(config)) console.log(`Đã chép dữ liệu mẫu dựng sẵn vào ${config.dataDir}.`);
  // The demo is loaded once, into an empty database (later starts keep what users entered),
  // through the server's own context: a second one would not see `memory://`'s data, and
  // would be refused a PGlite directory the server holds.
  const server = await startServer(config, {
    prepare: values.demo
      ? async (ctx) => {
        if (!(await isDatabaseEmpty(ctx))) return;
        console.log(`Đang nạp dữ liệu mẫu vào ${ctx.database.location} (không có bản dựng sẵn khớp mã nguồn hiện tại; \`giaoban demo --snapshot\` dựng nó) …`);
        await loadDemo(ctx, (line) => console.log(line));
      }
      : undefined,
  });
  console.log(`Giao Ban đang chạy: ${server.url}  (API: ${server.url}/api/docs)`);
  if (values.demo) printDemoAccounts();
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

export function printDemoAccounts(): void {
  const { accounts, units } = buildDemoData(readFileSync(DEMO_UNITS_CSV_PATH, 'utf8'));
  const unitName = new Map(units.map((u) => [u.code, u.name]));
  console.log(`Tài khoản mẫu (mật khẩu: ${accounts[0]?.password ?? ''}):`);
  const width = Math.max(...accounts.map((a) => a.username.length));
  for (const a of accounts) console.log(`  ${a.username.padEnd(width)} ${a.role.padEnd(9)} ${unitName.get(a.unitCode) ?? a.unitCode}`);
}
