import { parseArgs } from 'node:util';
import { unitsRepository } from '@giaoban/db';
import { loadDemo } from '../demo/load-demo.ts';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';
import { printDemoAccounts } from './serve.ts';

export async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: DATABASE_OPTIONS });
  return withContext(configFrom(values), async (ctx, database) => {
    if (await unitsRepository.getByCode(ctx.db, 'TW')) {
      throw new UsageError(`cơ sở dữ liệu ${database.location} đã có dữ liệu; dữ liệu mẫu chỉ nạp vào một thư mục dữ liệu mới (--data-dir).`);
    }
    await loadDemo(ctx, (line) => console.log(line));
    console.log(`Đã nạp dữ liệu mẫu vào ${database.location}.`);
    printDemoAccounts();
    return 0;
  });
}
