// A conversation's history from GET messages: the latest page when the chat opens, earlier
// pages on request. Live messages come from events and are merged in by the timeline.
import { useCallback, useEffect, useState } from 'react';
import type { Message } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';

const PAGE = 50;

export interface HistoryView {
  messages: readonly Message[];
  loading: boolean;
  error: string | null;
  hasEarlier: boolean;
  loadEarlier: () => void;
}

interface Loaded {
  conversationId: string;
  messages: readonly Message[];
  hasEarlier: boolean;
}

export function useHistory(conversationId: string): HistoryView {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fetchPage = useCallback(
    (beforeSeq?: number) => {
      let live = true;
      setLoading(true);
      setError(null);
      client
        .api('listMessages', {
          params: { id: conversationId },
          query: beforeSeq === undefined ? { limit: PAGE } : { beforeSeq, limit: PAGE },
        })
        .then(
          ({ messages }) => {
            if (!live) return;
            setLoaded((old) => ({
              conversationId,
              messages: old?.conversationId === conversationId ? [...messages, ...old.messages] : messages,
              hasEarlier: messages.length === PAGE,
            }));
          },
          (e: unknown) => live && setError(errorText(e)),
        )
        .finally(() => live && setLoading(false));
      return () => {
        live = false;
      };
    },
    [client, conversationId],
  );

  useEffect(() => fetchPage(), [fetchPage]);

  const current = loaded?.conversationId === conversationId ? loaded : null;
  const first = current?.messages[0];
  const loadEarlier = useCallback(() => {
    if (first) fetchPage(first.seq);
  }, [fetchPage, first]);

  return {
    messages: current?.messages ?? [],
    loading: loading || current === null,
    error,
    hasEarlier: current?.hasEarlier ?? false,
    loadEarlier,
  };
}
