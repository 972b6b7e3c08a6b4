// RFC 9180 test vector A.1.1 (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, the
// HPKE of MLS suite 1) run through the node:crypto HPKE, with the vector's fixed ephemeral key.
import { describe, expect, it } from 'vitest';
import { rfc9180Vector } from '../../sealed/rfc9180-vector.js';
import { deriveKeyPair, exportWith, nodeHpke, sealWith, setupSender } from './hpke.js';

const v = rfc9180Vector();
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('node HPKE against RFC 9180 A.1.1', () => {
  it('is the vector of our suite', () => {
    expect([v.mode, v.kem_id, v.kdf_id, v.aead_id]).toEqual([0, 0x20, 1, 1]);
  });

  it('derives the key pairs from the seeds', async () => {
    for (const [ikm, sk, pk] of [
      [v.ikmR, v.skRm, v.pkRm],
      [v.ikmE, v.skEm, v.pkEm],
    ] as const) {
      const pair = deriveKeyPair(hex(ikm));
      expect(toHex(await nodeHpke.exportPrivateKey(pair.privateKey))).toBe(sk);
      expect(toHex(await nodeHpke.exportPublicKey(pair.publicKey))).toBe(pk);
    }
  });

  it('seals to the vector ciphertext with the fixed ephemeral key, and exports the vector values', async () => {
    const recipient = await nodeHpke.importPublicKey(hex(v.pkRm));
    const ctx = setupSender(recipient, hex(v.info), deriveKeyPair(hex(v.ikmE)));
    const first = v.encryptions[0]!;
    expect(first.nonce).toBe(toHex(ctx.baseNonce));
    const sealed = sealWith(ctx, hex(first.plaintext), hex(first.aad));
    expect(toHex(sealed.enc)).toBe(v.enc);
    expect(toHex(sealed.ct)).toBe(first.ciphertext);
    for (const x of v.exports) {
      expect(toHex(exportWith(ctx, hex(x.exportContext), x.exportLength).secret)).toBe(x.exportValue);
    }
  });

  it('opens the vector ciphertext and imports the exported values; refuses a flipped bit', async () => {
    const sk = await nodeHpke.importPrivateKey(hex(v.skRm));
    const first = v.encryptions[0]!;
    const opened = await nodeHpke.open(sk, hex(v.enc), hex(first.ciphertext), hex(v.info), hex(first.aad));
    expect(toHex(opened)).toBe(first.plaintext);
    for (const x of v.exports) {
      const secret = await nodeHpke.importSecret(sk, hex(x.exportContext), hex(v.enc), x.exportLength, hex(v.info));
      expect(toHex(secret)).toBe(x.exportValue);
    }
    const flipped = hex(first.ciphertext);
    flipped[3]! ^= 1;
    await expect(nodeHpke.open(sk, hex(v.enc), flipped, hex(v.info), hex(first.aad))).rejects.toThrow(/AES-GCM/);
    await expect(
      nodeHpke.open(sk, hex(v.enc), hex(first.ciphertext), hex(v.info), new Uint8Array(1)),
    ).rejects.toThrow();
  });

  it('refuses keys of the wrong length and a low-order public key', async () => {
    await expect(nodeHpke.importPublicKey(new Uint8Array(31))).rejects.toThrow(/32 bytes/);
    await expect(nodeHpke.importPrivateKey(new Uint8Array(33))).rejects.toThrow(/32 bytes/);
    // The all-zero point has order 1: X25519 with it is all zeros, which must be refused.
    const lowOrder = await nodeHpke.importPublicKey(new Uint8Array(32));
    await expect(nodeHpke.seal(lowOrder, new Uint8Array(1), new Uint8Array(0))).rejects.toThrow(/X25519/);
  });
});
