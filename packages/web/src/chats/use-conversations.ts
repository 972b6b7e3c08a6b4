// The conversation list: fetched once when signed in, then kept current by events (new chats,
// new messages move a chat to the top), plus chats this page just created.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Conversation } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { useClientState } from '../client/use-client-store.js';
import { mergeConversations } from './merge-conversations.js';

export interface ConversationsView {
  conversations: Conversation[];
  loaded: boolean;
  error: string | null;
  /** Adds a conversation this page created (before its event arrives). */
  add: (c: Conversation) => void;
  reload: () => void;
}

export function useConversations(): ConversationsView {
  const client = useClient();
  const state = useClientState();
  const [fetched, setFetched] = useState<Conversation[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    client.api('listConversations').then(
      (r) => {
        if (!live) return;
        setFetched((old) => mergeConversations(old, r.conversations));
        setLoaded(true);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, attempt]);

  const add = useCallback((c: Conversation) => setFetched((old) => mergeConversations(old, [c])), []);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const conversations = useMemo(
    () => mergeConversations(fetched, Object.values(state.conversations)),
    [fetched, state.conversations],
  );
  return { conversations, loaded, error, add, reload };
}
