// Membership actions on a group: add, remove, leave, promote/demote, transfer ownership. Each
// runs in one write that locks the conversation, takes its next seq per change (change.ts), and
// emits member.added / member.removed / member.role_changed. A membership that ends is kept in
// past_members so the former member still syncs everything up to and including its end.
import { LIMITS, type Conversation, type Member } from '@anytime/protocol';
import { type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { BATCH_ROWS, requireUsersExist } from '../conversations/actions.js';
import { loadConversation, toMember } from '../conversations/queries.js';
import { beginChange, finishChange } from './change.js';
import { requireGroupRole, requireTarget, type Membership } from './roles.js';
import { forgetState } from '../conversation-state/write-state.js';
import { assertNotBlocked } from '../safety/blocks.js';

const lockOf = (conversationId: string) => ({ lock: [`conv:${conversationId}`] });

async function memberCount(tx: Tx, conversationId: string): Promise<number> {
  const r = await tx.db
    .selectFrom('conversations')
    .select('member_count')
    .where('id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return r.member_count;
}

/** Puts users into the group at `seq` (their history starts there) as members. */
export async function insertMembers(tx: Tx, conversationId: string, userIds: string[], seq: number, at: string) {
  const rows = userIds.map((userId) => ({
    conversation_id: conversationId,
    user_id: userId,
    role: 'member' as const,
    joined_at: at,
    joined_seq: seq,
  }));
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    await tx.db
      .insertInto('members')
      .values(rows.slice(i, i + BATCH_ROWS))
      .execute();
  }
  await tx.db
    .updateTable('conversations')
    .set((eb) => ({ member_count: eb('member_count', '+', rows.length) }))
    .where('id', '=', conversationId)
    .execute();
  return rows.map(toMember);
}

/** Fails with too_many_members unless `adding` more fit. */
export async function requireRoom(tx: Tx, conversationId: string, adding: number): Promise<void> {
  if ((await memberCount(tx, conversationId)) + adding > LIMITS.groupMembersMax) {
    throw new ApiError('too_many_members', `a group has at most ${LIMITS.groupMembersMax} members`);
  }
}

/** Ends a membership at `seq` (the change that ends it, which the user still receives). */
async function endMembership(tx: Tx, conversationId: string, userId: string, m: Membership, seq: number) {
  await tx.db
    .deleteFrom('members')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .execute();
  await tx.db
    .insertInto('past_members')
    .values({ conversation_id: conversationId, user_id: userId, joined_seq: m.joined_seq, left_seq: seq })
    .execute();
  await tx.db
    .updateTable('conversations')
    .set((eb) => ({ member_count: eb('member_count', '-', 1) }))
    .where('id', '=', conversationId)
    .execute();
  await forgetState(tx, userId, conversationId);
}

export async function addMembers(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  userIds: string[],
): Promise<Conversation> {
  const { value } = await ctx.storage.write(async (tx) => {
    await requireGroupRole(tx.db, conversationId, auth.userId, 'admin');
    const wanted = [...new Set(userIds)];
    const present = await tx.db
      .selectFrom('members')
      .select('user_id')
      .where('conversation_id', '=', conversationId)
      .where('user_id', 'in', wanted)
      .execute();
    const already = new Set(present.map((r) => r.user_id));
    const fresh = wanted.filter((id) => !already.has(id));
    if (fresh.length === 0) return loadConversation(tx.db, conversationId);
    await requireUsersExist(tx.db, fresh);
    // Nobody adds a user who blocked them, or whom they blocked (as when creating a group).
    await assertNotBlocked(tx.db, auth.userId, fresh);
    await requireRoom(tx, conversationId, fresh.length);
    const change = await beginChange(tx, conversationId, auth, { action: 'members_added', userIds: fresh });
    const members = await insertMembers(tx, conversationId, fresh, change.seq, change.at);
    return finishChange(tx, conversationId, change, 'member.added', { members });
  }, lockOf(conversationId));
  return value;
}

/** Removes a member; the caller naming themselves leaves. */
export async function removeMember(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  userId: string,
): Promise<void> {
  if (userId === auth.userId) return leaveConversation(ctx, auth, conversationId);
  await ctx.storage.write(async (tx) => {
    const actor = await requireGroupRole(tx.db, conversationId, auth.userId, 'admin');
    const target = await requireTarget(tx.db, conversationId, userId);
    if (target.role === 'owner') throw new ApiError('forbidden', 'nobody can remove the owner');
    if (target.role === 'admin' && actor.role !== 'owner') {
      throw new ApiError('forbidden', 'only the owner removes admins');
    }
    const change = await beginChange(tx, conversationId, auth, { action: 'member_removed', userIds: [userId] });
    await endMembership(tx, conversationId, userId, target, change.seq);
    await finishChange(tx, conversationId, change, 'member.removed', { userId });
  }, lockOf(conversationId));
}

/** The longest-standing admin, else the longest-standing member: who inherits a group. */
async function successorOf(tx: Tx, conversationId: string) {
  for (const role of ['admin', 'member'] as const) {
    const r = await tx.db
      .selectFrom('members')
      .select(['user_id', 'role', 'joined_at', 'joined_seq'])
      .where('conversation_id', '=', conversationId)
      .where('role', '=', role)
      .orderBy('joined_seq')
      .orderBy('joined_at')
      .orderBy('user_id')
      .limit(1)
      .executeTakeFirst();
    if (r) return r;
  }
  return undefined;
}

export async function leaveConversation(ctx: AppContext, auth: AuthContext, conversationId: string): Promise<void> {
  await ctx.storage.write(async (tx) => {
    const me = await requireGroupRole(tx.db, conversationId, auth.userId, 'member');
    const change = await beginChange(tx, conversationId, auth, { action: 'member_left', userIds: [auth.userId] });
    await endMembership(tx, conversationId, auth.userId, me, change.seq);
    await finishChange(tx, conversationId, change, 'member.removed', { userId: auth.userId });
    if (me.role !== 'owner') return;
    // An owner who leaves hands the group on; a group whose last member left stays, empty.
    const heir = await successorOf(tx, conversationId);
    if (!heir) return;
    const handover = await beginChange(tx, conversationId, auth, { action: 'owner_changed', userIds: [heir.user_id] });
    const members = [await setRoleRow(tx, conversationId, heir.user_id, 'owner')];
    await finishChange(tx, conversationId, handover, 'member.role_changed', { members });
  }, lockOf(conversationId));
}

async function setRoleRow(tx: Tx, conversationId: string, userId: string, role: Member['role']): Promise<Member> {
  const r = await tx.db
    .updateTable('members')
    .set({ role })
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .returning(['user_id', 'role', 'joined_at', 'joined_seq'])
    .executeTakeFirstOrThrow();
  return toMember(r);
}

async function adminCount(tx: Tx, conversationId: string): Promise<number> {
  const r = await tx.db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', conversationId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Promotes a member to admin or demotes an admin (owner only). */
export async function setMemberRole(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  userId: string,
  role: 'admin' | 'member',
): Promise<Conversation> {
  const { value } = await ctx.storage.write(async (tx) => {
    await requireGroupRole(tx.db, conversationId, auth.userId, 'owner');
    const target = await requireTarget(tx.db, conversationId, userId);
    if (target.role === 'owner') throw new ApiError('forbidden', "the owner's role changes only by transfer");
    if (target.role === role) return loadConversation(tx.db, conversationId);
    if (role === 'admin' && (await adminCount(tx, conversationId)) >= LIMITS.groupAdminsMax) {
      throw new ApiError('too_many_admins', `a group has at most ${LIMITS.groupAdminsMax} admins`);
    }
    const change = await beginChange(tx, conversationId, auth, { action: 'role_changed', userIds: [userId], role });
    const members = [await setRoleRow(tx, conversationId, userId, role)];
    return finishChange(tx, conversationId, change, 'member.role_changed', { members });
  }, lockOf(conversationId));
  return value;
}

/** Hands the group to another member; the old owner stays as an admin (a member if admins are full). */
export async function transferOwnership(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  userId: string,
): Promise<Conversation> {
  const { value } = await ctx.storage.write(async (tx) => {
    await requireGroupRole(tx.db, conversationId, auth.userId, 'owner');
    await requireTarget(tx.db, conversationId, userId);
    if (userId === auth.userId) return loadConversation(tx.db, conversationId);
    const change = await beginChange(tx, conversationId, auth, { action: 'owner_changed', userIds: [userId] });
    const heir = await setRoleRow(tx, conversationId, userId, 'owner');
    const stepDown = (await adminCount(tx, conversationId)) < LIMITS.groupAdminsMax ? 'admin' : 'member';
    const me = await setRoleRow(tx, conversationId, auth.userId, stepDown);
    return finishChange(tx, conversationId, change, 'member.role_changed', { members: [heir, me] });
  }, lockOf(conversationId));
  return value;
}
