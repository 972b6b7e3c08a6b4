// The realtime connection against a real server: dead sockets found by the heartbeat, abrupt
// cuts, catch-up from the cursor, and replays from an older cursor dropped as duplicates.
import type { Event } from '@anytime/protocol';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryOutboxStore } from '../outbox/outbox-store.js';
import { device, PASSWORD, uniqueName, until } from '../test-support/harness.js';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';
import { LOCAL_DEAD_CODE, type ConnectionStateChange } from './realtime-connection.js';

let server: TestServer;
let proxy: TcpProxy;
beforeAll(async () => {
  server = await startTestServer();
  proxy = await startTcpProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

/** Two users in a direct chat; `a` goes through the proxy, `b` straight to the server. */
async function pair(store = new MemoryOutboxStore()) {
  const a = device(proxy.url, {
    stores: { outbox: store },
    realtime: {
      backoff: { baseMs: 20, capMs: 100 },
      pingIntervalMs: 100,
      deadAfterMs: 400,
      connectTimeoutMs: 1000,
      stableAfterMs: 200,
    },
  });
  const b = device(server.url);
  await a.client.register({ username: uniqueName('ra'), password: PASSWORD });
  const rb = await b.client.register({ username: uniqueName('rb'), password: PASSWORD });
  const { conversation } = await a.client.api('createConversation', {
    body: { kind: 'direct', memberIds: [rb.user.id] },
  });
  const events: Event[] = [];
  a.client.on('event', (e) => events.push(e));
  const states: ConnectionStateChange[] = [];
  a.client.on('state', (s) => states.push(s));
  await a.client.connect();
  await a.client.whenSynced();
  await b.client.connect();
  await b.client.whenSynced();
  return { a, b, conversationId: conversation.id, events, states, store };
}

const seqsOf = (events: Event[]) => events.flatMap((e) => (e.type === 'message.created' ? [e.seq] : []));

describe('realtime connection', () => {
  it('finds a silent socket with the heartbeat, reconnects, and gets what it missed', async () => {
    const { a, b, conversationId, events, states } = await pair();
    try {
      proxy.blackhole = true;
      await b.client.send(conversationId, 'while you were away');
      await until(() => states.some((s) => s.code === LOCAL_DEAD_CODE), 5000, 'dead socket detected');
      proxy.blackhole = false;
      await until(() => a.client.state.messages[conversationId]?.length === 1, 10_000, 'missed message');
      expect(a.client.state.messages[conversationId]![0]!.text).toBe('while you were away');
      expect(seqsOf(events)).toEqual([2]);
    } finally {
      proxy.blackhole = false;
      await a.client.close();
      await b.client.close();
    }
  });

  it('after abrupt cuts, catches up from its cursor with no gap and no duplicate', async () => {
    const { a, b, conversationId, events } = await pair();
    try {
      for (let i = 0; i < 5; i++) {
        proxy.cut();
        await b.client.send(conversationId, `m${i}`);
        await a.client.send(conversationId, `a${i}`);
      }
      await until(() => a.client.pending.length === 0 && b.client.pending.length === 0, 10_000, 'outboxes');
      await until(() => a.client.state.messages[conversationId]?.length === 10, 10_000, 'all messages');
      expect(seqsOf(events)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it('drops events replayed from an older cursor (a store that lost its latest write)', async () => {
    const { a, b, conversationId, events, states, store } = await pair();
    try {
      const before = await store.getCursor();
      for (let i = 0; i < 3; i++) await b.client.send(conversationId, `x${i}`);
      await until(() => a.client.state.messages[conversationId]?.length === 3, 5000, 'three messages');
      const state = a.client.state;
      await store.setCursor(before); // the device "forgot" the last three cursors
      const mark = states.length;
      proxy.cut();
      await until(() => states.slice(mark).some((s) => s.state === 'connected'), 5000, 'reconnected');
      await until(() => a.frames.filter((f) => f.type === 'synced').length === 2, 5000, 'synced again');
      await b.client.send(conversationId, 'after');
      await until(() => a.client.state.messages[conversationId]?.length === 4, 5000, 'fourth message');
      // The server did send the three again; the client applied and emitted each only once.
      const received = a.frames.flatMap((f) => (f.type === 'message.created' ? [f.seq] : []));
      expect(received).toEqual([2, 3, 4, 2, 3, 4, 5]);
      expect(seqsOf(events)).toEqual([2, 3, 4, 5]);
      expect(a.client.state.messages[conversationId]!.slice(0, 3)).toEqual(state.messages[conversationId]);
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it('backs off exponentially while connections keep dropping, and resets once one is stable', async () => {
    const a = device(proxy.url, {
      // random() just below 1: each delay is its ceiling minus one, so the schedule is visible.
      realtime: { backoff: { baseMs: 20, capMs: 1000, random: () => 0.9999 }, stableAfterMs: 300 },
    });
    await a.client.register({ username: uniqueName('bo'), password: PASSWORD });
    const delays: number[] = [];
    a.client.on('state', (s) => {
      if (s.state === 'reconnecting' && s.retryInMs !== undefined) delays.push(s.retryInMs);
    });
    const reconnected = async (): Promise<void> => {
      await a.client.next('state', (s) => s.state === 'connected');
    };
    try {
      await a.client.connect();
      await a.client.whenSynced();
      for (let i = 0; i < 4; i++) {
        const back = reconnected();
        proxy.cut(); // dropped again before the connection counts as stable
        await back;
      }
      await new Promise((r) => setTimeout(r, 450));
      const back = reconnected();
      proxy.cut();
      await back;
      expect(delays).toEqual([19, 39, 79, 159, 19]);
    } finally {
      await a.client.close();
    }
  });
});
