// Who is typing in a chat and the presence of the other member of a direct chat, from the SDK's
// ephemeral live status. Opening a direct chat follows the other member's presence; closing it
// stops following.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { Presence } from '@anytime/protocol';
import { useClient } from '../../client/client-context.js';

const none: readonly string[] = [];

/** Ids of the users typing in the conversation now (never me: the server does not echo). */
export function useTyping(conversationId: string): readonly string[] {
  const client = useClient();
  const subscribe = useCallback((fn: () => void) => client.on('typing', fn), [client]);
  return useSyncExternalStore(subscribe, () => client.typingNow[conversationId] ?? none);
}

/** The presence of one user, followed while the component is mounted. */
export function usePresence(userId: string | null): Presence | undefined {
  const client = useClient();
  useEffect(() => {
    if (!userId) return;
    client.followPresence([userId]);
    return () => client.followPresence([]);
  }, [client, userId]);
  const subscribe = useCallback((fn: () => void) => client.on('presence', fn), [client]);
  return useSyncExternalStore(subscribe, () => (userId ? client.presence[userId] : undefined));
}
