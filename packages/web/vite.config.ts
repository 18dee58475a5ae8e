import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { pwaPlugin } from './vite/pwa-plugin.ts';
import { precompress } from './precompress.ts';

// `npm run dev -w @giaoban/web` serves the app with hot reload on :5173 and sends /api to
// a server started with `npm start` (port 3000).
export default defineConfig({
  // pwaPlugin (the web manifest, its icons, the offline service worker) before precompress, which compresses what it wrote.
  plugins: [react(), pwaPlugin(), precompress()],
  // One React for the app and its libraries (a second copy breaks hooks).
  resolve: { dedupe: ['react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
