// Keeps count, per message, of how many times each member socket of its conversation got it
// (`message.created`), so a scenario can show that every acked message reached every
// receiver exactly once and in seq order, while it measures speed.
// The ledger is generic over the socket type, so the XMPP load generator uses it too.
import { deliveredOf, type BenchSocket, type MessageCreatedFrame } from './bench-socket.js';
import type { DeliveredMessage } from './load-socket.js';

interface ConversationEntry<S> {
  id: string;
  /** Position of each member socket in this conversation's count arrays. */
  positions: Map<S, number>;
  /** Highest seq each position has seen, to notice out-of-order deliveries. */
  lastSeq: Float64Array;
}

export interface SentRecord<S = BenchSocket> {
  conversation: ConversationEntry<S>;
  senderPos: number;
  /** The time the send was due (open loop) or made (closed loop), performance.now() ms. */
  due: number;
  counts: Uint8Array;
  receiverFirsts: number;
  state: 'sent' | 'acked' | 'failed';
}

export type DeliveryKind = 'receiver' | 'sender-echo' | 'duplicate' | 'stray';

export interface DeliveryReport {
  sent: number;
  acked: number;
  failed: number;
  /** Sends with neither ack nor error when the scenario ended. */
  unanswered: number;
  /** Receiver deliveries due for acked messages (acked x receivers per message). */
  expected: number;
  exactlyOnce: number;
  missing: number;
  duplicates: number;
  /** Deliveries of message ids this scenario never sent (or to sockets outside the conversation). */
  stray: number;
  outOfOrder: number;
  /** Acked messages that came back to the sending socket itself, once. */
  senderEchoes: number;
  /** Messages that were delivered although their send failed or was never acked. */
  deliveredWithoutAck: number;
  ok: boolean;
}

export class DeliveryLedger<S = BenchSocket> {
  private readonly conversations = new Map<string, ConversationEntry<S>>();
  private readonly records = new Map<string, SentRecord<S>>();
  private stray = 0;
  private outOfOrder = 0;
  /** Receiver deliveries still due for acked messages. */
  private pending = 0;

  addConversation(id: string, memberSockets: readonly S[]): void {
    const positions = new Map<S, number>();
    memberSockets.forEach((s, i) => positions.set(s, i));
    this.conversations.set(id, { id, positions, lastSeq: new Float64Array(memberSockets.length) });
  }

  sent(clientId: string, conversationId: string, sender: S, due: number): SentRecord<S> {
    const conversation = this.conversations.get(conversationId);
    const senderPos = conversation?.positions.get(sender);
    if (!conversation || senderPos === undefined) throw new Error(`conversation ${conversationId} not set up`);
    const record: SentRecord<S> = {
      conversation,
      senderPos,
      due,
      counts: new Uint8Array(conversation.positions.size),
      receiverFirsts: 0,
      state: 'sent',
    };
    this.records.set(clientId, record);
    return record;
  }

  /** Marks a send acknowledged; returns its record (undefined for a clientId never sent). */
  acked(clientId: string): SentRecord<S> | undefined {
    const r = this.records.get(clientId);
    if (!r || r.state !== 'sent') return undefined;
    r.state = 'acked';
    this.pending += r.counts.length - 1 - r.receiverFirsts;
    return r;
  }

  failed(clientId: string): SentRecord<S> | undefined {
    const r = this.records.get(clientId);
    if (!r || r.state !== 'sent') return undefined;
    r.state = 'failed';
    return r;
  }

  /** Counts one `message.created` on `socket`; says what kind of delivery it was. */
  delivered(socket: S, frame: MessageCreatedFrame): { kind: DeliveryKind; record?: SentRecord<S> } {
    return this.deliveredMessage(socket, deliveredOf(frame));
  }

  /** Counts one delivery on `socket` (any protocol); a message without `seq` skips the order check. */
  deliveredMessage(socket: S, message: DeliveredMessage): { kind: DeliveryKind; record?: SentRecord<S> } {
    const record = this.records.get(message.clientId);
    const pos = record?.conversation.positions.get(socket);
    if (!record || pos === undefined || record.conversation.id !== message.conversationId) {
      this.stray++;
      return { kind: 'stray' };
    }
    const n = (record.counts[pos] ?? 0) + 1;
    record.counts[pos] = Math.min(n, 255);
    if (n > 1) return { kind: 'duplicate', record };
    const last = record.conversation.lastSeq;
    if (message.seq !== undefined) {
      if (message.seq <= (last[pos] ?? 0)) this.outOfOrder++;
      else last[pos] = message.seq;
    }
    if (pos === record.senderPos) return { kind: 'sender-echo', record };
    record.receiverFirsts++;
    if (record.state === 'acked') this.pending--;
    return { kind: 'receiver', record };
  }

  /** Resolves once every acked message reached all its receivers, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  report(): DeliveryReport {
    const rep: DeliveryReport = {
      sent: this.records.size,
      acked: 0,
      failed: 0,
      unanswered: 0,
      expected: 0,
      exactlyOnce: 0,
      missing: 0,
      duplicates: 0,
      stray: this.stray,
      outOfOrder: this.outOfOrder,
      senderEchoes: 0,
      deliveredWithoutAck: 0,
      ok: false,
    };
    for (const r of this.records.values()) {
      if (r.state !== 'acked') {
        if (r.state === 'failed') rep.failed++;
        else rep.unanswered++;
        if (r.counts.some((c) => c > 0)) rep.deliveredWithoutAck++;
        continue;
      }
      rep.acked++;
      r.counts.forEach((c, pos) => {
        if (c > 1) rep.duplicates += c - 1;
        if (pos === r.senderPos) {
          if (c === 1) rep.senderEchoes++;
          return;
        }
        rep.expected++;
        if (c === 0) rep.missing++;
        else if (c === 1) rep.exactlyOnce++;
      });
    }
    rep.ok = rep.missing === 0 && rep.duplicates === 0 && rep.stray === 0 && rep.outOfOrder === 0;
    return rep;
  }
}

/** One line for the results table: "exactly once 1,234/1,234" or what went wrong. */
export function describeDelivery(r: DeliveryReport): string {
  const parts = [
    `delivered exactly once ${r.exactlyOnce.toLocaleString('en-US')}/${r.expected.toLocaleString('en-US')}`,
  ];
  if (r.missing) parts.push(`${r.missing} missing`);
  if (r.duplicates) parts.push(`${r.duplicates} duplicates`);
  if (r.stray) parts.push(`${r.stray} stray`);
  if (r.outOfOrder) parts.push(`${r.outOfOrder} out of seq order`);
  if (r.failed) parts.push(`${r.failed} sends refused`);
  if (r.unanswered) parts.push(`${r.unanswered} sends unanswered`);
  if (r.deliveredWithoutAck) parts.push(`${r.deliveredWithoutAck} delivered without ack`);
  parts.push(
    `echoed once to the sending socket ${r.senderEchoes.toLocaleString('en-US')}/${r.acked.toLocaleString('en-US')}`,
  );
  return parts.join(', ');
}
