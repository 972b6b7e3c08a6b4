// What the sealed bubble shows for a message: its summary from the server (view-once, expiry,
// state) and what only this account knows (it already opened a view-once secret).
import type { Message } from '@anytime/protocol';
import type { EncryptionPort, SealedInfo } from '../crypto/encryption-port.js';

export function sealedInfoOf(message: Message, meId: string, port: EncryptionPort | null): SealedInfo {
  const s = message.sealed;
  const base = {
    messageId: message.id,
    conversationId: message.conversationId,
    senderId: message.senderId,
    viewOnce: s?.viewOnce ?? false,
    expiresAt: s?.expiresAt ?? null,
  };
  if (!s) return { ...base, state: 'deleted' };
  // The server's `opened`: every recipient (so a recipient reading this too) opened a view-once
  // secret and its envelopes are deleted.
  if (s.state === 'opened') return { ...base, state: message.senderId === meId ? 'deleted' : 'opened' };
  if (s.state === 'expired') return { ...base, state: 'expired' };
  if (s.viewOnce && port?.openedViewOnce(message.id)) {
    return { ...base, state: 'opened' };
  }
  return { ...base, state: 'sealed' };
}
