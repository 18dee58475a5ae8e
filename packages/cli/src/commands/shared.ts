/** What every command shares: options for the database, opening it, exit codes from error ids. */
import { DomainError } from '@giaoban/core';
import { loadConfig, openServiceContext, type Config, type ServiceContext } from '@giaoban/server';

export const DATABASE_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const;

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

/** Prints an error the way a person reads it and returns the process exit code. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`Lỗi: ${error.message}`);
    return 2;
  }
  if (error instanceof DomainError) {
    console.error(`Lỗi: ${error.message}`);
    const fields = error.details.fields as { field: string; message: string }[] | undefined;
    if (fields && fields.length > 1) for (const f of fields) console.error(`  - ${f.field}: ${f.message}`);
    const rows = error.details.rows as { line: number; column: string; message: string }[] | undefined;
    if (rows) for (const r of rows) console.error(`  - dòng ${r.line}, cột ${r.column}: ${r.message}`);
    return EXIT_CODES[error.code] ?? 1;
  }
  console.error(error);
  return 1;
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
