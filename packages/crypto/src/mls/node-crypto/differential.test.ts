// The node:crypto provider against ts-mls's default provider (@hpke/core, WebCrypto, noble): the
// same inputs give the same bytes, and what one seals or signs, the other opens or verifies.
import { hkdfSync, randomBytes } from 'node:crypto';
import { defaultCryptoProvider, getCiphersuiteFromName, type CiphersuiteImpl } from 'ts-mls';
import { beforeAll, describe, expect, it } from 'vitest';
import { MLS_CIPHERSUITE } from '../suite.js';
import { nodeCryptoProvider } from './provider.js';

const bytes = (n: number) => new Uint8Array(randomBytes(n));
const suite = getCiphersuiteFromName(MLS_CIPHERSUITE);
let node: CiphersuiteImpl;
let standard: CiphersuiteImpl;

beforeAll(async () => {
  node = await nodeCryptoProvider.getCiphersuiteImpl(suite);
  standard = await defaultCryptoProvider.getCiphersuiteImpl(suite);
});

describe('node crypto provider vs ts-mls default (suite 1)', () => {
  it('hashes and MACs the same bytes, and checks MACs', async () => {
    for (const n of [0, 1, 55, 64, 1000]) {
      const data = bytes(n);
      const key = bytes(32);
      expect(await node.hash.digest(data)).toEqual(await standard.hash.digest(data));
      const mac = await node.hash.mac(key, data);
      expect(mac).toEqual(await standard.hash.mac(key, data));
      expect(await node.hash.verifyMac(key, mac, data)).toBe(true);
      mac[0]! ^= 1;
      expect(await node.hash.verifyMac(key, mac, data)).toBe(false);
      expect(await node.hash.verifyMac(key, mac.subarray(1), data)).toBe(false);
    }
  });

  it('extracts and expands the same HKDF output for every length, empty salts included', async () => {
    expect(node.kdf.size).toBe(standard.kdf.size);
    // @hpke/core takes only empty or hash-sized salts (all MLS and HPKE use).
    for (const salt of [new Uint8Array(0), bytes(32)]) {
      const ikm = bytes(40);
      const prk = await node.kdf.extract(salt, ikm);
      expect(prk).toEqual(await standard.kdf.extract(salt, ikm));
      for (const len of [0, 1, 16, 32, 33, 64, 100, 255 * 32]) {
        const info = bytes(len % 50);
        expect(await node.kdf.expand(prk, info, len)).toEqual(await standard.kdf.expand(prk, info, len));
      }
    }
    await expect(node.kdf.expand(bytes(32), new Uint8Array(0), 255 * 32 + 1)).rejects.toThrow(/out of range/);
  });

  it('is RFC 5869 HKDF for any salt: the same output as OpenSSL HKDF (hkdfSync)', async () => {
    for (const salt of [new Uint8Array(0), bytes(1), bytes(80)]) {
      const ikm = bytes(22);
      const info = bytes(10);
      const ours = await node.kdf.expand(await node.kdf.extract(salt, ikm), info, 82);
      expect(ours).toEqual(new Uint8Array(hkdfSync('sha256', ikm, salt, info, 82)));
    }
  });

  it('signs the same deterministic Ed25519 signatures, and each verifies the other', async () => {
    for (const made of [await node.signature.keygen(), await standard.signature.keygen()]) {
      const message = bytes(200);
      const a = await node.signature.sign(made.signKey, message);
      expect(a).toEqual(await standard.signature.sign(made.signKey, message));
      expect(await standard.signature.verify(made.publicKey, message, a)).toBe(true);
      expect(await node.signature.verify(made.publicKey, message, a)).toBe(true);
      message[0]! ^= 1;
      expect(await node.signature.verify(made.publicKey, message, a)).toBe(false);
    }
    const { publicKey } = await node.signature.keygen();
    expect(await node.signature.verify(publicKey.subarray(1), bytes(5), bytes(64))).toBe(false);
    expect(await node.signature.verify(publicKey, bytes(5), bytes(63))).toBe(false);
    await expect(node.signature.sign(bytes(5), bytes(5))).rejects.toThrow(/Ed25519/);
  });

  it('derives the same HPKE key pairs', async () => {
    for (let i = 0; i < 5; i++) {
      const ikm = bytes(32);
      const a = await node.hpke.deriveKeyPair(ikm);
      const b = await standard.hpke.deriveKeyPair(ikm);
      expect(await node.hpke.exportPrivateKey(a.privateKey)).toEqual(
        await standard.hpke.exportPrivateKey(b.privateKey),
      );
      expect(await node.hpke.exportPublicKey(a.publicKey)).toEqual(await standard.hpke.exportPublicKey(b.publicKey));
    }
  });

  it('seals what the other opens, both ways, with and without AAD', async () => {
    for (const [from, to] of [
      [node, standard],
      [standard, node],
    ] as const) {
      const pair = await to.hpke.generateKeyPair();
      const pub = await from.hpke.importPublicKey(await to.hpke.exportPublicKey(pair.publicKey));
      for (const aad of [undefined, bytes(20)]) {
        const plaintext = bytes(77);
        const info = bytes(30);
        const { ct, enc } = await from.hpke.seal(pub, plaintext, info, aad);
        expect(await to.hpke.open(pair.privateKey, enc, ct, info, aad)).toEqual(plaintext);
        ct[0]! ^= 1;
        await expect(to.hpke.open(pair.privateKey, enc, ct, info, aad)).rejects.toThrow();
      }
      const context = bytes(10);
      const info = bytes(12);
      const exported = await from.hpke.exportSecret(pub, context, 48, info);
      expect(await to.hpke.importSecret(pair.privateKey, context, exported.enc, 48, info)).toEqual(exported.secret);
    }
  });

  it('encrypts the same AES-128-GCM bytes and refuses a wrong tag', async () => {
    const key = bytes(16);
    const nonce = bytes(12);
    for (const aad of [undefined, new Uint8Array(0), bytes(9)]) {
      const plaintext = bytes(100);
      const ct = await node.hpke.encryptAead(key, nonce, aad, plaintext);
      expect(ct).toEqual(await standard.hpke.encryptAead(key, nonce, aad, plaintext));
      expect(await standard.hpke.decryptAead(key, nonce, aad, ct)).toEqual(plaintext);
      ct[ct.length - 1]! ^= 1;
      await expect(node.hpke.decryptAead(key, nonce, aad, ct)).rejects.toThrow(/AES-GCM/);
    }
    expect([node.hpke.keyLength, node.hpke.nonceLength]).toEqual([standard.hpke.keyLength, standard.hpke.nonceLength]);
  });

  it('hands out plain Uint8Arrays (not Buffers, whose slice() is a view)', async () => {
    for (const b of [
      node.rng.randomBytes(8),
      await node.hash.digest(bytes(3)),
      await node.kdf.extract(bytes(3), bytes(3)),
    ]) {
      expect(Buffer.isBuffer(b)).toBe(false);
      expect(b).toBeInstanceOf(Uint8Array);
    }
    expect(node.rng.randomBytes(32)).not.toEqual(node.rng.randomBytes(32));
  });
});
