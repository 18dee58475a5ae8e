/**
 * Compressed answers, negotiated with Accept-Encoding (issue 18, "a light page on a slow
 * phone"): brotli when the browser takes it, gzip otherwise, nothing for `identity`.
 *
 * Dynamic answers (the dashboard's JSON) are compressed per request, so the levels are the
 * ones that cost little CPU on a small server: brotli quality 4 compresses JSON about as well
 * as gzip -9 at a fraction of the time of the default quality 11. The built app's files are
 * compressed once at build time (packages/web/vite.config.ts) and sent as they are
 * (web.routes.ts); a Content-Encoding already set is left alone. The live stream
 * (dashboards/live.routes.ts) hijacks its reply, so it is never buffered by a compressor.
 */
import { constants } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import fp from 'fastify-plugin';

/** Below this an answer goes as it is: compressing it would not save a round trip. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
export const BROTLI_QUALITY = 4;
export const GZIP_LEVEL = 6;

async function compressionPlugin(app: FastifyInstance): Promise<void> {
  // Answers only: a compressed request body is not inflated (the plugin would by default),
  // so the body and upload limits keep counting the bytes that arrive, as before.
  app.addHook('onRoute', (route) => {
    route.decompress ??= false;
  });
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } },
    zlibOptions: { level: GZIP_LEVEL },
  });
}

export const compression = fp(compressionPlugin, { name: 'giaoban-compression' });
