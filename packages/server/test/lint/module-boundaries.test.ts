/**
 * The layout holds: code of one module of the server reaches another only through its index
 * (eslint.config.js, rule giaoban/module-boundaries). Lints made-up files placed in the tree.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function problemsOf(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'giaoban/module-boundaries').map((m) => m.message);
}

describe('giaoban/module-boundaries', () => {
  it.each([
    // file, import, problems expected
    ['packages/server/src/documents/x.ts', "import { applySubmissions } from '../reporting/report-writer.ts';", 1],
    ['packages/server/src/documents/x.ts', "export * from '../reporting/reports.service.ts';", 1],
    ['packages/server/src/app.ts', "import { getProgress } from './dashboards/progress.service.ts';", 1],
    ['packages/server/test/x.test.ts', "import { importValues } from '../src/imports/csv-import.service.ts';", 1],
    ['packages/server/src/documents/x.ts', "import { applySubmissions } from '../reporting/index.ts';", 0],
    ['packages/server/src/reporting/x.ts', "import { applySubmissions } from './report-writer.ts';", 0],
    ['packages/server/src/app.ts', "import { loadConfig } from './config.ts';", 0],
  ] as const)('%s: %s → %i', async (file, line, expected) => {
    const problems = await problemsOf(file, `${line}\nexport const used = 1;\n`);
    expect(problems).toHaveLength(expected);
    if (expected) expect(problems[0]).toMatch(/through \w+\/index\.ts/);
  });
});
