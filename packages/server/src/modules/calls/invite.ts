// Starting a call (call.invite): members only; a direct chat with a block either way is refused;
// a 1:1 call rings the other member, a group call every other member (but not those blocked
// either way with the caller). The caller's device is in the call from the start. A callee who is
// already in a call on any device makes the new call end at once as busy (the callee still gets
// the missed-call message). The same clientId again answers with the same call.
import type { CallMedia } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { isUniqueViolation, type Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMember } from '../conversations/queries.js';
import { blockedEitherWay } from '../safety/blocks.js';
import { endCall } from './end-call.js';
import { loadCallRecord, type CallRecord } from './rows.js';

export interface InviteResult {
  rec: CallRecord;
  /** false when the clientId was seen before: nothing new, nobody rung again. */
  created: boolean;
}

/** Whether a user is in a call that has not ended, on any device. */
export async function inCall(tx: Tx, userId: string): Promise<boolean> {
  const row = await tx.db
    .selectFrom('call_participants as p')
    .innerJoin('calls as c', 'c.id', 'p.call_id')
    .select('p.call_id')
    .where('p.user_id', '=', userId)
    .where('p.left_at', 'is', null)
    .where('c.status', '<>', 'ended')
    .executeTakeFirst();
  return row !== undefined;
}

async function repeatOf(ctx: AppContext, auth: AuthContext, clientId: string, conversationId: string) {
  const prior = await ctx.storage.read
    .selectFrom('calls')
    .select(['id', 'conversation_id'])
    .where('caller_id', '=', auth.userId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!prior) return null;
  if (prior.conversation_id !== conversationId) {
    throw new ApiError('client_id_conflict', 'this clientId was already used for a call in another conversation');
  }
  return loadCallRecord(ctx.storage.read, prior.id);
}

export async function inviteCall(
  ctx: AppContext,
  auth: AuthContext,
  connection: string,
  input: { clientId: string; conversationId: string; media: CallMedia },
  /** Whether this node's SFU can take a group call now (false: an external SFU is unreachable). */
  sfuAvailable = true,
): Promise<InviteResult> {
  const { conversationId } = input;
  const db = ctx.storage.read;
  await requireMember(db, conversationId, auth.userId);
  const prior = await repeatOf(ctx, auth, input.clientId, conversationId);
  if (prior) return { rec: prior, created: false };
  const conv = await db
    .selectFrom('conversations')
    .select('kind')
    .where('id', '=', conversationId)
    .executeTakeFirstOrThrow();
  const others = (
    await db
      .selectFrom('members')
      .select('user_id')
      .where('conversation_id', '=', conversationId)
      .where('user_id', '<>', auth.userId)
      .execute()
  ).map((m) => m.user_id);
  const blocked = await blockedEitherWay(db, auth.userId, others);
  const direct = conv.kind === 'direct';
  if (!direct && ctx.config.CALLS_SFU === 'off') {
    throw new ApiError('calls_unavailable', 'group calls are off on this server (CALLS_SFU=off)');
  }
  if (!direct && !sfuAvailable) {
    throw new ApiError('calls_unavailable', 'group calls are unavailable: the SFU (Janus) is not reachable');
  }
  if (direct && blocked.size > 0) throw new ApiError('blocked', 'one of you blocked the other: no calls');
  const rung = others.filter((u) => !blocked.has(u));
  if (rung.length === 0) throw new ApiError('invalid_request', 'there is nobody else in this conversation to call');

  const id = newId();
  try {
    await ctx.storage.write(
      async (tx) => {
        const now = nowIso();
        const row = {
          id,
          conversation_id: conversationId,
          topology: direct ? ('p2p' as const) : ('sfu' as const),
          media: input.media,
          caller_id: auth.userId,
          caller_device_id: auth.deviceId,
          client_id: input.clientId,
          status: 'ringing' as const,
          created_at: now,
          ring_until: new Date(Date.parse(now) + ctx.config.CALL_RING_SECONDS * 1000).toISOString(),
          answered_at: null,
          ended_at: null,
          end_reason: null,
          sfu_node: direct ? null : ctx.config.nodeId,
          media_connected_at: null,
        };
        await tx.db.insertInto('calls').values(row).execute();
        await tx.db
          .insertInto('call_participants')
          .values({
            call_id: id,
            device_id: auth.deviceId,
            user_id: auth.userId,
            joined_at: now,
            left_at: null,
            connection,
            node_id: ctx.config.nodeId,
            disconnected_at: null,
          })
          .execute();
        for (let i = 0; i < rung.length; i += 500) {
          await tx.db
            .insertInto('call_rung')
            .values(rung.slice(i, i + 500).map((u) => ({ call_id: id, user_id: u, state: 'ringing' as const })))
            .execute();
        }
        if (direct && (await inCall(tx, rung[0]!))) await endCall(tx, row, 'busy', now);
      },
      { lock: [`conv:${conversationId}`] },
    );
  } catch (e) {
    if (isUniqueViolation(e)) {
      const again = await repeatOf(ctx, auth, input.clientId, conversationId);
      if (again) return { rec: again, created: false };
    }
    throw e;
  }
  return { rec: (await loadCallRecord(ctx.storage.read, id))!, created: true };
}
