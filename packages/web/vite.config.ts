import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @giaoban/web` serves the app with hot reload on :5173 and sends /api to
// a server started with `npm start` (port 3000).
export default defineConfig({
  plugins: [react()],
  // One React for the app and its libraries (a second copy breaks hooks).
  resolve: { dedupe: ['react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
