/** What every command shares: options for the database, opening it, exit codes from error ids. */
import { DomainError, FieldProblemsError, RowProblemsError, formatNumber } from '@giaoban/core';
import type { DataDirLockedError, DatabaseConnectionError } from '@giaoban/db';
import { loadConfig, openServiceContext, type Config, type ServiceContext } from '@giaoban/server';

/** Every command takes these; `--lang en` also turns the error lines below into English. */
export const DATABASE_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  lang: { type: 'string' },
} as const;

export type Language = 'vi' | 'en';

/** `--lang en` or `--lang=en` anywhere among a command's arguments; Vietnamese otherwise. */
export function languageOf(args: readonly string[]): Language {
  for (let i = 0; i < args.length; i++) {
    const value = args[i] === '--lang' ? args[i + 1] : args[i]?.startsWith('--lang=') ? args[i]!.slice('--lang='.length) : undefined;
    if (value !== undefined) return value === 'en' ? 'en' : 'vi';
  }
  return 'vi';
}

export function configFrom(values: { 'data-dir'?: string | undefined; 'database-url'?: string | undefined }, extra: Partial<Config> = {}): Config {
  const overrides: { -readonly [K in keyof Config]?: Config[K] } = { ...extra };
  if (values['data-dir']) overrides.dataDir = values['data-dir'];
  if (values['database-url']) overrides.databaseUrl = values['database-url'];
  return loadConfig(process.env, overrides);
}

export async function withContext<T>(config: Config, run: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const ctx = await openServiceContext(config);
  try {
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}

export class UsageError extends Error {}

const EXIT_CODES: Partial<Record<string, number>> = { validation: 2, invalid_period: 2, not_found: 3, conflict: 4 };

/**
 * Exit codes of failures that are not the command's own (README, "Exit codes"): the PGlite
 * data directory is held by another process; the PostgreSQL server cannot be used; the
 * server cannot listen on its address.
 */
export const EXIT_DATA_DIR_LOCKED = 5;
export const EXIT_DATABASE_UNAVAILABLE = 6;
export const EXIT_CANNOT_LISTEN = 7;

/** Prints an error the way a person reads it and returns the process exit code. */
export function reportError(error: unknown, lang: Language = 'vi'): number {
  const en = lang === 'en';
  if (error instanceof UsageError) {
    console.error(`Lỗi: ${error.message}`);
    return 2;
  }
  if (hasCode<DataDirLockedError>(error, 'data_dir_locked')) {
    const pid = error.holderPid === null ? (en ? 'pid unknown' : 'không rõ pid') : `pid ${error.holderPid}`;
    console.error(en
      ? `Error: the data directory ${error.dataDir} is in use by another process (${pid}), usually a running Giao Ban server. Stop that server, or work through its API (the web page or POST /api/v1/...).`
      : `Lỗi: thư mục dữ liệu ${error.dataDir} đang được một tiến trình khác dùng (${pid}), thường là máy chủ Giao Ban đang chạy. Hãy dừng máy chủ đó, hoặc làm việc qua API của nó (trang web hoặc POST /api/v1/...).`);
    return EXIT_DATA_DIR_LOCKED;
  }
  if (hasCode<DatabaseConnectionError>(error, 'database_unavailable')) {
    console.error(connectionMessage(error, en));
    return error.problem === 'bad_url' ? 2 : EXIT_DATABASE_UNAVAILABLE;
  }
  const listenFailure = listenMessage(error, en);
  if (listenFailure) {
    console.error(listenFailure);
    return EXIT_CANNOT_LISTEN;
  }
  if (isZodError(error)) {
    // A setting read from the environment (config.ts): name it, never echo its value.
    const names = [...new Set(error.issues.map((i) => i.path.join('.')))].join(', ');
    console.error(en
      ? `Error: invalid setting (${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}).`
      : `Lỗi: giá trị của ${names} không hợp lệ.`);
    return 2;
  }
  if (error instanceof DomainError) {
    console.error(`Lỗi: ${error.message}`);
    if (error instanceof FieldProblemsError && error.fields.length > 1) for (const f of error.fields) console.error(`  - ${f.field}: ${f.message}`);
    if (error instanceof RowProblemsError) for (const r of error.rows) console.error(`  - dòng ${r.line}, cột ${r.column}: ${r.message}`);
    return EXIT_CODES[error.code] ?? 1;
  }
  console.error(error);
  return 1;
}

function connectionMessage(error: DatabaseConnectionError, en: boolean): string {
  const { host, location } = error;
  const seconds = Math.round(error.timeoutMs / 100) / 10;
  const database = error.database || (en ? '(default)' : '(mặc định)');
  const user = error.user || (en ? '(default)' : '(mặc định)');
  switch (error.problem) {
    case 'bad_url':
      return en
        ? 'Error: DATABASE_URL (or --database-url) is not a valid postgres:// address (postgres://user@host:port/database).'
        : 'Lỗi: DATABASE_URL (hoặc --database-url) không phải một địa chỉ postgres:// hợp lệ (postgres://tài_khoản@máy:cổng/cơ_sở_dữ_liệu).';
    case 'timeout':
      return en
        ? `Error: the database server ${host} did not answer within ${seconds} s (${location}). Check that PostgreSQL runs and is reachable; connect_timeout=SECONDS in the address waits longer.`
        : `Lỗi: máy chủ cơ sở dữ liệu ${host} không trả lời sau ${formatNumber(seconds, 1)} giây (${location}). Hãy kiểm tra PostgreSQL có đang chạy và kết nối được không; thêm connect_timeout=SỐ_GIÂY vào địa chỉ để chờ lâu hơn.`;
    case 'refused':
      return en
        ? `Error: the database server ${host} refused the connection (${location}): is PostgreSQL running and listening on that port?`
        : `Lỗi: máy chủ cơ sở dữ liệu ${host} từ chối kết nối (${location}): PostgreSQL có đang chạy và nghe ở cổng này không?`;
    case 'unknown_host':
      return en
        ? `Error: the database server ${host} was not found (${location}).`
        : `Lỗi: không tìm thấy máy chủ cơ sở dữ liệu ${host} (${location}).`;
    case 'unknown_database':
      return en
        ? `Error: the server ${host} has no database "${database}" (${location}); create it first (createdb).`
        : `Lỗi: máy chủ ${host} không có cơ sở dữ liệu «${database}» (${location}); hãy tạo nó trước (createdb).`;
    case 'unknown_role':
      return en
        ? `Error: the server ${host} has no role "${user}" (${location}).`
        : `Lỗi: máy chủ ${host} không có tài khoản «${user}» (${location}).`;
    case 'authentication':
      return en
        ? `Error: the server ${host} refused the role "${user}": wrong password or not allowed to sign in (${location}).`
        : `Lỗi: máy chủ ${host} không chấp nhận tài khoản «${user}»: sai mật khẩu hoặc không được phép đăng nhập (${location}).`;
    default:
      return en
        ? `Error: cannot use the database ${location}${error.detail ? `: ${error.detail}` : ''}.`
        : `Lỗi: không dùng được cơ sở dữ liệu ${location}${error.detail ? `: ${error.detail}` : ''}.`;
  }
}

/** The HTTP server could not take its address (Node's listen errors, passed on by Fastify). */
function listenMessage(error: unknown, en: boolean): string | null {
  const e = error as { code?: unknown; port?: unknown; address?: unknown; syscall?: unknown } | null;
  if (!e || typeof e !== 'object' || e.syscall !== 'listen') return null;
  const port = typeof e.port === 'number' ? e.port : '?';
  const host = typeof e.address === 'string' ? e.address : '?';
  switch (e.code) {
    case 'EADDRINUSE':
      return en
        ? `Error: port ${port} on ${host} is already in use, perhaps by another Giao Ban server. Stop it, or choose another port (--port or PORT).`
        : `Lỗi: cổng ${port} trên ${host} đang được dùng, có thể bởi một máy chủ Giao Ban khác. Hãy dừng nó, hoặc chọn cổng khác (--port hoặc PORT).`;
    case 'EACCES':
      return en
        ? `Error: not allowed to listen on port ${port} of ${host} (ports below 1024 need privileges); choose another port (--port or PORT).`
        : `Lỗi: không được phép nghe ở cổng ${port} trên ${host} (cổng dưới 1024 cần quyền quản trị); hãy chọn cổng khác (--port hoặc PORT).`;
    case 'EADDRNOTAVAIL':
      return en
        ? `Error: ${host} is not an address of this machine (--host or HOST).`
        : `Lỗi: ${host} không phải địa chỉ của máy này (--host hoặc HOST).`;
    default:
      return null;
  }
}

/** The storage layer's errors, told apart by their code (commands do not import it). */
function hasCode<T extends Error>(error: unknown, code: string): error is T {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}

function isZodError(error: unknown): error is { issues: { path: (string | number)[]; message: string }[] } {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

/** A plain-text table: the first and last columns left-aligned, the others (figures) right-aligned. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (c === 0 ? Math.min((r[c] ?? '').length, 60) : (r[c] ?? '').length))));
  const cell = (text: string, c: number) => {
    const w = widths[c] ?? 0;
    const t = text.length > w ? `${text.slice(0, w - 1)}…` : text;
    return c === 0 || c === headers.length - 1 ? t.padEnd(w) : t.padStart(w);
  };
  const line = (r: string[]) => r.map(cell).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
