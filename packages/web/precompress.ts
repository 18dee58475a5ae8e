/**
 * A build step that writes `name.br` and `name.gz` beside each built asset, at the highest
 * levels (compressing happens once, here), so the server sends them as they are
 * (@fastify/static `preCompressed`, packages/server/src/http/web.routes.ts) instead of
 * compressing the same script for every visitor.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text that compresses; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this a compressed copy saves less than a packet. */
const MIN_BYTES = 1024;

export function precompress(): Plugin {
  return {
    name: 'giaoban-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      await Promise.all(Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name)).map(async (name) => {
        const file = join(dir, name);
        const content = await readFile(file);
        if (content.length < MIN_BYTES) return;
        await writeFile(`${file}.br`, brotliCompressSync(content, {
          params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
        }));
        await writeFile(`${file}.gz`, gzipSync(content, { level: constants.Z_BEST_COMPRESSION }));
      }));
    },
  };
}
