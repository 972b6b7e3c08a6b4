// One Vitest config for the workspace: each package is a project; workspace packages resolve
// to their TypeScript sources so tests never need a build of their dependencies.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { storageFreeTests } from './scripts/storage-free-tests.js';

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

// Vitest's default is one worker less than the CPUs: a single worker on the 2-core CI machine, which
// then sits idle while a test file imports the server or waits for a browser, a database or a
// child process. Test files wait far more than they compute, so use at least two.
const maxWorkers = Math.max(2, availableParallelism() - 1);

// The PostgreSQL pass (npm run test:postgres) leaves out the test files that cannot see the
// database backend: they would run exactly as in the SQLite pass (scripts/storage-free-tests.ts).
const postgresPass = process.env['ANYTIME_TEST_DB'] === 'postgres';
const storageFree = postgresPass
  ? storageFreeTests(
      fileURLToPath(new URL('.', import.meta.url)),
      ['server', 'sdk'].map((pkg) => fileURLToPath(new URL(`./packages/${pkg}/src`, import.meta.url))),
      alias,
    )
  : [];

// Time limits catch a test or hook that hangs; they are not speed checks (those live in
// packages/bench). With two files at a time on 2 cores a CPU-bound test or a server's shutdown
// can take several times longer than alone, so every project gets the server's limits rather than
// Vitest's defaults (5 s per test, 10 s per hook), which two such runs exceeded.
const WAITS = { testTimeout: 30_000, hookTimeout: 60_000 };

// Tests whose timing is the thing under test run after everything else, one file at a time: the
// browser tests (three Chromium pages with fake media and the app server in one process) and the
// cluster tests (two server processes, NATS or PostgreSQL restarted under load). Beside another
// CPU-heavy file on 2 cores they failed CI runs that pass alone (a sign-in that never showed the
// chats, sockets that had not caught up 30 s after a NATS restart).
const CLUSTER_TESTS = ['packages/server/src/**/*.cluster.test.ts', 'packages/server/src/**/cluster.test.ts'];
const ALONE = { maxWorkers: 1, sequence: { groupOrder: 1 } };

export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers,
    projects: [
      { resolve: { alias }, test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'], ...WAITS } },
      {
        resolve: { alias },
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts'],
          // The cluster tests have a project of their own (below).
          exclude: [...CLUSTER_TESTS, ...storageFree, '**/node_modules/**'],
          ...WAITS,
        },
      },
      {
        resolve: { alias },
        // Always on PostgreSQL + NATS, so run once: in the SQLite pass (the PostgreSQL pass names
        // only the server and sdk projects).
        test: { name: 'cluster', include: CLUSTER_TESTS, ...WAITS, ...ALONE, sequence: { groupOrder: 2 } },
      },
      {
        resolve: { alias },
        test: { name: 'crypto', include: ['packages/crypto/src/**/*.test.ts'], ...WAITS, testTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'sdk',
          include: ['packages/sdk/src/**/*.test.ts'],
          exclude: postgresPass ? [...storageFree, '**/node_modules/**'] : ['**/node_modules/**'],
          ...WAITS,
        },
      },
      {
        resolve: { alias },
        test: { name: 'web', include: ['packages/web/src/**/*.test.{ts,tsx}'], environment: 'jsdom', ...WAITS },
      },
      {
        resolve: { alias },
        // Browser end to end: Debian's Chromium against the real server and the built web app.
        test: {
          name: 'e2e',
          include: ['packages/web/e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          ...ALONE,
        },
      },
      {
        resolve: { alias },
        test: { name: 'bench', include: ['packages/bench/src/**/*.test.ts'], ...WAITS, testTimeout: 60_000 },
      },
    ],
  },
});
