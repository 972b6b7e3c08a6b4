// The outbox's own rules, with a recording transmit function in place of a socket
// (the end-to-end behaviour against a real server is in the integration tests).
import type { Message, SendFrame } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { Outbox } from './outbox.js';
import { MemoryOutboxStore } from './outbox-store.js';
import { testMessage } from '@anytime/protocol/testing';

function harness(store = new MemoryOutboxStore()) {
  const wire: SendFrame[] = [];
  let up = false;
  const outbox = new Outbox({ store, transmit: (f) => up && wire.push(f) > 0, retryDelayMs: 10 });
  return {
    outbox,
    store,
    wire,
    connect() {
      up = true;
      outbox.connected();
    },
    drop() {
      up = false;
      outbox.disconnected();
    },
  };
}

const messageFor = (f: SendFrame, seq: number): Message =>
  testMessage({
    id: `m-${f.clientId}`,
    conversationId: f.conversationId,
    seq,
    senderId: 'u',
    senderDeviceId: 'd',
    clientId: f.clientId,
    text: f.text,
    replyToId: f.replyToId ?? null,
    mediaIds: f.mediaIds ?? [],
    createdAt: new Date().toISOString(),
  });

describe('Outbox', () => {
  it('stores before returning, and sends nothing while offline', async () => {
    const h = harness();
    const p = await h.outbox.send('c1', 'hi', { replyToId: 'm0' });
    expect(p).toMatchObject({ conversationId: 'c1', text: 'hi', replyToId: 'm0' });
    expect(p.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await h.store.list()).toEqual([p]);
    expect(h.wire).toEqual([]);
  });

  it('rejects a message the protocol would refuse, storing nothing', async () => {
    const h = harness();
    await expect(h.outbox.send('c1', '')).rejects.toBeInstanceOf(ApiError);
    await expect(h.outbox.send('c1', 'x'.repeat(16_001))).rejects.toMatchObject({ code: 'text_too_long' });
    expect(await h.store.list()).toEqual([]);
  });

  it('sends one message per conversation at a time, in order, conversations in parallel', async () => {
    const h = harness();
    const a1 = await h.outbox.send('a', '1');
    const a2 = await h.outbox.send('a', '2');
    const b1 = await h.outbox.send('b', '1');
    h.connect();
    expect(h.wire.map((f) => f.clientId)).toEqual([a1.clientId, b1.clientId]);
    h.outbox.handleAck({ type: 'ack', clientId: a1.clientId, message: messageFor(h.wire[0]!, 2) });
    expect(h.wire.map((f) => f.clientId)).toEqual([a1.clientId, b1.clientId, a2.clientId]);
    expect(h.outbox.pending.map((m) => m.clientId)).toEqual([a2.clientId, b1.clientId]);
  });

  it('resends with the same clientId after a reconnect until acked, then removes it', async () => {
    const h = harness();
    h.connect();
    const sent: string[] = [];
    h.outbox.on('sent', ({ pending }) => sent.push(pending.clientId));
    const m = await h.outbox.send('a', 'x');
    h.drop();
    h.connect();
    expect(h.wire.map((f) => f.clientId)).toEqual([m.clientId, m.clientId]);
    h.outbox.handleAck({ type: 'ack', clientId: m.clientId, message: messageFor(h.wire[0]!, 2) });
    h.outbox.handleAck({ type: 'ack', clientId: m.clientId, message: messageFor(h.wire[0]!, 2) });
    expect(sent).toEqual([m.clientId]);
    await new Promise((r) => setTimeout(r, 0));
    expect(await h.store.list()).toEqual([]);
  });

  it('fails and removes a message on a permanent error; the next one goes', async () => {
    const h = harness();
    h.connect();
    const failed: string[] = [];
    h.outbox.on('failed', ({ pending, error }) => failed.push(`${pending.text}:${error.code}`));
    const bad = await h.outbox.send('a', 'bad');
    const good = await h.outbox.send('a', 'good');
    h.outbox.handleError({ type: 'error', clientId: bad.clientId, error: { code: 'not_found', message: 'no' } });
    expect(failed).toEqual(['bad:not_found']);
    expect(h.wire.map((f) => f.clientId)).toEqual([bad.clientId, good.clientId]);
    expect(h.outbox.pending.map((m) => m.text)).toEqual(['good']);
  });

  it('retries after a retryable error, holding back the conversation meanwhile', async () => {
    const h = harness();
    h.connect();
    const m = await h.outbox.send('a', 'x');
    const n = await h.outbox.send('a', 'y');
    h.outbox.handleError({ type: 'error', clientId: m.clientId, error: { code: 'internal', message: 'oops' } });
    expect(h.wire.map((f) => f.clientId)).toEqual([m.clientId]);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.wire.map((f) => f.clientId)).toEqual([m.clientId, m.clientId]);
    h.outbox.handleAck({ type: 'ack', clientId: m.clientId, message: messageFor(h.wire[0]!, 2) });
    expect(h.wire.map((f) => f.clientId)).toEqual([m.clientId, m.clientId, n.clientId]);
  });

  it("waits at least the server's Retry-After before resending a rate-limited message", async () => {
    const h = harness();
    h.connect();
    const m = await h.outbox.send('a', 'x');
    h.outbox.handleError({
      type: 'error',
      clientId: m.clientId,
      error: { code: 'rate_limited', message: 'slow down' },
      retryAfterSeconds: 1,
    });
    // The backoff alone (10 ms) would have resent it by now.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.wire).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 900));
    expect(h.wire.map((f) => f.clientId)).toEqual([m.clientId, m.clientId]);
  });

  it('a new outbox on the same store picks up where the old one stopped, in order', async () => {
    const store = new MemoryOutboxStore();
    const first = harness(store);
    const x = await first.outbox.send('a', 'x');
    const y = await first.outbox.send('a', 'y');
    const second = harness(store);
    await second.outbox.load();
    const z = await second.outbox.send('a', 'z');
    expect(second.outbox.pending.map((m) => m.clientId)).toEqual([x.clientId, y.clientId, z.clientId]);
    expect(z.order).toBeGreaterThan(y.order);
  });
});
