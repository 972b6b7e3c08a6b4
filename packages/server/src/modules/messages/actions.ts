// Sending a message: authorize (member of the conversation), validate (reply target, media and
// photo tags: modules/message-media),
// then in one transaction take the conversation's next seq, store the message and append
// message.created. A repeated clientId returns the original message and stores nothing.
import { newId } from '../../ids.js';
import type { Message, MessageForwarded, SealedSummary, SendMessageRequest } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { isUniqueViolation } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { applySendToStates } from '../conversation-state/on-send.js';
import { linkPreviewForSend } from '../link-previews/previews.js';
import { recordMentions } from '../message-actions/mentions.js';
import { prepareMedia, recordMessageMedia } from '../message-media/attach.js';
import { newMessageColumns, prepareSend } from '../message-actions/send-extras.js';
import { assertMaySendTo, notBlockedInDirect } from '../safety/blocks.js';
import { checkSendRate } from '../safety/send-limit.js';
import { findByClientId, toMessage } from './queries.js';
import { explainRefusedSend, maySendCondition } from '../groups/send-guard.js';
import { insertMessage } from './insert-message.js';
import type { Kysely } from 'kysely';
import { reusableQuery } from '../../storage/reusable-query.js';
import type { DB } from '../../storage/schema.js';
import type { Tx } from '../../storage/storage.js';

/** A sealed message's part of a send (modules/sealed): its summary and its envelopes' write. */
export interface SealedSend {
  summary: SealedSummary;
  /** Runs in the send's transaction after the message row: checks recipients, stores envelopes. */
  write(tx: Tx, message: Message): Promise<void>;
}

export interface SendResult {
  message: Message;
  /** false when the clientId was seen before and the original is returned. */
  created: boolean;
}

export function repeatOf(original: Message, conversationId: string): SendResult {
  if (original.conversationId !== conversationId) {
    throw new ApiError('client_id_conflict', 'this clientId was already used in another conversation');
  }
  return { message: original, created: false };
}

/**
 * Takes the conversation's next seq and checks, in the same statement, that the sender is a
 * member who may send (announcements-only groups: modules/groups/send-guard.ts) and, in a
 * direct chat, that neither blocked the other (modules/safety/blocks.ts). No row: refused.
 */
const takeNextSeq = reusableQuery(
  4,
  (db: Kysely<DB>, now: string, conversationId: string, userId: string, alsoEncryption: 'none' | 'mls') =>
    db
      .updateTable('conversations')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: now }))
      .where('id', '=', conversationId)
      // Secret chats take ciphertext only, through modules/mls; a sealed message (no plaintext,
      // modules/sealed) passes alsoEncryption = 'mls'.
      .where((eb) => eb.or([eb('encryption', '=', 'none'), eb('encryption', '=', alsoEncryption)]))
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('members')
            .select('members.user_id')
            .whereRef('members.conversation_id', '=', 'conversations.id')
            .where('members.user_id', '=', userId)
            .where(maySendCondition),
        ),
      )
      .where((eb) => notBlockedInDirect(eb, userId))
      .returning(['last_seq', 'disappear_after_seconds']),
);

export async function sendMessage(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: SendMessageRequest,
  options: { forwarded?: MessageForwarded; sealed?: SealedSend } = {},
): Promise<SendResult> {
  const rateChecked = checkSendRate(ctx, auth.userId);
  if (rateChecked) await rateChecked;
  try {
    const { value } = await ctx.storage.write(
      async (tx) => {
        const extras = await prepareSend(tx.db, conversationId, auth.userId, input);
        const now = nowIso();
        // Taking the next seq and checking membership in one statement: no row, no member (or,
        // in a direct chat, a block between the two: modules/safety/blocks.ts).
        // A repeated clientId fails the unique (sender_id, client_id) insert below; the catch
        // then returns the original.
        const [taken] = (await takeNextSeq(tx.db, now, conversationId, auth.userId, options.sealed ? 'mls' : 'none'))
          .rows;
        if (!taken) {
          await assertMaySendTo(tx.db, conversationId, auth.userId);
          return explainRefusedSend(tx.db, conversationId, auth.userId);
        }
        const seq = taken.last_seq;
        // Checked once the sender is known to be a member: a refusal rolls the seq back too.
        const media = await prepareMedia(tx.db, conversationId, auth.userId, input, now);
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
          media: JSON.stringify(media),
          created_at: now,
          ...newMessageColumns(extras, seq, now, taken.disappear_after_seconds, options.forwarded),
          system: null,
          link_preview: await linkPreviewForSend(tx.db, input.text),
          sealed: options.sealed ? JSON.stringify(options.sealed.summary) : null,
        };
        await insertMessage(tx.db, row);
        await applySendToStates(tx.db, conversationId, auth.userId, now);
        const message = toMessage(row);
        await recordMessageMedia(tx.db, message);
        await recordMentions(tx.db, message);
        await options.sealed?.write(tx, message);
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
