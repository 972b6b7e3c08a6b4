// One Vitest config for the workspace: each package is a project; workspace packages resolve
// to their TypeScript sources so tests never need a build of their dependencies.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));
const alias = {
  '@anytime/server/test-databases': fileURLToPath(new URL('./packages/server/src/test-databases.ts', import.meta.url)),
  '@anytime/server/bench-seed': fileURLToPath(new URL('./packages/server/src/bench-seed.ts', import.meta.url)),
  '@anytime/server/media-image': fileURLToPath(
    new URL('./packages/server/src/modules/media/image.ts', import.meta.url),
  ),
  '@anytime/server/sfu': fileURLToPath(new URL('./packages/server/src/modules/sfu/werift-sfu.ts', import.meta.url)),
  '@anytime/protocol/testing': fileURLToPath(new URL('./packages/protocol/src/testing.ts', import.meta.url)),
  '@anytime/protocol/werift-ice-restart': fileURLToPath(
    new URL('./packages/protocol/src/werift-ice-restart.ts', import.meta.url),
  ),
  '@anytime/protocol': src('protocol'),
  '@anytime/sdk': src('sdk'),
  '@anytime/crypto': src('crypto'),
  '@anytime/server': src('server'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'] } },
      {
        resolve: { alias },
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts'],
          // The cluster test always runs on PostgreSQL + NATS; run it once, in the SQLite pass.
          exclude:
            process.env['ANYTIME_TEST_DB'] === 'postgres'
              ? ['**/cluster.test.ts', '**/*.cluster.test.ts', '**/node_modules/**']
              : ['**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: { name: 'crypto', include: ['packages/crypto/src/**/*.test.ts'], testTimeout: 60_000 },
      },
      { resolve: { alias }, test: { name: 'sdk', include: ['packages/sdk/src/**/*.test.ts'], testTimeout: 30_000 } },
      {
        resolve: { alias },
        test: { name: 'web', include: ['packages/web/src/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
      {
        resolve: { alias },
        // Browser end to end: Debian's Chromium against the real server and the built web app.
        test: {
          name: 'e2e',
          include: ['packages/web/e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: { name: 'bench', include: ['packages/bench/src/**/*.test.ts'], testTimeout: 60_000 },
      },
    ],
  },
});
