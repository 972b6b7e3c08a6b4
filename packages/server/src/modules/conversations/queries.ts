// Reading conversations and memberships; rows to protocol objects.
import type { Conversation, Member, MemberListQuery } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { ConversationsTable, DB, MembersTable } from '../../storage/schema.js';
import { ApiError } from '../../http/errors.js';

/** Who a Conversation names: a direct chat's two users; a group's owner and admins. */
export interface ConversationPeople {
  memberIds: string[];
  ownerId: string | null;
  adminIds: string[];
}

export function toConversation(r: Selectable<ConversationsTable>, people: ConversationPeople): Conversation {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastSeq: r.last_seq,
    lastActivityAt: r.last_activity_at,
    memberIds: people.memberIds,
    memberCount: r.member_count,
    description: r.description,
    avatarUrl: r.avatar_version > 0 ? `/v1/conversations/${r.id}/avatar?v=${r.avatar_version}` : null,
    announcementsOnly: r.announcements_only === 1,
    ownerId: people.ownerId,
    adminIds: people.adminIds,
    disappearAfterSeconds: r.disappear_after_seconds,
    encryption: r.encryption,
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

/**
 * The people each Conversation names, in two indexed queries whatever the group sizes: every
 * member of the direct chats, and the owner and admins of the groups.
 */
async function peopleOf(
  db: Kysely<DB>,
  rows: Selectable<ConversationsTable>[],
): Promise<Map<string, ConversationPeople>> {
  const out = new Map<string, ConversationPeople>(
    rows.map((r) => [r.id, { memberIds: [], ownerId: null, adminIds: [] }]),
  );
  const directs = rows.filter((r) => r.kind === 'direct').map((r) => r.id);
  const groups = rows.filter((r) => r.kind === 'group').map((r) => r.id);
  if (directs.length > 0) {
    const members = await db
      .selectFrom('members')
      .select(['conversation_id', 'user_id'])
      .where('conversation_id', 'in', directs)
      .orderBy('conversation_id')
      .orderBy('joined_seq')
      .orderBy('user_id')
      .execute();
    for (const m of members) out.get(m.conversation_id)!.memberIds.push(m.user_id);
  }
  if (groups.length > 0) {
    const staff = await db
      .selectFrom('members')
      .select(['conversation_id', 'user_id', 'role'])
      .where('conversation_id', 'in', groups)
      .where('role', 'in', ['owner', 'admin'])
      .orderBy('conversation_id')
      .orderBy('role')
      .orderBy('joined_seq')
      .orderBy('user_id')
      .execute();
    for (const m of staff) {
      const p = out.get(m.conversation_id)!;
      if (m.role === 'owner') p.ownerId = m.user_id;
      else p.adminIds.push(m.user_id);
    }
  }
  return out;
}

export async function loadConversations(db: Kysely<DB>, ids: string[]): Promise<Conversation[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('conversations').selectAll().where('id', 'in', ids).execute();
  const people = await peopleOf(db, rows);
  const byId = new Map(rows.map((r) => [r.id, toConversation(r, people.get(r.id)!)]));
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

export const toMember = (
  r: Pick<Selectable<MembersTable>, 'user_id' | 'role' | 'joined_at' | 'joined_seq'>,
): Member => ({
  userId: r.user_id,
  role: r.role,
  joinedAt: r.joined_at,
  joinedSeq: r.joined_seq,
});

/** One page of members ordered by userId (the primary key's order: an index range scan). */
export async function listMembers(
  db: Kysely<DB>,
  conversationId: string,
  page: MemberListQuery,
): Promise<{ members: Member[]; nextAfter: string | null }> {
  let q = db
    .selectFrom('members')
    .select(['user_id', 'role', 'joined_at', 'joined_seq'])
    .where('conversation_id', '=', conversationId);
  if (page.after !== undefined) q = q.where('user_id', '>', page.after);
  const rows = await q
    .orderBy('user_id')
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const members = rows.slice(0, page.limit).map(toMember);
  return { members, nextAfter: more ? members.at(-1)!.userId : null };
}
