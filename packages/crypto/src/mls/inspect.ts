// What the delivery service may read of an MLS message without any key: the wire format and,
// for a PrivateMessage, the plaintext header (group id, epoch, content type). The server uses it
// to refuse garbage and to order commits by epoch; the content stays encrypted.
import { decodeMlsMessage } from 'ts-mls';
import { fromB64 } from '../encoding.js';

export type MlsEnvelope =
  | { wireformat: 'mls_private_message'; groupId: string; epoch: number; contentType: string }
  | { wireformat: 'mls_welcome'; newMembers: number }
  | { wireformat: 'other' };

/** The envelope of a base64url MLSMessage, or null when it does not decode (or has trailing bytes). */
export function inspectMlsMessage(b64: string): MlsEnvelope | null {
  try {
    const bytes = fromB64(b64);
    const decoded = decodeMlsMessage(bytes, 0);
    if (!decoded || decoded[1] !== bytes.length) return null;
    const m = decoded[0];
    if (m.wireformat === 'mls_private_message') {
      return {
        wireformat: m.wireformat,
        groupId: new TextDecoder('utf-8', { fatal: true }).decode(m.privateMessage.groupId),
        epoch: Number(m.privateMessage.epoch),
        contentType: m.privateMessage.contentType,
      };
    }
    if (m.wireformat === 'mls_welcome') return { wireformat: m.wireformat, newMembers: m.welcome.secrets.length };
    return { wireformat: 'other' };
  } catch {
    return null;
  }
}
