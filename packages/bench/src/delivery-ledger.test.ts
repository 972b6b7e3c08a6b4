// Tests the exactly-once, in-order delivery bookkeeping with stand-in sockets.
import type { EventOf } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import type { BenchSocket } from './bench-socket.js';
import { DeliveryLedger, describeDelivery } from './delivery-ledger.js';
import { testMessage } from '@anytime/protocol/testing';

const socket = (name: string) => ({ name }) as unknown as BenchSocket;

function frame(conversationId: string, clientId: string, seq: number): EventOf<'message.created'> {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    type: 'message.created',
    cursor: String(seq),
    at,
    conversationId,
    seq,
    message: testMessage({
      id: `m${seq}`,
      conversationId,
      seq,
      senderId: 'u1',
      senderDeviceId: 'd1',
      clientId,
      text: 'hi',
      replyToId: null,
      mediaIds: [],
      createdAt: at,
    }),
  };
}

describe('DeliveryLedger', () => {
  it('passes when each acked message reaches each receiver once, in order', async () => {
    const [s, r1, r2] = [socket('s'), socket('r1'), socket('r2')];
    const ledger = new DeliveryLedger();
    ledger.addConversation('c', [s, r1, r2]);
    ledger.sent('x1', 'c', s, 0);
    ledger.sent('x2', 'c', s, 0);
    expect(ledger.delivered(r1, frame('c', 'x1', 2)).kind).toBe('receiver'); // before its ack
    ledger.acked('x1');
    ledger.acked('x2');
    expect(ledger.delivered(s, frame('c', 'x1', 2)).kind).toBe('sender-echo');
    ledger.delivered(r2, frame('c', 'x1', 2));
    ledger.delivered(r1, frame('c', 'x2', 3));
    ledger.delivered(r2, frame('c', 'x2', 3));
    await ledger.settle(1_000);
    const rep = ledger.report();
    expect(rep).toMatchObject({
      sent: 2,
      acked: 2,
      expected: 4,
      exactlyOnce: 4,
      missing: 0,
      senderEchoes: 1,
      ok: true,
    });
    expect(describeDelivery(rep)).toBe('delivered exactly once 4/4, echoed once to the sending socket 1/2');
  });

  it('reports missing, duplicate, stray and out-of-order deliveries', () => {
    const [s, r] = [socket('s'), socket('r')];
    const ledger = new DeliveryLedger();
    ledger.addConversation('c', [s, r]);
    for (const id of ['x1', 'x2', 'x3']) ledger.sent(id, 'c', s, 0);
    ledger.acked('x1');
    ledger.acked('x2');
    ledger.acked('x3');
    ledger.delivered(r, frame('c', 'x2', 3));
    ledger.delivered(r, frame('c', 'x1', 2)); // older seq after a newer one
    expect(ledger.delivered(r, frame('c', 'x1', 2)).kind).toBe('duplicate');
    expect(ledger.delivered(r, frame('c', 'nope', 9)).kind).toBe('stray');
    expect(ledger.delivered(socket('outsider'), frame('c', 'x1', 2)).kind).toBe('stray');
    const rep = ledger.report();
    expect(rep).toMatchObject({ missing: 1, duplicates: 1, stray: 2, outOfOrder: 1, exactlyOnce: 1, ok: false });
  });

  it('counts refused and unanswered sends apart from acked ones', () => {
    const [s, r] = [socket('s'), socket('r')];
    const ledger = new DeliveryLedger();
    ledger.addConversation('c', [s, r]);
    ledger.sent('x1', 'c', s, 0);
    ledger.sent('x2', 'c', s, 0);
    ledger.failed('x1');
    expect(ledger.acked('x1')).toBeUndefined();
    ledger.delivered(r, frame('c', 'x2', 2));
    const rep = ledger.report();
    expect(rep).toMatchObject({ sent: 2, acked: 0, failed: 1, unanswered: 1, deliveredWithoutAck: 1, expected: 0 });
    expect(describeDelivery(rep)).toContain('1 sends refused, 1 sends unanswered, 1 delivered without ack');
  });

  it('refuses a send to a conversation it was not told about', () => {
    expect(() => new DeliveryLedger().sent('x', 'nope', socket('s'), 0)).toThrow(/not set up/);
  });

  it('counts protocol-neutral deliveries, checking order only when a seq is given', () => {
    const [s, r] = [socket('s'), socket('r')];
    const ledger = new DeliveryLedger();
    ledger.addConversation('room', [s, r]);
    for (const id of ['g1', 'g2']) {
      ledger.sent(id, 'room', s, 0);
      ledger.acked(id);
    }
    expect(ledger.deliveredMessage(r, { conversationId: 'room', clientId: 'g2' }).kind).toBe('receiver');
    expect(ledger.deliveredMessage(r, { conversationId: 'room', clientId: 'g1' }).kind).toBe('receiver');
    expect(ledger.deliveredMessage(r, { conversationId: 'other', clientId: 'g1' }).kind).toBe('stray');
    expect(ledger.report()).toMatchObject({ exactlyOnce: 2, outOfOrder: 0, stray: 1 });
  });
});
