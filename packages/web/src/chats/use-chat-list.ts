// The chat list, live: fetched once when signed in (with states and last messages), then kept
// current by every event the client applies. Events that come before the fetch answers wait
// and are folded after it.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Conversation, Event, User } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { foldEvent, seedModel, type ChatListModel } from './chat-list-model.js';

export interface ChatListView {
  model: ChatListModel | null;
  error: string | null;
  /** Adds a conversation this page created (before its event arrives). */
  add: (c: Conversation) => void;
  reload: () => void;
}

export function useChatList(me: User): ChatListView {
  const client = useClient();
  const [model, setModel] = useState<ChatListModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    let current: ChatListModel | null = null;
    const waiting: Event[] = [];
    const off = client.on('event', (e) => {
      if (!current) return void waiting.push(e);
      current = foldEvent(current, e);
      setModel(current);
    });
    client.api('listConversations').then(
      (r) => {
        if (!live) return;
        let m = seedModel(me, r);
        for (const e of waiting) m = foldEvent(m, e);
        current = m;
        setModel(m);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
      off();
    };
  }, [client, me, attempt]);

  const add = useCallback(
    (c: Conversation) =>
      setModel((m) =>
        !m || m.state.conversations[c.id]
          ? m
          : { ...m, state: { ...m.state, conversations: { ...m.state.conversations, [c.id]: c } } },
      ),
    [],
  );
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { model, error, add, reload };
}

/** Who is typing in each conversation now. */
export function useTyping(): Readonly<Record<string, readonly string[]>> {
  const client = useClient();
  const subscribe = useCallback((fn: () => void) => client.on('typing', fn), [client]);
  return useSyncExternalStore(subscribe, () => client.typingNow);
}
