// Reactions: any single emoji, one of each emoji per user. The message carries a summary per
// emoji (count and the first LIMITS.reactionWhoInline users), recomputed in one statement on
// each change so history pages stay one query; the full list is paged by listReactions.
import { LIMITS, type Message, type ReactionSummary } from '@anytime/protocol';
import { sql, type Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { toMessage } from '../messages/queries.js';
import { commitMessageChange, requireNotDeleted, requireVisibleMessage, withMessage } from './timeline.js';
import { assertMaySendTo } from '../safety/blocks.js';

async function summarize(db: Kysely<DB>, messageId: string): Promise<ReactionSummary[]> {
  const { rows } = await sql<{ emoji: string; user_id: string; first_at: string; cnt: number | string }>`
    SELECT emoji, user_id, first_at, cnt FROM (
      SELECT emoji, user_id,
        ROW_NUMBER() OVER (PARTITION BY emoji ORDER BY created_at, user_id) AS rn,
        MIN(created_at) OVER (PARTITION BY emoji) AS first_at,
        COUNT(*) OVER (PARTITION BY emoji) AS cnt
      FROM message_reactions WHERE message_id = ${messageId}
    ) t WHERE rn <= ${LIMITS.reactionWhoInline}
    ORDER BY first_at, emoji, rn`.execute(db);
  const out: ReactionSummary[] = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (last?.emoji === r.emoji) last.userIds.push(r.user_id);
    else out.push({ emoji: r.emoji, count: Number(r.cnt), userIds: [r.user_id] });
  }
  return out;
}

export async function setReaction(
  ctx: AppContext,
  auth: AuthContext,
  messageId: string,
  emoji: string,
  on: boolean,
): Promise<Message> {
  return withMessage(ctx, auth, messageId, async (tx, { row }) => {
    requireNotDeleted(row);
    // A blocked chat takes no new reactions (taking one back is still allowed).
    if (on) await assertMaySendTo(tx.db, row.conversation_id, auth.userId);
    const mine = tx.db
      .selectFrom('message_reactions')
      .select('emoji')
      .where('message_id', '=', messageId)
      .where('user_id', '=', auth.userId)
      .where('emoji', '=', emoji);
    const exists = (await mine.executeTakeFirst()) !== undefined;
    if (exists === on) return toMessage(row); // nothing to change: no seq, no event
    if (on) {
      await tx.db
        .insertInto('message_reactions')
        .values({ message_id: messageId, user_id: auth.userId, emoji, created_at: nowIso() })
        .execute();
    } else {
      await tx.db
        .deleteFrom('message_reactions')
        .where('message_id', '=', messageId)
        .where('user_id', '=', auth.userId)
        .where('emoji', '=', emoji)
        .execute();
    }
    const reactions = JSON.stringify(await summarize(tx.db, messageId));
    return commitMessageChange(tx, row, { reactions });
  });
}

export async function listReactions(
  db: Kysely<DB>,
  userId: string,
  messageId: string,
  q: { emoji?: string | undefined; afterUserId?: string | undefined; limit: number },
) {
  await requireVisibleMessage(db, messageId, userId);
  let query = db
    .selectFrom('message_reactions')
    .select(['user_id', 'emoji', 'created_at'])
    .where('message_id', '=', messageId);
  if (q.emoji !== undefined) query = query.where('emoji', '=', q.emoji);
  if (q.afterUserId !== undefined) query = query.where('user_id', '>', q.afterUserId);
  const rows = await query.orderBy('user_id').orderBy('emoji').limit(q.limit).execute();
  return rows.map((r) => ({ userId: r.user_id, emoji: r.emoji, at: r.created_at }));
}
