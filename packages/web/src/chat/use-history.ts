// A conversation's history from GET messages: the latest page when the chat opens, earlier
// pages on request (one at a time). Live messages come from events and are merged in by the
// timeline; changes to messages loaded here (edits, deletes, reactions, pins, link previews,
// "delete for me", expiry) are applied to them as their events arrive, since the SDK's state
// only changes the messages it holds itself.
import { useCallback, useEffect, useRef, useState } from 'react';
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

type Patch = (messages: readonly Message[]) => readonly Message[];

export function useHistory(conversationId: string): HistoryView {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const fetchPage = useCallback(
    (beforeSeq?: number) => {
      let live = true;
      inFlight.current = true;
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
        .finally(() => {
          inFlight.current = false;
          if (live) setLoading(false);
        });
      return () => {
        live = false;
      };
    },
    [client, conversationId],
  );

  useEffect(() => fetchPage(), [fetchPage]);

  useEffect(() => {
    const patch = (id: string, f: Patch) =>
      setLoaded((old) => {
        if (old?.conversationId !== id) return old;
        const messages = f(old.messages);
        return messages === old.messages ? old : { ...old, messages };
      });
    const offs = [
      client.on('message.updated', (e) =>
        patch(e.conversationId, (list) => {
          const i = list.findIndex((m) => m.id === e.message.id);
          if (i < 0 || list[i]!.updatedSeq >= e.message.updatedSeq) return list;
          return list.map((m, j) => (j === i ? e.message : m));
        }),
      ),
      client.on('message.link_preview', (e) =>
        patch(e.conversationId, (list) =>
          list.some((m) => m.id === e.messageId)
            ? list.map((m) => (m.id === e.messageId ? { ...m, linkPreview: e.linkPreview } : m))
            : list,
        ),
      ),
      client.on('message.hidden', (e) =>
        patch(e.conversationId, (list) =>
          list.some((m) => m.id === e.messageId) ? list.filter((m) => m.id !== e.messageId) : list,
        ),
      ),
      client.on('messages.expired', (e) => {
        const gone = new Set(e.messageIds);
        patch(e.conversationId, (list) =>
          list.some((m) => gone.has(m.id)) ? list.filter((m) => !gone.has(m.id)) : list,
        );
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  const current = loaded?.conversationId === conversationId ? loaded : null;
  const first = current?.messages[0];
  const loadEarlier = useCallback(() => {
    if (first && !inFlight.current) fetchPage(first.seq);
  }, [fetchPage, first]);

  return {
    messages: current?.messages ?? [],
    loading: loading || current === null,
    error,
    hasEarlier: current?.hasEarlier ?? false,
    loadEarlier,
  };
}
