import { parseArgs } from 'node:util';
import { isDatabaseEmpty } from '@giaoban/server';
import { loadDemo } from '../demo/load-demo.ts';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';
import { printDemoAccounts } from './serve.ts';

export async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: DATABASE_OPTIONS });
  return withContext(configFrom(values), async (ctx) => {
    if (!(await isDatabaseEmpty(ctx))) {
      throw new UsageError(`cơ sở dữ liệu ${ctx.database.location} đã có dữ liệu; dữ liệu mẫu chỉ nạp vào một thư mục dữ liệu mới (--data-dir).`);
    }
    await loadDemo(ctx, (line) => console.log(line));
    console.log(`Đã nạp dữ liệu mẫu vào ${ctx.database.location}.`);
    printDemoAccounts();
    return 0;
  });
}
