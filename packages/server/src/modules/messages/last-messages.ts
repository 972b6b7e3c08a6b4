// The latest message of each of a user's conversations, for the conversation list's preview:
// what the user's own history would end with (from when they joined, without the messages they
// deleted for themselves). One query: a correlated subquery per membership row, each a short
// walk down the (conversation_id, seq) index.
import type { Message } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { notHiddenFor } from '../message-actions/hidden.js';
import { messagesByIds } from './queries.js';

/** For each conversation id, in order: its latest message visible to the user, or null. */
export async function lastMessagesFor(
  db: Kysely<DB>,
  userId: string,
  conversationIds: readonly string[],
): Promise<(Message | null)[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db
    .selectFrom('members as mb')
    .select((eb) => [
      'mb.conversation_id as conversationId',
      eb
        .selectFrom('messages')
        .select('messages.id')
        .whereRef('messages.conversation_id', '=', 'mb.conversation_id')
        .whereRef('messages.seq', '>=', 'mb.joined_seq')
        .where(notHiddenFor(userId))
        .orderBy('messages.seq', 'desc')
        .limit(1)
        .as('lastId'),
    ])
    .where('mb.user_id', '=', userId)
    .where('mb.conversation_id', 'in', [...conversationIds])
    .execute();
  const ids = rows.flatMap((r) => (r.lastId ? [r.lastId] : []));
  const byConversation = new Map((await messagesByIds(db, ids)).map((m) => [m.conversationId, m]));
  return conversationIds.map((id) => byConversation.get(id) ?? null);
}
