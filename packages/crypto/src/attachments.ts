// Attachments of secret chats, encrypted as Signal does: a fresh random AES-256-GCM key per
// attachment, the blob is nonce || ciphertext+tag, and its SHA-256 goes with the key inside the
// end-to-end encrypted message. The receiver checks the digest before decrypting, so a blob the
// server (or anyone on the way) changed or swapped is refused before AES-GCM even runs.
import { ab } from './array-buffer.js';
import { fromB64, toB64 } from './encoding.js';

const NONCE_BYTES = 12;

export interface EncryptedAttachment {
  /** What is uploaded: the nonce, then the ciphertext and its tag. */
  blob: Uint8Array;
  /** The 32-byte key, base64url. */
  key: string;
  /** SHA-256 of `blob`, base64url. */
  digest: string;
}

/** The blob's digest does not match the message, or it does not decrypt under the message's key. */
export class AttachmentIntegrityError extends Error {
  constructor(reason: string) {
    super(`the attachment was refused: ${reason}`);
    this.name = 'AttachmentIntegrityError';
  }
}

const sha256 = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', ab(bytes)));

const aesKey = (raw: Uint8Array, use: KeyUsage) =>
  crypto.subtle.importKey('raw', ab(raw), { name: 'AES-GCM' }, false, [use]);

export async function encryptAttachment(plaintext: Uint8Array): Promise<EncryptedAttachment> {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: ab(nonce) }, await aesKey(raw, 'encrypt'), ab(plaintext)),
  );
  const blob = new Uint8Array(NONCE_BYTES + ct.length);
  blob.set(nonce);
  blob.set(ct, NONCE_BYTES);
  return { blob, key: toB64(raw), digest: toB64(await sha256(blob)) };
}

/** The plaintext, after checking the blob's SHA-256 against `digest`; AttachmentIntegrityError otherwise. */
export async function decryptAttachment(blob: Uint8Array, key: string, digest: string): Promise<Uint8Array> {
  if (toB64(await sha256(blob)) !== digest) throw new AttachmentIntegrityError('its SHA-256 differs from the message');
  const raw = fromB64(key);
  if (raw.length !== 32 || blob.length < NONCE_BYTES + 16) throw new AttachmentIntegrityError('malformed');
  try {
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: ab(blob.subarray(0, NONCE_BYTES)) },
      await aesKey(raw, 'decrypt'),
      ab(blob.subarray(NONCE_BYTES)),
    );
    return new Uint8Array(pt);
  } catch {
    throw new AttachmentIntegrityError('it does not decrypt under the message key');
  }
}
