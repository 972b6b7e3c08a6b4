// Who a message mentions: rows in message_mentions (one per user, or one '*' row for @all),
// written with the message and rewritten on edit and on photo tag changes; the per-user mentions list reads them, and
// notifications ask mentionedUserIds() whom a message notifies.
import type { Message } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';

export const MENTION_ALL = '*';

/**
 * Whom a message mentions, the sender excluded: @all, the users named by @mention entities and
 * the people tagged in its photos (a photo tag is a mention, listed, counted and pushed alike).
 * Pure; the one place that says what a mention is.
 */
export function mentionsOf(message: Message): { all: boolean; userIds: string[] } {
  if (message.deletedAt) return { all: false, userIds: [] };
  const named = message.entities.flatMap((e) => (e.type === 'mention' ? [e.userId] : []));
  const tagged = message.media.flatMap((m) => m.tags.map((t) => t.userId));
  return {
    all: message.entities.some((e) => e.type === 'mention_all'),
    userIds: [...new Set([...named, ...tagged])].filter((u) => u !== message.senderId),
  };
}

/** Whether the message tags the user in one of its photos (push text says so). */
export function tagsUser(message: Message, userId: string): boolean {
  return message.media.some((m) => m.tags.some((t) => t.userId === userId));
}

function mentionRowsFor(message: Message) {
  const { all, userIds } = mentionsOf(message);
  const users = all ? [MENTION_ALL] : userIds;
  return users.map((userId) => ({
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
  const { all, userIds } = mentionsOf(message);
  if (!all) return userIds;
  const rows = await db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', message.conversationId)
    .where('user_id', '!=', message.senderId)
    .execute();
  return rows.map((r) => r.user_id);
}
