// PostgreSQL restarted mid-load (a private instance, not the machine's): while it is down,
// sends fail at once with an error (no hang, no crash) and /readyz and /healthz say 503; when
// it is back both nodes recover by themselves (the pool reconnects), every acknowledged message
// is stored once with the seq it was acknowledged with, seqs have no gap, and every socket got
// every stored message in order. Sends that failed are re-sent with the same client id, as the
// SDK's outbox does, and are stored once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../testing.js';
import { api, group, registerUser, WsClient, type TestUser } from '../test-support/harness.js';
import type { ServerProcess } from '../test-support/process.js';
import {
  history,
  received,
  SHARED_NATS_URL,
  startTwoNodes,
  stopNodes,
  until,
  untilAllReceived,
} from '../test-support/cluster.js';
import { startLoad } from '../test-support/load.js';
import { startOwnPostgres, type OwnPostgres } from '../test-support/own-postgres.js';

let pg: OwnPostgres;
let db: TestDatabase;
let nodeA: ServerProcess;
let nodeB: ServerProcess;

beforeAll(async () => {
  pg = await startOwnPostgres();
  db = await createPostgresDatabase(pg.adminUrl);
  ({ nodeA, nodeB } = await startTwoNodes({ ...db.env, BROKER_URL: SHARED_NATS_URL }));
}, 90_000);

afterAll(async () => {
  await stopNodes(nodeA, nodeB);
  await pg?.close();
});

const status = async (url: string, path: string) => (await api(url, 'GET', path)).status;

it('fails sends cleanly during the outage and recovers by itself, losing nothing', async () => {
  const users: TestUser[] = [];
  for (let i = 0; i < 6; i++) users.push(await registerUser(i % 2 ? nodeB.url : nodeA.url));
  const [owner, ...rest] = users as [TestUser, ...TestUser[]];
  const conv = await group(nodeA.url, owner, rest, 'pg restart');
  const sockets = await Promise.all(users.map((u, i) => WsClient.connect(i % 2 ? nodeB.url : nodeA.url, u.token)));
  const load = startLoad(sockets.slice(0, 4), [conv], 80, 'p');

  await until(() => load.acked.size >= 50, 30_000, 'sends before the outage');
  await pg.stop('immediate');

  for (const node of [nodeA, nodeB]) {
    await until(async () => (await status(node.url, '/readyz')) === 503, 10_000, 'not ready without the database');
    expect(await status(node.url, '/healthz')).toBe(503);
  }
  // Sends made during the outage get an error frame promptly.
  const errorsBefore = load.errors.length;
  await until(() => load.errors.length > errorsBefore + 10, 10_000, 'sends to fail during the outage');
  expect(new Set(load.errors.map((e) => e.code))).toEqual(new Set(['unavailable']));
  await pg.start();

  for (const node of [nodeA, nodeB]) {
    await until(async () => (await status(node.url, '/readyz')) === 200, 30_000, 'ready again');
  }
  const afterRestart = load.acked.size;
  await until(() => load.acked.size >= afterRestart + 50, 30_000, 'sends after the restart');
  await load.stop();
  await until(() => load.acked.size + load.errors.length >= load.sent.length, 30_000, 'every send answered');
  // Every failure, during the outage and while the pool reconnected, was the retryable 503.
  expect(new Set(load.errors.map((e) => e.code))).toEqual(new Set(['unavailable']));
  // Both processes are still the ones started at the beginning.
  expect(nodeA.proc.exitCode).toBeNull();
  expect(nodeB.proc.exitCode).toBeNull();

  // Re-send what failed, by its sender and with the same client id (what the SDK's outbox does).
  const failed = [...new Set(load.errors.map((e) => e.clientId!))].filter((c) => !load.acked.has(c));
  expect(failed.length).toBeGreaterThan(0);
  for (const clientId of failed) {
    const sender = Number(/^p(\d+)-/.exec(clientId)![1]);
    sockets[sender]!.send({ type: 'send', conversationId: conv, clientId, text: 'again' });
  }
  await until(() => failed.every((c) => load.acked.has(c)), 60_000, 'every re-sent message acknowledged');

  const stored = await history(nodeB.url, owner, conv);
  expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: load.sent.length }, (_, i) => i + 2));
  expect(new Set(stored.map((m) => m.clientId))).toEqual(new Set(load.sent));
  for (const [clientId, m] of load.acked) {
    expect(stored.find((s) => s.clientId === clientId)).toMatchObject({ id: m.id, seq: m.seq });
  }
  await untilAllReceived(sockets, conv, stored.length, 30_000);
  for (const ws of sockets) expect(received(ws, conv).map((m) => m.id)).toEqual(stored.map((m) => m.id));
  sockets.forEach((ws) => ws.close());
}, 150_000);
