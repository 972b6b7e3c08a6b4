// What devices do to a call once it exists: answer or join (accept), say no (decline), leave
// (hangup, or the reconnect grace running out), change what they show (update), and what the
// clock does (ring timeout). Each decides under the call's lock (locked-call.ts) and reports what
// changed; the service delivers the frames after commit.
import type { CallUpdateFrame } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import type { AuthContext } from '../accounts/tokens.js';
import { endCall } from './end-call.js';
import { callEnded, notInCall, withLockedCall, type CallTx } from './locked-call.js';
import { ApiError } from '../../http/errors.js';
import { liveParticipant, type CallRecord } from './rows.js';

export interface CallChange {
  after: CallRecord;
  /** The call ended in this change. */
  ended: boolean;
  /** Devices that joined or left the call in this change (for the SFU). */
  joined: { userId: string; deviceId: string }[];
  left: string[];
}

const isMember = async (c: CallTx, userId: string) =>
  (await c.tx.db
    .selectFrom('members')
    .select('user_id')
    .where('conversation_id', '=', c.rec.row.conversation_id)
    .where('user_id', '=', userId)
    .executeTakeFirst()) !== undefined;

const change = (after: CallRecord, ended: boolean, joined: CallChange['joined'] = [], left: string[] = []) => ({
  after,
  ended,
  joined,
  left,
});

/** Answer a 1:1 call, or join a group call, from this device. */
export async function acceptCall(
  ctx: AppContext,
  auth: AuthContext,
  connection: string,
  callId: string,
): Promise<CallChange> {
  const { after } = await withLockedCall(ctx, callId, async (c) => {
    const { row, rung } = c.rec;
    const mine = rung.find((r) => r.user_id === auth.userId);
    if (row.topology === 'p2p') {
      if (!mine) throw notInCall();
      if (row.status === 'ended') throw callEnded();
      // Atomic: only the first device of the callee to answer gets the call.
      if (mine.state !== 'ringing') throw callEnded('the call was answered on another device, or declined');
    } else {
      if (!(await isMember(c, auth.userId))) throw notInCall();
      if (row.status === 'ended') throw callEnded();
      if (liveParticipant(c.rec, auth.deviceId)) return;
      const live = c.rec.participants.filter((p) => p.left_at === null).length;
      if (live >= ctx.config.CALL_MAX_PARTICIPANTS) {
        throw new ApiError('call_full', `the call already has ${ctx.config.CALL_MAX_PARTICIPANTS} devices in it`);
      }
    }
    if (mine) {
      await c.tx.db
        .updateTable('call_rung')
        .set({ state: 'answered' })
        .where('call_id', '=', callId)
        .where('user_id', '=', auth.userId)
        .execute();
    }
    if (row.status === 'ringing') {
      await c.tx.db
        .updateTable('calls')
        .set({ status: 'active', answered_at: c.now })
        .where('id', '=', callId)
        .where('status', '=', 'ringing')
        .execute();
    }
    await c.tx.db
      .deleteFrom('call_participants')
      .where('call_id', '=', callId)
      .where('device_id', '=', auth.deviceId)
      .execute();
    await c.tx.db
      .insertInto('call_participants')
      .values({
        call_id: callId,
        device_id: auth.deviceId,
        user_id: auth.userId,
        joined_at: c.now,
        left_at: null,
        connection,
        node_id: ctx.config.nodeId,
        disconnected_at: null,
      })
      .execute();
  });
  return change(after, false, [{ userId: auth.userId, deviceId: auth.deviceId }]);
}

/** Say no on every device of this user: 1:1 ends the call as declined; a group call stops ringing them. */
export async function declineCall(ctx: AppContext, auth: AuthContext, callId: string): Promise<CallChange> {
  const { value: ended, after } = await withLockedCall(ctx, callId, async (c) => {
    const mine = c.rec.rung.find((r) => r.user_id === auth.userId);
    if (!mine) throw notInCall();
    if (c.rec.row.status === 'ended') throw callEnded();
    if (mine.state !== 'ringing') throw callEnded('this call was already answered or declined');
    await c.tx.db
      .updateTable('call_rung')
      .set({ state: 'declined' })
      .where('call_id', '=', callId)
      .where('user_id', '=', auth.userId)
      .execute();
    mine.state = 'declined';
    if (c.rec.row.topology === 'p2p') return endCall(c.tx, c.rec.row, 'declined', c.now);
    return endIfNobodyLeft(c, []);
  });
  return change(after, ended);
}

/**
 * A group call nobody joined ends when there is no one left to ring or no one in it; a call
 * with nobody in it ends whatever its topology. `leaving`: devices on their way out in this change.
 */
async function endIfNobodyLeft(c: CallTx, leaving: string[]): Promise<boolean> {
  const { row, participants, rung } = c.rec;
  const live = participants.filter((p) => p.left_at === null && !leaving.includes(p.device_id));
  const stillRinging = rung.some((r) => r.state === 'ringing');
  if (live.length === 0) return endCall(c.tx, row, row.answered_at ? 'hangup' : 'cancelled', c.now);
  // Only the caller is left and nobody will answer any more.
  if (row.status === 'ringing' && !stillRinging) {
    const reason = rung.every((r) => r.state === 'declined') ? 'declined' : 'timeout';
    return endCall(c.tx, row, reason, c.now);
  }
  return false;
}

async function leave(c: CallTx, deviceIds: string[]): Promise<boolean> {
  const { row } = c.rec;
  await c.tx.db
    .updateTable('call_participants')
    .set({ left_at: c.now })
    .where('call_id', '=', row.id)
    .where('device_id', 'in', deviceIds)
    .where('left_at', 'is', null)
    .execute();
  // 1:1: either side leaving ends it (cancelled before the answer, hangup after).
  if (row.topology === 'p2p') return endCall(c.tx, row, row.answered_at ? 'hangup' : 'cancelled', c.now);
  return endIfNobodyLeft(c, deviceIds);
}

/** Leave the call from this device. A callee still ringing who hangs up declines. */
export async function hangupCall(ctx: AppContext, auth: AuthContext, callId: string): Promise<CallChange> {
  let declined = false;
  let left = [auth.deviceId];
  const { value: ended, after } = await withLockedCall(ctx, callId, async (c) => {
    const mine = c.rec.rung.find((r) => r.user_id === auth.userId);
    const here = liveParticipant(c.rec, auth.deviceId);
    if (!here && !mine && c.rec.row.caller_id !== auth.userId) throw notInCall();
    if (c.rec.row.status === 'ended') throw callEnded();
    if (here) return leave(c, [auth.deviceId]);
    if (mine?.state === 'ringing') {
      declined = true;
      return false;
    }
    // The caller's other device gives up a call its first device placed.
    const callers = c.rec.participants.filter((p) => p.user_id === auth.userId && p.left_at === null);
    if (c.rec.row.caller_id === auth.userId && callers.length > 0) {
      left = callers.map((p) => p.device_id);
      return leave(c, left);
    }
    throw notInCall();
  });
  if (declined) return declineCall(ctx, auth, callId);
  return change(after, ended, [], left);
}

/** Devices whose socket did not come back in time leave (the sweeper). */
export async function dropDevices(
  ctx: AppContext,
  callId: string,
  deviceIds: string[],
  cutoff: string,
): Promise<CallChange> {
  const { value, after } = await withLockedCall(ctx, callId, async (c) => {
    // Re-checked under the lock: a device that came back meanwhile stays.
    const gone = c.rec.participants
      .filter(
        (p) =>
          deviceIds.includes(p.device_id) &&
          p.left_at === null &&
          p.disconnected_at !== null &&
          p.disconnected_at <= cutoff,
      )
      .map((p) => p.device_id);
    if (gone.length === 0 || c.rec.row.status === 'ended') return { ended: false, gone };
    return { ended: await leave(c, gone), gone };
  });
  return change(after, value.ended, [], value.gone);
}

/** Users who did not answer in time stop ringing; a call nobody joined ends as a timeout. */
export async function ringTimeout(ctx: AppContext, callId: string): Promise<CallChange> {
  const { value: ended, after } = await withLockedCall(ctx, callId, async (c) => {
    if (c.rec.row.status === 'ended' || c.rec.row.ring_until > c.now) return false;
    if (c.rec.row.status === 'ringing') return endCall(c.tx, c.rec.row, 'timeout', c.now);
    await c.tx.db
      .updateTable('call_rung')
      .set({ state: 'missed' })
      .where('call_id', '=', callId)
      .where('state', '=', 'ringing')
      .execute();
    return false;
  });
  return change(after, ended);
}

/** The SFU lost the call's media for good (Janus went away): the call ends as failed. */
export async function failCall(ctx: AppContext, callId: string): Promise<CallChange> {
  const { value: ended, after } = await withLockedCall(ctx, callId, async (c) =>
    c.rec.row.status === 'ended' ? false : endCall(c.tx, c.rec.row, 'failed', c.now),
  );
  return change(after, ended);
}

type Flags = Omit<CallUpdateFrame, 'type' | 'callId' | 'mediaState'>;

/** This device's muted / camera / screen share / hand flags. */
export async function updateCall(
  ctx: AppContext,
  auth: AuthContext,
  callId: string,
  flags: Flags,
): Promise<CallChange> {
  const { after } = await withLockedCall(ctx, callId, async (c) => {
    const here = liveParticipant(c.rec, auth.deviceId);
    if (c.rec.row.status === 'ended' && c.rec.participants.some((p) => p.device_id === auth.deviceId))
      throw callEnded();
    if (!here) throw notInCall();
    const bit = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);
    const set = Object.fromEntries(
      Object.entries({
        muted: bit(flags.muted),
        camera_off: bit(flags.cameraOff),
        screen_sharing: bit(flags.screenSharing),
        hand_raised: bit(flags.handRaised),
      }).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(set).length === 0) return;
    await c.tx.db
      .updateTable('call_participants')
      .set(set)
      .where('call_id', '=', callId)
      .where('device_id', '=', auth.deviceId)
      .execute();
  });
  return change(after, false);
}
