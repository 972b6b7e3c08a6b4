// Two server nodes on one PostgreSQL index each message once: both follow the same event log,
// the advisory lock lets one apply a batch at a time and the stored position moves past it, so
// the events the two nodes applied add up to the events written. When the node that indexes
// stops, the other carries on.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { createPostgresDatabase, startTestServer, type TestDatabase, type TestServer } from '../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../test-support/harness.js';

let db: TestDatabase;
let nodeA: TestServer;
let nodeB: TestServer;

beforeAll(async () => {
  db = await createPostgresDatabase();
  nodeA = await startTestServer({ database: db });
  nodeB = await startTestServer({ database: db });
}, 60_000);

afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await db?.drop();
});

const find = async (node: TestServer, u: TestUser, q: string) =>
  (
    (await api(node.url, 'GET', `/v1/search?${new URLSearchParams({ q, limit: '100' })}`, { token: u.token })).body as {
      messages: Message[];
    }
  ).messages.map((m) => m.text);

it('indexes every message once between two nodes, and one carries on when the other stops', async () => {
  const events = async () =>
    Number(
      (
        await nodeA.server.ctx.storage.read
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const [ann, ben] = (await Promise.all([registerUser(nodeA.url), registerUser(nodeB.url)])) as [TestUser, TestUser];
  const conv = await direct(nodeA.url, ann, ben);
  // Both nodes write at once, so both indexers are woken by their own commits.
  const N = 60;
  const sent = await Promise.all(
    Array.from({ length: N }, (_, i) => send(i % 2 ? nodeB.url : nodeA.url, i % 2 ? ben : ann, conv, `apricot ${i}`)),
  );
  expect(sent.every((r) => r.status === 201)).toBe(true);
  await Promise.all([nodeA.server.searchIndexer.idle(), nodeB.server.searchIndexer.idle()]);
  // The position started at the empty log: every event in it was applied by exactly one node.
  expect(nodeA.server.searchIndexer.applied + nodeB.server.searchIndexer.applied).toBe(await events());
  const expected = Array.from({ length: N }, (_, i) => `apricot ${i}`).sort();
  expect((await find(nodeA, ann, 'apricot')).sort()).toEqual(expected);
  const docs = await nodeA.server.ctx.storage.read
    .selectFrom('search_docs')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  expect(Number(docs.n)).toBe(N);

  // Node A stops indexing (as if it died): node B indexes what either node writes. An older
  // transaction still running holds the new event back from the log's readers for a while;
  // idle() waits for it all the same.
  await nodeA.server.searchIndexer.stop();
  const before = nodeB.server.searchIndexer.applied;
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  const older = nodeA.server.ctx.storage.read.transaction().execute(async (trx) => {
    await sql`SELECT pg_current_xact_id()`.execute(trx);
    await held;
  });
  expect((await send(nodeA.url, ann, conv, 'apricot late')).status).toBe(201);
  const idle = nodeB.server.searchIndexer.idle();
  setTimeout(release, 300);
  await idle;
  await older;
  expect(nodeB.server.searchIndexer.applied).toBeGreaterThan(before);
  expect(await find(nodeB, ben, 'apricot late')).toEqual(['apricot late']);
});
