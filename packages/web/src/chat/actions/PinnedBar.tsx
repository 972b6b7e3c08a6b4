// The pinned messages of a chat, above the history: the latest pin first; clicking scrolls to it
// (when its row is rendered) and shows the next pin; those allowed to pin may unpin. Refetched when a
// live message's pin changes (message.updated).
import { useEffect, useState } from 'react';
import type { Conversation, Message } from '@anytime/protocol';
import { useClient } from '../../client/client-context.js';
import { errorText } from '../../client/error-text.js';
import { useClientState } from '../../client/use-client-store.js';
import { strings } from '../../strings.js';
import { isGroupAdmin } from './permissions.js';

export interface PinnedBarProps {
  conversation: Conversation;
  meId: string;
  /** Scrolls the history to a message; by default, to its row when the list has it rendered. */
  onJump?: (message: Message) => void;
}

/** The message list marks rows with data-seq; a row outside the rendered window is not found. */
function scrollToRow(m: Message): void {
  document.querySelector(`[data-seq="${m.seq}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/** A key that changes whenever a loaded message of the chat is pinned or unpinned. */
function pinKey(messages: readonly Message[] | undefined): string {
  return (messages ?? [])
    .filter((m) => m.pin !== null || m.updatedSeq !== m.seq)
    .map((m) => `${m.id}:${m.pin?.at ?? ''}`)
    .join(',');
}

export function PinnedBar({ conversation: c, meId, onJump = scrollToRow }: PinnedBarProps) {
  const t = strings.actions;
  const client = useClient();
  const key = pinKey(useClientState().messages[c.id]);
  const [pins, setPins] = useState<Message[]>([]);
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api('listPins', { params: { id: c.id } }).then(
      (r) => {
        if (!live) return;
        setPins(r.messages);
        setIndex(0);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, c.id, key]);

  const current = pins[index % Math.max(pins.length, 1)];
  if (!current) return null;
  const canUnpin = c.kind === 'direct' || isGroupAdmin(c, meId);

  return (
    <div className="pinned-bar" role="region" aria-label={t.pinnedLabel}>
      <button
        type="button"
        className="pinned-show"
        aria-label={`${t.pinnedOf(index + 1, pins.length)}: ${current.text}`}
        onClick={() => {
          onJump(current);
          setIndex((index + 1) % pins.length);
        }}
      >
        <span className="pinned-title">{t.pinnedOf(index + 1, pins.length)}</span>
        <span className="pinned-text">{current.text}</span>
      </button>
      {canUnpin && (
        <button
          type="button"
          className="link"
          onClick={() => {
            setError(null);
            client.api('unpinMessage', { params: { id: current.id } }).then(
              () => setPins((p) => p.filter((m) => m.id !== current.id)),
              (e: unknown) => setError(errorText(e)),
            );
          }}
        >
          {t.unpin}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
