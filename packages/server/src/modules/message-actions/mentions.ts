// Who a message mentions: rows in message_mentions (one per user, or one '*' row for @all),
// written with the message and rewritten on edit; the per-user mentions list reads them, and
// notifications ask mentionedUserIds() whom a message notifies.
import type { Message } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';

export const MENTION_ALL = '*';

function mentionRowsFor(message: Message) {
  if (message.deletedAt) return [];
  const all = message.entities.some((e) => e.type === 'mention_all');
  const users = all
    ? [MENTION_ALL]
    : [...new Set(message.entities.flatMap((e) => (e.type === 'mention' ? [e.userId] : [])))];
  return users
    .filter((u) => u !== message.senderId)
    .map((userId) => ({
      message_id: message.id,
      user_id: userId,
      conversation_id: message.conversationId,
      seq: message.seq,
      created_at: message.createdAt,
    }));
}

/** Stores the mentions of a new message (in the send's transaction). */
export async function recordMentions(db: Kysely<DB>, message: Message): Promise<void> {
  const rows = mentionRowsFor(message);
  if (rows.length > 0) await db.insertInto('message_mentions').values(rows).execute();
}

/** Replaces the mentions of an edited (or deleted) message. */
export async function rewriteMentions(db: Kysely<DB>, message: Message): Promise<void> {
  await db.deleteFrom('message_mentions').where('message_id', '=', message.id).execute();
  await recordMentions(db, message);
}

/**
 * The users a message notifies by mention, the sender excluded: the mentioned members, or every
 * member for @all. For the notifications work: mentions notify even in muted conversations.
 */
export async function mentionedUserIds(db: Kysely<DB>, message: Message): Promise<string[]> {
  if (message.deletedAt) return [];
  if (message.entities.some((e) => e.type === 'mention_all')) {
    const rows = await db
      .selectFrom('members')
      .select('user_id')
      .where('conversation_id', '=', message.conversationId)
      .where('user_id', '!=', message.senderId)
      .execute();
    return rows.map((r) => r.user_id);
  }
  return [...new Set(message.entities.flatMap((e) => (e.type === 'mention' ? [e.userId] : [])))].filter(
    (u) => u !== message.senderId,
  );
}
