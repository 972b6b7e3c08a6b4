// The reducer: folds one protocol event into the client state. Pure, and idempotent: applying
// an event that is already reflected returns the same state object.
import type { Conversation, Event, EventOf, Message } from '@anytime/protocol';
import type { ClientState } from './client-state.js';

export function applyEvent(state: ClientState, event: Event): ClientState {
  switch (event.type) {
    case 'conversation.created':
      return applyConversationCreated(state, event);
    case 'message.created':
      return applyMessageCreated(state, event);
    case 'user.updated':
      return sameJson(state.user, event.user) ? state : { ...state, user: event.user };
    case 'device.revoked':
      return state;
  }
}

export function applyEvents(state: ClientState, events: Iterable<Event>): ClientState {
  let s = state;
  for (const e of events) s = applyEvent(s, e);
  return s;
}

function applyConversationCreated(state: ClientState, e: EventOf<'conversation.created'>): ClientState {
  const existing = state.conversations[e.conversationId];
  // Later events may already have moved it on; only a newer snapshot replaces it.
  if (existing && existing.lastSeq >= e.conversation.lastSeq) return state;
  let conversation = e.conversation;
  const last = state.messages[e.conversationId]?.at(-1);
  if (last && last.seq > conversation.lastSeq) conversation = advance(conversation, last);
  return { ...state, conversations: { ...state.conversations, [e.conversationId]: conversation } };
}

function applyMessageCreated(state: ClientState, e: EventOf<'message.created'>): ClientState {
  const list = state.messages[e.conversationId] ?? [];
  const messages = insertBySeq(list, e.message);
  const conv = state.conversations[e.conversationId];
  const conversation = conv && conv.lastSeq < e.seq ? advance(conv, e.message) : conv;
  if (messages === list && conversation === conv) return state;
  return {
    ...state,
    messages: messages === list ? state.messages : { ...state.messages, [e.conversationId]: messages },
    conversations:
      conversation === conv || !conversation
        ? state.conversations
        : { ...state.conversations, [e.conversationId]: conversation },
  };
}

/** The conversation as it is once `m` is its latest change (the server stamps both alike). */
function advance(conv: Conversation, m: Message): Conversation {
  return { ...conv, lastSeq: m.seq, lastActivityAt: m.createdAt };
}

/** Inserts by seq; returns the same array when a message with that seq is already there. */
export function insertBySeq(list: readonly Message[], m: Message): readonly Message[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq < m.seq) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo]?.seq === m.seq) return list;
  return [...list.slice(0, lo), m, ...list.slice(lo)];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
