// The per-user send limit on PostgreSQL with two nodes on one database: counted inside each send's
// transaction (messages/actions.ts), it holds for both nodes together, even for sends racing on
// both at once; a send refused for another reason does not use the budget.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, startTestServer, type TestDatabase, type TestServer } from '../../testing.js';
import { direct, registerUser, send } from '../../test-support/harness.js';

let db: TestDatabase & { drop(): Promise<void> };
let nodeA: TestServer;
let nodeB: TestServer;
const env = { SEND_LIMIT_MESSAGES: '5', SEND_LIMIT_WINDOW_SECONDS: '60' };
beforeAll(async () => {
  db = await createPostgresDatabase();
  nodeA = await startTestServer({ database: db, env });
  nodeB = await startTestServer({ database: db, env });
});
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await db?.drop();
});

const seqs = async (conv: string) =>
  (
    await nodeA.server.ctx.storage.read
      .selectFrom('messages')
      .select('seq')
      .where('conversation_id', '=', conv)
      .where('system', 'is', null)
      .orderBy('seq')
      .execute()
  ).map((r) => r.seq);

it('accepts the limit once across both nodes, even for sends racing on both; the seq stays gapless', async () => {
  const [a, b] = await Promise.all([registerUser(nodeA.url), registerUser(nodeA.url)]);
  const conv = await direct(nodeA.url, a, b);
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) => send(i % 2 ? nodeB.url : nodeA.url, a, conv, `m${i}`)),
  );
  const statuses = answers.map((r) => r.status).sort();
  expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(429)]);
  for (const r of answers.filter((x) => x.status === 429)) expect(r.body.error.code).toBe('rate_limited');
  const stored = await seqs(conv);
  expect(stored).toHaveLength(5);
  expect(stored.map((s) => s - stored[0]!)).toEqual([0, 1, 2, 3, 4]);
  // Either node keeps refusing: one from what it saw, the other from the shared count.
  expect((await send(nodeA.url, a, conv, 'later')).status).toBe(429);
  expect((await send(nodeB.url, a, conv, 'later')).status).toBe(429);
  // The other member has a budget of their own.
  expect((await send(nodeB.url, b, conv, 'mine')).status).toBe(201);
});

it('does not count a send refused for another reason', async () => {
  const [a, b, c] = await Promise.all([registerUser(nodeA.url), registerUser(nodeA.url), registerUser(nodeA.url)]);
  const theirs = await direct(nodeA.url, b, c);
  for (let i = 0; i < 7; i++) expect((await send(i % 2 ? nodeB.url : nodeA.url, a, theirs, 'no')).status).toBe(404);
  const mine = await direct(nodeA.url, a, b);
  for (let i = 0; i < 5; i++) expect((await send(i % 2 ? nodeB.url : nodeA.url, a, mine, `m${i}`)).status).toBe(201);
  expect((await send(nodeB.url, a, mine, 'over')).status).toBe(429);
});
