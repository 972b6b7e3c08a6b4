// Ed25519 (RFC 8032, pure) for the Node MLS crypto provider, on node:crypto's one-shot sign and
// verify. KeyObjects are made once per key: public keys in a bounded map by their bytes, private
// keys per Uint8Array object (a WeakMap, so no copy of a secret outlives the caller's array).
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Signature } from 'ts-mls';
import { CryptoError } from 'ts-mls/mlsError.js';
import { plain } from './sha256.js';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const KEY_LENGTH = 32;
const SIGNATURE_LENGTH = 64;
const PUBLIC_CACHE_LIMIT = 4096;

const privateKeys = new WeakMap<Uint8Array, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

/** A signing key as MLS stores it: the 32-byte seed, or (ts-mls's WebCrypto keygen) its PKCS#8 form. */
function privateKeyObject(signKey: Uint8Array): KeyObject {
  let key = privateKeys.get(signKey);
  if (!key) {
    const der = signKey.length === KEY_LENGTH ? Buffer.concat([PKCS8_PREFIX, signKey]) : Buffer.from(signKey);
    try {
      key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } catch (e) {
      throw new CryptoError(`invalid Ed25519 signing key: ${String(e)}`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new CryptoError('signing key is not an Ed25519 key');
    privateKeys.set(signKey, key);
  }
  return key;
}

/** The KeyObject of a 32-byte public key, or undefined if these bytes are not one. */
function publicKeyObject(publicKey: Uint8Array): KeyObject | undefined {
  if (publicKey.length !== KEY_LENGTH) return undefined;
  const id = Buffer.from(publicKey).toString('hex');
  let key = publicKeys.get(id);
  if (!key) {
    try {
      key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
        format: 'jwk',
      });
    } catch {
      return undefined;
    }
    if (publicKeys.size >= PUBLIC_CACHE_LIMIT) publicKeys.clear();
    publicKeys.set(id, key);
  }
  return key;
}

export const nodeEd25519: Signature = {
  async sign(signKey, message) {
    return plain(sign(null, message, privateKeyObject(signKey)));
  },
  async verify(publicKey, message, signature) {
    const key = publicKeyObject(publicKey);
    if (!key || signature.length !== SIGNATURE_LENGTH) return false;
    return verify(null, message, key, signature);
  },
  async keygen() {
    const pair = generateKeyPairSync('ed25519');
    const jwk = pair.privateKey.export({ format: 'jwk' });
    return { signKey: plain(Buffer.from(jwk.d!, 'base64url')), publicKey: plain(Buffer.from(jwk.x!, 'base64url')) };
  },
};
