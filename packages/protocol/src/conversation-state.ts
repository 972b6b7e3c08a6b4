// A user's own view of a conversation (read position, unread count, mute, archive, pin, draft)
// and the delivered/read receipts of other members. Unlike `Conversation`, which every member
// receives alike, these are per user: they travel in the user's own event stream.
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { LIMITS } from './limits.js';

/** Muted until a time, `forever`, or not muted (null). */
export const MutedUntil = z.union([Timestamp, z.literal('forever')]).nullable();
export type MutedUntil = z.infer<typeof MutedUntil>;

export const Draft = z.object({ text: z.string(), updatedAt: Timestamp }).meta({ id: 'Draft' });
export type Draft = z.infer<typeof Draft>;

export const ConversationState = z
  .object({
    conversationId: Id,
    /** Everything up to this seq has been read (on some device of the user); only moves forward. */
    readSeq: z.number().int().nonnegative(),
    /** Messages from others with seq > readSeq (tombstones included, system items not). */
    unreadCount: z.number().int().nonnegative(),
    /**
     * Of those, the messages that mention the user or everyone (@all), not deleted: the list's
     * @ badge.
     */
    unreadMentions: z.number().int().nonnegative(),
    mutedUntil: MutedUntil,
    archived: z.boolean(),
    /** When it was pinned; pinned conversations come first, the latest pinned on top. */
    pinnedAt: Timestamp.nullable(),
    draft: Draft.nullable(),
    /** Increases with every change the user makes; a client keeps the highest it has seen. */
    version: z.number().int().nonnegative(),
  })
  .meta({ id: 'ConversationState' });
export type ConversationState = z.infer<typeof ConversationState>;

/** The state of a conversation the user has never touched. */
export const defaultConversationState = (conversationId: string): ConversationState => ({
  conversationId,
  readSeq: 0,
  unreadCount: 0,
  unreadMentions: 0,
  mutedUntil: null,
  archived: false,
  pinnedAt: null,
  draft: null,
  version: 0,
});

/** Whether the state is muted at an ISO time (server and SDK both decide with this). */
export const isMutedAt = (s: Pick<ConversationState, 'mutedUntil'>, at: string): boolean =>
  s.mutedUntil === 'forever' || (s.mutedUntil !== null && s.mutedUntil > at);

export const UpdateConversationStateRequest = z
  .strictObject({
    /** A future time, `forever`, or null to unmute. */
    mutedUntil: z
      .union([z.iso.datetime(), z.literal('forever')])
      .nullable()
      .optional(),
    /** Archiving unpins. */
    archived: z.boolean().optional(),
    /** Pinning unarchives; at most LIMITS.pinnedMax conversations are pinned. */
    pinned: z.boolean().optional(),
    /** null clears the draft. */
    draft: z
      .strictObject({
        text: z.string().min(1).max(LIMITS.textMax, `text must be at most ${LIMITS.textMax} characters`),
      })
      .nullable()
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'name at least one field' })
  .refine((v) => !(v.archived === true && v.pinned === true), {
    message: 'a conversation cannot be archived and pinned',
  })
  .meta({ id: 'UpdateConversationStateRequest' });
export type UpdateConversationStateRequest = z.infer<typeof UpdateConversationStateRequest>;

export const ConversationStateResponse = z
  .object({ state: ConversationState })
  .meta({ id: 'ConversationStateResponse' });
export type ConversationStateResponse = z.infer<typeof ConversationStateResponse>;

/** Positions a device reports: received (delivered) and read up to a seq. Shared by HTTP and the socket. */
export const ReceiptReportFields = {
  deliveredSeq: z.number().int().nonnegative().optional(),
  readSeq: z.number().int().nonnegative().optional(),
};
export const hasReceiptPosition = (v: { deliveredSeq?: number | undefined; readSeq?: number | undefined }) =>
  v.deliveredSeq !== undefined || v.readSeq !== undefined;

export const ReceiptReportRequest = z
  .strictObject(ReceiptReportFields)
  .refine(hasReceiptPosition, { message: 'name deliveredSeq or readSeq' })
  .meta({ id: 'ReceiptReportRequest' });
export type ReceiptReportRequest = z.infer<typeof ReceiptReportRequest>;

/**
 * How far one member (userId) has received and read the caller's own messages: the seq of the
 * latest of the caller's messages delivered to / read by them. Read positions are recorded only
 * while both the reader and the sender have read receipts on.
 */
export const Receipt = z
  .object({
    conversationId: Id,
    userId: Id,
    deliveredSeq: z.number().int().nonnegative(),
    readSeq: z.number().int().nonnegative(),
  })
  .meta({ id: 'Receipt' });
export type Receipt = z.infer<typeof Receipt>;

export const ReceiptListResponse = z.object({ receipts: z.array(Receipt) }).meta({ id: 'ReceiptListResponse' });
export type ReceiptListResponse = z.infer<typeof ReceiptListResponse>;

export const MessageReceiptsResponse = z
  .object({
    /** Members who read the message. */
    readBy: z.array(Id),
    /** Members it was delivered to who have not read it (or whose reading is not shown). */
    deliveredTo: z.array(Id),
  })
  .meta({ id: 'MessageReceiptsResponse' });
export type MessageReceiptsResponse = z.infer<typeof MessageReceiptsResponse>;
