// Builds the masks test page (index.html + harness.ts, with the masks module and its model
// and wasm files) into a folder our server can serve as its WEB_DIR. Used by the masks
// browser tests and the masks bench; the same Vite asset handling as the app's build.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
export const HARNESS_DIST = fileURLToPath(new URL('../../../../test-results/masks-harness', import.meta.url));

export async function buildMasksHarness(outDir = HARNESS_DIST): Promise<string> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false, chunkSizeWarningLimit: 4096 },
  });
  return outDir;
}
