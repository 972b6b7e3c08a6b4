// The one union of every event a user can receive: in /v1/sync pages and as WebSocket frames.
// Each event carries the cursor just after it; a client that stores the cursor of the last
// event it applied can resume from there with no gaps and no duplicates.
import { z } from 'zod';
import { User } from './accounts.js';
import { Cursor, Id, Timestamp } from './common.js';
import { Conversation } from './conversations.js';
import { Message } from './messages.js';

const stamp = { cursor: Cursor, at: Timestamp };
const inConversation = { conversationId: Id, seq: z.number().int().positive() };

export const MessageCreatedEvent = z
  .object({ type: z.literal('message.created'), ...stamp, ...inConversation, message: Message })
  .meta({ id: 'MessageCreatedEvent' });

export const ConversationCreatedEvent = z
  .object({ type: z.literal('conversation.created'), ...stamp, ...inConversation, conversation: Conversation })
  .meta({ id: 'ConversationCreatedEvent' });

export const UserUpdatedEvent = z
  .object({ type: z.literal('user.updated'), ...stamp, user: User })
  .meta({ id: 'UserUpdatedEvent' });

export const DeviceRevokedEvent = z
  .object({ type: z.literal('device.revoked'), ...stamp, deviceId: Id })
  .meta({ id: 'DeviceRevokedEvent' });

export const Event = z
  .discriminatedUnion('type', [MessageCreatedEvent, ConversationCreatedEvent, UserUpdatedEvent, DeviceRevokedEvent])
  .meta({ id: 'Event' });
export type Event = z.infer<typeof Event>;
export type EventType = Event['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;

/** An event before the server has stamped it with its cursor. */
export type EventBody = Event extends infer E ? (E extends Event ? Omit<E, 'cursor'> : never) : never;

/** Events that belong to a conversation's seq-ordered timeline. */
export type ConversationEvent = Extract<Event, { conversationId: string }>;
export const isConversationEvent = (e: Event): e is ConversationEvent => 'conversationId' in e;
