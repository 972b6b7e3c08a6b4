// Reading conversations and memberships; rows to protocol objects.
import type { Conversation, Member } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { ConversationsTable, DB } from '../../storage/schema.js';
import { ApiError } from '../../http/errors.js';

export function toConversation(r: Selectable<ConversationsTable>, memberIds: string[]): Conversation {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastSeq: r.last_seq,
    lastActivityAt: r.last_activity_at,
    memberIds,
  };
}

/** The caller's membership, or not_found: others' conversations do not exist for them. */
export async function requireMember(db: Kysely<DB>, conversationId: string, userId: string) {
  const m = await db
    .selectFrom('members')
    .select(['role', 'joined_seq'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!m) throw new ApiError('not_found', 'no such conversation');
  return m;
}

async function memberIdsOf(db: Kysely<DB>, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('members')
    .select(['conversation_id', 'user_id'])
    .where('conversation_id', 'in', ids)
    .orderBy('conversation_id')
    .orderBy('joined_seq')
    .orderBy('user_id')
    .execute();
  for (const r of rows) out.get(r.conversation_id)!.push(r.user_id);
  return out;
}

export async function loadConversations(db: Kysely<DB>, ids: string[]): Promise<Conversation[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('conversations').selectAll().where('id', 'in', ids).execute();
  const members = await memberIdsOf(db, ids);
  const byId = new Map(rows.map((r) => [r.id, toConversation(r, members.get(r.id) ?? [])]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function loadConversation(db: Kysely<DB>, id: string): Promise<Conversation> {
  const [c] = await loadConversations(db, [id]);
  if (!c) throw new ApiError('not_found', 'no such conversation');
  return c;
}

export async function listForUser(db: Kysely<DB>, userId: string): Promise<Conversation[]> {
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select('c.id')
    .where('m.user_id', '=', userId)
    .orderBy('c.last_activity_at', 'desc')
    .orderBy('c.id')
    .execute();
  return loadConversations(
    db,
    rows.map((r) => r.id),
  );
}

export async function listMembers(db: Kysely<DB>, conversationId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('members')
    .select(['user_id', 'role', 'joined_at', 'joined_seq'])
    .where('conversation_id', '=', conversationId)
    .orderBy('joined_seq')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, role: r.role, joinedAt: r.joined_at, joinedSeq: r.joined_seq }));
}
