// Sending a message: authorize (member of the conversation), validate (reply target, media),
// then in one transaction take the conversation's next seq, store the message and append
// message.created. A repeated clientId returns the original message and stores nothing.
import { newId } from '../../ids.js';
import type { Message, SendMessageRequest } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { isUniqueViolation } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMember } from '../conversations/queries.js';
import { findByClientId, toMessage } from './queries.js';

export interface SendResult {
  message: Message;
  /** false when the clientId was seen before and the original is returned. */
  created: boolean;
}

function repeatOf(original: Message, conversationId: string): SendResult {
  if (original.conversationId !== conversationId) {
    throw new ApiError('client_id_conflict', 'this clientId was already used in another conversation');
  }
  return { message: original, created: false };
}

export async function sendMessage(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: SendMessageRequest,
): Promise<SendResult> {
  if (input.mediaIds && input.mediaIds.length > 0) {
    // No media store exists yet: no media id can name something the sender may attach.
    throw new ApiError('media_not_found', 'no such media');
  }
  try {
    const { value } = await ctx.storage.write(
      async (tx) => {
        if (input.replyToId) {
          const member = await requireMember(tx.db, conversationId, auth.userId);
          const target = await tx.db
            .selectFrom('messages')
            .select('id')
            .where('id', '=', input.replyToId)
            .where('conversation_id', '=', conversationId)
            .where('seq', '>=', member.joined_seq)
            .executeTakeFirst();
          if (!target) throw new ApiError('invalid_reply', 'replyToId names no message of this conversation');
        }
        const now = nowIso();
        // Taking the next seq and checking membership in one statement: no row, no member.
        // A repeated clientId fails the unique (sender_id, client_id) insert below; the catch
        // then returns the original.
        const taken = await tx.db
          .updateTable('conversations')
          .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: now }))
          .where('id', '=', conversationId)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('members')
                .select('members.user_id')
                .whereRef('members.conversation_id', '=', 'conversations.id')
                .where('members.user_id', '=', auth.userId),
            ),
          )
          .returning('last_seq')
          .executeTakeFirst();
        if (!taken) throw new ApiError('not_found', 'no such conversation');
        const seq = taken.last_seq;
        const row = {
          id: newId(),
          conversation_id: conversationId,
          seq,
          sender_id: auth.userId,
          sender_device_id: auth.deviceId,
          client_id: input.clientId,
          text: input.text,
          reply_to_id: input.replyToId ?? null,
          media_ids: JSON.stringify(input.mediaIds ?? []),
          created_at: now,
        };
        await tx.db.insertInto('messages').values(row).execute();
        const message = toMessage(row);
        await tx.append({ type: 'message.created', at: now, conversationId, seq, message }, { conversationId, seq });
        return { message, created: true };
      },
      { lock: [`conv:${conversationId}`] },
    );
    return value;
  } catch (e) {
    if (isUniqueViolation(e)) {
      // The original may have committed in the same batch as this repeat; a read through the
      // write queue runs after that batch and sees it.
      const { value: original } = await ctx.storage.write((tx) => findByClientId(tx.db, auth.userId, input.clientId));
      if (original) return repeatOf(original, conversationId);
    }
    throw e;
  }
}
