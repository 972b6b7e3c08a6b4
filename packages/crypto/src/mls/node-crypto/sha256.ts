// SHA-256, HMAC-SHA256 and HKDF-SHA256 (RFC 5869) for the Node MLS crypto provider, on
// node:crypto's synchronous hash and HMAC. MLS and HPKE call HKDF with inputs of a few dozen
// bytes, where WebCrypto's per-call cost (key import, promise, copies) dominated.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Hash, Kdf } from 'ts-mls';

export const HASH_LENGTH = 32;

/** A plain Uint8Array copy (never a Buffer: its slice() is a view, and it may sit in Node's pool). */
export const plain = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

export function sha256(data: Uint8Array): Uint8Array {
  return plain(createHash('sha256').update(data).digest());
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return plain(createHmac('sha256', key).update(data).digest());
}

/** HKDF-Extract: PRK = HMAC(salt, IKM); an empty salt is HashLen zero bytes, which HMAC pads to. */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmacSha256(salt, ikm);
}

/** HKDF-Expand: T(i) = HMAC(PRK, T(i-1) | info | i), the first `length` bytes of T(1) | T(2) | ... */
export function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 255 * HASH_LENGTH) {
    throw new RangeError(`HKDF-Expand length ${length} is out of range (0..${255 * HASH_LENGTH})`);
  }
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, filled = 0; filled < length; i++) {
    previous = plain(createHmac('sha256', prk).update(previous).update(info).update(Uint8Array.of(i)).digest());
    out.set(previous.subarray(0, length - filled), filled);
    filled += previous.length;
  }
  return out;
}

export const nodeHash: Hash = {
  digest: async (data) => sha256(data),
  mac: async (key, data) => hmacSha256(key, data),
  async verifyMac(key, mac, data) {
    const expected = hmacSha256(key, data);
    return mac.length === expected.length && timingSafeEqual(mac, expected);
  },
};

export const nodeKdf: Kdf = {
  extract: async (salt, ikm) => hkdfExtract(salt, ikm),
  expand: async (prk, info, length) => hkdfExpand(prk, info, length),
  size: HASH_LENGTH,
};
