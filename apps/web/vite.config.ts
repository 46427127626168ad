import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Built into dist/ and served by the node at `/` (apps/server/src/server/web-app.ts). Files in
 * dist/assets/ carry a content hash in their names, so the server caches them for a year.
 * `npm run dev:web` serves the pages with hot reload and proxies the API to a running node.
 */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/docs': 'http://127.0.0.1:8080',
    },
  },
});
