// The shared limiter on a real PostgreSQL database: the same answers as the in-memory one, exact
// under concurrent attempts (as from several nodes), windows that reset, keys kept apart.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../testing.js';
import { migrate } from '../../storage/open.js';
import { PostgresStorage } from '../../storage/postgres.js';
import { SharedRateLimiter } from './shared-rate-limit.js';

let db: TestDatabase & { url: string };
let storage: PostgresStorage;
beforeAll(async () => {
  db = await createPostgresDatabase();
  storage = new PostgresStorage(db.url);
  await migrate(storage.read, 'postgres');
});
afterAll(async () => {
  await storage?.close();
  await db?.drop();
});

it('allows the limit per window, then says how long to wait, then resets', async () => {
  let now = 1_000_000;
  const limiter = new SharedRateLimiter(storage.read, 't1:', 3, 10_000, () => now);
  expect([await limiter.hit('u'), await limiter.hit('u'), await limiter.hit('u')]).toEqual([0, 0, 0]);
  now += 2_500;
  expect(await limiter.hit('u')).toBe(8);
  expect(await limiter.hit('other')).toBe(0);
  now += 7_500;
  expect(await limiter.hit('u')).toBe(0);
});

it('counts exactly under concurrent attempts from several limiters (nodes)', async () => {
  const nodes = [1, 2, 3].map(() => new SharedRateLimiter(storage.read, 't2:', 10, 60_000));
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => nodes[i % 3]!.hit('u')));
  expect(answers.filter((a) => a === 0)).toHaveLength(10);
  // Another prefix (another limit) shares nothing with it.
  expect(await new SharedRateLimiter(storage.read, 't3:', 1, 60_000).hit('u')).toBe(0);
});

it('sweeps only its own windows that have ended', async () => {
  let now = 5_000_000;
  const a = new SharedRateLimiter(storage.read, 'sweep_a:', 5, 1_000, () => now);
  const b = new SharedRateLimiter(storage.read, 'sweep_b:', 5, 60_000, () => now);
  await Promise.all(['x', 'y', 'z'].map((k) => a.hit(k)));
  await b.hit('x');
  expect(await a.sweep()).toBe(0);
  now += 1_000;
  expect(await a.sweep()).toBe(3);
  expect(await b.sweep()).toBe(0);
  expect(await a.hit('x')).toBe(0);
});
