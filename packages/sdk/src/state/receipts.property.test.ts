// Property test for receipts and unread counts across devices: random interleavings of sends by
// several users and delivered/read reports from several devices of each user (with random
// read-receipt settings), then every device's event-folded state equals a fresh fetch, and the
// server's unread counts and receipt lists equal a model. Read positions never move back in
// anything a device receives.
import type { Event } from '@anytime/protocol';
import { startTestServer, type TestServer } from '@anytime/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { device, PASSWORD, uniqueName, type TestDevice } from '../test-support/harness.js';
import { applyEvent } from './apply-event.js';
import { emptyState, type ClientState } from './client-state.js';
import { loadState } from './load-state.js';

const USERS = 3;
const DEVICES = 2;

interface Dev {
  user: number;
  d: TestDevice;
  cursor: string | undefined;
  state: ClientState;
  /** Highest positions seen so far, to check they never move back. */
  seenRead: Map<string, number>;
  seenReceipt: Map<string, { deliveredSeq: number; readSeq: number }>;
}

let server: TestServer;
let userIds: string[] = [];
let devs: Dev[] = [];

beforeAll(async () => {
  server = await startTestServer();
  for (let u = 0; u < USERS; u++) {
    const username = uniqueName(`rp${u}`);
    for (let i = 0; i < DEVICES; i++) {
      const d = device(server.url, { reportDelivered: false });
      const res =
        i === 0
          ? await d.client.register({ username, password: PASSWORD })
          : await d.client.login({ username, password: PASSWORD });
      if (i === 0) userIds.push(res.user.id);
      devs.push({
        user: u,
        d,
        cursor: undefined,
        state: { ...emptyState(), user: res.user },
        seenRead: new Map(),
        seenReceipt: new Map(),
      });
    }
  }
});
afterAll(async () => {
  await Promise.all(devs.map((x) => x.d.client.close()));
  await server?.close();
  userIds = [];
  devs = [];
});

function check(dev: Dev, e: Event): void {
  if (e.type === 'conversation.state.updated') {
    const prev = dev.seenRead.get(e.state.conversationId) ?? 0;
    expect(e.state.readSeq).toBeGreaterThanOrEqual(prev);
    dev.seenRead.set(e.state.conversationId, e.state.readSeq);
  } else if (e.type === 'receipt.updated') {
    const key = `${e.receipt.conversationId}/${e.receipt.userId}`;
    const prev = dev.seenReceipt.get(key) ?? { deliveredSeq: 0, readSeq: 0 };
    expect(e.receipt.deliveredSeq).toBeGreaterThanOrEqual(prev.deliveredSeq);
    expect(e.receipt.readSeq).toBeGreaterThanOrEqual(prev.readSeq);
    expect(e.receipt.deliveredSeq).toBeGreaterThanOrEqual(e.receipt.readSeq);
    dev.seenReceipt.set(key, { deliveredSeq: e.receipt.deliveredSeq, readSeq: e.receipt.readSeq });
  }
}

/** Pulls every new event of the device over /v1/sync and folds it. */
async function syncDevice(dev: Dev): Promise<void> {
  for (;;) {
    const page = await dev.d.client.api('sync', {
      query: { ...(dev.cursor ? { cursor: dev.cursor } : {}), limit: 200 },
    });
    for (const e of page.events) {
      check(dev, e);
      dev.state = applyEvent(dev.state, e);
    }
    dev.cursor = page.cursor;
    if (!page.hasMore) return;
  }
}

/** The model of one conversation. */
class Model {
  messages: { seq: number; sender: number }[] = [];
  lastSeq = 1;
  read = new Array<number>(USERS).fill(0);
  delivered = new Array<number>(USERS).fill(0);
  /** `${sender}/${reader}` -> positions */
  ledger = new Map<string, { deliveredSeq: number; readSeq: number }>();
  constructor(readonly members: number[]) {}

  report(u: number, receipts: boolean[], deliveredSeq?: number, readSeq?: number): void {
    const newRead = Math.max(this.read[u]!, readSeq ?? 0);
    const newDelivered = Math.max(this.delivered[u]!, deliveredSeq ?? 0, newRead);
    for (const m of this.messages) {
      if (m.sender === u) continue;
      const key = `${m.sender}/${u}`;
      const row = this.ledger.get(key) ?? { deliveredSeq: 0, readSeq: 0 };
      if (m.seq > this.delivered[u]! && m.seq <= newDelivered) row.deliveredSeq = Math.max(row.deliveredSeq, m.seq);
      if (m.seq > this.read[u]! && m.seq <= newRead && receipts[u] && receipts[m.sender]) {
        row.readSeq = Math.max(row.readSeq, m.seq);
      }
      row.deliveredSeq = Math.max(row.deliveredSeq, row.readSeq);
      if (row.deliveredSeq > 0) this.ledger.set(key, row);
    }
    this.read[u] = newRead;
    this.delivered[u] = newDelivered;
  }

  unread(u: number): number {
    return this.messages.filter((m) => m.sender !== u && m.seq > this.read[u]!).length;
  }

  receiptsOf(sender: number, conversationId: string) {
    return this.members
      .filter((r) => this.ledger.has(`${sender}/${r}`))
      .map((r) => ({ conversationId, userId: userIds[r]!, ...this.ledger.get(`${sender}/${r}`)! }))
      .sort((x, y) => (x.userId < y.userId ? -1 : 1));
  }
}

const command = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), user: fc.nat(USERS - 1), conv: fc.nat(1) }),
  fc.record({
    kind: fc.constantFrom('read' as const, 'deliver' as const, 'both' as const),
    dev: fc.nat(USERS * DEVICES - 1),
    conv: fc.nat(1),
    frac: fc.double({ min: 0, max: 1, noNaN: true }),
    frac2: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('beyond' as const), dev: fc.nat(USERS * DEVICES - 1), conv: fc.nat(1) }),
  fc.record({ kind: fc.constant('sync' as const), dev: fc.nat(USERS * DEVICES - 1) }),
);

describe('receipts and unread counts across devices', () => {
  it('events folded on every device equal a fresh fetch, and the server equals the model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: USERS, maxLength: USERS }),
        fc.array(command, { minLength: 5, maxLength: 30, size: 'max' }),
        async (receipts, commands) => {
          const owner = devs[0]!.d.client;
          for (let u = 0; u < USERS; u++) {
            await devs[u * DEVICES]!.d.client.api('updateSettings', { body: { readReceipts: receipts[u]! } });
          }
          const groupId = (
            await owner.api('createConversation', {
              body: { kind: 'group', title: 'prop', memberIds: userIds.slice(1) },
            })
          ).conversation.id;
          // The direct chat of users 0 and 1 persists between runs: its model starts from the server.
          const directId = (
            await owner.api('createConversation', { body: { kind: 'direct', memberIds: [userIds[1]!] } })
          ).conversation.id;
          const convs = [
            { id: groupId, model: new Model([0, 1, 2]) },
            { id: directId, model: await modelFromServer(directId, [0, 1]) },
          ];
          for (const c of commands) {
            const conv = 'conv' in c ? convs[c.conv]! : undefined;
            if (c.kind === 'sync') {
              await syncDevice(devs[c.dev]!);
              continue;
            }
            if (c.kind === 'send') {
              if (!conv!.model.members.includes(c.user)) continue;
              const client = devs[c.user * DEVICES]!.d.client;
              const { message } = await client.api('sendMessage', {
                params: { id: conv!.id },
                body: { clientId: uniqueName('p'), text: 'hi' },
              });
              conv!.model.messages.push({ seq: message.seq, sender: c.user });
              conv!.model.lastSeq = message.seq;
              continue;
            }
            const dev = devs[c.dev]!;
            if (!conv!.model.members.includes(dev.user)) continue;
            if (c.kind === 'beyond') {
              const err = await dev.d.client
                .api('reportReceipts', { params: { id: conv!.id }, body: { readSeq: conv!.model.lastSeq + 1 } })
                .then(
                  () => null,
                  (e: unknown) => e,
                );
              expect(err).toBeInstanceOf(ApiError);
              expect((err as ApiError).code).toBe('invalid_seq');
              continue;
            }
            // Positions in 0..lastSeq, the latest one often (reading everything is the common case).
            const pick = (f: number) => Math.min(conv!.model.lastSeq, Math.floor(f * (conv!.model.lastSeq + 3)));
            const seq = pick(c.frac);
            const seq2 = pick(c.frac2);
            const body =
              c.kind === 'read'
                ? { readSeq: seq }
                : c.kind === 'deliver'
                  ? { deliveredSeq: seq }
                  : { readSeq: seq, deliveredSeq: seq2 };
            await dev.d.client.api('reportReceipts', { params: { id: conv!.id }, body });
            conv!.model.report(dev.user, receipts, body.deliveredSeq, body.readSeq);
          }
          for (const dev of devs) await syncDevice(dev);
          for (const dev of devs) {
            const fresh = await loadState(dev.d.client.call);
            expect(dev.state).toEqual(fresh);
            for (const { id, model } of convs) {
              if (!model.members.includes(dev.user)) continue;
              expect(fresh.conversationStates[id]).toMatchObject({
                readSeq: model.read[dev.user],
                unreadCount: model.unread(dev.user),
              });
              const { receipts: listed } = await dev.d.client.api('listReceipts', { params: { id } });
              expect(listed).toEqual(model.receiptsOf(dev.user, id));
            }
          }
        },
      ),
      { numRuns: 15 },
    );
    // Every run fetches every device's whole state; on PostgreSQL, on a busy machine, that takes a while.
  }, 180_000);
});

/** A model of a conversation that already has history, rebuilt from the server's view. */
async function modelFromServer(conversationId: string, members: number[]): Promise<Model> {
  const m = new Model(members);
  const client = devs[0]!.d.client;
  const { messages } = await client.api('listMessages', {
    params: { id: conversationId },
    query: { afterSeq: 0, limit: 200 },
  });
  m.messages = messages.map((x) => ({ seq: x.seq, sender: userIds.indexOf(x.senderId) }));
  const { conversation } = await client.api('getConversation', { params: { id: conversationId } });
  m.lastSeq = conversation.lastSeq;
  for (const u of members) {
    const d = devs[u * DEVICES]!.d.client;
    const { conversations, states } = await d.api('listConversations');
    const st = states[conversations.findIndex((c) => c.id === conversationId)]!;
    m.read[u] = st.readSeq;
    const { receipts } = await d.api('listReceipts', { params: { id: conversationId } });
    for (const r of receipts) {
      m.ledger.set(`${u}/${userIds.indexOf(r.userId)}`, { deliveredSeq: r.deliveredSeq, readSeq: r.readSeq });
    }
  }
  // Delivered positions are not visible to anyone but the ledger; take the highest known.
  for (const u of members) {
    m.delivered[u] = Math.max(
      m.read[u]!,
      ...[...m.ledger.entries()].filter(([k]) => k.endsWith(`/${u}`)).map(([, v]) => v.deliveredSeq),
    );
  }
  return m;
}
