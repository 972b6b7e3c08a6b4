// What the UI shows under the user's own messages, from the receipts in the client state: ticks
// (sent / delivered / read, as WhatsApp: delivered or read once every other member has) and
// "read by N". Exact lists of who read one message: GET /v1/messages/:id/receipts.
import type { Message } from '@anytime/protocol';
import type { ClientState } from './client-state.js';

export type MessageTicks = 'sent' | 'delivered' | 'read';

/** How many members besides the sender the message went to (groups carry a count, not a list). */
function othersCount(state: ClientState, m: Message): number {
  const c = state.conversations[m.conversationId];
  if (!c) return 0;
  return c.kind === 'direct' ? c.memberIds.filter((id) => id !== m.senderId).length : Math.max(0, c.memberCount - 1);
}

/** How many other members got at least this far (delivered or read) in the message's conversation. */
function reached(state: ClientState, m: Message, key: 'deliveredSeq' | 'readSeq'): number {
  const positions = state.receipts[m.conversationId] ?? {};
  let n = 0;
  for (const [userId, p] of Object.entries(positions)) if (userId !== m.senderId && p[key] >= m.seq) n++;
  return n;
}

/** How many other members have read the message (as far as read receipts are shown). */
export function readByCount(state: ClientState, m: Message): number {
  return Math.min(reached(state, m, 'readSeq'), othersCount(state, m));
}

export function messageTicks(state: ClientState, m: Message): MessageTicks {
  const others = othersCount(state, m);
  if (others === 0) return 'sent';
  if (reached(state, m, 'readSeq') >= others) return 'read';
  if (reached(state, m, 'deliveredSeq') >= others) return 'delivered';
  return 'sent';
}
