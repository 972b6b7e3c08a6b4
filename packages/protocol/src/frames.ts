// WebSocket frames in both directions. Every frame is a JSON text frame with a `type`.
import { z } from 'zod';
import { CALL_CLIENT_FRAMES, CALL_SERVER_FRAMES } from './calls.js';
import { ClientId, Cursor, Id } from './common.js';
import { ErrorBody } from './errors.js';
import { hasReceiptPosition, ReceiptReportFields } from './conversation-state.js';
import { Event } from './events.js';
import { isCompleteSend, Message, SEND_REFINE_MESSAGE, SendMessageFields } from './messages.js';
import { Presence, PRESENCE_QUERY_MAX } from './presence.js';

// ---- client -> server ----
export const SendFrame = z
  .strictObject({ type: z.literal('send'), conversationId: Id, ...SendMessageFields })
  .refine(isCompleteSend, { message: SEND_REFINE_MESSAGE, path: ['text'] });
export const PingFrame = z.strictObject({ type: z.literal('ping'), nonce: z.string().max(64).optional() });
/** Tells the server the device has durably applied everything up to this cursor. */
export const CursorFrame = z.strictObject({ type: z.literal('cursor'), cursor: Cursor });

/** Delivered and read positions of one conversation: same rules as POST /v1/conversations/:id/receipts. */
export const ReceiptsFrame = z
  .strictObject({ type: z.literal('receipts'), conversationId: Id, ...ReceiptReportFields })
  .refine(hasReceiptPosition, { message: 'name deliveredSeq or readSeq' });

/** The user is typing in a conversation (repeat every few seconds while typing), or stopped. */
export const TypingFrame = z.strictObject({
  type: z.literal('typing'),
  conversationId: Id,
  stopped: z.boolean().optional(),
});
/** Replaces the set of users whose presence this connection follows (empty: none). */
export const PresenceSubscribeFrame = z.strictObject({
  type: z.literal('presence.subscribe'),
  userIds: z.array(Id).max(PRESENCE_QUERY_MAX),
});

export const ClientFrame = z
  .discriminatedUnion('type', [
    SendFrame,
    PingFrame,
    CursorFrame,
    ReceiptsFrame,
    TypingFrame,
    PresenceSubscribeFrame,
    ...CALL_CLIENT_FRAMES,
  ])
  .meta({ id: 'ClientFrame' });
export type ClientFrame = z.infer<typeof ClientFrame>;
export type SendFrame = z.infer<typeof SendFrame>;
export type ReceiptsFrame = z.infer<typeof ReceiptsFrame>;

// ---- server -> client ----
export const HelloFrame = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  userId: Id,
  deviceId: Id,
  heartbeatMs: z.number().int(),
  /** Where this connection starts: the resume cursor sent, or the head position if none was. */
  cursor: Cursor,
});
/** Sent once the events missed since the resume cursor have all been sent; live events follow. */
export const SyncedFrame = z.object({ type: z.literal('synced'), cursor: Cursor });
export const AckFrame = z.object({ type: z.literal('ack'), clientId: ClientId, message: Message });
export const ErrorFrame = z.object({
  type: z.literal('error'),
  clientId: z.string().optional(),
  error: ErrorBody,
  /** With rate_limited: seconds until a retry may succeed (as HTTP's Retry-After). */
  retryAfterSeconds: z.number().int().positive().optional(),
});
export const PongFrame = z.object({ type: z.literal('pong'), nonce: z.string().optional() });

/** Ephemeral (not an event: no cursor, not in sync): a member is typing, or stopped. */
export const TypingServerFrame = z.object({
  type: z.literal('typing'),
  conversationId: Id,
  userId: Id,
  stopped: z.boolean(),
});
/** Ephemeral, to the uploader's devices: how far the server is with processing an upload. */
export const MediaProgressFrame = z.object({
  type: z.literal('media.progress'),
  mediaId: Id,
  stage: z.enum(['queued', 'probing', 'transcoding', 'thumbnails']),
  /** 0..100 */
  percent: z.number().min(0).max(100),
});
/** Ephemeral: the presence of a user this connection follows (on subscribe, then on change). */
export const PresenceFrame = z.object({ type: z.literal('presence'), presence: Presence });

export const ControlFrame = z.discriminatedUnion('type', [
  HelloFrame,
  SyncedFrame,
  AckFrame,
  ErrorFrame,
  PongFrame,
  TypingServerFrame,
  PresenceFrame,
  MediaProgressFrame,
  ...CALL_SERVER_FRAMES,
]);
export type ControlFrame = z.infer<typeof ControlFrame>;

/** Everything the server may send: control frames and events (an event is its own frame). */
export const ServerFrame = z.union([ControlFrame, Event]).meta({ id: 'ServerFrame' });
export type ServerFrame = z.infer<typeof ServerFrame>;
export type HelloFrame = z.infer<typeof HelloFrame>;
export type AckFrame = z.infer<typeof AckFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;
export type TypingServerFrame = z.infer<typeof TypingServerFrame>;
export type PresenceFrame = z.infer<typeof PresenceFrame>;
export type MediaProgressFrame = z.infer<typeof MediaProgressFrame>;
