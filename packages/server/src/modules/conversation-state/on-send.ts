// What a new message does to members' own states, inside the send's transaction (called from
// messages/actions.ts sendMessage). No events: every device derives the same change from the
// message.created event it receives (the SDK reducer mirrors these two rules exactly):
// - the sender's draft is cleared (a message sent from any device clears it);
// - the conversation is unarchived for every other member who archived it and is not muted at
//   the message's time (WhatsApp's rule).
// On PostgreSQL both updates ride in the send's seq statement as common table expressions
// (messages/actions.ts), one round trip instead of two.
import type { Kysely, QueryCreator } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { reusableQuery } from '../../storage/reusable-query.js';

/** Clears the sender's draft. */
export const clearDraftQuery = (db: QueryCreator<DB>, senderId: unknown, conversationId: unknown) =>
  db
    .updateTable('conversation_states')
    .set({ draft_text: null, draft_updated_at: null })
    .where('user_id', '=', senderId as string)
    .where('conversation_id', '=', conversationId as string)
    .where('draft_text', 'is not', null);

/** Unarchives the conversation for the other members who archived it and are not muted at `at`. */
export const unarchiveQuery = (db: QueryCreator<DB>, conversationId: unknown, senderId: unknown, at: unknown) =>
  db
    .updateTable('conversation_states')
    .set({ archived: 0 })
    .where('conversation_id', '=', conversationId as string)
    .where('archived', '=', 1)
    .where('user_id', '<>', senderId as string)
    .where((eb) =>
      eb.or([
        eb('muted_until', 'is', null),
        eb.and([eb('muted_until', '<>', 'forever'), eb('muted_until', '<=', at as string)]),
      ]),
    );

const clearDraft = reusableQuery(2, (db: Kysely<DB>, senderId: string, conversationId: string) =>
  clearDraftQuery(db, senderId, conversationId),
);

const unarchive = reusableQuery(3, (db: Kysely<DB>, conversationId: string, senderId: string, at: string) =>
  unarchiveQuery(db, conversationId, senderId, at),
);

export async function applySendToStates(
  db: Kysely<DB>,
  conversationId: string,
  senderId: string,
  at: string,
): Promise<void> {
  await clearDraft(db, senderId, conversationId);
  await unarchive(db, conversationId, senderId, at);
}
