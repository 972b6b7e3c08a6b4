// Taking a secret chat's next seq, in the transaction that stores a commit or ciphertext: only a
// member who may send (announcements-only groups), not blocked in a direct chat, and only for an
// MLS conversation. No row: refused (the caller explains why).
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { maySendCondition } from '../groups/send-guard.js';
import { notBlockedInDirect } from '../safety/blocks.js';

export async function takeSecretSeq(
  db: Kysely<DB>,
  conversationId: string,
  userId: string,
  now: string,
): Promise<number | undefined> {
  const row = await db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: now }))
    .where('id', '=', conversationId)
    .where('encryption', '=', 'mls')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('members')
          .select('members.user_id')
          .whereRef('members.conversation_id', '=', 'conversations.id')
          .where('members.user_id', '=', userId)
          .where(maySendCondition),
      ),
    )
    .where((eb) => notBlockedInDirect(eb, userId))
    .returning('last_seq')
    .executeTakeFirst();
  return row?.last_seq;
}
