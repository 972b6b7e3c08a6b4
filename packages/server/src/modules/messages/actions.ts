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
import { applySendToStates, clearDraftQuery, unarchiveQuery } from '../conversation-state/on-send.js';
import { linkPreviewForSend } from '../link-previews/previews.js';
import { recordMentions } from '../message-actions/mentions.js';
import { prepareMedia, recordMessageMedia } from '../message-media/attach.js';
import { newMessageColumns, prepareSend } from '../message-actions/send-extras.js';
import { assertMaySendTo, notBlockedInDirect } from '../safety/blocks.js';
import { checkSendRate, type SendCount } from '../safety/send-limit.js';
import { countAttempt, type CountedWindow } from '../accounts/shared-rate-limit.js';
import { findByClientId, toMessage } from './queries.js';
import { explainRefusedSend, maySendCondition } from '../groups/send-guard.js';
import { insertMessageAndAppend } from './insert-message.js';
import { sql, type Kysely, type QueryCreator } from 'kysely';
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
const seqUpdate = (
  db: QueryCreator<DB>,
  now: unknown,
  conversationId: unknown,
  userId: unknown,
  alsoEncryption: unknown,
) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: now as string }))
    .where('id', '=', conversationId as string)
    // Secret chats take ciphertext only, through modules/mls; a sealed message (no plaintext,
    // modules/sealed) passes alsoEncryption = 'mls'.
    .where((eb) => eb.or([eb('encryption', '=', 'none'), eb('encryption', '=', alsoEncryption as 'none' | 'mls')]))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('members')
          .select('members.user_id')
          .whereRef('members.conversation_id', '=', 'conversations.id')
          .where('members.user_id', '=', userId as string)
          .where(maySendCondition),
      ),
    )
    .where((eb) => notBlockedInDirect(eb, userId as string));

const takeNextSeq = reusableQuery(
  4,
  (db: Kysely<DB>, now: string, conversationId: string, userId: string, alsoEncryption: 'none' | 'mls') =>
    seqUpdate(db, now, conversationId, userId, alsoEncryption).returning(['last_seq', 'disappear_after_seconds']),
);

/**
 * PostgreSQL: the same, and in the same statement (one round trip instead of four) the send is
 * counted against the sender's rate limit (modules/safety/send-limit.ts) and applied to members'
 * states (modules/conversation-state/on-send.ts). Data-modifying common table expressions run
 * whether or not the update finds its row; a refused send rolls them back with its transaction.
 */
const takeNextSeqCounted = reusableQuery(
  7,
  (
    db: Kysely<DB>,
    now: string,
    conversationId: string,
    userId: string,
    alsoEncryption: 'none' | 'mls',
    rateKey: string,
    rateT: number,
    rateExpired: number,
  ) =>
    seqUpdate(
      // The expressions' own names are not needed by the update's types: it reads only `rate`.
      db
        .with('rate', () => sql<CountedWindow>`(${countAttempt(rateKey, rateT, rateExpired)})`)
        .with('draft', (qc) => clearDraftQuery(qc as unknown as QueryCreator<DB>, userId, conversationId))
        .with('unarchive', (qc) =>
          unarchiveQuery(qc as unknown as QueryCreator<DB>, conversationId, userId, now),
        ) as unknown as QueryCreator<DB>,
      now,
      conversationId,
      userId,
      alsoEncryption,
    )
      .from(sql.table('rate').as('rate'))
      .returning([
        'last_seq',
        'disappear_after_seconds',
        sql<number>`rate.window_start`.as('window_start'),
        sql<number>`rate.count`.as('count'),
      ]),
);

/** Takes the next seq (see takeNextSeq); on PostgreSQL also counts the send and applies it to states. */
async function takeSeq(
  tx: Tx,
  now: string,
  conversationId: string,
  userId: string,
  alsoEncryption: 'none' | 'mls',
  count: SendCount | undefined,
): Promise<{ last_seq: number; disappear_after_seconds: number | null } | undefined> {
  if (!count) {
    const [taken] = (await takeNextSeq(tx.db, now, conversationId, userId, alsoEncryption)).rows;
    if (taken) await applySendToStates(tx.db, conversationId, userId, now);
    return taken;
  }
  const [taken] = (
    await takeNextSeqCounted(tx.db, now, conversationId, userId, alsoEncryption, count.key, count.t, count.expired)
  ).rows;
  // Over the limit: refused, and the whole send rolls back.
  if (taken) count.settle(taken);
  return taken;
}

export async function sendMessage(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: SendMessageRequest,
  options: { forwarded?: MessageForwarded; sealed?: SealedSend } = {},
): Promise<SendResult> {
  const count = checkSendRate(ctx, auth.userId);
  try {
    const { value } = await ctx.storage.write(
      async (tx) => {
        const extras = await prepareSend(tx.db, conversationId, auth.userId, input);
        const now = nowIso();
        // Taking the next seq and checking membership in one statement: no row, no member (or,
        // in a direct chat, a block between the two: modules/safety/blocks.ts).
        // A repeated clientId fails the unique (sender_id, client_id) insert below; the catch
        // then returns the original.
        const alsoEncryption = options.sealed ? 'mls' : 'none';
        const taken = await takeSeq(tx, now, conversationId, auth.userId, alsoEncryption, count);
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
        const message = toMessage(row);
        // The row and its event (one statement on PostgreSQL), then the rows that refer to it.
        const body = { type: 'message.created' as const, at: now, conversationId, seq, message };
        await insertMessageAndAppend(tx, row, body, { conversationId, seq });
        await recordMessageMedia(tx.db, message);
        await recordMentions(tx.db, message);
        await options.sealed?.write(tx, message);
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
