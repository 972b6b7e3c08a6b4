// Builds the web app into dist/, which the server serves at `/` (same origin as the API).
// The build also writes dist/sw.js (src/pwa/service-worker-plugin.ts).
// `vite` (dev) proxies the API and the socket to a server on API_URL (default 127.0.0.1:8080).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { serviceWorkerPlugin } from './src/pwa/service-worker-plugin.js';

const api = process.env['API_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), serviceWorkerPlugin()],
  resolve: {
    // The SDK's entry also exports its Node file stores; keep node:fs out of the browser build.
    alias: { 'node:fs/promises': fileURLToPath(new URL('./src/browser/no-node-fs.ts', import.meta.url)) },
  },
  // The manifest lists the built files for the service worker's precache (then it is removed).
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', manifest: true },
  server: {
    proxy: {
      '/v1/ws': { target: api, ws: true },
      '/v1': api,
      '/healthz': api,
    },
  },
});
