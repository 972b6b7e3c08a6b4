// The real server for browser tests, serving the built web app (npm test builds it first).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '@anytime/server';

export const WEB_DIST = fileURLToPath(new URL('../dist', import.meta.url));
/** Screenshots of every run land here (ignored by git). */
export const SHOTS_DIR = fileURLToPath(new URL('../../../test-results/screenshots', import.meta.url));

/** `env`: more server settings (e.g. CALL_RING_SECONDS, TURN_URLS for the call tests). */
export async function startAppServer(env: Record<string, string> = {}): Promise<TestServer> {
  if (!existsSync(`${WEB_DIST}/index.html`)) {
    throw new Error(`${WEB_DIST}/index.html is missing: build the web app first (npm run build)`);
  }
  return startTestServer({ env: { WEB_DIR: WEB_DIST, ...env } });
}
