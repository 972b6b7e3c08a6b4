// Two server processes on one PostgreSQL database and NATS act as one service: a message sent
// through one node reaches a socket on the other; a device can resume on either node.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from './testing.js';
import { api, direct, registerUser, send, WsClient } from './test-support/harness.js';
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
