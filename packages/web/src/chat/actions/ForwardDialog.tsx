// Forward a message to one or more of the user's chats, picked from a searchable list; each
// copy is made by the forward route and arrives marked as forwarded.
import { useMemo, useState, type FormEvent } from 'react';
import type { Message } from '@anytime/protocol';
import { conversationTitle, otherMemberIds } from '../../chats/conversation-title.js';
import { useClient } from '../../client/client-context.js';
import { errorText } from '../../client/error-text.js';
import { useClientState } from '../../client/use-client-store.js';
import { strings } from '../../strings.js';
import { useUsers } from '../../users/use-users.js';
import { Modal } from './Modal.js';

export interface ForwardDialogProps {
  message: Message;
  meId: string;
  onClose: () => void;
  onDone?: () => void;
}

export function ForwardDialog({ message, meId, onClose, onDone }: ForwardDialogProps) {
  const t = strings.actions;
  const client = useClient();
  const conversations = useClientState().conversations;
  const list = useMemo(
    () => Object.values(conversations).sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt)),
    [conversations],
  );
  const user = useUsers(list.flatMap((c) => (c.kind === 'direct' ? otherMemberIds(c, meId) : [])));
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const titled = list.map((c) => ({ c, title: conversationTitle(c, meId, user) }));
  const q = query.trim().toLocaleLowerCase();
  const shown = q ? titled.filter((x) => x.title.toLocaleLowerCase().includes(q)) : titled;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (chosen.size === 0) return;
    setBusy(true);
    setError(null);
    try {
      for (const conversationId of chosen) {
        await client.api('forwardMessage', {
          params: { id: message.id },
          body: { clientId: crypto.randomUUID(), conversationId },
        });
      }
      onDone?.();
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t.forwardTitle} onClose={onClose}>
      <form className="forward" onSubmit={submit}>
        <input
          type="search"
          aria-label={t.forwardSearch}
          placeholder={t.forwardSearch}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <ul className="forward-list" aria-label={strings.conversations.listLabel}>
          {shown.length === 0 && <li className="placeholder">{t.forwardNone}</li>}
          {shown.map(({ c, title }) => (
            <li key={c.id}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.has(c.id)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(c.id);
                    else next.delete(c.id);
                    setChosen(next);
                  }}
                />
                {title}
              </label>
            </li>
          ))}
        </ul>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="submit" className="primary" disabled={busy || chosen.size === 0}>
            {t.forwardSend(chosen.size)}
          </button>
        </div>
      </form>
    </Modal>
  );
}
