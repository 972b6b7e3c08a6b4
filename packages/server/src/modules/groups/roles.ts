// Who may change a group: a member's role, checked inside the write's transaction. Someone who
// is not a member gets not_found (the group does not exist for them); a member whose role is
// too low, or any change to a direct chat, gets forbidden.
import type { MemberRole } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';

const RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

export interface Membership {
  role: MemberRole;
  joined_seq: number;
  joined_at: string;
}

/** The caller's membership of a group, if their role is at least `atLeast`. */
export async function requireGroupRole(
  db: Kysely<DB>,
  conversationId: string,
  userId: string,
  atLeast: MemberRole,
): Promise<Membership> {
  const m = await db
    .selectFrom('members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.role', 'm.joined_seq', 'm.joined_at', 'c.kind'])
    .where('m.conversation_id', '=', conversationId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (!m) throw new ApiError('not_found', 'no such conversation');
  if (m.kind !== 'group') throw new ApiError('forbidden', 'a direct chat has no members to manage');
  if (RANK[m.role] < RANK[atLeast])
    throw new ApiError('forbidden', `only the group's ${atLeast === 'owner' ? 'owner' : 'admins'} may do this`);
  return { role: m.role, joined_seq: m.joined_seq, joined_at: m.joined_at };
}

/** Another user's membership of the conversation, or not_found. */
export async function requireTarget(db: Kysely<DB>, conversationId: string, userId: string): Promise<Membership> {
  const m = await db
    .selectFrom('members')
    .select(['role', 'joined_seq', 'joined_at'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!m) throw new ApiError('not_found', 'no such member');
  return m;
}
