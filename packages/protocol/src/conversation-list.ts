// The conversation list response: each conversation with the user's own state of it and its
// latest message (its own file: messages.ts depends on conversations.ts through system items).
import { z } from 'zod';
import { ConversationState } from './conversation-state.js';
import { Conversation } from './conversations.js';
import { Message } from './messages.js';

export const ConversationListResponse = z
  .object({
    /** Pinned first (latest pinned on top), then by last activity. */
    conversations: z.array(Conversation),
    /** The user's own state of each conversation, in the same order. */
    states: z.array(ConversationState),
    /**
     * The latest message of each conversation that the user may see (from when they joined,
     * not deleted for them; tombstones and system items included), in the same order; null
     * when there is none. For the list's preview.
     */
    lastMessages: z.array(Message.nullable()),
  })
  .meta({ id: 'ConversationListResponse' });
export type ConversationListResponse = z.infer<typeof ConversationListResponse>;
