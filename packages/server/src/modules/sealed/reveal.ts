// Revealing a sealed message (an explicit tap on a device): returns that device's own envelope,
// records (user, device, time) in the reveal log and tells the sender's devices (sealed.revealed
// on the sender's stream). For a view-once message, once every recipient user has opened it the
// envelopes are deleted and the message changes to state "opened" (message.updated), so nobody
// can open it again; a device that has none gets 404, a message whose envelopes are gone 410.
import type { RevealSealedResponse, SealedSummary } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { commitMessageChange } from '../message-actions/timeline.js';
import { requireSealedMessage, sealedStatus } from './status.js';

export async function revealSealed(
  ctx: AppContext,
  auth: AuthContext,
  messageId: string,
): Promise<RevealSealedResponse> {
  const first = await requireSealedMessage(ctx.storage.read, messageId, auth.userId);
  const { value } = await ctx.storage.write(
    async (tx) => {
      const row = await requireSealedMessage(tx.db, messageId, auth.userId);
      const summary = JSON.parse(row.sealed) as SealedSummary;
      const envelope = await tx.db
        .selectFrom('sealed_envelopes')
        .select(['device_id', 'enc', 'ciphertext'])
        .where('message_id', '=', row.id)
        .where('device_id', '=', auth.deviceId)
        .executeTakeFirst();
      if (!envelope) {
        if (summary.state !== 'sealed') {
          throw new ApiError('sealed_unavailable', `the secret is gone (${summary.state})`);
        }
        throw new ApiError('not_found', 'this device has no envelope for this sealed message');
      }
      const at = nowIso();
      const inserted = await recordReveal(tx, row.id, auth, at);
      if (inserted && row.sender_id !== auth.userId) {
        await tx.append(
          {
            type: 'sealed.revealed',
            at,
            conversationId: row.conversation_id,
            messageId: row.id,
            reveal: { userId: auth.userId, deviceId: auth.deviceId, at },
          },
          { userId: row.sender_id },
        );
      }
      let current = row;
      if (summary.viewOnce && (await everyRecipientOpened(tx, row.id))) {
        await tx.db.deleteFrom('sealed_envelopes').where('message_id', '=', row.id).execute();
        await tx.db.updateTable('sealed_messages').set({ state: 'opened' }).where('message_id', '=', row.id).execute();
        const sealed = JSON.stringify({ ...summary, state: 'opened' } satisfies SealedSummary);
        await commitMessageChange(tx, row, { sealed }, at);
        current = { ...row, sealed };
      }
      const status = await sealedStatus(tx.db, auth, current);
      return {
        messageId: row.id,
        conversationId: row.conversation_id,
        clientId: row.client_id,
        senderId: row.sender_id,
        senderDeviceId: row.sender_device_id,
        envelope: { deviceId: envelope.device_id, enc: envelope.enc, ciphertext: envelope.ciphertext },
        sealed: status,
      };
    },
    { lock: [`conv:${first.conversation_id}`] },
  );
  return value;
}

/** Records this device's opening once; true when it is the first. */
async function recordReveal(tx: Tx, messageId: string, auth: AuthContext, at: string): Promise<boolean> {
  const seen = await tx.db
    .selectFrom('sealed_reveals')
    .select('at')
    .where('message_id', '=', messageId)
    .where('device_id', '=', auth.deviceId)
    .executeTakeFirst();
  if (seen) return false;
  await tx.db
    .insertInto('sealed_reveals')
    .values({ message_id: messageId, device_id: auth.deviceId, user_id: auth.userId, at })
    .execute();
  return true;
}

async function everyRecipientOpened(tx: Tx, messageId: string): Promise<boolean> {
  const meta = await tx.db
    .selectFrom('sealed_messages')
    .select('recipient_users')
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
  const recipients = JSON.parse(meta.recipient_users) as string[];
  if (recipients.length === 0) return false;
  const opened = new Set(
    (await tx.db.selectFrom('sealed_reveals').select('user_id').where('message_id', '=', messageId).execute()).map(
      (r) => r.user_id,
    ),
  );
  return recipients.every((u) => opened.has(u));
}
