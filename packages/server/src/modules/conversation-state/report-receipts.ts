// Delivered and read positions reported by a device (HTTP or the socket's `receipts` frame; both
// call reportReceipts). Positions are per user and only move forward; a report behind them
// changes nothing. Reading implies delivery.
//
// Fan-out: a new read position goes to the reader's own devices (conversation.state.updated,
// with the new unread count) and a receipt.updated goes only to the senders of the messages
// newly delivered or read, one per sender, carrying how far the reader got through that
// sender's messages. A read in a 10,000-member group thus costs one event per sender concerned,
// not one per member. Privacy (settings.readReceipts, symmetric): a read position is recorded
// for a sender only while both the reader and that sender have read receipts on; delivered
// positions always are. Secret chats (MLS) work the same way on the same seqs: the server sees
// how far a member read (a seq, as in cloud chats), never what; the senders concerned are those
// of urgent application messages.
import type { ConversationState, Receipt, ReceiptReportRequest } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMember } from '../conversations/queries.js';
import { latestSecretBySender } from '../mls/unread.js';
import { settingsOfMany } from '../settings/settings.js';
import { loadState } from './queries.js';
import { currentRow, saveState } from './write-state.js';

/**
 * For each sender other than the reader: the latest seq of theirs in (after, upTo]. In a secret
 * chat, of their urgent application messages (the ones that count as unread).
 */
async function latestBySender(tx: Tx, conversationId: string, readerId: string, after: number, upTo: number) {
  if (upTo <= after) return new Map<string, number>();
  const rows = await tx.db
    .selectFrom('messages')
    .select((eb) => ['sender_id', eb.fn.max('seq').as('seq')])
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .where('sender_id', '<>', readerId)
    .groupBy('sender_id')
    .execute();
  const secret = await latestSecretBySender(tx.db, conversationId, readerId, after, upTo);
  return new Map([...rows, ...secret].map((r) => [r.sender_id, Number(r.seq)]));
}

/** Moves the reader's rows in the receipt ledger forward and tells each sender concerned. */
async function advanceLedger(
  tx: Tx,
  conversationId: string,
  readerId: string,
  delivered: Map<string, number>,
  read: Map<string, number>,
  now: string,
): Promise<void> {
  const senders = [...new Set([...delivered.keys(), ...read.keys()])];
  if (senders.length === 0) return;
  const existing = new Map<string, { delivered_seq: number; read_seq: number }>();
  for (let i = 0; i < senders.length; i += 500) {
    const rows = await tx.db
      .selectFrom('receipts')
      .select(['sender_id', 'delivered_seq', 'read_seq'])
      .where('conversation_id', '=', conversationId)
      .where('reader_id', '=', readerId)
      .where('sender_id', 'in', senders.slice(i, i + 500))
      .execute();
    for (const r of rows) existing.set(r.sender_id, r);
  }
  const changed: { senderId: string; receipt: Receipt }[] = [];
  for (const senderId of senders) {
    const old = existing.get(senderId) ?? { delivered_seq: 0, read_seq: 0 };
    const readSeq = Math.max(old.read_seq, read.get(senderId) ?? 0);
    const deliveredSeq = Math.max(old.delivered_seq, delivered.get(senderId) ?? 0, readSeq);
    if (readSeq === old.read_seq && deliveredSeq === old.delivered_seq) continue;
    changed.push({ senderId, receipt: { conversationId, userId: readerId, deliveredSeq, readSeq } });
  }
  for (let i = 0; i < changed.length; i += 200) {
    await tx.db
      .insertInto('receipts')
      .values(
        changed.slice(i, i + 200).map(({ senderId, receipt }) => ({
          conversation_id: conversationId,
          sender_id: senderId,
          reader_id: readerId,
          delivered_seq: receipt.deliveredSeq,
          read_seq: receipt.readSeq,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['conversation_id', 'sender_id', 'reader_id']).doUpdateSet((eb) => ({
          delivered_seq: eb.ref('excluded.delivered_seq'),
          read_seq: eb.ref('excluded.read_seq'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  for (const { senderId, receipt } of changed) {
    await tx.append({ type: 'receipt.updated', at: now, receipt }, { userId: senderId });
  }
}

export async function reportReceipts(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: ReceiptReportRequest,
): Promise<ConversationState> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      await requireMember(tx.db, conversationId, auth.userId);
      const conv = await tx.db
        .selectFrom('conversations')
        .select('last_seq')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      const asked = Math.max(input.readSeq ?? 0, input.deliveredSeq ?? 0);
      if (asked > conv.last_seq) {
        throw new ApiError('invalid_seq', `seq ${asked} is beyond the conversation's last seq ${conv.last_seq}`);
      }
      const now = nowIso();
      const row = await currentRow(tx, auth.userId, conversationId, now);
      const readSeq = Math.max(row.read_seq, input.readSeq ?? 0);
      const deliveredSeq = Math.max(row.delivered_seq, input.deliveredSeq ?? 0, readSeq);
      if (readSeq === row.read_seq && deliveredSeq === row.delivered_seq) {
        return loadState(tx.db, auth.userId, conversationId);
      }
      const delivered = await latestBySender(tx, conversationId, auth.userId, row.delivered_seq, deliveredSeq);
      let read = new Map<string, number>();
      if (readSeq > row.read_seq) {
        const candidates = await latestBySender(tx, conversationId, auth.userId, row.read_seq, readSeq);
        const settings = await settingsOfMany(tx.db, [auth.userId, ...candidates.keys()]);
        if (settings.get(auth.userId)!.readReceipts) {
          read = new Map([...candidates].filter(([senderId]) => settings.get(senderId)!.readReceipts));
        }
      }
      await advanceLedger(tx, conversationId, auth.userId, delivered, read, now);
      if (readSeq === row.read_seq) {
        // Only the delivered position moved: nothing the user's devices show has changed.
        await tx.db
          .insertInto('conversation_states')
          .values({ ...row, delivered_seq: deliveredSeq, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['user_id', 'conversation_id']).doUpdateSet({ delivered_seq: deliveredSeq, updated_at: now }),
          )
          .execute();
        return loadState(tx.db, auth.userId, conversationId);
      }
      return saveState(tx, row, { read_seq: readSeq, delivered_seq: deliveredSeq }, now);
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}
