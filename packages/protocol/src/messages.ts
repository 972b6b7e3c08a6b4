// Messages in a conversation and the history query.
import { z } from 'zod';
import { ClientId, Id, QueryInt, Timestamp } from './common.js';
import { LIMITS } from './limits.js';
import { MessageMedia, SendPhotoTags } from './media.js';
import { SystemInfo } from './system-messages.js';
import { LinkPreview } from './link-previews.js';
import { SealedSummary } from './sealed.js';
import { MessageEntities, MessageForwarded, MessagePin, MessageQuote, ReactionSummary } from './message-parts.js';

export const MessageText = z
  .string()
  .min(1, 'text must not be empty')
  .max(LIMITS.textMax, `text must be at most ${LIMITS.textMax} characters`);

/** A caption: may be empty when the message carries media. */
const CaptionText = z.string().max(LIMITS.textMax, `text must be at most ${LIMITS.textMax} characters`);

/** A send needs text, media or both; tags must name attached media. */
export function isCompleteSend(m: { text: string; mediaIds?: string[] | undefined }): boolean {
  return m.text.length > 0 || (m.mediaIds?.length ?? 0) > 0;
}
export const SEND_REFINE_MESSAGE = 'text must not be empty (unless mediaIds names media)';

export const Message = z
  .object({
    id: Id,
    conversationId: Id,
    seq: z.number().int().positive(),
    senderId: Id,
    senderDeviceId: Id,
    clientId: z.string(),
    text: z.string(),
    replyToId: Id.nullable(),
    mediaIds: z.array(Id),
    /** The attached media, in mediaIds order, with photo tags (empty when none or deleted). */
    media: z.array(MessageMedia),
    createdAt: Timestamp,
    /** Set on system messages (membership and settings changes, text empty); null on user messages. */
    system: SystemInfo.nullable(),
    /** A preview of the first link in the text; null until (or unless) the server has one. */
    linkPreview: LinkPreview.nullable().optional(),
    entities: MessageEntities,
    quote: MessageQuote.nullable(),
    forwarded: MessageForwarded.nullable(),
    editedAt: Timestamp.nullable(),
    /** Set when deleted for everyone: a tombstone with text, entities and media cleared. */
    deletedAt: Timestamp.nullable(),
    /** Set when sent while the conversation's disappearing timer was on. */
    expiresAt: Timestamp.nullable(),
    /** Seq of the message's latest change (its own seq until it changes). */
    updatedSeq: z.number().int().positive(),
    reactions: z.array(ReactionSummary),
    pin: MessagePin.nullable(),
    /** Set on sealed messages (modules/sealed): the secret is in per-device envelopes, text is empty. */
    sealed: SealedSummary.nullable().optional(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

/** The fields a message made outside the messages table (a secret chat's decrypted text) starts from. */
export type PlainMessageFields = Pick<
  Message,
  'id' | 'conversationId' | 'seq' | 'senderId' | 'senderDeviceId' | 'clientId' | 'text' | 'createdAt'
>;

/**
 * A Message with just these fields and nothing else (no reply, media, entities, reactions...):
 * the shape a secret chat's decrypted text, or a push's stand-in for one, takes where a Message
 * is expected.
 */
export function plainMessage(m: PlainMessageFields): Message {
  return {
    ...m,
    replyToId: null,
    mediaIds: [],
    media: [],
    system: null,
    entities: [],
    quote: null,
    forwarded: null,
    editedAt: null,
    deletedAt: null,
    expiresAt: null,
    updatedSeq: m.seq,
    reactions: [],
    pin: null,
  };
}

/** The body of a send, shared by HTTP and the socket's send frame. */
export const SendMessageFields = {
  clientId: ClientId,
  text: CaptionText,
  replyToId: Id.optional(),
  mediaIds: z.array(Id).max(LIMITS.mediaPerMessageMax).optional(),
  entities: MessageEntities.optional(),
  /** People tagged in the attached photos (each mediaId must be in mediaIds). */
  photoTags: SendPhotoTags.optional(),
};

export const SendMessageRequest = z
  .strictObject(SendMessageFields)
  .refine(isCompleteSend, { message: SEND_REFINE_MESSAGE, path: ['text'] })
  .meta({ id: 'SendMessageRequest' });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

export const MessageResponse = z.object({ message: Message }).meta({ id: 'MessageResponse' });
export type MessageResponse = z.infer<typeof MessageResponse>;

export const HistoryQuery = z
  .strictObject({
    afterSeq: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
    beforeSeq: QueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
    limit: QueryInt(1, LIMITS.pageMax).default(LIMITS.pageDefault),
  })
  .refine((q) => q.afterSeq === undefined || q.beforeSeq === undefined || q.afterSeq < q.beforeSeq, {
    message: 'afterSeq must be less than beforeSeq',
  });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const MessageListResponse = z.object({ messages: z.array(Message) }).meta({ id: 'MessageListResponse' });
export type MessageListResponse = z.infer<typeof MessageListResponse>;
