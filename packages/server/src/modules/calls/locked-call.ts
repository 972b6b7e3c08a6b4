// Every change to an existing call runs here: in one transaction under the call's lock and its
// conversation's (an end writes a system message with the conversation's next seq), re-reading
// the call inside it, so two devices or two nodes acting at once are decided one after the other.
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { Tx } from '../../storage/storage.js';
import { loadCallRecord, type CallRecord } from './rows.js';

export interface CallTx {
  tx: Tx;
  rec: CallRecord;
  now: string;
}

/** Runs `fn` on the call; call_not_found when there is no such call. */
export async function withLockedCall<T>(
  ctx: AppContext,
  callId: string,
  fn: (c: CallTx) => Promise<T>,
): Promise<{ value: T; after: CallRecord }> {
  const head = await ctx.storage.read
    .selectFrom('calls')
    .select('conversation_id')
    .where('id', '=', callId)
    .executeTakeFirst();
  if (!head) throw new ApiError('call_not_found', 'no such call');
  const { value } = await ctx.storage.write(
    async (tx) => {
      const rec = await loadCallRecord(tx.db, callId);
      if (!rec) throw new ApiError('call_not_found', 'no such call');
      const value = await fn({ tx, rec, now: nowIso() });
      const after = (await loadCallRecord(tx.db, callId))!;
      return { value, after };
    },
    { lock: [`call:${callId}`, `conv:${head.conversation_id}`] },
  );
  return value;
}

export const notInCall = () => new ApiError('call_not_found', 'no such call');
export const callEnded = (why = 'the call has ended') => new ApiError('call_ended', why);
