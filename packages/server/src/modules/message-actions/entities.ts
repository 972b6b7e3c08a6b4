// @mention entities: checked against the text (in range, non-overlapping, UTF-16 offsets) and
// against the conversation (mentioned users are members; @all only from group admins/owner).
import type { MemberRole, MessageEntity } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';

/** Offsets and lengths: inside the text and not overlapping. Pure. */
export function checkEntitySpans(text: string, entities: readonly MessageEntity[]): void {
  const sorted = [...entities].sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const e of sorted) {
    if (e.offset + e.length > text.length) {
      throw new ApiError('invalid_entities', `an entity at ${e.offset} (length ${e.length}) runs past the text`);
    }
    if (e.offset < end) throw new ApiError('invalid_entities', `entities overlap at ${e.offset}`);
    end = e.offset + e.length;
  }
}

export interface MentionContext {
  conversationKind: 'direct' | 'group';
  role: MemberRole;
}

/** Checks entities for a sender in a conversation; one query for all mentioned users. */
export async function checkEntities(
  db: Kysely<DB>,
  conversationId: string,
  text: string,
  entities: readonly MessageEntity[],
  who: MentionContext,
): Promise<void> {
  if (entities.length === 0) return;
  checkEntitySpans(text, entities);
  if (entities.some((e) => e.type === 'mention_all')) {
    if (who.conversationKind !== 'group' || who.role === 'member') {
      throw new ApiError('mention_all_forbidden', 'only admins and the owner of a group may mention @all');
    }
  }
  await requireMembers(
    db,
    conversationId,
    entities.flatMap((e) => (e.type === 'mention' ? [e.userId] : [])),
  );
}

/**
 * Throws mention_not_member unless every user is a member of the conversation; one query.
 * Shared by text @mentions and photo tags (modules/message-media).
 */
export async function requireMembers(db: Kysely<DB>, conversationId: string, userIds: readonly string[]) {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const found = await db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', conversationId)
    .where('user_id', 'in', ids)
    .execute();
  if (found.length !== ids.length) {
    const known = new Set(found.map((r) => r.user_id));
    throw new ApiError('mention_not_member', `not a member: ${ids.filter((id) => !known.has(id))[0]}`);
  }
}

/** The user's role and joined seq, and the conversation's kind; undefined for non-members. */
export async function findMemberContext(db: Kysely<DB>, conversationId: string, userId: string) {
  const r = await db
    .selectFrom('members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.role', 'm.joined_seq', 'c.kind'])
    .where('m.conversation_id', '=', conversationId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return r ? { role: r.role, joinedSeq: r.joined_seq, conversationKind: r.kind } : undefined;
}

/** As findMemberContext, or not_found: others' conversations do not exist for them. */
export async function memberContext(db: Kysely<DB>, conversationId: string, userId: string) {
  const m = await findMemberContext(db, conversationId, userId);
  if (!m) throw new ApiError('not_found', 'no such conversation');
  return m;
}
