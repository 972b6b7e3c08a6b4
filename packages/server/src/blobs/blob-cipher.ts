// The file format of a blob encrypted at rest: chunked AES-256-GCM, so a byte range is served by
// decrypting only the chunks it touches. Header: "ATB1", the data key's id (16 bytes), a random
// salt (16 bytes); the file key is HKDF(data key, salt). Then 64 KiB plaintext chunks, each
// sealed with its index as nonce and additional data saying whether it is the last chunk (a
// truncated file does not authenticate). An empty blob is one empty last chunk.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataKey } from '../modules/at-rest/value-cipher.js';

export const MAGIC = Buffer.from('ATB1');
export const HEADER_BYTES = 4 + 16 + 16;
export const CHUNK = 64 * 1024;
const TAG = 16;
export const SEALED_CHUNK = CHUNK + TAG;

export class BlobTamperedError extends Error {}

export function fileKey(k: DataKey, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', k.key, salt, 'anytime blob v1', 32));
}

export function header(k: DataKey, salt: Buffer): Buffer {
  return Buffer.concat([MAGIC, Buffer.from(k.id, 'base64url'), salt]);
}

export function parseHeader(h: Buffer): { keyId: string; salt: Buffer } {
  if (h.length < HEADER_BYTES || !h.subarray(0, 4).equals(MAGIC)) throw new BlobTamperedError('not an encrypted blob');
  return { keyId: h.subarray(4, 20).toString('base64url'), salt: Buffer.from(h.subarray(20, 36)) };
}

const nonce = (i: number) => {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(i), 4);
  return n;
};
const aad = (last: boolean) => Buffer.from(last ? 'last' : 'more');

export function sealChunk(key: Buffer, i: number, plain: Buffer, last: boolean): Buffer {
  const c = createCipheriv('aes-256-gcm', key, nonce(i));
  c.setAAD(aad(last));
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

export function openChunk(key: Buffer, i: number, sealed: Buffer, last: boolean): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce(i));
  d.setAAD(aad(last));
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
  } catch {
    throw new BlobTamperedError(`blob chunk ${i} does not authenticate`);
  }
}

/** Plaintext size of an encrypted file of `fileSize` bytes. */
export function plainSize(fileSize: number): number {
  const body = fileSize - HEADER_BYTES;
  const full = Math.floor(body / SEALED_CHUNK);
  const rest = body - full * SEALED_CHUNK;
  return full * CHUNK + (rest > 0 ? rest - TAG : 0);
}

export const newSalt = () => randomBytes(16);
