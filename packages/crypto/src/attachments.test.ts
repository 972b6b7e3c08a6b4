// Attachment encryption: a round trip, a fresh key and nonce every time, and every kind of
// tampering refused (a changed byte, a swapped blob, a wrong key).
import { describe, expect, it } from 'vitest';
import { AttachmentIntegrityError, decryptAttachment, encryptAttachment } from './attachments.js';
import { toB64 } from './encoding.js';

const photo = crypto.getRandomValues(new Uint8Array(50_000));

describe('attachment encryption', () => {
  it('round-trips; the blob holds no plaintext; keys, nonces and blobs differ each time', async () => {
    const a = await encryptAttachment(photo);
    const b = await encryptAttachment(photo);
    expect(a.blob.length).toBe(photo.length + 28);
    expect(Buffer.from(a.blob).includes(Buffer.from(photo.subarray(100, 132)))).toBe(false);
    expect(a.key).not.toBe(b.key);
    expect(Buffer.from(a.blob.subarray(0, 12)).equals(Buffer.from(b.blob.subarray(0, 12)))).toBe(false);
    expect(await decryptAttachment(a.blob, a.key, a.digest)).toEqual(photo);
  });

  it('refuses a changed byte, another blob and a wrong key', async () => {
    const a = await encryptAttachment(photo);
    const b = await encryptAttachment(photo);
    const changed = a.blob.slice();
    changed[500]! ^= 1;
    await expect(decryptAttachment(changed, a.key, a.digest)).rejects.toBeInstanceOf(AttachmentIntegrityError);
    await expect(decryptAttachment(b.blob, a.key, a.digest)).rejects.toThrow(/SHA-256/);
    // Digest right, key wrong (the server cannot do this, the digest is in the message): AES-GCM refuses.
    const wrong = toB64(crypto.getRandomValues(new Uint8Array(32)));
    await expect(decryptAttachment(a.blob, wrong, a.digest)).rejects.toThrow(/decrypt/);
  });
});
