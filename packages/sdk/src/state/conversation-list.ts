// The conversation list as apps show it, from the client state: pinned first (the latest
// pinned on top), then by last activity, each with the user's own state. The same order as
// GET /v1/conversations, each with its latest message known to the state (the list's preview;
// GET /v1/conversations gives the same as `lastMessages`).
import { defaultConversationState, type Conversation, type ConversationState, type Message } from '@anytime/protocol';
import type { ClientState } from './client-state.js';

export interface ConversationListItem {
  conversation: Conversation;
  state: ConversationState;
  /** The latest message in the state, null when it holds none. */
  lastMessage: Message | null;
}

export function conversationList(state: ClientState): ConversationListItem[] {
  const items = Object.values(state.conversations).map((conversation) => ({
    conversation,
    state: state.conversationStates[conversation.id] ?? defaultConversationState(conversation.id),
    lastMessage: state.messages[conversation.id]?.at(-1) ?? null,
  }));
  const key = (i: ConversationListItem) => [i.state.pinnedAt ?? '', i.conversation.lastActivityAt] as const;
  return items.sort((a, b) => {
    const [pa, la] = key(a);
    const [pb, lb] = key(b);
    if (pa !== pb) return pa < pb ? 1 : -1;
    if (la !== lb) return la < lb ? 1 : -1;
    return a.conversation.id < b.conversation.id ? -1 : 1;
  });
}
