// Saved messages: the user's starred messages from every chat, latest star first (stars route,
// paged), each with an Unstar button.
import { useCallback, useEffect, useState } from 'react';
import type { Message } from '@anytime/protocol';
import { formatWhen } from '../../app/format-time.js';
import { useClient } from '../../client/client-context.js';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';
import { Modal } from './Modal.js';

export function StarredList({ onClose }: { onClose: () => void }) {
  const t = strings.actions;
  const client = useClient();
  const [items, setItems] = useState<{ message: Message; starredAt: string }[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before?: string) => {
      try {
        const page = await client.api('listStarred', { query: before ? { before } : {} });
        setItems((prev) => [...(before ? (prev ?? []) : []), ...page.starred]);
        setNext(page.next);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [client],
  );
  useEffect(() => void load(), [load]);

  async function unstar(id: string) {
    try {
      await client.api('unstarMessage', { params: { id } });
      setItems((prev) => prev?.filter((s) => s.message.id !== id) ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Modal title={t.starred} onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!items && !error && <p className="placeholder">{strings.loading}</p>}
      {items && items.length === 0 && <p className="placeholder">{t.starredEmpty}</p>}
      {items && items.length > 0 && (
        <ul className="starred-list" aria-label={t.starred}>
          {items.map(({ message }) => (
            <li key={message.id}>
              <p className="text">{message.text}</p>
              <time dateTime={message.createdAt}>{formatWhen(message.createdAt)}</time>
              <button type="button" className="link" onClick={() => void unstar(message.id)}>
                {t.unstar}
              </button>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="link" onClick={() => void load(next)}>
          {t.starredLoadMore}
        </button>
      )}
    </Modal>
  );
}
