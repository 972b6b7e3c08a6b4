// The one union of every event a user can receive: in /v1/sync pages and as WebSocket frames.
// Each event carries the cursor just after it; a client that stores the cursor of the last
// event it applied can resume from there with no gaps and no duplicates.
import { z } from 'zod';
import { User } from './accounts.js';
import { Cursor, Id, Timestamp } from './common.js';
import { ConversationState, Receipt } from './conversation-state.js';
import { Conversation, Member } from './conversations.js';
import { LinkPreview } from './link-previews.js';
import { Media } from './media.js';
import { Message } from './messages.js';
import { MlsMessage, MlsWelcome } from './mls.js';
import { Block, Contact } from './safety.js';
import { SealedReveal } from './sealed.js';
import { UserSettings } from './settings.js';

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

export const SettingsUpdatedEvent = z
  .object({ type: z.literal('settings.updated'), ...stamp, settings: UserSettings })
  .meta({ id: 'SettingsUpdatedEvent' });

/** Group changes: each takes the next seq and carries its system message and the new snapshot. */
const groupChange = { ...stamp, ...inConversation, message: Message, conversation: Conversation };

export const MemberAddedEvent = z
  .object({ type: z.literal('member.added'), ...groupChange, members: z.array(Member) })
  .meta({ id: 'MemberAddedEvent' });

export const MemberRemovedEvent = z
  .object({ type: z.literal('member.removed'), ...groupChange, userId: Id })
  .meta({ id: 'MemberRemovedEvent' });

export const MemberRoleChangedEvent = z
  .object({ type: z.literal('member.role_changed'), ...groupChange, members: z.array(Member) })
  .meta({ id: 'MemberRoleChangedEvent' });

export const ConversationUpdatedEvent = z
  .object({ type: z.literal('conversation.updated'), ...groupChange })
  .meta({ id: 'ConversationUpdatedEvent' });
/** A message got its link preview after it was sent (the server fetched the page meanwhile). */
export const MessageLinkPreviewEvent = z
  .object({
    type: z.literal('message.link_preview'),
    ...stamp,
    ...inConversation,
    messageId: Id,
    linkPreview: LinkPreview,
  })
  .meta({ id: 'MessageLinkPreviewEvent' });
/** A message changed (edit, delete for everyone, reaction, pin): the full new snapshot. */
export const MessageUpdatedEvent = z
  .object({ type: z.literal('message.updated'), ...stamp, ...inConversation, message: Message })
  .meta({ id: 'MessageUpdatedEvent' });

/** Disappearing messages expired and were removed from the server; devices remove them too. */
export const MessagesExpiredEvent = z
  .object({ type: z.literal('messages.expired'), ...stamp, ...inConversation, messageIds: z.array(Id) })
  .meta({ id: 'MessagesExpiredEvent' });

/** The conversation's disappearing-messages timer was set (null: off), announced in the timeline. */
export const ConversationTimerSetEvent = z
  .object({
    type: z.literal('conversation.timer_set'),
    ...stamp,
    ...inConversation,
    disappearAfterSeconds: z.number().int().positive().nullable(),
    setBy: Id,
  })
  .meta({ id: 'ConversationTimerSetEvent' });

/** User stream: the user deleted a message for themselves; every device of theirs drops it. */
export const MessageHiddenEvent = z
  .object({ type: z.literal('message.hidden'), ...stamp, conversationId: Id, messageId: Id })
  .meta({ id: 'MessageHiddenEvent' });

/** User stream: the user starred (starredAt set) or unstarred (null) a message. */
export const MessageStarredEvent = z
  .object({
    type: z.literal('message.starred'),
    ...stamp,
    conversationId: Id,
    messageId: Id,
    starredAt: Timestamp.nullable(),
  })
  .meta({ id: 'MessageStarredEvent' });
/** The user's own state of a conversation changed (from any of their devices). */
export const ConversationStateUpdatedEvent = z
  .object({ type: z.literal('conversation.state.updated'), ...stamp, state: ConversationState })
  .meta({ id: 'ConversationStateUpdatedEvent' });

/** A member received or read more of the user's own messages (only to the senders concerned). */
export const ReceiptUpdatedEvent = z
  .object({ type: z.literal('receipt.updated'), ...stamp, receipt: Receipt })
  .meta({ id: 'ReceiptUpdatedEvent' });
export const ContactSavedEvent = z
  .object({ type: z.literal('contact.saved'), ...stamp, contact: Contact })
  .meta({ id: 'ContactSavedEvent' });

export const ContactRemovedEvent = z
  .object({ type: z.literal('contact.removed'), ...stamp, userId: Id })
  .meta({ id: 'ContactRemovedEvent' });

export const BlockAddedEvent = z
  .object({ type: z.literal('block.added'), ...stamp, block: Block })
  .meta({ id: 'BlockAddedEvent' });

export const BlockRemovedEvent = z
  .object({ type: z.literal('block.removed'), ...stamp, userId: Id })
  .meta({ id: 'BlockRemovedEvent' });

/**
 * User stream: an upload of the user's changed state (processing finished or failed). Goes to every
 * device of the uploader; progress while processing is the ephemeral `media.progress` frame.
 */
export const MediaUpdatedEvent = z
  .object({ type: z.literal('media.updated'), ...stamp, media: Media })
  .meta({ id: 'MediaUpdatedEvent' });

/**
 * A user's keys changed (a device bundle published or dropped, or a new identity key): to the
 * user and to everyone who shares a conversation with them. identityChanged: their safety number
 * changed, so clients show a warning in chats with them.
 */
export const KeysChangedEvent = z
  .object({ type: z.literal('keys.changed'), ...stamp, userId: Id, identityChanged: z.boolean() })
  .meta({ id: 'KeysChangedEvent' });

/** User stream, to the sender of a sealed message: someone opened it (the reveal log grew). */
export const SealedRevealedEvent = z
  .object({
    type: z.literal('sealed.revealed'),
    ...stamp,
    conversationId: Id,
    messageId: Id,
    reveal: SealedReveal,
  })
  .meta({ id: 'SealedRevealedEvent' });

/** Secret-chat timeline: a commit or an encrypted application message took the next seq. */
export const MlsMessageEvent = z
  .object({ type: z.literal('mls.message'), ...stamp, ...inConversation, message: MlsMessage })
  .meta({ id: 'MlsMessageEvent' });

/** User stream: a welcome into a secret chat's group for one of the user's devices (`welcome.deviceId`). */
export const MlsWelcomeEvent = z
  .object({ type: z.literal('mls.welcome'), ...stamp, welcome: MlsWelcome })
  .meta({ id: 'MlsWelcomeEvent' });

export const Event = z
  .discriminatedUnion('type', [
    KeysChangedEvent,
    SealedRevealedEvent,

    MlsMessageEvent,
    MlsWelcomeEvent,
    MessageCreatedEvent,
    MediaUpdatedEvent,
    ConversationCreatedEvent,
    UserUpdatedEvent,
    DeviceRevokedEvent,
    SettingsUpdatedEvent,
    MemberAddedEvent,
    MemberRemovedEvent,
    MemberRoleChangedEvent,
    ConversationUpdatedEvent,
    MessageLinkPreviewEvent,
    MessageUpdatedEvent,
    MessagesExpiredEvent,
    ConversationTimerSetEvent,
    MessageHiddenEvent,
    MessageStarredEvent,
    ConversationStateUpdatedEvent,
    ReceiptUpdatedEvent,
    ContactSavedEvent,
    ContactRemovedEvent,
    BlockAddedEvent,
    BlockRemovedEvent,
  ])
  .meta({ id: 'Event' });
export type Event = z.infer<typeof Event>;
export type EventType = Event['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;

/** An event before the server has stamped it with its cursor. */
export type EventBody = Event extends infer E ? (E extends Event ? Omit<E, 'cursor'> : never) : never;

/** Events that belong to a conversation's seq-ordered timeline. */
export type ConversationEvent = Extract<Event, { conversationId: string; seq: number }>;
export const isConversationEvent = (e: Event): e is ConversationEvent => 'conversationId' in e && 'seq' in e;
