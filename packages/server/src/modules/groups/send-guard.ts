// Who may send into a conversation, for messages/actions.ts: a member, and in an
// announcements-only group only an admin or the owner. The condition joins the send's seq
// update (no extra query per send); the explanation runs only when a send was refused.
import type { ExpressionBuilder, Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';

/** A condition on the sender's `members` row inside the send's `conversations` update. */
export function maySendCondition(eb: ExpressionBuilder<DB, 'conversations' | 'members'>) {
  return eb.or([eb('members.role', '!=', 'member'), eb('conversations.announcements_only', '=', 0)]);
}

/** Throws why the send was refused: announcements_only for a member of such a group, else not_found. */
export async function explainRefusedSend(db: Kysely<DB>, conversationId: string, userId: string): Promise<never> {
  const m = await db
    .selectFrom('members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.role', 'c.announcements_only', 'c.encryption'])
    .where('m.conversation_id', '=', conversationId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (m && m.encryption === 'mls') {
    throw new ApiError('secret_conversation', 'a secret chat takes MLS ciphertext only (POST .../mls/messages)');
  }
  if (m && m.announcements_only === 1 && m.role === 'member') {
    throw new ApiError('announcements_only', 'only admins may send in this group');
  }
  throw new ApiError('not_found', 'no such conversation');
}
