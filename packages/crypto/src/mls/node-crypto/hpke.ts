// HPKE (RFC 9180) base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM (the HPKE
// of MLS cipher suite 1), single-shot, as ts-mls's Hpke interface asks for it. The primitives are
// node:crypto's (OpenSSL); this file is only RFC 9180's composition of them (sections 4.1, 5.1,
// 5.2, 5.3, 6.1), checked against the RFC's vectors and against @hpke/core in the tests.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Hpke, PrivateKey, PublicKey } from 'ts-mls';
import { CryptoError } from 'ts-mls/mlsError.js';
import { hkdfExpand, hkdfExtract } from './sha256.js';
import * as x25519 from './x25519.js';
import { concatBytes } from '@noble/hashes/utils.js';

const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
const AEAD_ID = 0x0001;
const MODE_BASE = 0x00;
const NK = 16; // AES-128-GCM key
const NN = 12; // nonce
const NT = 16; // tag
const NSECRET = 32; // DHKEM(X25519) shared secret, HKDF-SHA256 output

const utf8 = (s: string) => new TextEncoder().encode(s);
const i2osp2 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);

const HPKE_V1 = utf8('HPKE-v1');
const KEM_SUITE = concatBytes(utf8('KEM'), i2osp2(KEM_ID));
const HPKE_SUITE = concatBytes(utf8('HPKE'), i2osp2(KEM_ID), i2osp2(KDF_ID), i2osp2(AEAD_ID));
const EMPTY = new Uint8Array(0);

const labeledExtract = (suite: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array) =>
  hkdfExtract(salt, concatBytes(HPKE_V1, suite, utf8(label), ikm));

const labeledExpand = (suite: Uint8Array, prk: Uint8Array, label: string, info: Uint8Array, length: number) =>
  hkdfExpand(prk, concatBytes(i2osp2(length), HPKE_V1, suite, utf8(label), info), length);

/** DHKEM ExtractAndExpand (section 4.1). */
function sharedSecret(dh: Uint8Array, enc: Uint8Array, pkRm: Uint8Array): Uint8Array {
  const eaePrk = labeledExtract(KEM_SUITE, EMPTY, 'eae_prk', dh);
  return labeledExpand(KEM_SUITE, eaePrk, 'shared_secret', concatBytes(enc, pkRm), NSECRET);
}

/** DeriveKeyPair for X25519 (section 7.1.3): the private key is the expanded seed. */
export function deriveKeyPair(ikm: Uint8Array): { privateKey: PrivateKey; publicKey: PublicKey } {
  const dkpPrk = labeledExtract(KEM_SUITE, EMPTY, 'dkp_prk', ikm);
  const privateKey = x25519.importPrivateKey(labeledExpand(KEM_SUITE, dkpPrk, 'sk', EMPTY, 32));
  return { privateKey, publicKey: x25519.publicKeyOf(privateKey) };
}

interface Context {
  key: Uint8Array;
  baseNonce: Uint8Array;
  exporterSecret: Uint8Array;
}

// psk_id_hash with no PSK (base mode) is a constant.
const PSK_ID_HASH = labeledExtract(HPKE_SUITE, EMPTY, 'psk_id_hash', EMPTY);

/** KeyScheduleS / KeyScheduleR in base mode (section 5.1). */
function keySchedule(shared: Uint8Array, info: Uint8Array): Context {
  const infoHash = labeledExtract(HPKE_SUITE, EMPTY, 'info_hash', info);
  const context = concatBytes(Uint8Array.of(MODE_BASE), PSK_ID_HASH, infoHash);
  const secret = labeledExtract(HPKE_SUITE, shared, 'secret', EMPTY);
  return {
    key: labeledExpand(HPKE_SUITE, secret, 'key', context, NK),
    baseNonce: labeledExpand(HPKE_SUITE, secret, 'base_nonce', context, NN),
    exporterSecret: labeledExpand(HPKE_SUITE, secret, 'exp', context, NSECRET),
  };
}

/** SetupBaseS with the given ephemeral key pair (tests pass the RFC's; seal makes a fresh one). */
export function setupSender(
  recipient: PublicKey,
  info: Uint8Array,
  ephemeral = x25519.generateKeyPair(),
): Context & { enc: Uint8Array } {
  const enc = x25519.unwrap(ephemeral.publicKey, 'public').raw;
  const dh = x25519.dh(ephemeral.privateKey, recipient);
  const shared = sharedSecret(dh, enc, x25519.unwrap(recipient, 'public').raw);
  return { enc, ...keySchedule(shared, info) };
}

function setupRecipient(privateKey: PrivateKey, enc: Uint8Array, info: Uint8Array): Context {
  const pkE = x25519.importPublicKey(enc);
  const dh = x25519.dh(privateKey, pkE);
  const pkRm = x25519.unwrap(x25519.publicKeyOf(privateKey), 'public').raw;
  return keySchedule(sharedSecret(dh, enc, pkRm), info);
}

export function aeadSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-gcm', key, nonce);
  cipher.setAAD(aad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const out = new Uint8Array(head.length + tail.length + NT);
  out.set(head);
  out.set(tail, head.length);
  out.set(cipher.getAuthTag(), head.length + tail.length);
  return out;
}

export function aeadOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < NT) throw new CryptoError('AES-GCM ciphertext shorter than its tag');
  try {
    const decipher = createDecipheriv('aes-128-gcm', key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - NT));
    const head = decipher.update(ciphertext.subarray(0, ciphertext.length - NT));
    const tail = decipher.final();
    const out = new Uint8Array(head.length + tail.length);
    out.set(head);
    out.set(tail, head.length);
    return out;
  } catch (e) {
    throw new CryptoError(`AES-GCM decryption failed: ${String(e)}`);
  }
}

/** Export (section 5.3). */
const exportSecret = (ctx: Context, exporterContext: Uint8Array, length: number) =>
  labeledExpand(HPKE_SUITE, ctx.exporterSecret, 'sec', exporterContext, length);

/** Seal with sequence number 0: the nonce is the base nonce (section 5.2). */
export function sealWith(
  ctx: Context & { enc: Uint8Array },
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): { ct: Uint8Array; enc: Uint8Array } {
  return { ct: aeadSeal(ctx.key, ctx.baseNonce, aad, plaintext), enc: ctx.enc };
}

export function exportWith(ctx: Context & { enc: Uint8Array }, exporterContext: Uint8Array, length: number) {
  return { enc: ctx.enc, secret: exportSecret(ctx, exporterContext, length) };
}

export const nodeHpke: Hpke = {
  async seal(publicKey, plaintext, info, aad) {
    return sealWith(setupSender(publicKey, info), plaintext, aad);
  },
  async open(privateKey, kemOutput, ciphertext, info, aad) {
    const ctx = setupRecipient(privateKey, kemOutput, info);
    return aeadOpen(ctx.key, ctx.baseNonce, aad ?? EMPTY, ciphertext);
  },
  async exportSecret(publicKey, exporterContext, length, info) {
    return exportWith(setupSender(publicKey, info), exporterContext, length);
  },
  async importSecret(privateKey, exporterContext, kemOutput, length, info) {
    return exportSecret(setupRecipient(privateKey, kemOutput, info), exporterContext, length);
  },
  importPrivateKey: async (k) => x25519.importPrivateKey(k),
  importPublicKey: async (k) => x25519.importPublicKey(k),
  exportPublicKey: async (k) => x25519.unwrap(k, 'public').raw.slice(),
  exportPrivateKey: async (k) => x25519.unwrap(k, 'private').raw.slice(),
  encryptAead: async (key, nonce, aad, plaintext) => aeadSeal(key, nonce, aad ?? EMPTY, plaintext),
  decryptAead: async (key, nonce, aad, ciphertext) => aeadOpen(key, nonce, aad ?? EMPTY, ciphertext),
  deriveKeyPair: async (ikm) => deriveKeyPair(ikm),
  generateKeyPair: async () => x25519.generateKeyPair(),
  keyLength: NK,
  nonceLength: NN,
};
