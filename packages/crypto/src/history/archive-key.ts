// The account's history key: 32 random bytes that exist only on the account's devices and in
// the passphrase-protected key backup. Two subkeys come from it with HKDF-SHA256: an AES-256-GCM
// key that encrypts archived secret-chat messages, and an HMAC key that names each record so the
// server can deduplicate uploads without learning which message a record holds.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toB64 } from '../encoding.js';
import { ab } from '../array-buffer.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

export function newHistoryKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export interface HistoryKeys {
  encrypt: CryptoKey;
  /** base64url HMAC-SHA256 of a message id: the record's key on the server. */
  recordKey(messageId: string): string;
}

export async function historyKeys(historyKey: Uint8Array): Promise<HistoryKeys> {
  if (historyKey.length !== 32) throw new Error('a history key is 32 bytes');
  const encBytes = hkdf(sha256, historyKey, undefined, utf8('anytime-history-v1 encrypt'), 32);
  const idKey = hkdf(sha256, historyKey, undefined, utf8('anytime-history-v1 record-id'), 32);
  const encrypt = await crypto.subtle.importKey('raw', ab(encBytes), 'AES-GCM', false, ['encrypt', 'decrypt']);
  encBytes.fill(0);
  return {
    encrypt,
    recordKey: (messageId) => toB64(hmac(sha256, idKey, new TextEncoder().encode(messageId))),
  };
}
