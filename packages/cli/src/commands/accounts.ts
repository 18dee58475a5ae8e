/**
 * giaoban accounts list|create|update|reset|sign-out|upload: the accounts admin of the web
 * app from the command line, as the system (no role limit: whoever runs it holds the data
 * directory). Temporary passwords and sign-in links are printed once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatDate, localDateTimeOf } from '@giaoban/core';
import {
  ROLE_LABELS, createAccount, listAccounts, resetAccountCredential, signOutAccount, updateAccount, uploadAccounts, type AccountWithCredential,
} from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';

type Role = keyof typeof ROLE_LABELS;
const ROLES = Object.keys(ROLE_LABELS) as Role[];

const ACTIONS = ['list', 'create', 'update', 'reset', 'sign-out', 'upload'];

const USAGE = [
  'cách dùng: giaoban accounts <việc> --unit MÃ_ĐƠN_VỊ …',
  '  list      [--own] [--json]                                   tài khoản của đơn vị và các đơn vị trực thuộc (--own: chỉ đơn vị)',
  '  create    --username TÊN --name "Họ tên" --role VAI_TRÒ [--email E] [--link]   mật khẩu tạm (hoặc đường dẫn đăng nhập), in ra một lần',
  '  update    --username TÊN [--name "Họ tên"] [--role VAI_TRÒ] [--email E|--no-email] [--disable|--enable]',
  '  reset     --username TÊN [--link]                            cấp lại mật khẩu tạm hoặc đường dẫn; đăng xuất mọi nơi',
  '  sign-out  --username TÊN                                     đăng xuất tài khoản ở mọi nơi',
  '  upload    --file TỆP.xlsx|TỆP.csv --out KẾT_QUẢ.xlsx         tạo hàng loạt (mã đơn vị, tên đăng nhập, họ tên, email, vai trò)',
  `  vai trò: ${ROLES.join(', ')}`,
].join('\n');

const instantText = (iso: string) => {
  const { date, time } = localDateTimeOf(new Date(iso).toISOString());
  return `${formatDate(date)} ${time}`;
};

function roleOf(text: string | undefined): Role | undefined {
  if (text === undefined) return undefined;
  if (!(ROLES as string[]).includes(text)) throw new UsageError(`vai trò "${text}" không có; chọn một trong: ${ROLES.join(', ')}.`);
  return text as Role;
}

function printCredential(made: AccountWithCredential): void {
  if (made.temporaryPassword) console.log(`Mật khẩu tạm (chỉ hiện một lần, phải đổi ở lần đăng nhập đầu): ${made.temporaryPassword}`);
  if (made.signInLink) {
    console.log(`Đường dẫn đăng nhập dùng một lần (ghép sau địa chỉ máy chủ, hết hạn ${instantText(made.expiresAt!.toISOString())}): ${made.signInLink}`);
  }
}

export async function accountsCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!action || !ACTIONS.includes(action)) throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...DATABASE_OPTIONS, unit: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' },
      email: { type: 'string' }, 'no-email': { type: 'boolean' }, link: { type: 'boolean' }, disable: { type: 'boolean' }, enable: { type: 'boolean' },
      own: { type: 'boolean' }, json: { type: 'boolean' }, file: { type: 'string' }, out: { type: 'string' },
    },
  });
  const unit = values.unit;
  if (!unit) throw new UsageError(USAGE);
  const username = () => {
    if (!values.username) throw new UsageError(`giaoban accounts ${action} cần --username.\n${USAGE}`);
    return values.username;
  };
  const role = roleOf(values.role);
  if (values.disable && values.enable) throw new UsageError('chọn --disable hoặc --enable, không cả hai.');
  if (action === 'upload' && (!values.file || !values.out)) throw new UsageError(`giaoban accounts upload cần --file và --out.\n${USAGE}`);
  if (action === 'create' && (!values.name || !role)) throw new UsageError(`giaoban accounts create cần --username, --name và --role.\n${USAGE}`);
  const credential = values.link ? 'link' as const : 'password' as const;

  return withContext(configFrom(values), async (ctx) => {
    switch (action) {
      case 'list': {
        const accounts = await listAccounts(ctx, unit, { subtree: !values.own });
        if (values.json) {
          console.log(JSON.stringify(accounts.map(({ id: _id, ...a }) => a), null, 2));
          return 0;
        }
        printTable(['Đơn vị', 'Tên đăng nhập', 'Họ tên', 'Vai trò', 'Trạng thái', 'Đăng nhập gần nhất'], accounts.map((a) => [
          a.unitCode, a.username, a.displayName, ROLE_LABELS[a.role].vi,
          !a.active ? 'đã khóa' : a.mustChangePassword ? 'chờ đổi mật khẩu' : 'hoạt động', a.lastSignInAt ? instantText(a.lastSignInAt) : 'chưa',
        ]));
        return 0;
      }
      case 'create': {
        const made = await createAccount(ctx, unit, null, { username: username(), displayName: values.name!, role: role!, email: values.email, credential });
        console.log(`Đã tạo tài khoản ${made.account.username} (${ROLE_LABELS[made.account.role].vi}, ${made.account.unitCode}).`);
        printCredential(made);
        return 0;
      }
      case 'update': {
        const account = await updateAccount(ctx, unit, username(), null, {
          displayName: values.name, role, email: values['no-email'] ? null : values.email,
          active: values.disable ? false : values.enable ? true : undefined,
        });
        console.log(`Đã cập nhật tài khoản ${account.username}: ${account.displayName}, ${ROLE_LABELS[account.role].vi}, ${account.active ? 'hoạt động' : 'đã khóa'}.`);
        return 0;
      }
      case 'reset': {
        const made = await resetAccountCredential(ctx, unit, username(), null, credential);
        console.log(`Đã cấp lại thông tin đăng nhập cho ${made.account.username}; tài khoản đã được đăng xuất ở mọi nơi.`);
        printCredential(made);
        return 0;
      }
      case 'sign-out': {
        const signedOut = await signOutAccount(ctx, unit, username(), null);
        console.log(`Đã đăng xuất ${values.username} ở ${signedOut} phiên.`);
        return 0;
      }
      default: {
        const file = values.file!;
        const body = readFileSync(file);
        const result = await uploadAccounts(ctx, unit, null, { body, kind: /\.csv$/i.test(file) ? 'csv' : 'xlsx' });
        writeFileSync(values.out!, result.file, { mode: 0o600 });
        console.log(`Đã tạo ${result.created} tài khoản; mật khẩu tạm trong ${values.out} (chỉ có ở tệp này: giữ cẩn thận, xóa sau khi đã trao).`);
        return 0;
      }
    }
  });
}
