// Message search as the user types: 3+ letters, a short pause, then GET /v1/search; an older
// answer never replaces a newer one.
import { useEffect, useState } from 'react';
import type { Message } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';

export const MIN_SEARCH = 3;

export interface MessageSearch {
  results: readonly Message[];
  searching: boolean;
  error: string | null;
}

export function useMessageSearch(query: string, delayMs = 250): MessageSearch {
  const client = useClient();
  const q = query.trim();
  const [out, setOut] = useState<MessageSearch & { q: string }>({ q: '', results: [], searching: false, error: null });
  useEffect(() => {
    if (q.length < MIN_SEARCH) return;
    let live = true;
    const timer = setTimeout(() => {
      setOut((o) => ({ ...o, searching: true }));
      client.api('searchMessages', { query: { q, limit: 20 } }).then(
        (r) => live && setOut({ q, results: r.messages, searching: false, error: null }),
        (e: unknown) => live && setOut({ q, results: [], searching: false, error: errorText(e) }),
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, q, delayMs]);
  if (q.length < MIN_SEARCH) return { results: [], searching: false, error: null };
  return { results: out.q === q ? out.results : [], searching: out.q !== q || out.searching, error: out.error };
}
