// Builds the client state from a fresh fetch (profile, conversations, full histories): the
// reference that the event-built state is compared with, and a way to start without events.
import { LIMITS, type Message, type RouteName, type RouteResponse } from '@anytime/protocol';
import type { RouteInput } from '../http/http-client.js';
import type { ClientState } from './client-state.js';

/** Anything that can call a route (the client's authenticated api). */
export type CallRoute = <N extends RouteName>(name: N, input: RouteInput<N> | undefined) => Promise<RouteResponse<N>>;

/** Every message of a conversation after `afterSeq`, ascending, page by page. */
export async function fetchHistory(call: CallRoute, conversationId: string, afterSeq = 0): Promise<Message[]> {
  const out: Message[] = [];
  let after = afterSeq;
  for (;;) {
    const { messages } = await call('listMessages', {
      params: { id: conversationId },
      query: { afterSeq: after, limit: LIMITS.pageMax },
    });
    out.push(...messages);
    const last = messages.at(-1);
    if (messages.length < LIMITS.pageMax || !last) return out;
    after = last.seq;
  }
}

/** Every starred message of the user: message id -> when it was starred. */
export async function fetchStarred(call: CallRoute): Promise<ClientState['starred']> {
  const out: Record<string, string> = {};
  let before: string | undefined;
  do {
    const page = await call('listStarred', { query: { limit: LIMITS.pageMax, ...(before ? { before } : {}) } });
    for (const s of page.starred) out[s.message.id] = s.starredAt;
    before = page.next ?? undefined;
  } while (before);
  return out;
}

/** How far each other member got through the user's messages of a conversation. */
export async function fetchReceipts(call: CallRoute, conversationId: string) {
  const { receipts } = await call('listReceipts', { params: { id: conversationId } });
  return Object.fromEntries(receipts.map((r) => [r.userId, { deliveredSeq: r.deliveredSeq, readSeq: r.readSeq }]));
}

export async function loadState(call: CallRoute): Promise<ClientState> {
  const [{ user }, { settings }, { conversations, states }, { contacts }, { blocks }] = await Promise.all([
    call('me', undefined),
    call('getSettings', undefined),
    call('listConversations', undefined),
    call('listContacts', undefined),
    call('listBlocks', undefined),
  ]);
  const [histories, starred, receipts] = await Promise.all([
    Promise.all(conversations.map((c) => fetchHistory(call, c.id))),
    fetchStarred(call),
    Promise.all(conversations.map((c) => fetchReceipts(call, c.id))),
  ]);
  const state: ClientState = {
    user,
    settings,
    conversations: {},
    messages: {},
    starred,
    conversationStates: Object.fromEntries(states.map((s) => [s.conversationId, s])),
    receipts: Object.fromEntries(
      conversations.flatMap((c, i) => (Object.keys(receipts[i]!).length > 0 ? [[c.id, receipts[i]!]] : [])),
    ),
    contacts: Object.fromEntries(contacts.map((c) => [c.userId, c])),
    blocks: Object.fromEntries(blocks.map((b) => [b.userId, b])),
  };
  const convs: ClientState['conversations'] = Object.fromEntries(conversations.map((c) => [c.id, c]));
  const messages: ClientState['messages'] = Object.fromEntries(
    conversations.flatMap((c, i) => (histories[i]!.length > 0 ? [[c.id, histories[i]!]] : [])),
  );
  return { ...state, conversations: convs, messages };
}
