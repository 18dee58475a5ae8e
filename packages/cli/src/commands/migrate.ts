import { parseArgs } from 'node:util';
import { DATABASE_OPTIONS, configFrom, withContext } from './shared.ts';

export async function migrate(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: DATABASE_OPTIONS });
  // Opening the database applies every pending migration.
  return withContext(configFrom(values), async (ctx) => {
    console.log(`Cơ sở dữ liệu ${ctx.database.location} (${ctx.database.kind}) đã được cập nhật cấu trúc mới nhất.`);
    return 0;
  });
}
