// The MLS delivery service. Handshakes are ordered per group: a commit names the epoch it was
// made from and is accepted only if that is the group's current epoch (else 409 stale_epoch: the
// client applies the commits it missed and commits again), so every device sees one linear
// history. An accepted commit takes the conversation's next seq, moves the epoch on, and its
// welcome goes only to the devices it adds (mls.welcome on their user's stream). Application
// messages are stored as ciphertext with the next seq; the server checks the envelope only. A
// message may name encrypted attachments (blobIds) that it links to its seq (secret-media), and
// may be marked not urgent (reactions, edits: stored and synced, never pushed; push-stand-in.ts).
import type { MlsMessage, MlsWelcome, SendMlsMessageRequest, SubmitCommitRequest } from '@anytime/protocol';
import { inspectMlsMessage } from '@anytime/crypto';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { DB } from '../../storage/schema.js';
import { isUniqueViolation } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { linkBlobs } from '../secret-media/blobs.js';
import { applySendToStates } from '../conversation-state/on-send.js';
import { explainRefusedSend } from '../groups/send-guard.js';
import { expectedDevices, requireSecretMember } from './secret-conversation.js';
import { toMlsMessage, toMlsWelcome } from './rows.js';
import { takeSecretSeq } from './take-seq.js';

function checkPrivateMessage(
  data: string,
  conversationId: string,
  contentType: 'commit' | 'application',
  epoch: number,
) {
  const env = inspectMlsMessage(data);
  if (!env || env.wireformat !== 'mls_private_message' || env.contentType !== contentType) {
    throw new ApiError(
      'invalid_mls_message',
      `expected an MLS PrivateMessage holding ${contentType === 'commit' ? 'a commit' : 'application data'}`,
    );
  }
  if (env.groupId !== conversationId) throw new ApiError('invalid_mls_message', 'the message is for another group');
  if (env.epoch !== epoch) throw new ApiError('invalid_mls_message', 'the message epoch differs from the epoch given');
}

export async function submitCommit(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: SubmitCommitRequest,
): Promise<MlsMessage> {
  await requireSecretMember(ctx.storage.read, conversationId, auth.userId);
  checkPrivateMessage(input.commit, conversationId, 'commit', input.epoch);
  if (input.welcome) {
    const env = inspectMlsMessage(input.welcome.data);
    if (env?.wireformat !== 'mls_welcome') throw new ApiError('invalid_mls_message', 'expected an MLS Welcome');
  }
  const { value } = await ctx.storage.write(
    async (tx) => {
      const group = await tx.db
        .selectFrom('mls_groups')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow();
      if (input.epoch !== group.epoch) {
        throw new ApiError('stale_epoch', `the group is at epoch ${group.epoch}; apply the newer commits and retry`);
      }
      if (group.epoch === 0 && group.creator_device_id !== auth.deviceId) {
        throw new ApiError('forbidden', 'the device that created the secret chat makes its first commit');
      }
      const welcomed = new Map<string, string>();
      if (input.welcome) {
        const expected = await expectedDevices(tx.db, conversationId);
        for (const deviceId of new Set(input.welcome.deviceIds)) {
          const d = expected.find((e) => e.deviceId === deviceId);
          if (!d) throw new ApiError('invalid_members', `device ${deviceId} is not a device of a member`);
          welcomed.set(deviceId, d.userId);
        }
      }
      const now = nowIso();
      const seq = await takeSecretSeq(tx.db, conversationId, auth.userId, now);
      if (seq === undefined) return explainRefusedSend(tx.db, conversationId, auth.userId);
      const row = {
        id: newId(),
        conversation_id: conversationId,
        seq,
        sender_id: auth.userId,
        sender_device_id: auth.deviceId,
        kind: 'commit' as const,
        epoch: input.epoch,
        client_id: null,
        data: input.commit,
        created_at: now,
        urgent: 1,
        former_seq: null,
      };
      await tx.db.insertInto('mls_messages').values(row).execute();
      await tx.db
        .updateTable('mls_groups')
        .set({ epoch: group.epoch + 1 })
        .where('conversation_id', '=', conversationId)
        .execute();
      const message = toMlsMessage(row);
      await tx.append({ type: 'mls.message', at: now, conversationId, seq, message }, { conversationId, seq });
      for (const [deviceId, userId] of welcomed) {
        const w = {
          id: newId(),
          conversation_id: conversationId,
          device_id: deviceId,
          seq,
          epoch: group.epoch + 1,
          data: input.welcome!.data,
          created_at: now,
        };
        await tx.db.insertInto('mls_welcomes').values(w).execute();
        await tx.append({ type: 'mls.welcome', at: now, welcome: toMlsWelcome(w) }, { userId });
      }
      return message;
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}

async function findByClientId(db: Kysely<DB>, conversationId: string, userId: string, clientId: string) {
  const row = await db
    .selectFrom('mls_messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('sender_id', '=', userId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? toMlsMessage(row) : undefined;
}

export async function sendMlsMessage(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: SendMlsMessageRequest,
): Promise<{ message: MlsMessage; created: boolean }> {
  const { group } = await requireSecretMember(ctx.storage.read, conversationId, auth.userId);
  const repeat = await findByClientId(ctx.storage.read, conversationId, auth.userId, input.clientId);
  if (repeat) return { message: repeat, created: false };
  checkPrivateMessage(input.ciphertext, conversationId, 'application', input.epoch);
  if (input.epoch > group.epoch)
    throw new ApiError('invalid_mls_message', 'the message is from an epoch that does not exist yet');
  try {
    const { value } = await ctx.storage.write(
      async (tx) => {
        const now = nowIso();
        const seq = await takeSecretSeq(tx.db, conversationId, auth.userId, now);
        if (seq === undefined) return explainRefusedSend(tx.db, conversationId, auth.userId);
        const row = {
          id: newId(),
          conversation_id: conversationId,
          seq,
          sender_id: auth.userId,
          sender_device_id: auth.deviceId,
          kind: 'application' as const,
          epoch: input.epoch,
          client_id: input.clientId,
          data: input.ciphertext,
          created_at: now,
          urgent: input.urgent === false ? 0 : 1,
          former_seq: null,
        };
        await tx.db.insertInto('mls_messages').values(row).execute();
        if (input.blobIds) await linkBlobs(tx, auth, conversationId, input.blobIds, row);
        // Like a cloud send (and unlike a cloud reaction or edit): only an urgent message clears the
        // sender's draft and unarchives the chat for the others.
        if (row.urgent === 1) await applySendToStates(tx.db, conversationId, auth.userId, now);
        const message = toMlsMessage(row);
        await tx.append({ type: 'mls.message', at: now, conversationId, seq, message }, { conversationId, seq });
        return message;
      },
      { lock: [`conv:${conversationId}`] },
    );
    return { message: value, created: true };
  } catch (e) {
    if (isUniqueViolation(e)) {
      const { value: original } = await ctx.storage.write((tx) =>
        findByClientId(tx.db, conversationId, auth.userId, input.clientId),
      );
      if (original) return { message: original, created: false };
    }
    throw e;
  }
}

/** The timeline after `afterSeq` (never before the caller joined). */
export async function listMlsMessages(
  db: Kysely<DB>,
  auth: AuthContext,
  conversationId: string,
  query: { afterSeq: number; limit: number },
): Promise<MlsMessage[]> {
  const { member } = await requireSecretMember(db, conversationId, auth.userId);
  const rows = await db
    .selectFrom('mls_messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', Math.max(query.afterSeq, member.joined_seq))
    .orderBy('seq')
    .limit(query.limit)
    .execute();
  return rows.map(toMlsMessage);
}

/** Welcomes for the calling device into groups the user is still a member of. */
export async function listWelcomes(db: Kysely<DB>, auth: AuthContext): Promise<MlsWelcome[]> {
  const rows = await db
    .selectFrom('mls_welcomes')
    .innerJoin('members', (j) =>
      j.onRef('members.conversation_id', '=', 'mls_welcomes.conversation_id').on('members.user_id', '=', auth.userId),
    )
    .selectAll('mls_welcomes')
    .where('mls_welcomes.device_id', '=', auth.deviceId)
    .orderBy('mls_welcomes.seq')
    .limit(1_000)
    .execute();
  return rows.map(toMlsWelcome);
}
