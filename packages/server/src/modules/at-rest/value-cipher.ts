// AES-256-GCM of one stored value under a data key (node:crypto; we write the glue only). A
// sealed value is a self-describing string, `ae1.<data key id>.<base64url(iv | ciphertext | tag)>`,
// so any reader can open it without knowing which table or column it came from; the additional
// data binds it to its data key and the key's scope (the conversation or user it belongs to).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SEALED_PREFIX = 'ae1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Data key ids are 16 random bytes in base64url. */
const SEALED_SHAPE = /^ae1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]+)$/;

export interface DataKey {
  id: string;
  scope: string;
  version: number;
  key: Buffer;
}

export class TamperedValueError extends Error {
  constructor(keyId: string) {
    super(`a value sealed under data key ${keyId} does not authenticate (tampered or wrong key)`);
  }
}

/** Per data key, computed once: the additional data and the sealed string's prefix. */
interface KeyConstants {
  aad: Buffer;
  prefix: string;
}
const constants = new WeakMap<DataKey, KeyConstants>();
function constantsOf(k: DataKey): KeyConstants {
  let c = constants.get(k);
  if (!c) {
    c = { aad: Buffer.from(`anytime/at-rest/v1|${k.id}|${k.scope}`), prefix: `${SEALED_PREFIX}${k.id}.` };
    constants.set(k, c);
  }
  return c;
}

/**
 * IVs: NIST SP 800-38D's deterministic construction, a 64-bit field random per process (and
 * renewed every 2^32 IVs) followed by a 32-bit counter: never repeated within a process, and
 * across processes sharing a key only if two random 64-bit fields meet. A fresh randomBytes(12)
 * per value cost a fifth of the send path's CPU.
 */
let ivField = randomBytes(8);
let ivCounter = 0;
/** Writes the next IV at the start of `into`. */
function nextIv(into: Buffer): void {
  if (ivCounter === 0xffffffff) {
    ivField = randomBytes(8);
    ivCounter = 0;
  }
  ivField.copy(into, 0);
  into.writeUInt32BE(ivCounter++, 8);
}

/**
 * iv | ciphertext | tag in one buffer. `plain` may be a string (encoded as UTF-8 by the cipher,
 * no intermediate copy). The send path seals two values per message: every copy and object
 * here shows up in its CPU time.
 */
function seal(k: DataKey, plain: Buffer | string): Buffer {
  const iv = Buffer.allocUnsafe(IV_BYTES);
  nextIv(iv);
  const c = createCipheriv('aes-256-gcm', k.key, iv);
  c.setAAD(constantsOf(k).aad);
  const body = typeof plain === 'string' ? c.update(plain, 'utf8') : c.update(plain);
  c.final(); // GCM: no further output
  const out = Buffer.allocUnsafe(IV_BYTES + body.length + TAG_BYTES);
  iv.copy(out, 0);
  body.copy(out, IV_BYTES);
  c.getAuthTag().copy(out, IV_BYTES + body.length);
  return out;
}

export function sealBytes(k: DataKey, plain: Buffer): Buffer {
  return seal(k, plain);
}

export function openBytes(k: DataKey, sealed: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new TamperedValueError(k.id);
  const d = createDecipheriv('aes-256-gcm', k.key, sealed.subarray(0, IV_BYTES));
  d.setAAD(constantsOf(k).aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([d.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), d.final()]);
  } catch {
    throw new TamperedValueError(k.id);
  }
}

export function sealValue(k: DataKey, plain: string): string {
  return constantsOf(k).prefix + seal(k, plain).toString('base64url');
}

/** The data key id of a sealed value, or undefined when the string is not one. */
export function sealedKeyId(value: string): string | undefined {
  if (!value.startsWith(SEALED_PREFIX)) return undefined;
  return SEALED_SHAPE.exec(value)?.[1];
}

export function openValue(k: DataKey, value: string): string {
  const m = SEALED_SHAPE.exec(value);
  if (!m || m[1] !== k.id) throw new TamperedValueError(k.id);
  return openBytes(k, Buffer.from(m[2]!, 'base64url')).toString('utf8');
}
