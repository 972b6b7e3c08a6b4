import type { Event } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import { MemoryOutboxStore } from '../outbox/outbox-store.js';
import { EventPipeline, type CursorStore } from './event-pipeline.js';
import { testMessage } from '@anytime/protocol/testing';

const msg = (conversationId: string, seq: number, cursor: string): Event => ({
  type: 'message.created',
  cursor,
  at: '2025-01-01T00:00:00.000Z',
  conversationId,
  seq,
  message: testMessage({
    id: `${conversationId}-${seq}`,
    conversationId,
    seq,
    senderId: 'u',
    senderDeviceId: 'd',
    clientId: `c${seq}`,
    text: 't',
    replyToId: null,
    mediaIds: [],
    createdAt: '2025-01-01T00:00:00.000Z',
  }),
});
const revoked = (cursor: string): Event => ({
  type: 'device.revoked',
  cursor,
  at: '2025-01-01T00:00:00.000Z',
  deviceId: 'd2',
});

describe('EventPipeline', () => {
  it('applies each event once: repeats by cursor or by conversation seq are dropped', () => {
    const applied: string[] = [];
    const p = new EventPipeline(new MemoryOutboxStore(), (e) => applied.push(e.cursor));
    expect(p.accept(msg('a', 2, '0.1'))).toBe(true);
    expect(p.accept(msg('a', 2, '0.1'))).toBe(false);
    expect(p.accept(msg('a', 2, '9.9'))).toBe(false); // same seq, whatever the cursor says
    expect(p.accept(msg('b', 2, '0.2'))).toBe(true);
    expect(p.accept(revoked('0.3'))).toBe(true);
    expect(p.accept(revoked('0.3'))).toBe(false);
    expect(p.accept(msg('a', 3, '0.4'))).toBe(true);
    expect(applied).toEqual(['0.1', '0.2', '0.3', '0.4']);
    p.reset();
    expect(p.accept(msg('a', 2, '0.1'))).toBe(true);
  });

  it('coalesces cursor writes, ends with the latest one stored', async () => {
    const writes: (string | null)[] = [];
    const inner = new MemoryOutboxStore();
    const store: CursorStore = {
      getCursor: () => inner.getCursor(),
      setCursor: async (c) => {
        await new Promise((r) => setTimeout(r, 5));
        writes.push(c);
        await inner.setCursor(c);
      },
    };
    const p = new EventPipeline(store, () => undefined);
    for (let i = 1; i <= 50; i++) p.commit(`0.${i}`);
    await p.flush();
    expect(await p.cursor()).toBe('0.50');
    expect(p.durableCursor).toBe('0.50');
    expect(writes.length).toBeLessThan(5);
    expect(writes.at(-1)).toBe('0.50');
  });

  it('reports a failed write from flush, then recovers on the next commit', async () => {
    let fail = true;
    const inner = new MemoryOutboxStore();
    const store: CursorStore = {
      getCursor: () => inner.getCursor(),
      setCursor: async (c) => {
        if (fail) throw new Error('disk full');
        await inner.setCursor(c);
      },
    };
    const p = new EventPipeline(store, () => undefined);
    p.commit('0.1');
    await expect(p.flush()).rejects.toThrow('disk full');
    fail = false;
    p.commit('0.2');
    await p.flush();
    expect(await inner.getCursor()).toBe('0.2');
  });
});
