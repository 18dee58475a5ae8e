/** BENCHMARKS.md: each benchmark owns one "## " section, replaced when it runs again. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCHMARKS_FILE = path.join(fileURLToPath(new URL('../../../../', import.meta.url)), 'BENCHMARKS.md');

const INTRO = `# Benchmarks

Performance figures of Giao Ban, each section produced by the command it names and
replaced when that command is run again. No timings are asserted in tests; figures come
from these commands, on the machine described in each section. Numbers are written the
Vietnamese way (\`20.000\` is twenty thousand, \`1,5\` is one and a half).
`;

/** Replaces the section that starts with `heading` (the first line of `text`), or appends it. */
export function writeSection(heading: string, text: string): void {
  const existing = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : INTRO;
  const lines = existing.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  let out: string;
  if (start === -1) {
    out = `${existing.trimEnd()}\n\n${text.trimEnd()}\n`;
  } else {
    const rest = lines.slice(start + 1).findIndex((l) => /^## /.test(l));
    const end = rest === -1 ? lines.length : start + 1 + rest;
    const before = lines.slice(0, start).join('\n').trimEnd();
    const after = lines.slice(end).join('\n').trim();
    out = `${before}\n\n${text.trimEnd()}\n${after ? `\n${after}\n` : ''}`;
  }
  writeFileSync(BENCHMARKS_FILE, out);
}
