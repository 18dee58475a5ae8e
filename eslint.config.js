// Lint, including the layer rule of STYLE.md: core imports nothing of ours; db only core;
// server's routes never touch the database (they call services); services never see HTTP;
// a module of the server is entered only through its index.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const SERVER_SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'packages/server/src');

/** The module (first folder under packages/server/src) a file belongs to, or null. */
function serverModuleOf(file) {
  const relative = path.relative(SERVER_SRC, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

/**
 * packages/server/src/<module>/… is one context (reporting, planning, …): code outside it
 * (another module, the app, the CLI, the tests) imports it only through <module>/index.ts.
 */
const moduleBoundaries = {
  meta: { type: 'problem', schema: [], messages: { inside: 'Import {{module}} through {{module}}/index.ts, not its file {{file}} (README, "Layout").' } },
  create(context) {
    const own = serverModuleOf(context.filename);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), spec);
      const module = serverModuleOf(target);
      if (module === null || module === own || path.basename(target) === 'index.ts') return;
      context.report({ node: node.source, messageId: 'inside', data: { module, file: path.relative(path.join(SERVER_SRC, module), target) } });
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check, ImportExpression: check };
  },
};

const ours = (...names) => names.map((name) => ({ name, message: `This layer may not import ${name} (see STYLE.md, "Dependency direction").` }));
const patterns = (...groups) => groups.map((group) => ({ group, message: 'This layer may not import that (see STYLE.md, "Dependency direction").' }));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.bench-data/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, giaoban: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: {
      'giaoban/module-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'Focused tests hide the others.' }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ours('@giaoban/db', '@giaoban/server', '@giaoban/cli', 'fs', 'node:fs', 'http', 'node:http', 'pg'),
        patterns: patterns(['@giaoban/*', '../../*', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*', 'fastify', 'fastify/*']),
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'core takes time as an argument.' },
        { object: 'process', property: 'env', message: 'core takes configuration as an argument.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes time as an argument.' }],
    },
  },
  {
    files: ['packages/db/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ours('@giaoban/server', '@giaoban/cli'), patterns: patterns(['fastify', 'fastify/*', '@fastify/*']) }] },
  },
  {
    files: ['packages/server/src/**/*.routes.ts', 'packages/server/src/**/*.schemas.ts', 'packages/server/src/**/*.plugin.ts', 'packages/server/src/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@giaoban/db', allowTypeImports: true, message: 'Routes call services; they never touch the database (STYLE.md).' }],
        patterns: patterns(['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', '**/*.repository.ts']),
      }],
    },
  },
  {
    files: ['packages/server/src/**/*.service.ts', 'packages/server/src/infra/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ours('fastify', '@giaoban/cli'), patterns: patterns(['@fastify/*', '**/*.routes.ts', '**/*.schemas.ts', '**/http/**']) }] },
  },
  {
    files: ['packages/cli/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@giaoban/db', allowTypeImports: true, message: 'Commands call services (STYLE.md).' }],
        patterns: patterns(['**/*.routes.ts', 'fastify', 'drizzle-orm', 'drizzle-orm/*']),
      }],
    },
  },
  {
    // The browser app talks to the server only over HTTP: it may import core's pure helpers
    // and the API's types (type-only, so no server code is bundled), nothing else of ours.
    files: ['packages/web/src/**/*.ts', 'packages/web/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', {
        paths: [
          { name: '@giaoban/server/api', allowTypeImports: true, message: 'The web app imports only the API types (STYLE.md).' },
          ...ours('@giaoban/db', '@giaoban/server', '@giaoban/cli'),
        ],
        patterns: patterns(['@giaoban/server/src/*', '@giaoban/db/*', 'node:*', '**/server/src/**', '**/db/src/**']),
      }],
    },
  },
);
