// Vite config of the masks test page (index.html + harness.ts): built into
// test-results/masks-harness by the masks browser tests (build-harness.ts) and by the masks
// bench (packages/bench/src/scenarios/masks.ts runs `vite build -c` on this file), then served
// by our real server as its WEB_DIR.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export const HARNESS_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const HARNESS_DIST = fileURLToPath(new URL('../../../../test-results/masks-harness', import.meta.url));

export default defineConfig({
  root: HARNESS_ROOT,
  logLevel: 'warn',
  build: { outDir: HARNESS_DIST, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
});
