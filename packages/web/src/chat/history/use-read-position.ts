// The reader's read position in a conversation (ConversationState.readSeq): from the SDK's state
// when it has it, else (after a page reload the state starts empty) from the conversation list.
import { useEffect, useState } from 'react';
import { useClient } from '../../client/client-context.js';
import { useClientState } from '../../client/use-client-store.js';

/** undefined until known. */
export function useReadPosition(conversationId: string): { readSeq: number | undefined; unreadCount: number } {
  const client = useClient();
  const cs = useClientState().conversationStates[conversationId];
  const [fetched, setFetched] = useState<{ readSeq: number; unreadCount: number } | null>(null);
  const known = cs !== undefined;
  useEffect(() => {
    if (known) return;
    let live = true;
    client.api('listConversations').then(
      ({ states }) => {
        const s = states.find((x) => x.conversationId === conversationId);
        if (live) setFetched({ readSeq: s?.readSeq ?? 0, unreadCount: s?.unreadCount ?? 0 });
      },
      () => live && setFetched({ readSeq: 0, unreadCount: 0 }),
    );
    return () => {
      live = false;
    };
  }, [client, conversationId, known]);
  if (cs) return { readSeq: cs.readSeq, unreadCount: cs.unreadCount };
  return { readSeq: fetched?.readSeq, unreadCount: fetched?.unreadCount ?? 0 };
}
