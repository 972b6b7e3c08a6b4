// RFC 9180 test vector A.1.1 (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM),
// the exact suite of sealed messages, run through the same CipherSuite the sealing code uses.
import { describe, expect, it } from 'vitest';
import { rfc9180Vector } from './rfc9180-vector.js';
import { ab as buf } from '../array-buffer.js';
import { sealedSuite } from './suite.js';

const v = rfc9180Vector();
const hex = (s: string) => buf(new Uint8Array(Buffer.from(s, 'hex')));
const toHex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');

describe('RFC 9180 A.1.1 vectors', () => {
  const suite = sealedSuite();

  it('is the suite the vector names', () => {
    expect([v.mode, v.kem_id, v.kdf_id, v.aead_id]).toEqual([0, 0x20, 1, 1]);
    expect([suite.kem.id, suite.kdf.id, suite.aead.id]).toEqual([0x20, 1, 1]);
  });

  it('derives the key pairs from the seeds', async () => {
    const r = await suite.kem.deriveKeyPair(hex(v.ikmR));
    expect(toHex(await suite.kem.serializePrivateKey(r.privateKey))).toBe(v.skRm);
    expect(toHex(await suite.kem.serializePublicKey(r.publicKey))).toBe(v.pkRm);
    const e = await suite.kem.deriveKeyPair(hex(v.ikmE));
    expect(toHex(await suite.kem.serializePrivateKey(e.privateKey))).toBe(v.skEm);
    expect(toHex(await suite.kem.serializePublicKey(e.publicKey))).toBe(v.pkEm);
  });

  it('seals to the vector ciphertexts with the fixed ephemeral key, and opens them', async () => {
    const recipientPublicKey = await suite.kem.deserializePublicKey(hex(v.pkRm));
    const ekm = await suite.kem.deriveKeyPair(hex(v.ikmE));
    const sender = await suite.createSenderContext({ recipientPublicKey, info: hex(v.info), ekm });
    expect(toHex(sender.enc)).toBe(v.enc);
    const recipientKey = await suite.kem.deserializePrivateKey(hex(v.skRm));
    const recipient = await suite.createRecipientContext({ recipientKey, enc: hex(v.enc), info: hex(v.info) });
    // The vector's encryptions are consecutive sequence numbers of one context.
    for (const e of v.encryptions) {
      expect(toHex(await sender.seal(hex(e.plaintext), hex(e.aad)))).toBe(e.ciphertext);
      expect(toHex(await recipient.open(hex(e.ciphertext), hex(e.aad)))).toBe(e.plaintext);
    }
    for (const x of v.exports) {
      expect(toHex(await sender.export(hex(x.exportContext), x.exportLength))).toBe(x.exportValue);
    }
  });

  it('single-shot open of the first encryption (what an envelope is)', async () => {
    const recipientKey = await suite.kem.deserializePrivateKey(hex(v.skRm));
    const first = v.encryptions[0]!;
    const pt = await suite.open(
      { recipientKey, enc: hex(v.enc), info: hex(v.info) },
      hex(first.ciphertext),
      hex(first.aad),
    );
    expect(toHex(pt)).toBe(first.plaintext);
    const flipped = new Uint8Array(hex(first.ciphertext));
    flipped[0]! ^= 1;
    await expect(
      suite.open({ recipientKey, enc: hex(v.enc), info: hex(v.info) }, flipped.buffer, hex(first.aad)),
    ).rejects.toThrow();
  });
});
