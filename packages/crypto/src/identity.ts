// The account identity key and the per-device keys of the key directory (protocol keys.ts).
// The identity key (Ed25519) signs each device bundle: an Ed25519 signing key, which is the
// signature key of the device's MLS credential, and an X25519 key that sealed messages are
// encrypted to with HPKE. Anyone holding the identity public key can check that a device belongs
// to the account, so a server cannot add a device of its own. Primitives from @noble/curves.
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { deviceBundleSignedText, type DeviceKeys, type PublishDeviceKeysRequest } from '@anytime/protocol';
import { fromB64, toB64 } from './encoding.js';

export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** The account's identity key pair (Ed25519). The private half lives in the KeyStore and the backup. */
export type Identity = KeyPair;

/** A device's own keys: MLS signing key (Ed25519) and HPKE key (X25519). */
export interface DeviceKeyPairs {
  signing: KeyPair;
  hpke: KeyPair;
}

export function generateIdentity(): Identity {
  const privateKey = ed25519.utils.randomSecretKey();
  return { privateKey, publicKey: ed25519.getPublicKey(privateKey) };
}

/** The identity from its stored private key. */
export function identityFromPrivateKey(privateKey: Uint8Array): Identity {
  return { privateKey: privateKey.slice(), publicKey: ed25519.getPublicKey(privateKey) };
}

/** Fresh device keys. */
export function deviceKeys(): DeviceKeyPairs {
  const signingPrivate = ed25519.utils.randomSecretKey();
  const hpkePrivate = x25519.utils.randomSecretKey();
  return {
    signing: { privateKey: signingPrivate, publicKey: ed25519.getPublicKey(signingPrivate) },
    hpke: { privateKey: hpkePrivate, publicKey: x25519.getPublicKey(hpkePrivate) },
  };
}

/** The device keys from their stored private halves. */
export function deviceKeysFromPrivate(signingPrivate: Uint8Array, hpkePrivate: Uint8Array): DeviceKeyPairs {
  return {
    signing: { privateKey: signingPrivate.slice(), publicKey: ed25519.getPublicKey(signingPrivate) },
    hpke: { privateKey: hpkePrivate.slice(), publicKey: x25519.getPublicKey(hpkePrivate) },
  };
}

/** The bundle a device publishes (PUT /v1/keys/device), signed by the account's identity key. */
export function signDeviceBundle(
  identity: Identity,
  userId: string,
  deviceId: string,
  keys: { signing: { publicKey: Uint8Array }; hpke: { publicKey: Uint8Array } },
): PublishDeviceKeysRequest {
  const signingKey = toB64(keys.signing.publicKey);
  const hpkeKey = toB64(keys.hpke.publicKey);
  const text = deviceBundleSignedText(userId, deviceId, signingKey, hpkeKey);
  const signature = toB64(ed25519.sign(new TextEncoder().encode(text), identity.privateKey));
  return { signingKey, hpkeKey, signature };
}

/**
 * Whether `bundle` was signed by `identityKey` (base64url) for this user and device. Never throws:
 * a malformed key or signature is simply not valid.
 */
export function verifyDeviceBundle(
  identityKey: string,
  userId: string,
  bundle: Pick<DeviceKeys, 'deviceId' | 'signingKey' | 'hpkeKey' | 'signature'>,
): boolean {
  try {
    const text = deviceBundleSignedText(userId, bundle.deviceId, bundle.signingKey, bundle.hpkeKey);
    return ed25519.verify(fromB64(bundle.signature), new TextEncoder().encode(text), fromB64(identityKey));
  } catch {
    return false;
  }
}
