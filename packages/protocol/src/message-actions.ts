// Requests and responses of the message actions: edit, delete, reactions, forward, pins, stars,
// mentions and the disappearing-messages timer. The Message parts they change live in
// message-parts.ts; the routes are in routes.ts.
import { z } from 'zod';
import { ClientId, Id, QueryInt, Timestamp } from './common.js';
import { LIMITS } from './limits.js';
import { Message, MessageText } from './messages.js';
import { Emoji, MessageEntities } from './message-parts.js';

export const MessageIdParams = z.object({ id: Id });
export const ReactionParams = z.object({ id: Id, emoji: Emoji });

export const EditMessageRequest = z
  .strictObject({ text: MessageText, entities: MessageEntities.optional() })
  .meta({ id: 'EditMessageRequest' });
export type EditMessageRequest = z.infer<typeof EditMessageRequest>;

/** One earlier version of an edited message: its text and when it became current. */
export const MessageEdit = z
  .object({ text: z.string(), entities: MessageEntities, at: Timestamp })
  .meta({ id: 'MessageEdit' });
export type MessageEdit = z.infer<typeof MessageEdit>;
export const MessageEditListResponse = z
  .object({ edits: z.array(MessageEdit) })
  .meta({ id: 'MessageEditListResponse' });

export const Reaction = z.object({ userId: Id, emoji: z.string(), at: Timestamp }).meta({ id: 'Reaction' });
export const ReactionListQuery = z.strictObject({
  emoji: Emoji.optional(),
  /** The last userId of the previous page (ordered by userId). */
  afterUserId: Id.optional(),
  limit: QueryInt(1, LIMITS.pageMax).default(LIMITS.pageDefault),
});
export const ReactionListResponse = z.object({ reactions: z.array(Reaction) }).meta({ id: 'ReactionListResponse' });

export const ForwardMessageRequest = z
  .strictObject({ clientId: ClientId, conversationId: Id })
  .meta({ id: 'ForwardMessageRequest' });
export type ForwardMessageRequest = z.infer<typeof ForwardMessageRequest>;

/** A page of a per-user list (starred, mentions), newest first; pass `before` for the next. */
export const UserListPageQuery = z.strictObject({
  before: z.string().min(1).max(200).optional(),
  limit: QueryInt(1, LIMITS.pageMax).default(LIMITS.pageDefault),
});
export type UserListPageQuery = z.infer<typeof UserListPageQuery>;

export const StarredMessage = z.object({ message: Message, starredAt: Timestamp }).meta({ id: 'StarredMessage' });
export const StarredListResponse = z
  .object({ starred: z.array(StarredMessage), next: z.string().nullable() })
  .meta({ id: 'StarredListResponse' });
export const MentionListResponse = z
  .object({ messages: z.array(Message), next: z.string().nullable() })
  .meta({ id: 'MentionListResponse' });

/** The disappearing-messages timers on offer: off, 5 minutes, 1 hour, 1 day, 1 week. */
export const DISAPPEAR_TIMERS = [300, 3_600, 86_400, 604_800] as const;
export const SetTimerRequest = z
  .strictObject({
    seconds: z.union([z.literal(0), ...DISAPPEAR_TIMERS.map((s) => z.literal(s))]).meta({
      description: '0 turns the timer off',
    }),
  })
  .meta({ id: 'SetTimerRequest' });
export type SetTimerRequest = z.infer<typeof SetTimerRequest>;
