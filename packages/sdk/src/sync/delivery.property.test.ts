// Property: whatever the interleaving of sends from several devices, abrupt socket kills and
// reconnects, once everyone is back online and every outbox is drained, each device holds the
// server's history (gapless, ordered, no duplicates) and every queued send landed exactly once.
import type { Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '@anytime/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingMessage } from '../outbox/outbox-store.js';
import { fetchHistory } from '../state/load-state.js';
import { until } from '../test-support/harness.js';
import { buildWorld, type World } from '../test-support/world.js';

type Op =
  | { kind: 'send'; device: number; conv: number }
  | { kind: 'kill'; device: number }
  | { kind: 'offline'; device: number }
  | { kind: 'online'; device: number }
  | { kind: 'pause'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('send' as const), device: fc.nat(), conv: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('kill' as const), device: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('offline' as const), device: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('online' as const), device: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 15 }) }) },
);

const scenario = fc.record({
  devicesPerUser: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }),
  ops: fc.array(op, { minLength: 5, maxLength: 40 }),
});

/** How often a socket was killed while its outbox held unacknowledged sends (over all runs). */
const stats = { killsWithPending: 0 };

/** A fixed case besides the random ones: kills right after sends, so acks are surely lost. */
const lostAcks: [{ devicesPerUser: number[]; ops: Op[] }] = [
  {
    devicesPerUser: [2, 1],
    ops: [
      { kind: 'send', device: 0, conv: 0 },
      { kind: 'kill', device: 0 },
      { kind: 'send', device: 0, conv: 1 },
      { kind: 'send', device: 1, conv: 0 },
      { kind: 'pause', ms: 3 },
      { kind: 'kill', device: 0 },
      { kind: 'kill', device: 1 },
      { kind: 'send', device: 2, conv: 0 },
      { kind: 'offline', device: 2 },
      { kind: 'send', device: 2, conv: 1 },
      { kind: 'send', device: 2, conv: 0 },
    ],
  },
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function run(world: World, ops: Op[]): Promise<PendingMessage[]> {
  const sent: PendingMessage[] = [];
  let n = 0;
  for (const o of ops) {
    if (o.kind === 'pause') {
      await new Promise((r) => setTimeout(r, o.ms));
      continue;
    }
    const d = world.devices[o.device % world.devices.length]!;
    if (o.kind === 'send') {
      const convs = world.conversationsOf(d.user.id);
      const conv = convs[o.conv % convs.length]!;
      sent.push(await d.client.send(conv.id, `m${n++} from ${d.index}`));
    } else if (o.kind === 'kill') {
      if (d.kill() > 0 && d.client.pending.length > 0) stats.killsWithPending += 1;
    } else if (o.kind === 'offline') {
      d.client.disconnect();
      d.online = false;
    } else if (!d.online) {
      await d.client.connect();
      d.online = true;
    }
  }
  return sent;
}

describe('delivery under disconnects (property)', () => {
  it('every device ends with the server history; every queued send is stored exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ devicesPerUser, ops }) => {
        const world = await buildWorld(server.url, devicesPerUser);
        const failed: unknown[] = [];
        try {
          for (const d of world.devices) {
            d.client.on('failed', (f) => failed.push(f));
            await d.client.connect();
            d.online = true;
          }
          const sent = await run(world, ops);

          // Everyone back online; wait for every outbox to drain and every socket to be live.
          for (const d of world.devices) if (!d.online) await d.client.connect();
          await until(
            () => world.devices.every((d) => d.client.pending.length === 0 && d.client.connectionState === 'connected'),
            20_000,
            'outboxes to drain',
          );

          // The server's view: every conversation and its full history, as a member sees them.
          const history = new Map<string, Message[]>();
          const lastSeq = new Map<string, number>();
          for (const c of world.conversations) {
            const member = world.devices.find((d) => world.memberIdsOf(c.id).includes(d.user.id))!.client;
            const { conversation } = await member.api('getConversation', { params: { id: c.id } });
            lastSeq.set(c.id, conversation.lastSeq);
            history.set(c.id, await fetchHistory(member.call, c.id));
          }

          // Gapless on the server: messages take consecutive seqs up to the conversation's lastSeq.
          for (const [id, msgs] of history) {
            const seqs = msgs.map((m) => m.seq);
            expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
            expect(seqs.at(-1) ?? 1).toBe(lastSeq.get(id));
          }

          // Exactly once: each queued clientId appears once, and nothing else was stored.
          const all = [...history.values()].flat();
          expect(all.map((m) => m.clientId).sort()).toEqual(sent.map((p) => p.clientId).sort());
          expect(failed).toEqual([]);

          // Per device and conversation, its own sends keep their order.
          for (const p of sent) {
            const m = all.find((x) => x.clientId === p.clientId)!;
            expect(m).toMatchObject({ conversationId: p.conversationId, text: p.text });
          }
          const stored = new Map(all.map((m) => [m.clientId, m]));
          for (const d of world.devices) {
            for (const c of world.conversationsOf(d.user.id)) {
              const mine = sent.filter(
                (p) =>
                  p.conversationId === c.id && d.client.session?.deviceId === stored.get(p.clientId)?.senderDeviceId,
              );
              const seqs = mine.map((p) => stored.get(p.clientId)!.seq);
              expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
            }
          }

          // Every device converges on exactly the server's history, having emitted each event once.
          await until(
            () =>
              world.devices.every((d) =>
                world
                  .conversationsOf(d.user.id)
                  .every((c) => (d.client.state.messages[c.id]?.at(-1)?.seq ?? 1) === lastSeq.get(c.id)),
              ),
            10_000,
            'devices to catch up',
          );
          for (const d of world.devices) {
            for (const c of world.conversationsOf(d.user.id)) {
              expect(d.client.state.messages[c.id] ?? []).toEqual(history.get(c.id));
              const emitted = d.events.flatMap((e) =>
                e.type === 'message.created' && e.conversationId === c.id ? [e.seq] : [],
              );
              expect(emitted).toEqual(history.get(c.id)!.map((m) => m.seq));
            }
          }
        } finally {
          await world.close();
        }
      }),
      { numRuns: 20, examples: [lostAcks], interruptAfterTimeLimit: 45_000, markInterruptAsFailure: true },
    );
    expect(stats.killsWithPending).toBeGreaterThan(0);
  }, 60_000);
});
