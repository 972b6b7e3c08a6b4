// NATS restarted mid-load (a private nats-server, not the machine's): sends keep being
// acknowledged, nothing acknowledged is lost, every socket on either node still gets every
// message once and in order (each node re-reads the database while the broker is away),
// /readyz stays ready but reports the broker as unreachable (every node shares the one NATS, so
// failing readiness would take the whole service out of rotation), and cross-node traffic that only the broker
// carries (typing) works again after the restart, without any node being restarted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../testing.js';
import { api, group, registerUser, WsClient, type TestUser } from '../test-support/harness.js';
import type { ServerProcess } from '../test-support/process.js';
import { history, received, startTwoNodes, stopNodes, until, untilAllReceived } from '../test-support/cluster.js';
import { startLoad } from '../test-support/load.js';
import { startOwnNats, type OwnNats } from '../test-support/nats-server.js';

let db: TestDatabase;
let nats: OwnNats;
let nodeA: ServerProcess;
let nodeB: ServerProcess;

beforeAll(async () => {
  db = await createPostgresDatabase();
  nats = await startOwnNats();
  ({ nodeA, nodeB } = await startTwoNodes({ ...db.env, BROKER_URL: nats.url }));
}, 60_000);

afterAll(async () => {
  await stopNodes(nodeA, nodeB);
  await nats?.close();
  await db?.drop();
});

/** The status of /readyz and what it says of the broker. */
const readiness = async (url: string) => {
  const r = await api(url, 'GET', '/readyz');
  return `${r.status} ${(r.body as { checks?: { broker?: string } }).checks?.broker ?? '?'}`;
};

it('loses nothing and recovers by itself when NATS restarts under load', async () => {
  const users: TestUser[] = [];
  for (let i = 0; i < 6; i++) users.push(await registerUser(i % 2 ? nodeB.url : nodeA.url));
  const [owner, ...rest] = users as [TestUser, ...TestUser[]];
  const conv = await group(nodeA.url, owner, rest, 'nats restart');
  const sockets = await Promise.all(users.map((u, i) => WsClient.connect(i % 2 ? nodeB.url : nodeA.url, u.token)));
  const load = startLoad(sockets.slice(0, 4), [conv], 20, 'n');

  await until(() => load.acked.size >= 100, 30_000, 'sends before the restart');
  await nats.stop();
  await until(
    async () =>
      (await readiness(nodeA.url)) === '200 unreachable' && (await readiness(nodeB.url)) === '200 unreachable',
    10_000,
    'both nodes to stay ready and report the broker unreachable',
  );
  const duringOutage = load.acked.size;
  await new Promise((r) => setTimeout(r, 1_500));
  // Sends are durable in PostgreSQL: they are still acknowledged while the broker is away.
  expect(load.acked.size).toBeGreaterThan(duringOutage);
  await nats.start();
  await until(
    async () => (await readiness(nodeA.url)) === '200 ok' && (await readiness(nodeB.url)) === '200 ok',
    20_000,
    'both nodes to report the broker again after it came back',
  );
  const afterRestart = load.acked.size;
  await until(() => load.acked.size >= afterRestart + 100, 30_000, 'sends after the restart');
  await load.stop();
  await until(() => load.acked.size + load.errors.length === load.sent.length, 30_000, 'every send answered');
  expect(load.errors).toEqual([]);

  const stored = await history(nodeB.url, owner, conv);
  expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: load.sent.length }, (_, i) => i + 2));
  for (const m of stored) expect(load.acked.get(m.clientId)).toMatchObject({ id: m.id, seq: m.seq });
  await untilAllReceived(sockets, conv, stored.length, 30_000);
  for (const ws of sockets) expect(received(ws, conv).map((m) => m.id)).toEqual(stored.map((m) => m.id));

  // Typing travels only over the broker: node A's typing reaches node B again.
  const typer = sockets[0]!;
  const watcher = sockets[1]!;
  await until(
    async () => {
      typer.send({ type: 'typing', conversationId: conv });
      await new Promise((r) => setTimeout(r, 300));
      return watcher.frames.some((f) => f.type === 'typing' && f['userId'] === owner.user.id);
    },
    20_000,
    'typing from node A to reach node B after the restart',
  );
  sockets.forEach((ws) => ws.close());
}, 120_000);
