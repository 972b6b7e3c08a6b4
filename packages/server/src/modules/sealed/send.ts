// Sending a sealed message: an ordinary send (modules/messages: membership, blocks, idempotent
// clientId, the conversation's next seq, message.created) whose text is empty and which carries
// a `sealed` summary, plus, in the same transaction, one stored envelope per recipient device
// after checking that the envelopes match the recipients exactly. The server never sees the
// secret: envelopes are HPKE ciphertexts bound to their device (crypto/src/sealed).
import type { Message, SealedSummary, SendSealedRequest } from '@anytime/protocol';
import { SEALED_SUITE } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { sendMessage, type SendResult } from '../messages/actions.js';
import { matchRecipients, recipientDevices } from './recipients.js';

export async function sendSealed(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: SendSealedRequest,
): Promise<SendResult> {
  const devices = input.envelopes.map((e) => e.deviceId);
  if (new Set(devices).size !== devices.length) {
    throw new ApiError('invalid_request', 'envelopes: one envelope per device');
  }
  const expiresAt =
    input.expiresInSeconds === undefined ? null : new Date(Date.now() + input.expiresInSeconds * 1000).toISOString();
  const summary: SealedSummary = { suite: SEALED_SUITE, viewOnce: input.viewOnce, expiresAt, state: 'sealed' };
  const write = async (tx: Tx, message: Message) => {
    const owners = matchRecipients(await recipientDevices(tx.db, conversationId), devices, auth.deviceId);
    const recipientUsers = [...new Set(owners.values())].filter((u) => u !== auth.userId).sort();
    await tx.db
      .insertInto('sealed_messages')
      .values({
        message_id: message.id,
        conversation_id: conversationId,
        sender_id: auth.userId,
        view_once: input.viewOnce ? 1 : 0,
        expires_at: expiresAt,
        recipient_users: JSON.stringify(recipientUsers),
        state: 'sealed',
      })
      .execute();
    await tx.db
      .insertInto('sealed_envelopes')
      .values(
        input.envelopes.map((e) => ({
          message_id: message.id,
          device_id: e.deviceId,
          user_id: owners.get(e.deviceId)!,
          enc: e.enc,
          ciphertext: e.ciphertext,
        })),
      )
      .execute();
  };
  return sendMessage(
    ctx,
    auth,
    conversationId,
    { clientId: input.clientId, text: '', ...(input.replyToId ? { replyToId: input.replyToId } : {}) },
    { sealed: { summary, write } },
  );
}
