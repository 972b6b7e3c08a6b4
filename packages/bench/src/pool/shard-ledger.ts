// The delivery ledger split over load workers. Each worker owns some of a conversation's
// member sockets and counts, per message id, how often each of its own sockets got it; the
// message's sender (and whether it was acked) lives in whichever worker sent it. At the end
// every worker exports a compact summary and `mergeShards` combines them into the same
// DeliveryReport the single-thread DeliveryLedger gives: every acked message reached every
// other member exactly once, in order, with nothing stray.
import type { DeliveryKind, DeliveryReport } from '../delivery-ledger.js';
import type { DeliveredMessage } from '../load-socket.js';

interface ShardConversation<S> {
  id: string;
  /** Position of each of this worker's member sockets. */
  positions: Map<S, number>;
  /** Members in every worker together. */
  members: number;
  lastSeq: Float64Array;
}

/** A message this worker sent. */
export interface ShardRecord<S> {
  conversation: ShardConversation<S>;
  senderPos: number;
  /** When the send was due (open loop) or made (closed loop), on the shared clock. */
  due: number;
  state: 'sent' | 'acked' | 'failed';
}

/** What this worker's sockets got of one message id. */
interface Seen {
  conversationId: string;
  counts: Uint8Array;
}

const STATES = { sent: 0, acked: 1, failed: 2 } as const;

/** One worker's part of the ledger, as it crosses to the coordinator. */
export interface ShardExport {
  /** Members of each conversation among this worker's sockets. */
  members: [conversationId: string, localMembers: number][];
  /** Messages sent here: id, conversation, 0 sent / 1 acked / 2 failed. */
  sent: [clientId: string, conversationId: string, state: number][];
  /**
   * Per message id seen here: the conversation it came in, receiver sockets that got it exactly
   * once, receiver sockets that got it at all, extra copies (all sockets), and 1 when it came
   * back exactly once to its sender (a socket of this worker).
   */
  seen: [clientId: string, conversationId: string, once: number, receivers: number, extra: number, echo: number][];
  /** Deliveries on a socket that is not a member of the message's conversation. */
  stray: number;
  outOfOrder: number;
}

export class ShardLedger<S> {
  private readonly conversations = new Map<string, ShardConversation<S>>();
  private readonly records = new Map<string, ShardRecord<S>>();
  private readonly seen = new Map<string, Seen>();
  private stray = 0;
  private outOfOrder = 0;
  /** Receiver deliveries due for messages acked here (members - 1 each). */
  private expected = 0;
  /** First deliveries of a message to a receiver socket of this worker. */
  private firsts = 0;

  /** `localSockets`: this worker's members, in a fixed order; `members`: all members in every worker. */
  addConversation(id: string, localSockets: readonly S[], members: number): void {
    const positions = new Map<S, number>();
    localSockets.forEach((s, i) => positions.set(s, i));
    this.conversations.set(id, { id, positions, members, lastSeq: new Float64Array(localSockets.length) });
  }

  sent(clientId: string, conversationId: string, sender: S, due: number): ShardRecord<S> {
    const conversation = this.conversations.get(conversationId);
    const senderPos = conversation?.positions.get(sender);
    if (!conversation || senderPos === undefined) throw new Error(`conversation ${conversationId} not set up`);
    const record: ShardRecord<S> = { conversation, senderPos, due, state: 'sent' };
    this.records.set(clientId, record);
    return record;
  }

  acked(clientId: string): ShardRecord<S> | undefined {
    const r = this.records.get(clientId);
    if (!r || r.state !== 'sent') return undefined;
    r.state = 'acked';
    this.expected += r.conversation.members - 1;
    return r;
  }

  failed(clientId: string): ShardRecord<S> | undefined {
    const r = this.records.get(clientId);
    if (!r || r.state !== 'sent') return undefined;
    r.state = 'failed';
    return r;
  }

  /** Counts one delivery on `socket`. A message without `seq` skips the order check. */
  delivered(socket: S, message: DeliveredMessage): DeliveryKind {
    const conversation = this.conversations.get(message.conversationId);
    const pos = conversation?.positions.get(socket);
    const local = this.records.get(message.clientId);
    if (!conversation || pos === undefined || (local && local.conversation !== conversation)) {
      this.stray++;
      return 'stray';
    }
    let seen = this.seen.get(message.clientId);
    if (!seen) {
      seen = { conversationId: conversation.id, counts: new Uint8Array(conversation.positions.size) };
      this.seen.set(message.clientId, seen);
    } else if (seen.conversationId !== conversation.id) {
      this.stray++;
      return 'stray';
    }
    const n = (seen.counts[pos] ?? 0) + 1;
    seen.counts[pos] = Math.min(n, 255);
    if (n > 1) return 'duplicate';
    if (message.seq !== undefined) {
      if (message.seq <= (conversation.lastSeq[pos] ?? 0)) this.outOfOrder++;
      else conversation.lastSeq[pos] = message.seq;
    }
    if (local && pos === local.senderPos) return 'sender-echo';
    this.firsts++;
    return 'receiver';
  }

  /** For waiting until deliveries settle: receiver deliveries due for messages acked here, first deliveries seen here. */
  progress(): { expected: number; firsts: number } {
    return { expected: this.expected, firsts: this.firsts };
  }

  export(): ShardExport {
    const members: ShardExport['members'] = [...this.conversations.values()].map((c) => [c.id, c.positions.size]);
    const sent: ShardExport['sent'] = [];
    for (const [id, r] of this.records) sent.push([id, r.conversation.id, STATES[r.state]]);
    const seen: ShardExport['seen'] = [];
    for (const [id, s] of this.seen) {
      const senderPos = this.records.get(id)?.senderPos ?? -1;
      let once = 0;
      let receivers = 0;
      let extra = 0;
      let echo = 0;
      s.counts.forEach((c, pos) => {
        if (c > 1) extra += c - 1;
        if (pos === senderPos) {
          if (c === 1) echo = 1;
          return;
        }
        if (c > 0) receivers++;
        if (c === 1) once++;
      });
      seen.push([id, s.conversationId, once, receivers, extra, echo]);
    }
    return { members, sent, seen, stray: this.stray, outOfOrder: this.outOfOrder };
  }
}

/** Combines every worker's export into one report, as if one ledger had seen everything. */
export function mergeShards(shards: readonly ShardExport[]): DeliveryReport {
  const members = new Map<string, number>();
  for (const s of shards) for (const [id, n] of s.members) members.set(id, (members.get(id) ?? 0) + n);
  const seenById = new Map<string, ShardExport['seen'][number][]>();
  for (const s of shards) {
    for (const row of s.seen) {
      const rows = seenById.get(row[0]);
      if (rows) rows.push(row);
      else seenById.set(row[0], [row]);
    }
  }
  const rep: DeliveryReport = {
    sent: 0,
    acked: 0,
    failed: 0,
    unanswered: 0,
    expected: 0,
    exactlyOnce: 0,
    missing: 0,
    duplicates: 0,
    stray: shards.reduce((n, s) => n + s.stray, 0),
    outOfOrder: shards.reduce((n, s) => n + s.outOfOrder, 0),
    senderEchoes: 0,
    deliveredWithoutAck: 0,
    ok: false,
  };
  for (const s of shards) {
    for (const [clientId, conversationId, state] of s.sent) {
      rep.sent++;
      const rows = seenById.get(clientId) ?? [];
      seenById.delete(clientId);
      // Copies that came in another conversation than the one the message was sent to.
      const elsewhere = rows.filter((r) => r[1] !== conversationId);
      for (const r of elsewhere) rep.stray += r[3] + r[4] + r[5];
      const here = rows.filter((r) => r[1] === conversationId);
      if (state !== STATES.acked) {
        if (state === STATES.failed) rep.failed++;
        else rep.unanswered++;
        if (here.some((r) => r[3] + r[4] + r[5] > 0)) rep.deliveredWithoutAck++;
        continue;
      }
      rep.acked++;
      const receivers = (members.get(conversationId) ?? 1) - 1;
      let reached = 0;
      for (const [, , once, got, extra, echo] of here) {
        rep.exactlyOnce += once;
        reached += got;
        rep.duplicates += extra;
        rep.senderEchoes += echo;
      }
      rep.expected += receivers;
      rep.missing += Math.max(0, receivers - reached);
    }
  }
  // Ids no worker sent.
  for (const rows of seenById.values()) for (const r of rows) rep.stray += r[3] + r[4] + r[5];
  rep.ok = rep.missing === 0 && rep.duplicates === 0 && rep.stray === 0 && rep.outOfOrder === 0;
  return rep;
}
