// Secret chats' unread messages, for the conversation-state module (which owns the read
// position): the urgent application messages of others, read from this module's table. The rules
// are in conversation-state/queries.ts and docs/secret-chats.md ("Unread counts").
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../storage/schema.js';

/**
 * The rule for what counts as unread, in one place: application messages sent as urgent (not
 * reactions or edits, migration 0024) by someone other than the reader. `table` is the name or
 * alias under which mls_messages is read.
 */
function urgentFromOthers(table: 'm' | 'mls_messages', readerId: string) {
  const col = (name: 'sender_id' | 'kind' | 'urgent') => sql.ref(`${table}.${name}`);
  return sql<SqlBool>`${col('sender_id')} <> ${readerId} AND ${col('kind')} = 'application' AND ${col('urgent')} = 1`;
}

/**
 * Unread secret messages in these conversations: for each of the user's memberships, a range scan
 * of the unique (conversation_id, seq) index of mls_messages from the later of the join and the
 * read position on (a cloud conversation has no rows there). The memberships come first so that
 * the range's start is known when mls_messages is read (a LEFT JOIN's table cannot be reordered
 * before the table it joins).
 */
export function secretUnreadCounts(db: Kysely<DB>, userId: string, conversationIds: string[]) {
  // The secret timeline starts after the membership change (listMlsMessages).
  const from = sql<number>`CASE WHEN mem.joined_seq > COALESCE(s.read_seq, 0) THEN mem.joined_seq ELSE COALESCE(s.read_seq, 0) END`;
  return db
    .selectFrom('members as mem')
    .leftJoin('conversation_states as s', (j) =>
      j.onRef('s.conversation_id', '=', 'mem.conversation_id').on('s.user_id', '=', userId),
    )
    .innerJoin('mls_messages as m', (j) =>
      j.onRef('m.conversation_id', '=', 'mem.conversation_id').on((eb) => eb('m.seq', '>', from)),
    )
    .select((eb) => ['m.conversation_id', eb.fn.countAll<number | string>().as('n')])
    .where('mem.user_id', '=', userId)
    .where('mem.conversation_id', 'in', conversationIds)
    .where(urgentFromOthers('m', userId))
    .groupBy('m.conversation_id')
    .execute();
}

/** For each sender other than the reader: the seq of their latest urgent application message in (after, upTo]. */
export function latestSecretBySender(
  db: Kysely<DB>,
  conversationId: string,
  readerId: string,
  after: number,
  upTo: number,
) {
  return db
    .selectFrom('mls_messages')
    .select((eb) => ['sender_id', eb.fn.max('seq').as('seq')])
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .where(urgentFromOthers('mls_messages', readerId))
    .groupBy('sender_id')
    .execute();
}
