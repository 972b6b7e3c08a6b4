// Ending a call, inside the transaction that decides it ended: the row says how and when, every
// device still in it leaves, users still ringing have missed it, and the conversation gets a
// system message (action 'call' with a CallSummary) that takes its next seq, so the call shows in
// history, unread counts, previews and on every device, and pushes "Missed call" to the callee.
import type { CallEndReason, CallSummary } from '@anytime/protocol';
import type { Tx } from '../../storage/storage.js';
import { beginChange } from '../groups/change.js';
import type { CallRow } from './rows.js';

export function outcomeOf(reason: CallEndReason, answered: boolean): CallSummary['outcome'] {
  switch (reason) {
    case 'hangup':
      return answered ? 'completed' : 'missed';
    case 'cancelled':
    case 'timeout':
      return answered ? 'completed' : 'missed';
    case 'declined':
      return 'declined';
    case 'busy':
      return 'busy';
    case 'failed':
      return 'failed';
  }
}

export function summaryOf(row: CallRow, reason: CallEndReason, endedAt: string): CallSummary {
  const answered = row.answered_at !== null;
  return {
    callId: row.id,
    media: row.media,
    outcome: outcomeOf(reason, answered),
    durationMs: answered ? Math.max(0, Date.parse(endedAt) - Date.parse(row.answered_at!)) : 0,
  };
}

/**
 * Ends a call that is not ended yet (the caller checked, under the call's lock). Returns false
 * when another writer ended it first (the conditional update found nothing).
 */
export async function endCall(tx: Tx, row: CallRow, reason: CallEndReason, at: string): Promise<boolean> {
  const done = await tx.db
    .updateTable('calls')
    .set({ status: 'ended', ended_at: at, end_reason: reason })
    .where('id', '=', row.id)
    .where('status', '<>', 'ended')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) return false;
  await tx.db
    .updateTable('call_participants')
    .set({ left_at: at })
    .where('call_id', '=', row.id)
    .where('left_at', 'is', null)
    .execute();
  await tx.db
    .updateTable('call_rung')
    .set({ state: 'missed' })
    .where('call_id', '=', row.id)
    .where('state', '=', 'ringing')
    .execute();
  const call = summaryOf(row, reason, at);
  const rung = await tx.db.selectFrom('call_rung').select('user_id').where('call_id', '=', row.id).execute();
  const change = await beginChange(
    tx,
    row.conversation_id,
    { userId: row.caller_id, deviceId: row.caller_device_id },
    { action: 'call', userIds: rung.map((r) => r.user_id).sort(), call },
  );
  await tx.append(
    {
      type: 'message.created',
      at: change.at,
      conversationId: row.conversation_id,
      seq: change.seq,
      message: change.message,
    },
    { conversationId: row.conversation_id, seq: change.seq },
  );
  return true;
}
