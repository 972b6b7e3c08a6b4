// The per-user list of messages that mention the user (directly or by @all), newest first,
// only from conversations they are in and from after they joined, without ones they hid.
import type { Message, UserListPageQuery } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { toMessage } from '../messages/queries.js';
import { notHiddenFor } from './hidden.js';
import { MENTION_ALL } from './mentions.js';
import { decodePage, encodePage } from './page-cursor.js';

export async function listMentions(
  db: Kysely<DB>,
  userId: string,
  q: UserListPageQuery,
): Promise<{ messages: Message[]; next: string | null }> {
  const before = decodePage(q.before);
  let query = db
    .selectFrom('message_mentions as mm')
    .innerJoin('members as mb', (j) =>
      j.onRef('mb.conversation_id', '=', 'mm.conversation_id').on('mb.user_id', '=', userId),
    )
    .innerJoin('messages', 'messages.id', 'mm.message_id')
    .selectAll('messages')
    .where('mm.user_id', 'in', [userId, MENTION_ALL])
    .where('messages.sender_id', '!=', userId)
    .whereRef('mm.seq', '>=', 'mb.joined_seq')
    .where(notHiddenFor(userId));
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('mm.created_at', '<', before.at),
        eb.and([eb('mm.created_at', '=', before.at), eb('mm.message_id', '<', before.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('mm.created_at', 'desc')
    .orderBy('mm.message_id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    messages: page.map(toMessage),
    next: rows.length > q.limit && last ? encodePage({ at: last.created_at, id: last.id }) : null,
  };
}
