import { parseArgs } from 'node:util';
import { isDatabaseEmpty, startServer } from '@giaoban/server';
import { loadDemo } from '../demo/load-demo.ts';
import { DATABASE_OPTIONS, configFrom, withContext } from './shared.ts';

export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...DATABASE_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } } });
  const config = configFrom(values, {
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  if (values.demo) {
    // The demo is loaded once, into an empty database; later starts keep what users entered.
    await withContext(config, async (ctx) => {
      if (!(await isDatabaseEmpty(ctx))) return;
      console.log(`Đang nạp dữ liệu mẫu vào ${ctx.database.location} …`);
      await loadDemo(ctx, (line) => console.log(line));
    });
  }
  const server = await startServer(config);
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
  console.log('Tài khoản mẫu (mật khẩu: giaoban2023):');
  const accounts: [string, string][] = [
    ['admin', 'quản trị, Trung ương Đoàn'], ['tw.chidao', 'Ban Chỉ đạo, Trung ương Đoàn'], ['tw.xem', 'chỉ xem, Trung ương Đoàn'],
    ['hanoi.quanly', 'quản lý, Thành Đoàn Hà Nội'], ['hanoi.baocao', 'báo cáo, Thành Đoàn Hà Nội'], ['laocai.baocao', 'báo cáo, Tỉnh Đoàn Lào Cai'],
    ['hcm.quanly', 'quản lý, Thành Đoàn TP. Hồ Chí Minh'], ['hcm.baocao', 'báo cáo, Thành Đoàn TP. Hồ Chí Minh'],
  ];
  for (const [user, role] of accounts) console.log(`  ${user.padEnd(14)} ${role}`);
}
