import { parseArgs } from 'node:util';
import { createUser, type ROLES } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, withContext } from './shared.ts';

export async function createUserCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...DATABASE_OPTIONS, username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' } },
  });
  const { username, password, role, unit, name } = values;
  if (!username || !password || !role || !unit) {
    throw new UsageError('cách dùng: giaoban create-user --username TÊN --password MẬT_KHẨU --role admin|steering|manager|reporter|viewer --unit MÃ_ĐƠN_VỊ [--name "Họ tên"]');
  }
  return withContext(configFrom(values), async (ctx) => {
    const user = await createUser(ctx, { username, password, role: role as (typeof ROLES)[number], unitCode: unit, displayName: name ?? username });
    console.log(`Đã tạo tài khoản ${user.username} (${user.role}).`);
    return 0;
  });
}
