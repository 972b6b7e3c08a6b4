// The reducer's cases for message actions: message.updated replaces a message only with a newer
// snapshot (by updatedSeq), messages.expired and message.hidden drop messages, message.starred
// keeps the user's saved set, conversation.timer_set the timer. Pure and idempotent, like
// applyEvent: an event already reflected returns the same state object.
import type { Conversation, EventOf, Message } from '@anytime/protocol';
import type { ClientState } from './client-state.js';
import { applyMentionChange, forgetUnread } from './conversation-state.js';

function indexBySeq(list: readonly Message[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return list[lo]?.seq === seq ? lo : -1;
}

/** The conversation with lastSeq moved up to `seq` (changes other than sends keep lastActivityAt). */
function bumped(state: ClientState, conversationId: string, seq: number): ClientState['conversations'] {
  const conv = state.conversations[conversationId];
  if (!conv || conv.lastSeq >= seq) return state.conversations;
  return { ...state.conversations, [conversationId]: { ...conv, lastSeq: seq } };
}

function withMessages(
  state: ClientState,
  conversationId: string,
  list: readonly Message[],
  conversations: ClientState['conversations'],
  starred: ClientState['starred'] = state.starred,
): ClientState {
  const before = state.messages[conversationId];
  if (list === (before ?? list) && conversations === state.conversations && starred === state.starred) return state;
  return {
    ...state,
    messages: list === before ? state.messages : { ...state.messages, [conversationId]: list },
    conversations,
    starred,
  };
}

export function withoutStars(starred: ClientState['starred'], ids: readonly string[]): ClientState['starred'] {
  if (!ids.some((id) => id in starred)) return starred;
  const next = { ...starred };
  for (const id of ids) delete next[id];
  return next;
}

export function applyMessageUpdated(state: ClientState, e: EventOf<'message.updated'>): ClientState {
  const list = state.messages[e.conversationId] ?? [];
  const i = indexBySeq(list, e.message.seq);
  const current = i >= 0 ? list[i]! : undefined;
  const newer = current !== undefined && current.updatedSeq < e.message.updatedSeq;
  const next = newer ? [...list.slice(0, i), e.message, ...list.slice(i + 1)] : list;
  const counted = newer ? applyMentionChange(state, current, e.message) : state;
  return withMessages(counted, e.conversationId, next, bumped(state, e.conversationId, e.seq));
}

export function applyMessagesExpired(state: ClientState, e: EventOf<'messages.expired'>): ClientState {
  const gone = new Set(e.messageIds);
  const list = state.messages[e.conversationId] ?? [];
  const kept = list.filter((m) => !gone.has(m.id));
  const removed = list.filter((m) => gone.has(m.id));
  return withMessages(
    forgetUnread(state, removed),
    e.conversationId,
    kept.length === list.length ? list : kept,
    bumped(state, e.conversationId, e.seq),
    withoutStars(state.starred, e.messageIds),
  );
}

export function applyMessageHidden(state: ClientState, e: EventOf<'message.hidden'>): ClientState {
  const list = state.messages[e.conversationId] ?? [];
  const kept = list.filter((m) => m.id !== e.messageId);
  return withMessages(
    state,
    e.conversationId,
    kept.length === list.length ? list : kept,
    state.conversations,
    withoutStars(state.starred, [e.messageId]),
  );
}

export function applyMessageStarred(state: ClientState, e: EventOf<'message.starred'>): ClientState {
  const current = state.starred[e.messageId];
  if ((current ?? null) === e.starredAt) return state;
  const starred = { ...state.starred };
  if (e.starredAt === null) delete starred[e.messageId];
  else starred[e.messageId] = e.starredAt;
  return { ...state, starred };
}

export function applyTimerSet(state: ClientState, e: EventOf<'conversation.timer_set'>): ClientState {
  const conv = state.conversations[e.conversationId];
  if (!conv || conv.lastSeq >= e.seq) return state;
  const next: Conversation = { ...conv, lastSeq: e.seq, disappearAfterSeconds: e.disappearAfterSeconds };
  return { ...state, conversations: { ...state.conversations, [e.conversationId]: next } };
}
