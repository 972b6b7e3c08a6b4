// What a chat shows, in order: stored messages (history pages, live events, acks) by seq, then
// this device's sends still waiting for their ack, then sends that failed.
import type { ErrorBody, Message } from '@anytime/protocol';
import type { PendingMessage } from '@anytime/sdk';

export interface FailedSend {
  pending: PendingMessage;
  error: ErrorBody;
}

export type TimelineItem =
  | { kind: 'message'; key: string; message: Message }
  | { kind: 'pending'; key: string; pending: PendingMessage }
  | { kind: 'failed'; key: string; pending: PendingMessage; error: ErrorBody };

export interface TimelineSources {
  /** Any number of message lists of this conversation; duplicates (same seq) are shown once. */
  stored: readonly (readonly Message[])[];
  /** The outbox (all conversations). */
  pending: readonly PendingMessage[];
  failed: readonly FailedSend[];
}

export function buildTimeline(conversationId: string, sources: TimelineSources): TimelineItem[] {
  const bySeq = new Map<number, Message>();
  // The same message may come from several sources; the newest snapshot (by updatedSeq) wins.
  for (const list of sources.stored) {
    for (const m of list) {
      const had = bySeq.get(m.seq);
      if (!had || had.updatedSeq <= m.updatedSeq) bySeq.set(m.seq, m);
    }
  }
  const stored = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  // An ack and the message's event may arrive before the outbox forgets the send.
  const storedClientIds = new Set(stored.map((m) => m.clientId));
  const items: TimelineItem[] = stored.map((message) => ({ kind: 'message', key: message.id, message }));
  for (const pending of sources.pending) {
    if (pending.conversationId !== conversationId || storedClientIds.has(pending.clientId)) continue;
    items.push({ kind: 'pending', key: `pending:${pending.clientId}`, pending });
  }
  for (const { pending, error } of sources.failed) {
    if (pending.conversationId !== conversationId) continue;
    items.push({ kind: 'failed', key: `failed:${pending.clientId}`, pending, error });
  }
  return items;
}
