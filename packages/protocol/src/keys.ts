// Public keys for end-to-end encryption: the key directory shared by secret chats (MLS) and
// sealed messages (HPKE). Each account has one identity key (Ed25519); each device publishes a
// bundle (an Ed25519 signing key for its MLS credential and an X25519 HPKE key for sealed
// messages) signed by the account's identity key, so that a server cannot slip in a device of
// its own without the signature failing on the clients. The server stores public keys and the
// passphrase-encrypted key backup only; it never sees a private key.
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** Base64url (no padding) of raw bytes, at most `max` characters. */
export const B64 = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected base64url without padding')
    .meta({ description: 'base64url (no padding)' });

/** A 32-byte public key (Ed25519 or X25519) in base64url: 43 characters. */
export const PublicKey32 = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'expected a 32-byte key in base64url')
  .meta({ description: '32-byte public key, base64url (no padding)' });
/** An Ed25519 signature (64 bytes) in base64url: 86 characters. */
export const Signature64 = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, 'expected a 64-byte signature in base64url')
  .meta({ description: '64-byte Ed25519 signature, base64url (no padding)' });

/**
 * What a device bundle's signature covers: UTF-8 of
 * `anytime-device-v1\n${userId}\n${deviceId}\n${signingKey}\n${hpkeKey}` signed with the identity key.
 * Clients build this string with deviceBundleSignedText and check it before trusting a device.
 */
export const deviceBundleSignedText = (userId: string, deviceId: string, signingKey: string, hpkeKey: string) =>
  `anytime-device-v1\n${userId}\n${deviceId}\n${signingKey}\n${hpkeKey}`;

export const DeviceKeys = z
  .object({
    deviceId: Id,
    /** Ed25519: signs this device's MLS leaf (its credential). */
    signingKey: PublicKey32,
    /** X25519: sealed messages are encrypted to it with HPKE. */
    hpkeKey: PublicKey32,
    /** The identity key's signature over deviceBundleSignedText(...). */
    signature: Signature64,
    createdAt: Timestamp,
  })
  .meta({ id: 'DeviceKeys' });
export type DeviceKeys = z.infer<typeof DeviceKeys>;

/** A user's keys: their identity key and the bundles of their devices that are not revoked. */
export const UserKeys = z
  .object({
    userId: Id,
    /** null until one of the user's devices has set it up. */
    identityKey: PublicKey32.nullable(),
    /** When the identity key last changed (a new key after a reset: contacts see a warning). */
    identityKeyChangedAt: Timestamp.nullable(),
    devices: z.array(DeviceKeys),
  })
  .meta({ id: 'UserKeys' });
export type UserKeys = z.infer<typeof UserKeys>;

export const UserKeysResponse = z.object({ keys: UserKeys }).meta({ id: 'UserKeysResponse' });
export type UserKeysResponse = z.infer<typeof UserKeysResponse>;

/**
 * Sets the caller's identity key. Setting the same key again is a no-op; a different key needs
 * `replace: true` (a reset: every device bundle signed by the old key is dropped, and the user's
 * contacts get a keys.changed event).
 */
export const SetIdentityKeyRequest = z
  .strictObject({ identityKey: PublicKey32, replace: z.boolean().optional() })
  .meta({ id: 'SetIdentityKeyRequest' });
export type SetIdentityKeyRequest = z.infer<typeof SetIdentityKeyRequest>;

/** Publishes the calling device's bundle (replacing its previous one). */
export const PublishDeviceKeysRequest = z
  .strictObject({ signingKey: PublicKey32, hpkeKey: PublicKey32, signature: Signature64 })
  .meta({ id: 'PublishDeviceKeysRequest' });
export type PublishDeviceKeysRequest = z.infer<typeof PublishDeviceKeysRequest>;

export const UserKeysQuery = z.strictObject({ userIds: z.array(Id).min(1).max(100) }).meta({ id: 'UserKeysQuery' });
export const UserKeysListResponse = z.object({ keys: z.array(UserKeys) }).meta({ id: 'UserKeysListResponse' });
export type UserKeysListResponse = z.infer<typeof UserKeysListResponse>;

// ---- key backup ----

export const BackupKdf = z
  .discriminatedUnion('alg', [
    z.strictObject({
      alg: z.literal('scrypt'),
      salt: B64(64),
      N: z.number().int().min(16_384).max(1_048_576),
      r: z.number().int().min(1).max(32),
      p: z.number().int().min(1).max(16),
    }),
    z.strictObject({
      alg: z.literal('argon2id'),
      salt: B64(64),
      /** KiB */
      m: z.number().int().min(19_456).max(1_048_576),
      t: z.number().int().min(1).max(20),
      p: z.number().int().min(1).max(16),
    }),
  ])
  .meta({ id: 'BackupKdf' });
export type BackupKdf = z.infer<typeof BackupKdf>;

/**
 * The account's key backup: the identity key and what a new device needs to read secret-chat
 * history, encrypted on the client (AES-256-GCM under a key derived from the passphrase with
 * `kdf`). The server cannot open it. `version` increases with each upload (409 on a stale one).
 */
export const KeyBackup = z
  .object({
    version: z.number().int().positive(),
    kdf: BackupKdf,
    /** 12-byte AES-GCM nonce. */
    nonce: B64(16),
    ciphertext: B64(2_000_000),
    updatedAt: Timestamp,
  })
  .meta({ id: 'KeyBackup' });
export type KeyBackup = z.infer<typeof KeyBackup>;

export const PutKeyBackupRequest = z
  .strictObject({
    /** The version this upload replaces (0 for the first), so two devices cannot overwrite each other. */
    previousVersion: z.number().int().min(0),
    kdf: BackupKdf,
    nonce: B64(16),
    ciphertext: B64(2_000_000),
  })
  .meta({ id: 'PutKeyBackupRequest' });
export type PutKeyBackupRequest = z.infer<typeof PutKeyBackupRequest>;

export const KeyBackupResponse = z.object({ backup: KeyBackup }).meta({ id: 'KeyBackupResponse' });
export type KeyBackupResponse = z.infer<typeof KeyBackupResponse>;
