// Builds the masks test page (vite.config.ts beside this file) into a folder our server can
// serve as its WEB_DIR; the same Vite asset handling as the app's build.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { HARNESS_DIST } from './vite.config.js';

export { HARNESS_DIST };

export async function buildMasksHarness(): Promise<string> {
  await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
  return HARNESS_DIST;
}
