// What a push says about a secret-chat message: the server cannot read it, so the notifier
// (modules/push) gets a stand-in Message whose text is ENCRYPTED_MESSAGE_TEXT, never anything
// of the ciphertext. Commits are not pushed, nor messages their sender marked not urgent
// (reactions and edits, SendMlsMessageRequest.urgent = false, as Signal's envelope flag).
import { plainMessage, type Message, type MlsMessage } from '@anytime/protocol';

export const ENCRYPTED_MESSAGE_TEXT = '🔒 Encrypted message';

export function encryptedStandIn(m: MlsMessage): Message | undefined {
  if (m.kind !== 'application' || m.urgent === false) return undefined;
  return plainMessage({
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    senderId: m.senderId,
    senderDeviceId: m.senderDeviceId,
    clientId: m.clientId ?? m.id,
    text: ENCRYPTED_MESSAGE_TEXT,
    createdAt: m.createdAt,
  });
}
