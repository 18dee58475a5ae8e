/**
 * Makes the built app installable and usable without a network: the web manifest with its
 * icons (drawn here, see png.ts), and the service worker (src/sw/service-worker.ts) given
 * the list of the build's files to cache. Runs in `vite build` only.
 *
 * Hand-written rather than vite-plugin-pwa: that brings workbox-build (Babel, Rollup, Terser
 * and some 150 packages) for what is here 60 lines of worker, and its own Node requirement.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { transformWithEsbuild, type Plugin } from 'vite';
import { encodePng } from './png.ts';

/** The colour of the header bar (index.html's theme-color) and of the icons' ground. */
export const THEME_COLOUR = '#0b5cad';
const GROUND = [0x0b, 0x5c, 0xad, 255] as const;
const WHITE = [255, 255, 255, 255] as const;
const ICON_SIZES = [192, 512] as const;

/**
 * The icon: three rising white bars (a weekly report's figures) on the header's blue, kept
 * inside the middle 60 % so a launcher's round or squircle mask never cuts them.
 */
function drawIcon(size: number): Buffer {
  const unit = size / 10;
  const bars = [{ x: 2.2, top: 5.2 }, { x: 4.35, top: 3.7 }, { x: 6.5, top: 2.2 }];
  const bottom = 7.8 * unit;
  const width = 1.3 * unit;
  return encodePng(size, size, (x, y) => {
    const inBar = bars.some((b) => x >= b.x * unit && x < b.x * unit + width && y >= b.top * unit && y < bottom);
    return inBar ? WHITE : GROUND;
  });
}

const SW_SOURCE = new URL('../src/sw/service-worker.ts', import.meta.url);

export function pwaPlugin(): Plugin {
  let shellFiles: string[] = [];
  return {
    name: 'giaoban-pwa',
    apply: 'build',
    // Every file the worker caches must be there, or its install fails and the app is not offline.
    writeBundle(options) {
      const missing = shellFiles.filter((f) => f !== 'index.html' && !existsSync(join(options.dir ?? 'dist', f)));
      if (missing.length > 0) throw new Error(`the service worker would cache files the build did not write: ${missing.join(', ')}`);
    },
    async generateBundle(_options, bundle) {
      // Hashed like every other asset (the server caches /assets/ for a year).
      const icons = ICON_SIZES.map((size) => ({
        size, ref: this.emitFile({ type: 'asset', name: `icon-${size}.png`, source: drawIcon(size) }),
      }));
      const manifest = {
        name: 'Giao Ban',
        short_name: 'Giao Ban',
        description: 'Giao chỉ tiêu, báo cáo hằng tuần và tổng hợp số liệu của chiến dịch tình nguyện.',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: THEME_COLOUR,
        icons: icons.flatMap(({ size, ref }) => (['any', 'maskable'] as const).map((purpose) => (
          { src: `/${this.getFileName(ref)}`, sizes: `${size}x${size}`, type: 'image/png', purpose }
        ))),
      };
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: `${JSON.stringify(manifest, null, 2)}\n` });

      // Everything the build wrote except source maps (and the worker itself), index.html included.
      // A page's stylesheet shared by several pages is a chunk of CSS whose empty JavaScript
      // Vite drops after this hook: listed, it would 404 and fail the worker's whole install.
      const written = (f: string) => {
        const item = bundle[f];
        return item?.type !== 'chunk' || item.code.replace(/\/\*[\s\S]*?\*\//g, '').trim() !== '';
      };
      const files = [...Object.keys(bundle).filter(written), 'index.html'].filter((f, i, all) => !f.endsWith('.map') && all.indexOf(f) === i).sort();
      shellFiles = files;
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const { code } = await transformWithEsbuild(readFileSync(SW_SOURCE, 'utf8'), 'service-worker.ts', { target: 'es2022', format: 'esm' });
      const placeholder = 'scope.__GIAOBAN_SHELL__';
      if (!code.includes(placeholder)) throw new Error(`${SW_SOURCE.pathname} no longer reads ${placeholder}: the worker would cache nothing`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code.replace(placeholder, JSON.stringify({ version, files })) });
    },
  };
}
