// Calls that fail honestly. Each device reports its media connection (call.update mediaState:
// connecting, connected, failed; the SFU reports a participant's failed connection too). A call
// ends as 'failed' (a "failed" call message in the chat) when
//   - it was answered more than CALL_CONNECT_SECONDS ago and no device ever reported its media
//     connected, while some device in it reports (clients that never report are not judged), or
//   - every device in it that reports has been 'failed' for more than CALL_RECONNECT_SECONDS (the
//     ICE restarts did not bring the media back).
// The sweeper finds candidates; failIfMediaDead re-checks under the call's lock.
import type { CallMediaState } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import type { AuthContext } from '../accounts/tokens.js';
import type { CallChange } from './call-actions.js';
import { endCall } from './end-call.js';
import { callEnded, notInCall, withLockedCall } from './locked-call.js';
import { liveParticipant, type CallRecord } from './rows.js';

const BATCH = 100;

/** A device's media report. Changes nothing others see, so nothing is announced. */
export async function reportMedia(
  ctx: AppContext,
  who: Pick<AuthContext, 'deviceId'>,
  callId: string,
  state: CallMediaState,
): Promise<void> {
  await withLockedCall(ctx, callId, async (c) => {
    const here = liveParticipant(c.rec, who.deviceId);
    if (!here) {
      if (c.rec.row.status === 'ended' && c.rec.participants.some((p) => p.device_id === who.deviceId)) {
        throw callEnded();
      }
      throw notInCall();
    }
    // 'connecting' is the first report only: it never hides a later connected or failed.
    if (here.media_state === state || (state === 'connecting' && here.media_state !== null)) return;
    await c.tx.db
      .updateTable('call_participants')
      .set({ media_state: state, media_state_at: c.now })
      .where('call_id', '=', callId)
      .where('device_id', '=', who.deviceId)
      .execute();
    if (state === 'connected' && c.rec.row.media_connected_at === null) {
      await c.tx.db.updateTable('calls').set({ media_connected_at: c.now }).where('id', '=', callId).execute();
    }
  });
}

/** Why the call's media is dead at `now` (null: it is not). */
export function mediaDead(rec: CallRecord, now: Date, connectSeconds: number, graceSeconds: number): string | null {
  const { row } = rec;
  if (row.status !== 'active' || row.answered_at === null) return null;
  const reporting = rec.participants.filter((p) => p.left_at === null && p.media_state !== null);
  if (reporting.length === 0) return null;
  const t = now.getTime();
  if (row.media_connected_at === null && Date.parse(row.answered_at) <= t - connectSeconds * 1000) {
    return 'media never connected';
  }
  const failedLong = (p: (typeof reporting)[number]) =>
    p.media_state === 'failed' && p.media_state_at !== null && Date.parse(p.media_state_at) <= t - graceSeconds * 1000;
  if (reporting.every(failedLong)) return 'media stayed failed';
  return null;
}

/** Ends the call as 'failed' if its media is dead (re-checked under the lock). */
export async function failIfMediaDead(ctx: AppContext, callId: string, now: Date): Promise<CallChange> {
  const { value: ended, after } = await withLockedCall(ctx, callId, async (c) => {
    if (!mediaDead(c.rec, now, ctx.config.CALL_CONNECT_SECONDS, ctx.config.CALL_RECONNECT_SECONDS)) return false;
    return endCall(c.tx, c.rec.row, 'failed', c.now);
  });
  return { after, ended, joined: [], left: [] };
}

/** Active calls whose media may be dead at `now` (the sweeper checks each under its lock). */
export async function mediaDeadCandidates(ctx: AppContext, now: Date): Promise<string[]> {
  const connectCutoff = new Date(now.getTime() - ctx.config.CALL_CONNECT_SECONDS * 1000).toISOString();
  const failCutoff = new Date(now.getTime() - ctx.config.CALL_RECONNECT_SECONDS * 1000).toISOString();
  const rows = await ctx.storage.read
    .selectFrom('calls as c')
    .innerJoin('call_participants as p', 'p.call_id', 'c.id')
    .select('c.id')
    .distinct()
    .where('c.status', '=', 'active')
    .where('p.left_at', 'is', null)
    .where('p.media_state', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('c.media_connected_at', 'is', null), eb('c.answered_at', '<=', connectCutoff)]),
        eb.and([eb('p.media_state', '=', 'failed'), eb('p.media_state_at', '<=', failCutoff)]),
      ]),
    )
    .limit(BATCH)
    .execute();
  return rows.map((r) => r.id);
}
