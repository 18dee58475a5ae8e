// Lint, including the layer rule of STYLE.md: core imports nothing of ours; db only core;
// server's routes never touch the database (they call services); services never see HTTP.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const ours = (...names) => names.map((name) => ({ name, message: `This layer may not import ${name} (see STYLE.md, "Dependency direction").` }));
const patterns = (...groups) => groups.map((group) => ({ group, message: 'This layer may not import that (see STYLE.md, "Dependency direction").' }));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.bench-data/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
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
    files: ['packages/server/src/routes/**/*.ts', 'packages/server/src/auth/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@giaoban/db', allowTypeImports: true, message: 'Routes call services; they never touch the database (STYLE.md).' }],
        patterns: patterns(['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', '**/*.repository.ts']),
      }],
    },
  },
  {
    files: ['packages/server/src/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ours('fastify', '@giaoban/cli'), patterns: patterns(['@fastify/*', '**/routes/**']) }] },
  },
  {
    files: ['packages/cli/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@giaoban/db', allowTypeImports: true, message: 'Commands call services (STYLE.md).' }],
        patterns: patterns(['**/routes/**', 'fastify', 'drizzle-orm', 'drizzle-orm/*']),
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
