// The per-user part of the reducer: the user's own state of each conversation (read position,
// unread count, mute, archive, pin, draft) and the receipts of the user's messages. It mirrors
// the server's rules exactly, so that events folded here equal a fresh fetch:
// - a message from someone else after readSeq adds one to unreadCount (and to unreadMentions
//   when it mentions the user or everyone, or tags them in a photo), and unarchives the conversation unless it is muted
//   at the message's time; an edit, photo tag change or delete of such a message moves
//   unreadMentions to match;
// - a message from the user (from any device) clears the draft;
// - conversation.state.updated carries the server's state at that point of the stream; the
//   highest version wins (a repeat or a late duplicate changes nothing);
// - receipt.updated positions only move forward;
// - secret chats (mls.message; the reducer sees only the envelope, never the plaintext): an urgent
//   application message from someone else after readSeq adds one to unreadCount and unarchives
//   like a cloud message; the user's own urgent one clears the draft; a deletion of such an unread
//   message (its entry's formerSeq after readSeq) takes one off. Commits, reactions and edits (not
//   urgent) change nothing. They never count as mentions (nobody but the devices can read them).
import {
  defaultConversationState,
  isMutedAt,
  type ConversationState,
  type EventOf,
  type Message,
  type MlsMessage,
  type Receipt,
} from '@anytime/protocol';
import type { ClientState, ReceiptPositions } from './client-state.js';

function withConversationState(state: ClientState, next: ConversationState): ClientState {
  return { ...state, conversationStates: { ...state.conversationStates, [next.conversationId]: next } };
}

/** A conversation the user just joined starts with the defaults. */
export function ensureConversationState(state: ClientState, conversationId: string): ClientState {
  if (state.conversationStates[conversationId]) return state;
  return withConversationState(state, defaultConversationState(conversationId));
}

/**
 * Whether a message counts as a mention of the user: by name, @all or a tag in one of its photos,
 * from someone else, not deleted (the server's rule: message-actions/mentions.ts).
 */
export function mentionsUser(m: Message, userId: string | undefined): boolean {
  if (m.system || m.deletedAt || m.senderId === userId) return false;
  return (
    m.entities.some((e) => e.type === 'mention_all' || (e.type === 'mention' && e.userId === userId)) ||
    m.media.some((x) => x.tags.some((t) => t.userId === userId))
  );
}

/** An unread message changed (edited, deleted): unreadMentions follows its mentions. */
export function applyMentionChange(state: ClientState, before: Message, after: Message): ClientState {
  const cs = state.conversationStates[after.conversationId];
  if (!cs || after.seq <= cs.readSeq) return state;
  const delta = Number(mentionsUser(after, state.user?.id)) - Number(mentionsUser(before, state.user?.id));
  if (delta === 0) return state;
  return withConversationState(state, { ...cs, unreadMentions: Math.max(0, cs.unreadMentions + delta) });
}

/** What a newly applied message does to the user's own state (call once per new message). */
export function applyNewMessage(state: ClientState, m: Message): ClientState {
  // System items ("Alice added Bob") neither count as unread nor unarchive nor clear drafts.
  if (m.system) return ensureConversationState(state, m.conversationId);
  const cs = state.conversationStates[m.conversationId] ?? defaultConversationState(m.conversationId);
  let next = cs;
  if (state.user && m.senderId === state.user.id) {
    if (cs.draft) next = { ...cs, draft: null };
  } else {
    if (m.seq > cs.readSeq) {
      next = { ...next, unreadCount: next.unreadCount + 1 };
      if (mentionsUser(m, state.user?.id)) next = { ...next, unreadMentions: next.unreadMentions + 1 };
    }
    if (cs.archived && !isMutedAt(cs, m.createdAt)) next = { ...next, archived: false };
  }
  return next === state.conversationStates[m.conversationId] ? state : withConversationState(state, next);
}

/**
 * What a new secret-chat entry does to the user's own state (call once per new entry; the server's
 * rules: conversation-state/queries.ts, mls/delivery.ts).
 */
export function applyNewSecretEntry(state: ClientState, m: MlsMessage): ClientState {
  const urgent = m.urgent !== false;
  if (m.kind === 'commit' || !urgent) return state;
  const cs = state.conversationStates[m.conversationId] ?? defaultConversationState(m.conversationId);
  const own = state.user !== null && m.senderId === state.user.id;
  let next = cs;
  if (m.kind === 'deleted') {
    if (!own && m.formerSeq !== undefined && m.formerSeq > cs.readSeq && cs.unreadCount > 0) {
      next = { ...cs, unreadCount: cs.unreadCount - 1 };
    }
  } else if (own) {
    if (cs.draft) next = { ...cs, draft: null };
  } else {
    if (m.seq > cs.readSeq) next = { ...next, unreadCount: next.unreadCount + 1 };
    if (cs.archived && !isMutedAt(cs, m.createdAt)) next = { ...next, archived: false };
  }
  return next === state.conversationStates[m.conversationId] ? state : withConversationState(state, next);
}

export function applyStateUpdated(state: ClientState, e: EventOf<'conversation.state.updated'>): ClientState {
  const cs = state.conversationStates[e.state.conversationId];
  if (cs && cs.version >= e.state.version) return state;
  return withConversationState(state, e.state);
}

export function applyReceipt(state: ClientState, r: Receipt): ClientState {
  const conv = state.receipts[r.conversationId] ?? {};
  const old = conv[r.userId];
  const next: ReceiptPositions = {
    deliveredSeq: Math.max(old?.deliveredSeq ?? 0, r.deliveredSeq),
    readSeq: Math.max(old?.readSeq ?? 0, r.readSeq),
  };
  if (old && old.deliveredSeq === next.deliveredSeq && old.readSeq === next.readSeq) return state;
  return { ...state, receipts: { ...state.receipts, [r.conversationId]: { ...conv, [r.userId]: next } } };
}

/** Messages removed from the server (expired): those that were unread no longer count. */
export function forgetUnread(state: ClientState, removed: readonly Message[]): ClientState {
  let s = state;
  for (const m of removed) {
    const cs = s.conversationStates[m.conversationId];
    if (!cs || m.system || (s.user && m.senderId === s.user.id) || m.seq <= cs.readSeq) continue;
    s = withConversationState(s, {
      ...cs,
      unreadCount: Math.max(0, cs.unreadCount - 1),
      unreadMentions: Math.max(0, cs.unreadMentions - Number(mentionsUser(m, s.user?.id))),
    });
  }
  return s;
}

/** The user left or was removed: their state of the conversation goes, as on the server. */
export function forgetConversation(state: ClientState, conversationId: string): ClientState {
  if (!(conversationId in state.conversationStates) && !(conversationId in state.receipts)) return state;
  const conversationStates = { ...state.conversationStates };
  const receipts = { ...state.receipts };
  delete conversationStates[conversationId];
  delete receipts[conversationId];
  return { ...state, conversationStates, receipts };
}
