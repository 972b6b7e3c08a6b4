// The conversation list with the user's own state of each: pinned first (the latest pinned on
// top), then by last activity (the order listForUser gives). Archived conversations stay in
// the list, flagged; clients show them in their own folder. Each comes with its latest message
// the user may see, for the preview.
import type { Conversation, ConversationListResponse } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { lastMessagesFor } from '../messages/last-messages.js';
import { loadStates } from './queries.js';

export async function withStates(
  db: Kysely<DB>,
  userId: string,
  byActivity: Conversation[],
): Promise<ConversationListResponse> {
  const ids = byActivity.map((c) => c.id);
  const [states, lastMessages] = await Promise.all([loadStates(db, userId, ids), lastMessagesFor(db, userId, ids)]);
  const order = byActivity.map((conversation, i) => ({
    conversation,
    state: states[i]!,
    lastMessage: lastMessages[i]!,
    i,
  }));
  order.sort((a, b) => {
    const pa = a.state.pinnedAt ?? '';
    const pb = b.state.pinnedAt ?? '';
    if (pa !== pb) return pa < pb ? 1 : -1;
    return a.i - b.i;
  });
  return {
    conversations: order.map((o) => o.conversation),
    states: order.map((o) => o.state),
    lastMessages: order.map((o) => o.lastMessage),
  };
}
