// Reading messages; rows to protocol objects.
import type { HistoryQuery, Message } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { DB, MessagesTable } from '../../storage/schema.js';

export function toMessage(r: Selectable<MessagesTable>): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    senderId: r.sender_id,
    senderDeviceId: r.sender_device_id,
    clientId: r.client_id,
    text: r.text,
    replyToId: r.reply_to_id,
    mediaIds: JSON.parse(r.media_ids) as string[],
    createdAt: r.created_at,
  };
}

export async function findByClientId(db: Kysely<DB>, senderId: string, clientId: string) {
  const r = await db
    .selectFrom('messages')
    .selectAll()
    .where('sender_id', '=', senderId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return r ? toMessage(r) : null;
}

/** A page of history, ascending by seq, never before the reader joined (fromSeq). */
export async function history(
  db: Kysely<DB>,
  conversationId: string,
  fromSeq: number,
  q: HistoryQuery,
): Promise<Message[]> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>=', fromSeq);
  if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
  if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
  // With only afterSeq: the page right after it. Otherwise: the latest page before beforeSeq.
  const ascending = q.afterSeq !== undefined && q.beforeSeq === undefined;
  const rows = await query
    .orderBy('seq', ascending ? 'asc' : 'desc')
    .limit(q.limit)
    .execute();
  if (!ascending) rows.reverse();
  return rows.map(toMessage);
}
