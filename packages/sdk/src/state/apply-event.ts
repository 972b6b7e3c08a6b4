// The reducer: folds one protocol event into the client state. Pure, and idempotent: applying
// an event that is already reflected returns the same state object.
import type { Conversation, Event, EventOf, Message } from '@anytime/protocol';
import {
  applyMessageHidden,
  applyMessagesExpired,
  applyMessageStarred,
  applyMessageUpdated,
  applyTimerSet,
  withoutStars,
} from './apply-message-actions.js';
import type { ClientState } from './client-state.js';
import {
  applyNewMessage,
  applyNewSecretEntry,
  applyReceipt,
  applyStateUpdated,
  ensureConversationState,
  forgetConversation,
} from './conversation-state.js';

export function applyEvent(state: ClientState, event: Event): ClientState {
  switch (event.type) {
    case 'conversation.created':
      return applyConversationCreated(state, event);
    case 'message.created':
      return applyMessageCreated(state, event);
    case 'user.updated':
      return sameJson(state.user, event.user) ? state : { ...state, user: event.user };
    // The reveal log of the user's sealed messages is read by client.sealed (sdk/src/sealed/);
    // secret-chat timelines are decrypted and kept by client.secret (sdk/src/secret/); here a
    // secret entry only moves the conversation on and counts as unread (applySecretEntry).
    case 'device.revoked':
    case 'media.updated':
    case 'keys.changed':
    case 'sealed.revealed':
    case 'mls.welcome':
      return state;
    case 'mls.message':
      return applySecretEntry(state, event);
    case 'settings.updated':
      return sameJson(state.settings, event.settings) ? state : { ...state, settings: event.settings };
    case 'member.added':
    case 'member.removed':
    case 'member.role_changed':
    case 'conversation.updated':
      return applyGroupChange(state, event);
    case 'message.link_preview':
      return applyLinkPreview(state, event);
    case 'message.updated':
      return applyMessageUpdated(state, event);
    case 'messages.expired':
      return applyMessagesExpired(state, event);
    case 'message.hidden':
      return applyMessageHidden(state, event);
    case 'message.starred':
      return applyMessageStarred(state, event);
    case 'conversation.timer_set':
      return applyTimerSet(state, event);
    case 'conversation.state.updated':
      return applyStateUpdated(state, event);
    case 'receipt.updated':
      return applyReceipt(state, event.receipt);
    case 'contact.saved':
      return sameJson(state.contacts[event.contact.userId], event.contact)
        ? state
        : { ...state, contacts: { ...state.contacts, [event.contact.userId]: event.contact } };
    case 'contact.removed': {
      const contacts = without(state.contacts, event.userId);
      return contacts ? { ...state, contacts } : state;
    }
    case 'block.added':
      return sameJson(state.blocks[event.block.userId], event.block)
        ? state
        : { ...state, blocks: { ...state.blocks, [event.block.userId]: event.block } };
    case 'block.removed': {
      const blocks = without(state.blocks, event.userId);
      return blocks ? { ...state, blocks } : state;
    }
  }
}

export function applyEvents(state: ClientState, events: Iterable<Event>): ClientState {
  let s = state;
  for (const e of events) s = applyEvent(s, e);
  return s;
}

function applyConversationCreated(before: ClientState, e: EventOf<'conversation.created'>): ClientState {
  const state = ensureConversationState(before, e.conversationId);
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
  const withState = messages === list ? state : applyNewMessage(state, e.message);
  return {
    ...withState,
    messages: messages === list ? state.messages : { ...state.messages, [e.conversationId]: messages },
    conversations:
      conversation === conv || !conversation
        ? state.conversations
        : { ...state.conversations, [e.conversationId]: conversation },
  };
}

/**
 * A secret-chat entry: the conversation's lastSeq moves to it (and its lastActivityAt, except for
 * a deletion, as on the server) and the user's state follows it. An entry at or below the
 * conversation's lastSeq is already reflected (a repeat, or one a fetch counted) and changes
 * nothing; so does one of a conversation the state does not know.
 */
function applySecretEntry(state: ClientState, e: EventOf<'mls.message'>): ClientState {
  const conv = state.conversations[e.conversationId];
  if (!conv || conv.lastSeq >= e.seq) return state;
  const conversation: Conversation =
    e.message.kind === 'deleted'
      ? { ...conv, lastSeq: e.seq }
      : { ...conv, lastSeq: e.seq, lastActivityAt: e.message.createdAt };
  const withState = applyNewSecretEntry(state, e.message);
  return { ...withState, conversations: { ...withState.conversations, [e.conversationId]: conversation } };
}

/**
 * A group change: its system message joins the timeline and its snapshot replaces an older one.
 * When the signed-in user (state.user) is the one removed, the conversation leaves the state:
 * the server no longer shows it to them.
 */
function applyGroupChange(state: ClientState, e: GroupChangeEvent): ClientState {
  if (e.type === 'member.removed' && state.user !== null && e.userId === state.user.id) {
    if (!(e.conversationId in state.conversations) && !(e.conversationId in state.messages)) return state;
    const conversations = { ...state.conversations };
    const messages = { ...state.messages };
    const gone = (state.messages[e.conversationId] ?? []).map((m) => m.id);
    delete conversations[e.conversationId];
    delete messages[e.conversationId];
    // Stars of its messages drop out of the user's starred list on the server too.
    const starred = gone.some((id) => id in state.starred) ? withoutStars(state.starred, gone) : state.starred;
    return { ...forgetConversation(state, e.conversationId), conversations, messages, starred };
  }
  // The snapshot first (it is the state as of this seq), then its message (which it already counts).
  const withSnapshot = applyConversationCreated(state, { ...e, type: 'conversation.created' });
  return applyMessageCreated(withSnapshot, { ...e, type: 'message.created' });
}

type GroupChangeEvent = EventOf<'member.added' | 'member.removed' | 'member.role_changed' | 'conversation.updated'>;

function applyLinkPreview(state: ClientState, e: EventOf<'message.link_preview'>): ClientState {
  const list = state.messages[e.conversationId] ?? [];
  const i = list.findIndex((m) => m.id === e.messageId);
  const target = list[i];
  const messages =
    target && !sameJson(target.linkPreview, e.linkPreview)
      ? [...list.slice(0, i), { ...target, linkPreview: e.linkPreview }, ...list.slice(i + 1)]
      : list;
  // The event takes a seq of the timeline but is no new activity.
  const conv = state.conversations[e.conversationId];
  const conversation = conv && conv.lastSeq < e.seq ? { ...conv, lastSeq: e.seq } : conv;
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

/** The record without `key`, or undefined when it has no such key. */
function without<T>(rec: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> | undefined {
  if (!(key in rec)) return undefined;
  const { [key]: _, ...rest } = rec;
  return rest;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
