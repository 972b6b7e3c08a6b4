// WebSocket frames in both directions. Every frame is a JSON text frame with a `type`.
import { z } from 'zod';
import { ClientId, Cursor, Id } from './common.js';
import { ErrorBody } from './errors.js';
import { Event } from './events.js';
import { Message, SendMessageFields } from './messages.js';

// ---- client -> server ----
export const SendFrame = z.strictObject({ type: z.literal('send'), conversationId: Id, ...SendMessageFields });
export const PingFrame = z.strictObject({ type: z.literal('ping'), nonce: z.string().max(64).optional() });
/** Tells the server the device has durably applied everything up to this cursor. */
export const CursorFrame = z.strictObject({ type: z.literal('cursor'), cursor: Cursor });

export const ClientFrame = z
  .discriminatedUnion('type', [SendFrame, PingFrame, CursorFrame])
  .meta({ id: 'ClientFrame' });
export type ClientFrame = z.infer<typeof ClientFrame>;
export type SendFrame = z.infer<typeof SendFrame>;

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
export const ErrorFrame = z.object({ type: z.literal('error'), clientId: z.string().optional(), error: ErrorBody });
export const PongFrame = z.object({ type: z.literal('pong'), nonce: z.string().optional() });

export const ControlFrame = z.discriminatedUnion('type', [HelloFrame, SyncedFrame, AckFrame, ErrorFrame, PongFrame]);
export type ControlFrame = z.infer<typeof ControlFrame>;

/** Everything the server may send: control frames and events (an event is its own frame). */
export const ServerFrame = z.union([ControlFrame, Event]).meta({ id: 'ServerFrame' });
export type ServerFrame = z.infer<typeof ServerFrame>;
export type HelloFrame = z.infer<typeof HelloFrame>;
export type AckFrame = z.infer<typeof AckFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;
