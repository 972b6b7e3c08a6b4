// Secret chats: MLS (RFC 9420) between every device of every member, ciphersuite
// MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519. The server is the MLS delivery service: it keeps
// each device's key packages, orders handshake messages per group (a commit made from a stale
// epoch is refused with 409 stale_epoch), hands welcomes only to the devices they add, and stores
// application messages as ciphertext in the conversation's seq order. It never sees plaintext.
// Every MLS object on the wire is a TLS-encoded MLSMessage in base64url.
import { z } from 'zod';
import { ClientId, Id, QueryInt, Timestamp } from './common.js';
import { B64 } from './keys.js';
import { LIMITS } from './limits.js';

/** How a conversation is protected: `none` (cloud chat, the server can read it) or `mls` (secret chat). */
export const ConversationEncryption = z.enum(['none', 'mls']).meta({ id: 'ConversationEncryption' });
export type ConversationEncryption = z.infer<typeof ConversationEncryption>;

/** At most this many characters of base64url for one key package. */
export const KEY_PACKAGE_MAX = 4_096;
/** An application message's ciphertext (base64url). */
export const MLS_CIPHERTEXT_MAX = 400_000;
/** A commit or welcome (base64url), under the JSON body limit: a welcome carries the ratchet tree (about 300 bytes a leaf). */
export const MLS_HANDSHAKE_MAX = 900_000;

/** Up to 100 one-time key packages and optionally one last-resort package (replacing the previous one). */
export const UploadKeyPackagesRequest = z
  .strictObject({
    keyPackages: z.array(B64(KEY_PACKAGE_MAX)).max(100),
    lastResort: B64(KEY_PACKAGE_MAX).optional(),
  })
  .meta({ id: 'UploadKeyPackagesRequest' });
export type UploadKeyPackagesRequest = z.infer<typeof UploadKeyPackagesRequest>;

/** How many unclaimed one-time packages the calling device has on the server; replenish below ~10. */
export const KeyPackageCountResponse = z
  .object({ count: z.number().int().nonnegative(), lastResort: z.boolean() })
  .meta({ id: 'KeyPackageCountResponse' });
export type KeyPackageCountResponse = z.infer<typeof KeyPackageCountResponse>;

export const DeviceRef = z.strictObject({ userId: Id, deviceId: Id }).meta({ id: 'DeviceRef' });
export type DeviceRef = z.infer<typeof DeviceRef>;

/** Claims one key package for each device (one-time first, else the last-resort one). */
export const ClaimKeyPackagesRequest = z
  .strictObject({ devices: z.array(DeviceRef).min(1).max(LIMITS.pageMax) })
  .meta({ id: 'ClaimKeyPackagesRequest' });
export type ClaimKeyPackagesRequest = z.infer<typeof ClaimKeyPackagesRequest>;

export const ClaimedKeyPackage = z
  .object({ userId: Id, deviceId: Id, keyPackage: z.string(), lastResort: z.boolean() })
  .meta({ id: 'ClaimedKeyPackage' });
export type ClaimedKeyPackage = z.infer<typeof ClaimedKeyPackage>;

/** Devices with no package at all are left out. */
export const ClaimKeyPackagesResponse = z
  .object({ keyPackages: z.array(ClaimedKeyPackage) })
  .meta({ id: 'ClaimKeyPackagesResponse' });
export type ClaimKeyPackagesResponse = z.infer<typeof ClaimKeyPackagesResponse>;

/**
 * The delivery service's view of a secret conversation's group: its epoch, the device that
 * creates the group (epoch 0), and the devices that should be leaves now (every device with a
 * published key bundle of every member). A member device compares this with its group's leaves:
 * leaves not listed must be removed, listed devices without a leaf must be added.
 */
export const MlsGroupInfo = z
  .object({
    conversationId: Id,
    epoch: z.number().int().nonnegative(),
    creatorDeviceId: Id,
    devices: z.array(DeviceRef),
  })
  .meta({ id: 'MlsGroupInfo' });
export type MlsGroupInfo = z.infer<typeof MlsGroupInfo>;
export const MlsGroupInfoResponse = z.object({ group: MlsGroupInfo }).meta({ id: 'MlsGroupInfoResponse' });
export type MlsGroupInfoResponse = z.infer<typeof MlsGroupInfoResponse>;

/**
 * A commit made from `epoch` (the group's epoch on the server must equal it, else 409
 * stale_epoch), with the welcome for the devices it adds.
 */
export const SubmitCommitRequest = z
  .strictObject({
    epoch: z.number().int().nonnegative(),
    commit: B64(MLS_HANDSHAKE_MAX),
    welcome: z.strictObject({ data: B64(MLS_HANDSHAKE_MAX), deviceIds: z.array(Id).min(1).max(1_000) }).optional(),
  })
  .meta({ id: 'SubmitCommitRequest' });
export type SubmitCommitRequest = z.infer<typeof SubmitCommitRequest>;

export const SendMlsMessageRequest = z
  .strictObject({
    clientId: ClientId,
    epoch: z.number().int().nonnegative(),
    ciphertext: B64(MLS_CIPHERTEXT_MAX),
    /**
     * Encrypted blobs (secret-media.ts) the message carries: the sender's own, uploaded to this
     * chat and not yet sent. From then on every member who was in the chat at this seq may fetch them.
     */
    blobIds: z.array(Id).min(1).max(LIMITS.mediaPerMessageMax).optional(),
    /**
     * Whether the message should notify (Signal's envelope flag; default true). Clients send
     * reactions and edits with `false`: the server stores them like any message but pushes no
     * notification for them. Only the sender's claim: the server cannot read the message.
     */
    urgent: z.boolean().optional(),
  })
  .meta({ id: 'SendMlsMessageRequest' });
export type SendMlsMessageRequest = z.infer<typeof SendMlsMessageRequest>;

/**
 * What a timeline entry is: a `commit`, an encrypted `application` message, or `deleted`: an
 * application message its sender deleted for everyone. The deletion took the conversation's next
 * seq (the entry moved there; its former seq holds nothing any more), keeps the message's id,
 * sender and clientId, and carries no data: devices drop the message with that id.
 */
export const MlsMessageKind = z.enum(['commit', 'application', 'deleted']).meta({ id: 'MlsMessageKind' });
export type MlsMessageKind = z.infer<typeof MlsMessageKind>;

/** One entry of a secret conversation's timeline: a commit, an encrypted application message or a deletion. */
export const MlsMessage = z
  .object({
    id: Id,
    conversationId: Id,
    seq: z.number().int().positive(),
    senderId: Id,
    senderDeviceId: Id,
    kind: MlsMessageKind,
    /** The epoch the message was made in (a commit moves the group to epoch + 1). */
    epoch: z.number().int().nonnegative(),
    clientId: z.string().nullable(),
    /** `false`: sent as not urgent (a reaction or an edit), never pushed. Absent: urgent. */
    urgent: z.literal(false).optional(),
    /**
     * A `deleted` entry: the seq the message had before its deletion moved it here (so a device
     * can tell whether it was unread). Absent on other entries and on deletions stored before it.
     */
    formerSeq: z.number().int().positive().optional(),
    /** TLS-encoded MLSMessage, base64url; empty for a deleted message. */
    data: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'MlsMessage' });
export type MlsMessage = z.infer<typeof MlsMessage>;
export const MlsMessageResponse = z.object({ message: MlsMessage }).meta({ id: 'MlsMessageResponse' });
export type MlsMessageResponse = z.infer<typeof MlsMessageResponse>;

export const MlsMessageParams = z.object({ id: Id, messageId: Id });

export const MlsMessageListQuery = z.strictObject({
  afterSeq: QueryInt(0, Number.MAX_SAFE_INTEGER).default(0),
  limit: QueryInt(1, LIMITS.pageMax).default(LIMITS.pageMax),
});
export const MlsMessageListResponse = z
  .object({ messages: z.array(MlsMessage) })
  .meta({ id: 'MlsMessageListResponse' });
export type MlsMessageListResponse = z.infer<typeof MlsMessageListResponse>;

/** A welcome for one device: join the group at `epoch`, then read the timeline after `seq`. */
export const MlsWelcome = z
  .object({
    id: Id,
    conversationId: Id,
    deviceId: Id,
    /** Seq of the commit that added the device. */
    seq: z.number().int().positive(),
    epoch: z.number().int().positive(),
    data: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'MlsWelcome' });
export type MlsWelcome = z.infer<typeof MlsWelcome>;
export const MlsWelcomeListResponse = z
  .object({ welcomes: z.array(MlsWelcome) })
  .meta({ id: 'MlsWelcomeListResponse' });
export type MlsWelcomeListResponse = z.infer<typeof MlsWelcomeListResponse>;
