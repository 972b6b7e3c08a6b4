// A node killed mid-load: SDK clients spread over two nodes (each behind a front that fails over
// to the other node, like a load balancer) send continuously; node A gets SIGKILL. Its clients
// reconnect to node B and resume from their cursor; every message any client sent is stored
// once (the outbox re-sends unacknowledged ones with the same client id) and reaches every
// member exactly once, with no gap.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../testing.js';
import { uniqueName } from '../test-support/harness.js';
import type { ServerProcess } from '../test-support/process.js';
import { history, SHARED_NATS_URL, startTwoNodes, stopNodes, until } from '../test-support/cluster.js';
import { startFailoverProxy, type FailoverProxy } from '../test-support/failover-proxy.js';
import { messagesOf, sdkDevice, type SdkDevice } from '../test-support/sdk-clients.js';

let db: TestDatabase;
let nodeA: ServerProcess;
let nodeB: ServerProcess;
let viaA: FailoverProxy;
let viaB: FailoverProxy;
const devices: SdkDevice[] = [];

beforeAll(async () => {
  db = await createPostgresDatabase();
  ({ nodeA, nodeB } = await startTwoNodes({ ...db.env, BROKER_URL: SHARED_NATS_URL }));
  viaA = await startFailoverProxy([nodeA.url, nodeB.url]);
  viaB = await startFailoverProxy([nodeB.url, nodeA.url]);
}, 60_000);

afterAll(async () => {
  await Promise.all(devices.map((d) => d.client.close()));
  await viaA?.close();
  await viaB?.close();
  await stopNodes(nodeA, nodeB);
  await db?.drop();
});

const CLIENTS = 6;
const PER_CLIENT = 60;

it('loses nothing and duplicates nothing when a node is killed under load', async () => {
  for (let i = 0; i < CLIENTS; i++) devices.push(await sdkDevice(i % 2 ? viaB.url : viaA.url, uniqueName('k')));
  const [owner, ...others] = devices as [SdkDevice, ...SdkDevice[]];
  const { conversation } = await owner.client.api('createConversation', {
    body: { kind: 'group', title: 'kill', memberIds: others.map((d) => d.userId) },
  });
  const conv = conversation.id;
  await Promise.all(devices.map((d) => d.client.connect()));
  await Promise.all(devices.map((d) => d.client.whenSynced()));
  const dropped = new Set<number>();
  devices.forEach((d, i) => d.client.on('state', (s) => s.state === 'reconnecting' && dropped.add(i)));

  // Every client queues a message every few ms until it has sent PER_CLIENT.
  const queued: string[] = [];
  let killedAt = -1;
  const pumps = devices.map(async (d, i) => {
    for (let n = 0; n < PER_CLIENT; n++) {
      queued.push((await d.client.send(conv, `${i}/${n}`)).clientId);
      await new Promise((r) => setTimeout(r, 15));
    }
  });
  const acks = () => devices.reduce((n, d) => n + d.acked.size, 0);
  await until(() => acks() >= (CLIENTS * PER_CLIENT) / 4, 30_000, 'a quarter of the sends acknowledged');
  killedAt = acks();
  await nodeA.kill('SIGKILL');
  await Promise.all(pumps);
  const total = CLIENTS * PER_CLIENT;
  await until(() => devices.every((d) => d.client.pending.length === 0), 60_000, 'every outbox to empty');
  expect(killedAt).toBeLessThan(total);
  expect(devices.flatMap((d) => d.failed)).toEqual([]);
  expect(acks()).toBe(total);

  // The stored history: every queued message once, seqs gapless after the group's creation.
  const stored = await history(nodeB.url, { token: owner.client.session!.accessToken }, conv);
  expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 2));
  expect(new Set(stored.map((m) => m.clientId))).toEqual(new Set(queued));
  const byClient = new Map(stored.map((m) => [m.clientId, m]));
  for (const d of devices) for (const [clientId, m] of d.acked) expect(byClient.get(clientId)).toMatchObject(m);

  // Every member applied every message exactly once, in seq order.
  await until(() => devices.every((d) => messagesOf(d, conv).length >= total), 30_000, 'every member to catch up');
  for (const d of devices) expect(messagesOf(d, conv).map((m) => m.id)).toEqual(stored.map((m) => m.id));
  // The clients that were on node A lost their socket and are connected again, through node B.
  for (const i of [0, 2, 4]) expect(dropped.has(i)).toBe(true);
  expect(devices.every((d) => d.client.connectionState === 'connected')).toBe(true);
}, 120_000);
