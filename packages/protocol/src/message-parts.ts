// The parts of a Message that message actions add: @mention entities, the reply quote, the
// forwarded mark, reaction summaries and the pin. Kept apart from messages.ts so the action
// requests (message-actions.ts) and the Message itself share them without a cycle.
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { LIMITS } from './limits.js';

const span = {
  /** UTF-16 code units from the start of the text, as JavaScript counts. */
  offset: z.number().int().nonnegative(),
  length: z.number().int().positive(),
};

export const MessageEntity = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('mention'), userId: Id, ...span }),
    z.strictObject({ type: z.literal('mention_all'), ...span }),
  ])
  .meta({ id: 'MessageEntity' });
export type MessageEntity = z.infer<typeof MessageEntity>;

export const MessageEntities = z.array(MessageEntity).max(LIMITS.entitiesMax);

/** A snapshot of the replied-to message, so a reply renders without the original loaded. */
export const MessageQuote = z
  .object({ senderId: Id, text: z.string().max(LIMITS.quoteExcerptMax) })
  .meta({ id: 'MessageQuote' });
export type MessageQuote = z.infer<typeof MessageQuote>;

/** Marks a forwarded copy. Only the original sender is named, never the original conversation. */
export const MessageForwarded = z.object({ senderId: Id }).meta({ id: 'MessageForwarded' });
export type MessageForwarded = z.infer<typeof MessageForwarded>;

/** One emoji's reactions: the count, and at most LIMITS.reactionWhoInline of who (earliest first). */
export const ReactionSummary = z
  .object({ emoji: z.string(), count: z.number().int().positive(), userIds: z.array(Id) })
  .meta({ id: 'ReactionSummary' });
export type ReactionSummary = z.infer<typeof ReactionSummary>;

export const MessagePin = z.object({ by: Id, at: Timestamp }).meta({ id: 'MessagePin' });
export type MessagePin = z.infer<typeof MessagePin>;

const EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
/** Exactly one emoji (any, including sequences and flags), never text. */
export const Emoji = z
  .string()
  .max(64)
  .refine((s) => EMOJI.test(s), 'must be exactly one emoji')
  .meta({ description: 'Exactly one emoji' });
