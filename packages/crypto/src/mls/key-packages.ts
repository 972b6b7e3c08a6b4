// Key packages: a device's one-time invitations to be added to groups, signed with its device
// signing key (the bundle's signingKey). The private halves go to the KeyStore under
// `mls/kp/<ref>`, where a welcome's key-package reference finds them.
import {
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  type KeyPackage,
} from 'ts-mls';
import { makeKeyPackageRef, verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { fromB64, toB64 } from '../encoding.js';
import type { KeyPair } from '../identity.js';
import { deviceCredential, readCredential, type DeviceIdentity } from './credential.js';
import { mlsSuite } from './suite.js';

export interface GeneratedKeyPackage {
  /** base64url TLS-encoded MLSMessage (mls_key_package), for the server. */
  publicB64: string;
  /** base64url key-package reference: the KeyStore name of the private half. */
  ref: string;
  /** The private half, encoded for the KeyStore. */
  privateBytes: Uint8Array;
}

export async function generateKeyPackages(
  who: DeviceIdentity,
  signing: KeyPair,
  count: number,
  options: { lastResort?: boolean } = {},
): Promise<GeneratedKeyPackage[]> {
  const cs = await mlsSuite();
  const out: GeneratedKeyPackage[] = [];
  for (let i = 0; i < count; i++) {
    const { publicPackage, privatePackage } = await generateKeyPackageWithKey(
      deviceCredential(who.userId, who.deviceId),
      defaultCapabilities(),
      defaultLifetime,
      [],
      { signKey: signing.privateKey, publicKey: signing.publicKey },
      cs,
    );
    const encoded = encodeMlsMessage({ keyPackage: publicPackage, wireformat: 'mls_key_package', version: 'mls10' });
    const ref = toB64(await makeKeyPackageRef(publicPackage, cs.hash));
    const privateBytes = new TextEncoder().encode(
      JSON.stringify({
        publicPackage: toB64(encoded),
        initPrivateKey: toB64(privatePackage.initPrivateKey),
        hpkePrivateKey: toB64(privatePackage.hpkePrivateKey),
        lastResort: options.lastResort === true,
      }),
    );
    out.push({ publicB64: toB64(encoded), ref, privateBytes });
  }
  return out;
}

/** Decodes a base64url MLSMessage holding a key package; null when it is anything else. */
export function decodeKeyPackage(b64: string): KeyPackage | null {
  try {
    const decoded = decodeMlsMessage(fromB64(b64), 0);
    if (!decoded) return null;
    const [message, length] = decoded;
    if (message.wireformat !== 'mls_key_package' || length !== fromB64(b64).length) return null;
    if (message.keyPackage.cipherSuite !== 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519') return null;
    return message.keyPackage;
  } catch {
    return null;
  }
}

/** Who a key package claims to be and its signature key (base64url), for the server's upload check. */
export function inspectKeyPackage(b64: string): (DeviceIdentity & { signingKey: string }) | null {
  const kp = decodeKeyPackage(b64);
  if (!kp) return null;
  const who = readCredential(kp.leafNode.credential);
  return who ? { ...who, signingKey: toB64(kp.leafNode.signaturePublicKey) } : null;
}

/** Whether a key package's signature verifies with its own leaf's signature key (RFC 9420 §10.1). */
export async function keyPackageSignatureValid(kp: KeyPackage): Promise<boolean> {
  const cs = await mlsSuite();
  try {
    return await verifyKeyPackage(kp, cs.signature);
  } catch {
    return false;
  }
}
