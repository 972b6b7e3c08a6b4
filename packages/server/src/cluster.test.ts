// Two server processes on one PostgreSQL database and NATS act as one service: a message sent
// through one node reaches a socket on the other; a device can resume on either node.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from './testing.js';
import { api, direct, loginUser, registerUser, send, WsClient } from './test-support/harness.js';
import { spawnServer, type ServerProcess } from './test-support/process.js';

const NATS_URL = process.env['ANYTIME_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
let db: TestDatabase;
let nodeA: ServerProcess;
let nodeB: ServerProcess;

beforeAll(async () => {
  db = await createPostgresDatabase();
  const env = { ...db.env, BROKER_URL: NATS_URL };
  nodeA = await spawnServer({ ...env, NODE_ID: 'node-a' });
  nodeB = await spawnServer({ ...env, NODE_ID: 'node-b' });
}, 60_000);

afterAll(async () => {
  await Promise.all([nodeA?.kill('SIGTERM'), nodeB?.kill('SIGTERM')]);
  await db?.drop();
});

it('answers health with each node id', async () => {
  expect((await api(nodeA.url, 'GET', '/healthz')).body.node).toBe('node-a');
  expect((await api(nodeB.url, 'GET', '/healthz')).body.node).toBe('node-b');
});

it('delivers a message sent through one node to sockets on the other', async () => {
  const alice = await registerUser(nodeA.url);
  const bob = await registerUser(nodeB.url);
  const conv = await direct(nodeA.url, alice, bob);
  const bobOnB = await WsClient.connect(nodeB.url, bob.token);
  const aliceOnB = await WsClient.connect(nodeB.url, alice.token);
  const sent = (await send(nodeA.url, alice, conv, 'across nodes')).body.message;
  expect((await bobOnB.next((f) => f.type === 'message.created'))['message']).toEqual(sent);
  expect((await aliceOnB.next((f) => f.type === 'message.created'))['message']).toEqual(sent);

  // And the other way, over the socket.
  const aliceOnA = await WsClient.connect(nodeA.url, alice.token);
  bobOnB.send({ type: 'send', conversationId: conv, clientId: 'back-1', text: 'and back' });
  const ack = await bobOnB.next((f) => f.type === 'ack');
  expect((await aliceOnA.next((f) => f.type === 'message.created'))['message']).toEqual(ack['message']);
  [bobOnB, aliceOnB, aliceOnA].forEach((w) => w.close());
});

it('resumes on the other node with no gap and no duplicate', async () => {
  const alice = await registerUser(nodeA.url);
  const bob = await registerUser(nodeA.url);
  const conv = await direct(nodeA.url, alice, bob);
  const onA = await WsClient.connect(nodeA.url, bob.token);
  await send(nodeB.url, alice, conv, 'm1');
  const last = await onA.next((f) => f.type === 'message.created');
  onA.close();
  await onA.closed;
  // Concurrent sends through both nodes while bob is away.
  await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 ? nodeA.url : nodeB.url, alice, conv, `x${i}`)));
  const onB = await WsClient.connect(nodeB.url, bob.token, { cursor: last['cursor'] as string });
  await send(nodeA.url, alice, conv, 'live');
  await onB.next((f) => f.type === 'message.created' && (f['message'] as { text: string }).text === 'live');
  const seqs = onB.events('message.created').map((f) => f['seq'] as number);
  expect(seqs).toEqual(Array.from({ length: 21 }, (_, i) => (last['seq'] as number) + 1 + i));
  onB.close();
});

it('carries typing and presence between nodes', async () => {
  const alice = await registerUser(nodeA.url);
  const bob = await registerUser(nodeA.url);
  const conv = await direct(nodeA.url, alice, bob);
  const bobOnB = await WsClient.connect(nodeB.url, bob.token);
  const aliceOnA = await WsClient.connect(nodeA.url, alice.token);
  aliceOnA.send({ type: 'typing', conversationId: conv });
  expect(await bobOnB.next((f) => f.type === 'typing')).toMatchObject({ conversationId: conv, userId: alice.user.id });

  // Bob follows Alice from node B; Alice's devices come and go on both nodes.
  const status = (f: { type: string; [k: string]: unknown }) =>
    f.type === 'presence' ? (f['presence'] as { status: string }).status : undefined;
  bobOnB.send({ type: 'presence.subscribe', userIds: [alice.user.id] });
  // Node A writes Alice's row just after her socket opens: the first frame may still say offline.
  await bobOnB.next((f) => status(f) === 'online');
  const framesSoFar = bobOnB.frames.filter((f) => f.type === 'presence').length;
  const alice2 = await loginUser(nodeB.url, alice);
  const alice2OnB = await WsClient.connect(nodeB.url, alice2.token);
  // Node B writes its presence row just after the socket opens.
  await new Promise((r) => setTimeout(r, 300));
  aliceOnA.close();
  await aliceOnA.closed;
  // Still online through node B: no offline frame, and node A answers online too.
  await new Promise((r) => setTimeout(r, 300));
  expect(bobOnB.frames.filter((f) => f.type === 'presence')).toHaveLength(framesSoFar);
  const viaA = await api(nodeA.url, 'POST', '/v1/presence/query', {
    token: bob.token,
    body: { userIds: [alice.user.id] },
  });
  expect(viaA.body.presence[0].status).toBe('online');
  alice2OnB.close();
  const off = (await bobOnB.next((f) => f.type === 'presence'))['presence'] as { status: string; lastSeenAt: string };
  expect(off.status).toBe('offline');
  expect(typeof off.lastSeenAt).toBe('string');
  // Back on node A: node B's subscriber hears it.
  const back = await WsClient.connect(nodeA.url, alice.token);
  expect((await bobOnB.next((f) => f.type === 'presence'))['presence']).toMatchObject({ status: 'online' });
  [bobOnB, back].forEach((w) => w.close());
});
