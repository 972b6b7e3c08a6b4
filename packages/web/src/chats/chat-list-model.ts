// The chat list's model: a client state seeded from GET /v1/conversations (each conversation,
// the user's state of it and its last message), then kept current by folding the SDK's events
// with the SDK's own reducer. Events the fetch already counted (a message at or below the
// conversation's fetched lastSeq) are skipped, so unread counts are not counted twice.
import type { ConversationListResponse, Event, User } from '@anytime/protocol';
import { applyEvent, conversationList, emptyState, type ClientState, type ConversationListItem } from '@anytime/sdk';

export interface ChatListModel {
  state: ClientState;
  /** Per conversation: the seq the fetch covered. */
  fetchedSeq: Readonly<Record<string, number>>;
}

export function seedModel(me: User, r: ConversationListResponse): ChatListModel {
  const state: ClientState = {
    ...emptyState(),
    user: me,
    conversations: Object.fromEntries(r.conversations.map((c) => [c.id, c])),
    conversationStates: Object.fromEntries(r.states.map((s) => [s.conversationId, s])),
    messages: Object.fromEntries(r.lastMessages.flatMap((m) => (m ? [[m.conversationId, [m]]] : []))),
  };
  return { state, fetchedSeq: Object.fromEntries(r.conversations.map((c) => [c.id, c.lastSeq])) };
}

export function foldEvent(model: ChatListModel, e: Event): ChatListModel {
  if (e.type === 'message.created' && e.seq <= (model.fetchedSeq[e.conversationId] ?? 0)) return model;
  const state = applyEvent(model.state, e);
  return state === model.state ? model : { ...model, state };
}

/** Pinned first, then by activity; archived ones apart (they have their own folder). */
export function splitList(model: ChatListModel): { active: ConversationListItem[]; archived: ConversationListItem[] } {
  const all = conversationList(model.state);
  return { active: all.filter((i) => !i.state.archived), archived: all.filter((i) => i.state.archived) };
}
