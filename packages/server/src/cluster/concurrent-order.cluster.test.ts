// One order per conversation under concurrent sends on both nodes: senders on node A and node B
// write into the same groups at once; every member's socket, on either node, gets every
// acknowledged message exactly once, seqs gapless and in one order, and the history agrees.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../testing.js';
import { group, registerUser, WsClient, type TestUser } from '../test-support/harness.js';
import type { ServerProcess } from '../test-support/process.js';
import {
  history,
  received,
  SHARED_NATS_URL,
  startTwoNodes,
  stopNodes,
  until,
  type StoredMessage,
} from '../test-support/cluster.js';

let db: TestDatabase;
let nodeA: ServerProcess;
let nodeB: ServerProcess;

beforeAll(async () => {
  db = await createPostgresDatabase();
  ({ nodeA, nodeB } = await startTwoNodes({ ...db.env, BROKER_URL: SHARED_NATS_URL }));
}, 60_000);

afterAll(async () => {
  await stopNodes(nodeA, nodeB);
  await db?.drop();
});

const SENDERS = 6;
const GROUPS = 2;
const PER_SENDER_PER_GROUP = 40;

it('gives every member on either node the same gapless order', async () => {
  const users: TestUser[] = [];
  for (let i = 0; i < SENDERS + 2; i++) users.push(await registerUser(i % 2 ? nodeB.url : nodeA.url));
  const [owner, ...rest] = users as [TestUser, ...TestUser[]];
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) groups.push(await group(nodeA.url, owner, rest, `order ${g}`));
  // Every user has a socket; even users on node A, odd on node B. The first SENDERS users send.
  const sockets = await Promise.all(users.map((u, i) => WsClient.connect(i % 2 ? nodeB.url : nodeA.url, u.token)));
  const acked = new Map<string, StoredMessage>();
  const errors: string[] = [];
  for (const ws of sockets) {
    ws.ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string; clientId?: string; message?: StoredMessage };
      if (f.type === 'ack' && f.clientId && f.message) acked.set(f.clientId, f.message);
      if (f.type === 'error') errors.push(String(data));
    });
  }
  // Interleave: each tick every sender puts one message into each group, on its own node.
  for (let n = 0; n < PER_SENDER_PER_GROUP; n++) {
    for (let s = 0; s < SENDERS; s++) {
      for (const [g, conversationId] of groups.entries()) {
        sockets[s]!.send({ type: 'send', conversationId, clientId: `s${s}-g${g}-${n}`, text: `${s}/${g}/${n}` });
      }
    }
    if (n % 5 === 4) await new Promise((r) => setTimeout(r, 5));
  }
  const total = SENDERS * GROUPS * PER_SENDER_PER_GROUP;
  await until(() => acked.size === total || errors.length > 0, 60_000, `${total} acks`);
  expect(errors).toEqual([]);

  const perGroup = total / GROUPS;
  for (const conversationId of groups) {
    await until(
      () => sockets.every((ws) => received(ws, conversationId).length >= perGroup),
      30_000,
      'every socket to receive every message',
    );
    const stored = await history(nodeB.url, owner, conversationId);
    // seq 1 is the group's creation; the messages follow with no gap.
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: perGroup }, (_, i) => i + 2));
    for (const ws of sockets) {
      const got = received(ws, conversationId);
      expect(got.map((m) => m.id)).toEqual(stored.map((m) => m.id));
    }
    for (const m of stored) expect(acked.get(m.clientId)).toMatchObject({ id: m.id, seq: m.seq });
    // Each sender's own messages keep the order it sent them in.
    for (let s = 0; s < SENDERS; s++) {
      const mine = stored.filter((m) => m.clientId.startsWith(`s${s}-`)).map((m) => Number(m.text.split('/')[2]));
      expect(mine).toEqual(Array.from({ length: PER_SENDER_PER_GROUP }, (_, i) => i));
    }
  }
  // A moment later still nothing extra arrived (no duplicate delivered late).
  await new Promise((r) => setTimeout(r, 300));
  for (const conversationId of groups) {
    for (const ws of sockets) expect(received(ws, conversationId)).toHaveLength(perGroup);
  }
  sockets.forEach((ws) => ws.close());
}, 120_000);
