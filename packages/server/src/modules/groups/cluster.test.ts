// Membership changes reach every node: two servers on one PostgreSQL database and NATS. A group
// made on one node reaches its members' sockets on the other; an added member's socket there
// starts getting the group, a removed member's stops after their removal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, startTestServer, type TestDatabase, type TestServer } from '../../testing.js';
import { api, group, registerUser, send, WsClient } from '../../test-support/harness.js';

const NATS_URL = process.env['ANYTIME_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
let db: TestDatabase;
let nodeA: TestServer;
let nodeB: TestServer;

beforeAll(async () => {
  db = await createPostgresDatabase();
  nodeA = await startTestServer({ database: db, env: { BROKER_URL: NATS_URL, NODE_ID: 'node-a' } });
  nodeB = await startTestServer({ database: db, env: { BROKER_URL: NATS_URL, NODE_ID: 'node-b' } });
}, 60_000);

afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await db?.drop();
});

it('group membership routes on every node', async () => {
  const [owner, bob, carol] = await Promise.all([
    registerUser(nodeA.url),
    registerUser(nodeA.url),
    registerUser(nodeA.url),
  ]);
  const bobOnB = await WsClient.connect(nodeB.url, bob.token);
  const carolOnB = await WsClient.connect(nodeB.url, carol.token);
  const id = await group(nodeA.url, owner, [bob], 'across');
  await bobOnB.next((f) => f.type === 'conversation.created' && f['conversationId'] === id);
  await send(nodeA.url, owner, id, 'one');
  await bobOnB.next((f) => f.type === 'message.created');

  await api(nodeA.url, 'POST', `/v1/conversations/${id}/members`, {
    token: owner.token,
    body: { userIds: [carol.user.id] },
  });
  await carolOnB.next((f) => f.type === 'member.added');
  await api(nodeA.url, 'DELETE', `/v1/conversations/${id}/members/${bob.user.id}`, { token: owner.token });
  await bobOnB.next((f) => f.type === 'member.removed');
  await send(nodeA.url, owner, id, 'two');
  expect((await carolOnB.next((f) => f.type === 'message.created'))['message']).toMatchObject({ text: 'two' });
  // A marker for bob in another conversation: by then "two" would have reached him.
  const marker = await group(nodeA.url, owner, [bob], 'marker');
  await send(nodeA.url, owner, marker, 'marker');
  await bobOnB.next((f) => f.type === 'message.created' && f['conversationId'] === marker);
  const bobs = bobOnB
    .events()
    .filter((e) => e['conversationId'] === id)
    .map((e) => e.type);
  expect(bobs).toEqual(['conversation.created', 'message.created', 'member.added', 'member.removed']);
  [bobOnB, carolOnB].forEach((w) => w.close());
});
