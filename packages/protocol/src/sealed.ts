// Sealed messages: a secret (bank details, a door code) sent in any chat, encrypted on the
// client with HPKE (RFC 9180, base mode) to every recipient device's hpkeKey from the key
// directory (keys.ts). The server stores one envelope per device and never the secret; the
// message itself has empty text and a `sealed` summary, so previews, notifications and search
// only ever see "Sealed message". The same file holds the secret-chat history archive: opaque
// records encrypted under the account's history key (which only the key backup carries), so a
// restored device can read the secret-chat history that was sent before it existed.
import { z } from 'zod';
import { ClientId, Id, QueryInt, Timestamp } from './common.js';
import { B64, PublicKey32 } from './keys.js';

/** The one HPKE suite of sealed messages: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM. */
export const SEALED_SUITE = 'x25519-hkdf-sha256-aes128gcm' as const;

export const SEALED_LIMITS = {
  /** The secret's UTF-8 bytes, before encryption. */
  secretMaxBytes: 4_096,
  /** base64url of one envelope's ciphertext (secret + 16-byte tag + framing). */
  envelopeCiphertextMax: 6_000,
  /** Recipient devices of one sealed message (members' devices and the sender's other devices). */
  envelopesMax: 150,
  /** Longest expiry a sender may pick: 30 days. */
  expiresInSecondsMax: 30 * 24 * 3600,
  expiresInSecondsMin: 10,
} as const;

/**
 * What the HPKE `info` of an envelope binds (UTF-8): the conversation, the message's clientId, the
 * sender and the recipient device. A server that moves an envelope to another message, device or
 * conversation makes it fail to open.
 */
export const sealedInfoText = (b: {
  conversationId: string;
  clientId: string;
  senderId: string;
  recipientUserId: string;
  recipientDeviceId: string;
}) =>
  `anytime-sealed-v1\n${b.conversationId}\n${b.clientId}\n${b.senderId}\n${b.recipientUserId}\n${b.recipientDeviceId}`;

/** One device's copy of the secret: the HPKE encapsulated key and the AEAD ciphertext. */
export const SealedEnvelope = z
  .strictObject({
    deviceId: Id,
    /** The encapsulated key (32 bytes for X25519). */
    enc: PublicKey32,
    ciphertext: B64(SEALED_LIMITS.envelopeCiphertextMax),
  })
  .meta({ id: 'SealedEnvelope' });
export type SealedEnvelope = z.infer<typeof SealedEnvelope>;

export const SendSealedRequest = z
  .strictObject({
    clientId: ClientId,
    suite: z.literal(SEALED_SUITE),
    /** One envelope for every device of every member that has a key bundle (the sending device may be left out). */
    envelopes: z.array(SealedEnvelope).min(1).max(SEALED_LIMITS.envelopesMax),
    /** Once every recipient user has opened it, the server deletes every envelope. */
    viewOnce: z.boolean(),
    /** Envelopes are deleted this many seconds after sending (the message stays, as expired). */
    expiresInSeconds: z
      .number()
      .int()
      .min(SEALED_LIMITS.expiresInSecondsMin)
      .max(SEALED_LIMITS.expiresInSecondsMax)
      .optional(),
    replyToId: Id.optional(),
  })
  .meta({ id: 'SendSealedRequest' });
export type SendSealedRequest = z.infer<typeof SendSealedRequest>;

/**
 * The summary every member sees on the message (its text is empty). `state`: sealed while
 * envelopes exist; opened once a view-once secret was opened by every recipient; expired
 * after expiresAt. The per-caller part (opened by me, the sender's reveal log) is getSealed.
 */
export const SealedSummary = z
  .object({
    suite: z.literal(SEALED_SUITE),
    viewOnce: z.boolean(),
    expiresAt: Timestamp.nullable(),
    state: z.enum(['sealed', 'opened', 'expired']),
  })
  .meta({ id: 'SealedSummary' });
export type SealedSummary = z.infer<typeof SealedSummary>;

/** Text that stands for a sealed message wherever a preview, notification or list shows text. */
export const SEALED_PREVIEW_TEXT = 'Sealed message';

/** One opening of the secret: who, on which device, when. */
export const SealedReveal = z.object({ userId: Id, deviceId: Id, at: Timestamp }).meta({ id: 'SealedReveal' });
export type SealedReveal = z.infer<typeof SealedReveal>;

/** The caller's view of a sealed message. */
export const SealedStatus = z
  .object({
    messageId: Id,
    conversationId: Id,
    summary: SealedSummary,
    /** Whether the caller (any of their devices) has opened it. */
    openedByMe: z.boolean(),
    /** Whether the calling device still has an envelope to open. */
    envelopeAvailable: z.boolean(),
    /** The reveal log: every opening for the sender; the caller's own openings for anyone else. */
    reveals: z.array(SealedReveal),
    /** For the sender: how many recipient users there are and how many have opened it. */
    recipientUsers: z.number().int().min(0).nullable(),
    openedUsers: z.number().int().min(0).nullable(),
  })
  .meta({ id: 'SealedStatus' });
export type SealedStatus = z.infer<typeof SealedStatus>;

export const SealedStatusResponse = z.object({ sealed: SealedStatus }).meta({ id: 'SealedStatusResponse' });
export type SealedStatusResponse = z.infer<typeof SealedStatusResponse>;

/** What reveal returns: the calling device's own envelope, and what its HPKE info must bind. */
export const RevealSealedResponse = z
  .object({
    messageId: Id,
    conversationId: Id,
    clientId: z.string(),
    senderId: Id,
    senderDeviceId: Id,
    envelope: SealedEnvelope,
    sealed: SealedStatus,
  })
  .meta({ id: 'RevealSealedResponse' });
export type RevealSealedResponse = z.infer<typeof RevealSealedResponse>;

// ---- secret-chat history archive ----

/** One archived secret-chat message, encrypted on the client under the account's history key. */
export const HistoryRecordInput = z
  .strictObject({
    /** Client-chosen id of the record (a keyed hash of the message id): a repeat is ignored. */
    key: B64(64),
    /** 12-byte AES-GCM nonce. */
    nonce: B64(16),
    ciphertext: B64(200_000),
  })
  .meta({ id: 'HistoryRecordInput' });
export type HistoryRecordInput = z.infer<typeof HistoryRecordInput>;

/** A record named by its key (a secret message deleted for everyone, or by the user for themselves). */
export const HistoryRecordParams = z.object({ key: B64(64) });

export const PutHistoryRequest = z
  .strictObject({ records: z.array(HistoryRecordInput).min(1).max(100) })
  .meta({ id: 'PutHistoryRequest' });
export type PutHistoryRequest = z.infer<typeof PutHistoryRequest>;

export const HistoryRecord = z
  .object({
    /** The server's order of arrival: page with ?after=. */
    pos: z.number().int().positive(),
    key: z.string(),
    nonce: z.string(),
    ciphertext: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'HistoryRecord' });
export type HistoryRecord = z.infer<typeof HistoryRecord>;

export const PutHistoryResponse = z
  .object({ stored: z.number().int().min(0), last: z.number().int().min(0) })
  .meta({ id: 'PutHistoryResponse' });
export type PutHistoryResponse = z.infer<typeof PutHistoryResponse>;

export const HistoryPageQuery = z.strictObject({
  after: QueryInt(0, Number.MAX_SAFE_INTEGER).default(0),
  limit: QueryInt(1, 500).default(200),
});
export type HistoryPageQuery = z.infer<typeof HistoryPageQuery>;

export const HistoryPageResponse = z
  .object({ records: z.array(HistoryRecord), hasMore: z.boolean() })
  .meta({ id: 'HistoryPageResponse' });
export type HistoryPageResponse = z.infer<typeof HistoryPageResponse>;
