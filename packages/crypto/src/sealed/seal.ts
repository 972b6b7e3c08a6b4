// Sealing a secret to every recipient device, and opening one device's envelope. Each envelope is
// a single-shot HPKE seal to the device's X25519 hpkeKey from the key directory; its `info` binds
// the conversation, the message's clientId, the sender and the recipient device (protocol
// sealedInfoText), and the AAD is the suite name, so an envelope moved by the server to another
// message, device or conversation does not open. The plaintext is a small versioned JSON document.
import { SEALED_LIMITS, SEALED_SUITE, sealedInfoText, type SealedEnvelope } from '@anytime/protocol';
import { fromB64, toB64 } from '../encoding.js';
import { ab as buf } from '../array-buffer.js';
import { sealedSuite } from './suite.js';

/** What a sealed message carries once opened. */
export interface SealedSecret {
  text: string;
}

/** A recipient device, from the key directory (its bundle checked against the identity key). */
export interface SealedRecipient {
  userId: string;
  deviceId: string;
  /** X25519 public key, base64url. */
  hpkeKey: string;
}

/** What every envelope of one message binds. */
export interface SealedBinding {
  conversationId: string;
  clientId: string;
  senderId: string;
}

export class SealedSecretTooLarge extends Error {
  constructor(bytes: number) {
    super(`the secret is ${bytes} bytes; at most ${SEALED_LIMITS.secretMaxBytes} may be sealed`);
  }
}

/** The envelope could not be opened: wrong device, tampered, or bound to another message. */
export class SealedOpenError extends Error {
  constructor(cause: unknown) {
    super('the sealed envelope could not be opened on this device', { cause });
  }
}

const AAD = new TextEncoder().encode(SEALED_SUITE);

function encodeSecret(secret: SealedSecret): Uint8Array {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, text: secret.text }));
  const textBytes = new TextEncoder().encode(secret.text).length;
  if (textBytes > SEALED_LIMITS.secretMaxBytes) throw new SealedSecretTooLarge(textBytes);
  return bytes;
}

function decodeSecret(bytes: Uint8Array): SealedSecret {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as { v?: unknown; text?: unknown };
  if (doc.v !== 1 || typeof doc.text !== 'string') throw new Error('unknown sealed secret format');
  return { text: doc.text };
}

function infoFor(binding: SealedBinding, recipientUserId: string, recipientDeviceId: string): ArrayBuffer {
  return buf(new TextEncoder().encode(sealedInfoText({ ...binding, recipientUserId, recipientDeviceId })));
}

/** One envelope per recipient device. */
export async function sealSecret(
  secret: SealedSecret,
  binding: SealedBinding,
  recipients: readonly SealedRecipient[],
): Promise<SealedEnvelope[]> {
  const plaintext = encodeSecret(secret);
  const suite = sealedSuite();
  return Promise.all(
    recipients.map(async (r) => {
      const recipientPublicKey = await suite.kem.deserializePublicKey(buf(fromB64(r.hpkeKey)));
      const { enc, ct } = await suite.seal(
        { recipientPublicKey, info: infoFor(binding, r.userId, r.deviceId) },
        buf(plaintext),
        buf(AAD),
      );
      return { deviceId: r.deviceId, enc: toB64(new Uint8Array(enc)), ciphertext: toB64(new Uint8Array(ct)) };
    }),
  );
}

/**
 * Opens this device's envelope with its HPKE private key (raw 32-byte X25519). `me` is the
 * recipient this device is: the binding must match what the sender sealed to.
 */
export async function openSealed(
  envelope: SealedEnvelope,
  binding: SealedBinding,
  me: { userId: string; deviceId: string; hpkePrivateKey: Uint8Array },
): Promise<SealedSecret> {
  const suite = sealedSuite();
  try {
    const recipientKey = await suite.kem.deserializePrivateKey(buf(me.hpkePrivateKey));
    const plaintext = await suite.open(
      { recipientKey, enc: buf(fromB64(envelope.enc)), info: infoFor(binding, me.userId, me.deviceId) },
      buf(fromB64(envelope.ciphertext)),
      buf(AAD),
    );
    return decodeSecret(new Uint8Array(plaintext));
  } catch (e) {
    throw new SealedOpenError(e);
  }
}
