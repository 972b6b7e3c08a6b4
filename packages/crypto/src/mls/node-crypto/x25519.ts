// X25519 keys for the Node MLS crypto provider: raw 32-byte keys (the form MLS puts on the wire
// and in group state) wrapped with the node:crypto KeyObject made from them, created once.
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { PrivateKey, PublicKey } from 'ts-mls';
import { CryptoError } from 'ts-mls/mlsError.js';
import { plain } from './sha256.js';

export const X25519_KEY_LENGTH = 32;
// The DER prefix of an X25519 PKCS#8 private key (RFC 8410), then the 32 bytes. Public keys go
// in and out as JWK (RFC 8037) instead: OpenSSL's DER encoder costs ~70 µs a key, JWK ~1 µs.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const fromB64url = (s: string | undefined) => plain(Buffer.from(s ?? '', 'base64url'));

/** A key this provider made: what ts-mls holds as an opaque PublicKey / PrivateKey. */
export class NodeX25519Key {
  readonly algorithm = { name: 'X25519' } as const;
  #raw: Uint8Array | undefined;

  constructor(
    readonly type: 'public' | 'private',
    readonly keyObject: KeyObject,
    raw?: Uint8Array,
  ) {
    this.#raw = raw;
  }

  /** The 32 raw bytes, exported only when asked for (an ephemeral private key never is). */
  get raw(): Uint8Array {
    if (!this.#raw) {
      const jwk = this.keyObject.export({ format: 'jwk' });
      this.#raw = fromB64url(this.type === 'public' ? jwk.x : jwk.d);
    }
    return this.#raw;
  }
}

function wrap(type: 'public', keyObject: KeyObject, raw?: Uint8Array): PublicKey;
function wrap(type: 'private', keyObject: KeyObject, raw?: Uint8Array): PrivateKey;
function wrap(type: 'public' | 'private', keyObject: KeyObject, raw?: Uint8Array): PublicKey | PrivateKey {
  return new NodeX25519Key(type, keyObject, raw) as unknown as PublicKey | PrivateKey;
}

/** The raw bytes and KeyObject of a key made here; anything else is refused. */
export function unwrap(key: PublicKey | PrivateKey, type: 'public' | 'private'): NodeX25519Key {
  const k = key as unknown;
  if (!(k instanceof NodeX25519Key) || k.type !== type) {
    throw new CryptoError(`not an X25519 ${type} key of the node crypto provider`);
  }
  return k;
}

function checkLength(raw: Uint8Array, what: string): void {
  if (raw.length !== X25519_KEY_LENGTH) {
    throw new CryptoError(`X25519 ${what} key must be ${X25519_KEY_LENGTH} bytes, got ${raw.length}`);
  }
}

// Public keys are imported again for every commit that encrypts to them: keep their KeyObjects.
const PUBLIC_CACHE_LIMIT = 8192;
const publicKeys = new Map<string, KeyObject>();

export function importPublicKey(raw: Uint8Array): PublicKey {
  checkLength(raw, 'public');
  const copy = plain(raw);
  const id = Buffer.from(copy).toString('hex');
  let keyObject = publicKeys.get(id);
  if (!keyObject) {
    keyObject = createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(copy).toString('base64url') },
      format: 'jwk',
    });
    if (publicKeys.size >= PUBLIC_CACHE_LIMIT) publicKeys.clear();
    publicKeys.set(id, keyObject);
  }
  return wrap('public', keyObject, copy);
}

export function importPrivateKey(raw: Uint8Array): PrivateKey {
  checkLength(raw, 'private');
  const copy = plain(raw);
  const keyObject = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, copy]), format: 'der', type: 'pkcs8' });
  return wrap('private', keyObject, copy);
}

export function publicKeyOf(privateKey: PrivateKey): PublicKey {
  return wrap('public', createPublicKey(unwrap(privateKey, 'private').keyObject));
}

export function generateKeyPair(): { privateKey: PrivateKey; publicKey: PublicKey } {
  const pair = generateKeyPairSync('x25519');
  return { privateKey: wrap('private', pair.privateKey), publicKey: wrap('public', pair.publicKey) };
}

/** X25519(sk, pk); OpenSSL refuses an all-zero result (a low-order public key). */
export function dh(privateKey: PrivateKey, publicKey: PublicKey): Uint8Array {
  try {
    return plain(
      diffieHellman({
        privateKey: unwrap(privateKey, 'private').keyObject,
        publicKey: unwrap(publicKey, 'public').keyObject,
      }),
    );
  } catch (e) {
    throw new CryptoError(`X25519 failed: ${String(e)}`);
  }
}
