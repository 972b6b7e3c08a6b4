// Reading messages; rows to protocol objects.
import type {
  HistoryQuery,
  LinkPreview,
  Message,
  MessageEntity,
  MessageMedia,
  MessageForwarded,
  MessageQuote,
  ReactionSummary,
  SealedSummary,
  SystemInfo,
} from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { DB, MessagesTable } from '../../storage/schema.js';
import { notHiddenFor } from '../message-actions/hidden.js';

/** A messages row; system, link_preview and media may be absent from rows built before they existed. */
type MessageRow = Omit<Selectable<MessagesTable>, 'system' | 'link_preview' | 'media' | 'sealed'> & {
  sealed?: string | null;
  system?: string | null;
  link_preview?: string | null;
  media?: string;
};

export function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    senderId: r.sender_id,
    senderDeviceId: r.sender_device_id,
    clientId: r.client_id,
    text: r.text,
    replyToId: r.reply_to_id,
    mediaIds: parseList<string>(r.media_ids),
    media: r.media ? parseList<MessageMedia>(r.media) : [],
    createdAt: r.created_at,
    system: r.system ? (JSON.parse(r.system) as SystemInfo) : null,
    linkPreview: r.link_preview ? (JSON.parse(r.link_preview) as LinkPreview) : null,
    entities: parseList<MessageEntity>(r.entities),
    quote: r.quote ? (JSON.parse(r.quote) as MessageQuote) : null,
    forwarded: r.forwarded ? (JSON.parse(r.forwarded) as MessageForwarded) : null,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    expiresAt: r.expires_at,
    updatedSeq: r.updated_seq,
    reactions: parseList<ReactionSummary>(r.reactions),
    pin: r.pinned_by && r.pinned_at ? { by: r.pinned_by, at: r.pinned_at } : null,
    ...(r.sealed ? { sealed: JSON.parse(r.sealed) as SealedSummary } : {}),
  };
}

/** JSON lists are mostly empty; skip the parser for those (history pages build many messages). */
function parseList<T>(json: string): T[] {
  return json === '[]' ? [] : (JSON.parse(json) as T[]);
}

/** Messages by id (any order; unknown ids are left out). */
export async function messagesByIds(db: Kysely<DB>, ids: string[]): Promise<Message[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('messages').selectAll().where('id', 'in', ids).execute();
  return rows.map(toMessage);
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
  viewerId?: string,
): Promise<Message[]> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>=', fromSeq);
  if (viewerId !== undefined) query = query.where(notHiddenFor(viewerId));
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
