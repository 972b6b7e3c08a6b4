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

export async function loadState(call: CallRoute): Promise<ClientState> {
  const [{ user }, { conversations }] = await Promise.all([
    call('me', undefined),
    call('listConversations', undefined),
  ]);
  const histories = await Promise.all(conversations.map((c) => fetchHistory(call, c.id)));
  const state: ClientState = { user, conversations: {}, messages: {} };
  const convs: ClientState['conversations'] = Object.fromEntries(conversations.map((c) => [c.id, c]));
  const messages: ClientState['messages'] = Object.fromEntries(
    conversations.flatMap((c, i) => (histories[i]!.length > 0 ? [[c.id, histories[i]!]] : [])),
  );
  return { ...state, conversations: convs, messages };
}
