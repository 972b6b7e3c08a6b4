// The SQLite search index worker (index-worker.ts), always on SQLite (it exists only there):
// passes run in the worker thread, and a worker that dies is replaced at the next pass with
// nothing lost or applied twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Message } from '@anytime/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'anytime-index-worker-'));
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let conv: string;

/** The indexer's worker thread, if it runs (private: this test looks inside on purpose). */
const workerThread = () => (s.server.searchIndexer as unknown as { worker?: { worker: Worker } }).worker?.worker;

const find = async (q: string) =>
  (
    (await api(s.url, 'GET', `/v1/search?${new URLSearchParams({ q })}`, { token: bob.token })).body as {
      messages: Message[];
    }
  ).messages.map((m) => m.text);

beforeAll(async () => {
  s = await startTestServer({ database: { env: { DATA_DIR: dir }, drop: async () => undefined } });
  [alice, bob] = (await Promise.all([registerUser(s.url), registerUser(s.url)])) as [TestUser, TestUser];
  conv = await direct(s.url, alice, bob);
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

it('indexes in a worker thread, and replaces a worker that died without losing or repeating a message', async () => {
  expect(s.server.ctx.storage.dialect).toBe('sqlite');
  expect((await send(s.url, alice, conv, 'persimmon before')).status).toBe(201);
  await s.server.searchIndexer.idle();
  const first = workerThread();
  expect(first).toBeDefined();
  expect(await find('persimmon')).toEqual(['persimmon before']);

  await first!.terminate();
  for (const t of ['persimmon after one', 'persimmon after two'])
    expect((await send(s.url, alice, conv, t)).status).toBe(201);
  await s.server.searchIndexer.idle();
  const second = workerThread();
  expect(second).toBeDefined();
  expect(second).not.toBe(first);
  expect(await find('persimmon')).toEqual(['persimmon after two', 'persimmon after one', 'persimmon before']);
  const docs = await s.server.ctx.storage.read
    .selectFrom('search_docs')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  expect(Number(docs.n)).toBe(3);
});
