// The composer's draft, kept in the user's conversation state so every device has it: restored
// when the chat opens (and when another device changes it while this one has nothing typed),
// saved a moment after typing stops, cleared on send.
import { useCallback, useEffect, useRef } from 'react';
import { useClient } from '../../client/client-context.js';
import { useClientState } from '../../client/use-client-store.js';

export const DRAFT_SAVE_MS = 800;

export function useDraft(conversationId: string, text: string, setText: (t: string) => void, paused: boolean) {
  const client = useClient();
  const saved = useClientState().conversationStates[conversationId]?.draft?.text ?? '';
  const lastSaved = useRef(saved);
  const latest = useRef(text);
  latest.current = text;
  const pausedNow = useRef(paused);
  pausedNow.current = paused;

  // Another device (or the first load) brought a draft and nothing is typed here: show it.
  useEffect(() => {
    if (saved !== lastSaved.current && latest.current === lastSaved.current) setText(saved);
    lastSaved.current = saved;
  }, [saved, setText]);

  const save = useCallback(
    (value: string) => {
      if (value === lastSaved.current) return;
      lastSaved.current = value;
      client
        .updateConversationState(conversationId, { draft: value.trim() ? { text: value } : null })
        .catch(() => undefined);
    },
    [client, conversationId],
  );

  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => save(text), DRAFT_SAVE_MS);
    return () => clearTimeout(timer);
  }, [text, paused, save]);

  // Leaving the chat saves what is typed at once (not while editing a sent message).
  useEffect(() => () => void (pausedNow.current || save(latest.current)), [save]);

  return { save };
}
