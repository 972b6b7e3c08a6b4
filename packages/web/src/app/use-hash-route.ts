// Where the page is lives in the URL hash, so the browser's back button closes things on phones:
// #/c/<id> an open chat (#/c/<id>/m/<messageId> at a message, from search), #/join/<code> an
// invite link.
import { useCallback, useEffect, useState } from 'react';

export type HashRoute =
  | { kind: 'chat'; conversationId: string; messageId: string | null }
  | { kind: 'join'; code: string }
  | { kind: 'none' };

export function parseHash(hash: string): HashRoute {
  const chat = /^#\/c\/([^/]+)(?:\/m\/([^/]+))?$/.exec(hash);
  if (chat) {
    return {
      kind: 'chat',
      conversationId: decodeURIComponent(chat[1]!),
      messageId: chat[2] ? decodeURIComponent(chat[2]) : null,
    };
  }
  const join = /^#\/join\/([^/]+)$/.exec(hash);
  if (join) return { kind: 'join', code: decodeURIComponent(join[1]!) };
  return { kind: 'none' };
}

export const chatHash = (conversationId: string, messageId?: string) =>
  `#/c/${encodeURIComponent(conversationId)}` + (messageId ? `/m/${encodeURIComponent(messageId)}` : '');

export function useHashRoute(): [HashRoute, (hash: string | null) => void] {
  const [route, setRoute] = useState<HashRoute>(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((hash: string | null) => {
    if (hash === null) {
      history.replaceState(null, '', location.pathname + location.search);
      setRoute({ kind: 'none' });
    } else {
      location.hash = hash;
    }
  }, []);
  return [route, go];
}

/** The open chat's id and a way to open another (null closes it). */
export function useOpenConversation(): [string | null, (id: string | null) => void] {
  const [route, go] = useHashRoute();
  const select = useCallback((id: string | null) => go(id === null ? null : chatHash(id)), [go]);
  return [route.kind === 'chat' ? route.conversationId : null, select];
}
