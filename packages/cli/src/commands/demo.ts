import { parseArgs } from 'node:util';
import { isDatabaseEmpty } from '@giaoban/server';
import { DEMO_SNAPSHOT_DIR, buildDemoSnapshot, demoSnapshotIsCurrent } from '../demo/demo-snapshot.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';
import { demoUntil, printDemoAccounts } from './serve.ts';

export async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...DATABASE_OPTIONS, snapshot: { type: 'boolean' }, 'demo-as-of': { type: 'string' } } });
  const until = demoUntil(values['demo-as-of']);
  if (values.snapshot) {
    // `npm install` runs this (prepare): the demo `serve --demo` copies on its first run.
    if (demoSnapshotIsCurrent()) {
      console.log(`Dữ liệu mẫu dựng sẵn đã có (${DEMO_SNAPSHOT_DIR}).`);
      return 0;
    }
    console.log('Đang dựng sẵn dữ liệu mẫu cho lần chạy đầu của `npm start` …');
    await buildDemoSnapshot(configFrom(values), DEMO_SNAPSHOT_DIR, (line) => console.log(line));
    console.log(`Đã dựng sẵn dữ liệu mẫu tại ${DEMO_SNAPSHOT_DIR}.`);
    return 0;
  }
  return withContext(configFrom(values), async (ctx) => {
    if (!(await isDatabaseEmpty(ctx))) {
      throw new UsageError(`cơ sở dữ liệu ${ctx.database.location} đã có dữ liệu; dữ liệu mẫu chỉ nạp vào một thư mục dữ liệu mới (--data-dir).`);
    }
    await loadDemo(ctx, (line) => console.log(line), until ? { until } : {});
    console.log(`Đã nạp dữ liệu mẫu vào ${ctx.database.location}.`);
    printDemoAccounts(until);
    return 0;
  });
}
