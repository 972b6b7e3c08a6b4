// What message actions add to a send: the reply's quote snapshot, checked @mention entities,
// the expiry from the conversation's disappearing timer, and the forwarded mark. sendMessage
// calls prepareSend before taking its seq and spreads newMessageColumns into the new row.
import {
  LIMITS,
  type MessageEntity,
  type MessageForwarded,
  type MessageQuote,
  type SendMessageRequest,
} from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import { checkEntities, memberContext } from './entities.js';

export interface SendExtras {
  entities: MessageEntity[];
  quote: MessageQuote | null;
}

/** The start of a text, at most `max` UTF-16 units, never cutting a surrogate pair in two. */
export function excerpt(text: string, max = LIMITS.quoteExcerptMax): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Validates reply and entities; no queries for a plain message. */
export async function prepareSend(
  db: Kysely<DB>,
  conversationId: string,
  userId: string,
  input: Pick<SendMessageRequest, 'text' | 'replyToId' | 'entities'>,
): Promise<SendExtras> {
  const entities = input.entities ?? [];
  if (!input.replyToId && entities.length === 0) return { entities, quote: null };
  const member = await memberContext(db, conversationId, userId);
  let quote: MessageQuote | null = null;
  if (input.replyToId) {
    // A member cannot reply to a message from before they joined, nor to a deleted one.
    const target = await db
      .selectFrom('messages')
      .select(['sender_id', 'text', 'deleted_at'])
      .where('id', '=', input.replyToId)
      .where('conversation_id', '=', conversationId)
      .where('seq', '>=', member.joinedSeq)
      .executeTakeFirst();
    if (!target || target.deleted_at) {
      throw new ApiError('invalid_reply', 'replyToId names no message of this conversation');
    }
    quote = { senderId: target.sender_id, text: excerpt(target.text) };
  }
  await checkEntities(db, conversationId, input.text, entities, member);
  return { entities, quote };
}

/** The message-action columns of a new row. */
export function newMessageColumns(
  extras: SendExtras,
  seq: number,
  now: string,
  timerSeconds: number | null,
  forwarded: MessageForwarded | undefined,
) {
  return {
    entities: JSON.stringify(extras.entities),
    quote: extras.quote ? JSON.stringify(extras.quote) : null,
    forwarded: forwarded ? JSON.stringify(forwarded) : null,
    edited_at: null,
    deleted_at: null,
    expires_at: timerSeconds ? new Date(Date.parse(now) + timerSeconds * 1000).toISOString() : null,
    updated_seq: seq,
    reactions: '[]',
    pinned_by: null,
    pinned_at: null,
  };
}
