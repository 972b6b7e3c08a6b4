// Saved (starred) messages: per user, synced to all their devices by message.starred on the
// user's own stream, listed newest star first.
import type { Message, UserListPageQuery } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import type { DB } from '../../storage/schema.js';
import { isUniqueViolation } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { toMessage } from '../messages/queries.js';
import { decodePage, encodePage } from './page-cursor.js';
import { requireVisibleMessage } from './timeline.js';

export async function setStar(ctx: AppContext, auth: AuthContext, messageId: string, on: boolean): Promise<void> {
  try {
    await ctx.storage.write(async (tx) => {
      const { row } = await requireVisibleMessage(tx.db, messageId, auth.userId);
      const mark = { user_id: auth.userId, message_id: messageId };
      const existing = await tx.db
        .selectFrom('message_stars')
        .select('at')
        .where('user_id', '=', mark.user_id)
        .where('message_id', '=', mark.message_id)
        .executeTakeFirst();
      if ((existing !== undefined) === on) return;
      const at = nowIso();
      if (on) {
        await tx.db
          .insertInto('message_stars')
          .values({ ...mark, conversation_id: row.conversation_id, at })
          .execute();
      } else {
        await tx.db
          .deleteFrom('message_stars')
          .where('user_id', '=', mark.user_id)
          .where('message_id', '=', mark.message_id)
          .execute();
      }
      await tx.append(
        { type: 'message.starred', at, conversationId: row.conversation_id, messageId, starredAt: on ? at : null },
        { userId: auth.userId },
      );
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // a concurrent star of the same message won
  }
}

export async function listStarred(
  db: Kysely<DB>,
  userId: string,
  q: UserListPageQuery,
): Promise<{ starred: { message: Message; starredAt: string }[]; next: string | null }> {
  const before = decodePage(q.before);
  let query = db
    .selectFrom('message_stars as s')
    .innerJoin('messages', 'messages.id', 's.message_id')
    .innerJoin('members as mb', (j) =>
      j.onRef('mb.conversation_id', '=', 'messages.conversation_id').on('mb.user_id', '=', userId),
    )
    .selectAll('messages')
    .select('s.at as starred_at')
    .where('s.user_id', '=', userId)
    .whereRef('messages.seq', '>=', 'mb.joined_seq');
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('s.at', '<', before.at), eb.and([eb('s.at', '=', before.at), eb('s.message_id', '<', before.id)])]),
    );
  }
  const rows = await query
    .orderBy('s.at', 'desc')
    .orderBy('s.message_id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    starred: page.map(({ starred_at, ...r }) => ({ message: toMessage(r), starredAt: starred_at })),
    next: rows.length > q.limit && last ? encodePage({ at: last.starred_at, id: last.id }) : null,
  };
}
