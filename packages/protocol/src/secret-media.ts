// Media in secret chats, as Signal does it: the sender's client encrypts each attachment with a
// fresh random key (AES-256-GCM), uploads only the ciphertext as an opaque blob of the
// conversation, and puts the key, the SHA-256 of the ciphertext, the type, size, dimensions and a
// small thumbnail inside the MLS message. The server stores the blob as it came (no sniffing, no
// thumbnails, no transcoding), lets only members read it, and counts it in the uploader's quota.
// Replies, reactions and edits travel inside the MLS message too (SecretPayload): the server never
// sees them.
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { B64 } from './keys.js';
import { LIMITS } from './limits.js';
import { MediaKind } from './media.js';
import { Emoji, MessageQuote } from './message-parts.js';
import { MessageText } from './messages.js';

/** An encrypted attachment as the server keeps it: bytes it cannot read, and who may fetch them. */
export const SecretBlob = z
  .object({
    id: Id,
    conversationId: Id,
    uploaderId: Id,
    /** Bytes of ciphertext. */
    size: z.number().int().positive(),
    /** Seq of the MLS message that carries it; null until that message is sent. */
    seq: z.number().int().positive().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'SecretBlob' });
export type SecretBlob = z.infer<typeof SecretBlob>;

export const SecretBlobResponse = z.object({ blob: SecretBlob }).meta({ id: 'SecretBlobResponse' });
export type SecretBlobResponse = z.infer<typeof SecretBlobResponse>;

export const SecretBlobParams = z.object({ id: Id, blobId: Id });

/**
 * An encrypted blob takes no options: the server does nothing with it. Any query parameter
 * (voice, filter, ...) is refused with 400 rather than silently ignored.
 */
export const SecretBlobUploadQuery = z.strictObject({});

/** AES-256-GCM: a 12-byte nonce, then the ciphertext and its 16-byte tag. */
export const SECRET_BLOB_OVERHEAD = 12 + 16;
/** A thumbnail inside the MLS message (base64url of a small JPEG or WebP). */
export const SECRET_THUMBNAIL_MAX = 24_000;

/**
 * What an MLS message says about one attachment: enough to fetch it, check it and decrypt it,
 * and to lay the chat out before it is fetched. Encrypted with the message; never seen by the server.
 */
export const SecretAttachment = z
  .strictObject({
    blobId: Id,
    kind: MediaKind,
    /** The 32-byte AES-256-GCM key, fresh for this attachment (base64url). */
    key: B64(64),
    /** SHA-256 of the blob as uploaded (nonce + ciphertext), checked before decrypting (base64url). */
    digest: B64(64),
    contentType: z.string().min(1).max(255),
    /** Bytes of plaintext. */
    size: z.number().int().nonnegative(),
    fileName: z.string().min(1).max(255).nullable(),
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    durationMs: z.number().int().nonnegative().nullable(),
    waveform: z.array(z.number().int().min(0).max(255)).max(256).nullable(),
    /** A small preview made by the sender (images, video posters), base64url of `thumbnailType`. */
    thumbnail: B64(SECRET_THUMBNAIL_MAX).nullable(),
    thumbnailType: z.enum(['image/jpeg', 'image/webp', 'image/png']).nullable(),
  })
  .meta({ id: 'SecretAttachment' });
export type SecretAttachment = z.infer<typeof SecretAttachment>;

/**
 * A reply's reference to the message it answers (its MLS message id, which stays the same for
 * good) with a snapshot of it as cloud replies quote (MessageQuote), so the reply renders even on
 * a device that does not have the original. Encrypted with the message.
 */
export const SecretReplyTo = z.strictObject({ messageId: Id, ...MessageQuote.shape }).meta({ id: 'SecretReplyTo' });
export type SecretReplyTo = z.infer<typeof SecretReplyTo>;

/**
 * A reaction, sent as its own encrypted message: the sender's emoji on the message `messageId`,
 * or null to take theirs back. One per user per message, as in Signal: the latest (by seq) wins.
 */
export const SecretReaction = z.strictObject({ messageId: Id, emoji: Emoji.nullable() }).meta({ id: 'SecretReaction' });
export type SecretReaction = z.infer<typeof SecretReaction>;

/**
 * An edit, sent as its own encrypted message: the new text of the message `messageId`. Receivers
 * apply it only when its sender is the message's sender and it was sent within
 * LIMITS.editWindowDefaultSeconds of the message; the latest (by seq) wins.
 */
export const SecretEdit = z.strictObject({ messageId: Id, text: MessageText }).meta({ id: 'SecretEdit' });
export type SecretEdit = z.infer<typeof SecretEdit>;

/**
 * The plaintext of a secret-chat application message (JSON inside MLS). Version 1 with text
 * only is what older clients send; `attachments`, `replyTo`, `reaction` and `edit` are optional
 * so they still read as before. A reaction or an edit is a payload of its own: no text,
 * attachments or reply (and not both).
 */
export const SecretPayload = z
  .object({
    v: z.literal(1),
    text: z.string().max(LIMITS.textMax),
    attachments: z.array(SecretAttachment).max(LIMITS.mediaPerMessageMax).optional(),
    replyTo: SecretReplyTo.optional(),
    reaction: SecretReaction.optional(),
    edit: SecretEdit.optional(),
  })
  .refine((p) => !p.reaction || (p.text === '' && !p.attachments && !p.replyTo && !p.edit), {
    message: 'a reaction carries no text, attachments, reply or edit',
  })
  .refine((p) => !p.edit || (p.text === '' && !p.attachments && !p.replyTo), {
    message: 'an edit carries no text, attachments or reply of its own',
  })
  .meta({ id: 'SecretPayload' });
export type SecretPayload = z.infer<typeof SecretPayload>;
