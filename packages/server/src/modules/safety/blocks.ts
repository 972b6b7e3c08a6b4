// Blocking, as WhatsApp does it: a blocked user cannot message you in your direct chat (they may
// still read its history), cannot start a new direct chat with you or add you to a group, and
// sees neither your presence nor your typing. It works both ways for direct messages: while you
// block someone you cannot message them either (unblock first). Group messages are not affected.
// The block list is private and syncs to all of the blocker's devices (block.added / removed).
import type { Block } from '@anytime/protocol';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireOtherUser } from './users-exist.js';

export async function listBlocks(db: Kysely<DB>, userId: string): Promise<Block[]> {
  const rows = await db
    .selectFrom('blocks')
    .select(['blocked_id', 'blocked_at'])
    .where('blocker_id', '=', userId)
    .orderBy('blocked_id')
    .execute();
  return rows.map((r) => ({ userId: r.blocked_id, blockedAt: r.blocked_at }));
}

/** Blocks a user; blocking again changes nothing. */
export async function blockUser(ctx: AppContext, auth: AuthContext, userId: string): Promise<void> {
  await requireOtherUser(ctx.storage.read, auth.userId, userId);
  await ctx.storage.write((tx) => addBlock(tx, auth.userId, userId), { lock: [`user:${auth.userId}`] });
}

/** Inside a write: adds the block and its event unless it exists (reports use it too). */
export async function addBlock(tx: Tx, blockerId: string, blockedId: string): Promise<void> {
  const now = nowIso();
  const r = await tx.db
    .insertInto('blocks')
    .values({ blocker_id: blockerId, blocked_id: blockedId, blocked_at: now })
    .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return;
  await tx.append(
    { type: 'block.added', at: now, block: { userId: blockedId, blockedAt: now } },
    { userId: blockerId },
  );
}

export async function unblockUser(ctx: AppContext, auth: AuthContext, userId: string): Promise<void> {
  await ctx.storage.write(
    async (tx) => {
      const r = await tx.db
        .deleteFrom('blocks')
        .where('blocker_id', '=', auth.userId)
        .where('blocked_id', '=', userId)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new ApiError('not_found', 'no such block');
      await tx.append({ type: 'block.removed', at: nowIso(), userId }, { userId: auth.userId });
    },
    { lock: [`user:${auth.userId}`] },
  );
}

/**
 * Of `others`, those who blocked `userId` or whom `userId` blocked (either way), in one query.
 * Empty for nearly everyone, so callers pay one indexed lookup.
 */
export async function blockedEitherWay(db: Kysely<DB>, userId: string, others: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < others.length; i += 500) {
    const chunk = others.slice(i, i + 500);
    const rows = await db
      .selectFrom('blocks')
      .select(['blocker_id', 'blocked_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('blocked_id', '=', userId), eb('blocker_id', 'in', chunk)]),
          eb.and([eb('blocker_id', '=', userId), eb('blocked_id', 'in', chunk)]),
        ]),
      )
      .execute();
    for (const r of rows) out.add(r.blocker_id === userId ? r.blocked_id : r.blocker_id);
  }
  return out;
}

/**
 * Refuses a send into a direct chat between two users when either blocked the other, in one
 * statement: a group send stops at the conversation's primary key (kind is not direct).
 * Non-members get nothing from this (the send itself answers 404).
 */
export async function assertMaySendTo(db: Kysely<DB>, conversationId: string, senderId: string): Promise<void> {
  const row = await db
    .selectFrom('conversations as c')
    .innerJoin('members as me', (j) => j.onRef('me.conversation_id', '=', 'c.id').on('me.user_id', '=', senderId))
    .innerJoin('members as other', (j) =>
      j.onRef('other.conversation_id', '=', 'c.id').on('other.user_id', '!=', senderId),
    )
    .innerJoin('blocks as b', (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([eb('b.blocker_id', '=', eb.ref('other.user_id')), eb('b.blocked_id', '=', senderId)]),
          eb.and([eb('b.blocker_id', '=', senderId), eb('b.blocked_id', '=', eb.ref('other.user_id'))]),
        ]),
      ),
    )
    .select('b.blocker_id')
    .where('c.id', '=', conversationId)
    .where('c.kind', '=', 'direct')
    .executeTakeFirst();
  if (row) throw new ApiError('blocked', blockedMessage(row.blocker_id === senderId));
}

/**
 * For the send's own UPDATE of the conversation (no extra round trip): true unless it is a
 * direct chat whose other member blocked the sender or was blocked by them. CASE makes sure a
 * group never evaluates the subquery. When the UPDATE matches nothing, assertMaySendTo tells
 * a block from a non-member.
 */
export function notBlockedInDirect(eb: ExpressionBuilder<DB, 'conversations'>, senderId: string): Expression<SqlBool> {
  const blocked = eb.exists(
    eb
      .selectFrom('members as other')
      .innerJoin('blocks as b', (j) =>
        j.on((jb) =>
          jb.or([
            jb.and([jb('b.blocker_id', '=', jb.ref('other.user_id')), jb('b.blocked_id', '=', senderId)]),
            jb.and([jb('b.blocker_id', '=', senderId), jb('b.blocked_id', '=', jb.ref('other.user_id'))]),
          ]),
        ),
      )
      .select('b.blocker_id')
      .whereRef('other.conversation_id', '=', 'conversations.id')
      .where('other.user_id', '!=', senderId),
  );
  return eb.case().when('conversations.kind', '=', 'direct').then(eb.not(blocked)).else(eb.lit(true)).end();
}

/** Refuses a new direct chat or a group add between `userId` and any of `others` blocked either way. */
export async function assertNotBlocked(db: Kysely<DB>, userId: string, others: string[]): Promise<void> {
  const hit = await blockedEitherWay(db, userId, others);
  if (hit.size > 0)
    throw new ApiError('blocked', 'you cannot start a chat with or add a user who blocked you or whom you blocked');
}

const blockedMessage = (iBlocked: boolean) =>
  iBlocked ? 'you blocked this user; unblock them to send' : 'this user does not accept your messages';
