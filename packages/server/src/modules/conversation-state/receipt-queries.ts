// Reading the receipt ledger: how far each member got through the caller's messages (the SDK's
// fresh fetch), and who read / received one message (its sender's "message info").
import type { MessageReceiptsResponse, Receipt } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import { requireMember } from '../conversations/queries.js';

export async function receiptsForSender(db: Kysely<DB>, conversationId: string, senderId: string): Promise<Receipt[]> {
  await requireMember(db, conversationId, senderId);
  const rows = await db
    .selectFrom('receipts')
    .select(['reader_id', 'delivered_seq', 'read_seq'])
    .where('conversation_id', '=', conversationId)
    .where('sender_id', '=', senderId)
    .orderBy('reader_id')
    .execute();
  return rows.map((r) => ({
    conversationId,
    userId: r.reader_id,
    deliveredSeq: r.delivered_seq,
    readSeq: r.read_seq,
  }));
}

/** Only the sender sees who read their message; other members get forbidden, others not_found. */
export async function messageReceipts(
  db: Kysely<DB>,
  messageId: string,
  userId: string,
): Promise<MessageReceiptsResponse> {
  const message = await db
    .selectFrom('messages')
    .select(['conversation_id', 'seq', 'sender_id'])
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message) throw new ApiError('not_found', 'no such message');
  const member = await db
    .selectFrom('members')
    .select('joined_seq')
    .where('conversation_id', '=', message.conversation_id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member || message.seq < member.joined_seq) throw new ApiError('not_found', 'no such message');
  if (message.sender_id !== userId) throw new ApiError('forbidden', 'only the sender sees who read a message');
  const rows = await db
    .selectFrom('receipts')
    .select(['reader_id', 'read_seq'])
    .where('conversation_id', '=', message.conversation_id)
    .where('sender_id', '=', userId)
    .where('delivered_seq', '>=', message.seq)
    .orderBy('reader_id')
    .execute();
  return {
    readBy: rows.filter((r) => r.read_seq >= message.seq).map((r) => r.reader_id),
    deliveredTo: rows.filter((r) => r.read_seq < message.seq).map((r) => r.reader_id),
  };
}
