// Finds people by username prefix (GET /v1/users?prefix=) and opens a direct chat with one.
import { useEffect, useId, useState } from 'react';
import { LIMITS, type Conversation, type User } from '@anytime/protocol';
import { TextField } from '../app/TextField.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import type { UserDirectory } from '../users/user-directory.js';

const SEARCH_DELAY_MS = 200;

export interface NewDirectChatProps {
  me: User;
  directory: UserDirectory;
  onCreated: (c: Conversation) => void;
}

export function NewDirectChat({ me, directory, onCreated }: NewDirectChatProps) {
  const client = useClient();
  const id = useId();
  const [prefix, setPrefix] = useState('');
  const [found, setFound] = useState<{ prefix: string; users: User[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = strings.newDirect;
  const query = prefix.trim().toLowerCase().replace(/^@/, '');

  useEffect(() => {
    if (!query) return;
    let live = true;
    const timer = setTimeout(() => {
      client.api('searchUsers', { query: { prefix: query, limit: 8 } }).then(
        ({ users }) => {
          if (!live) return;
          directory.remember(...users);
          setFound({ prefix: query, users });
          setError(null);
        },
        (e: unknown) => live && setError(errorText(e)),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, directory, query]);

  async function start(user: User) {
    setBusy(true);
    setError(null);
    try {
      const { conversation } = await client.api('createConversation', {
        body: { kind: 'direct', memberIds: [user.id] },
      });
      onCreated(conversation);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  const users = query && found?.prefix === query ? found.users : null;
  return (
    <section className="stack" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t.heading}</h2>
      <TextField
        label={t.search}
        type="search"
        autoCapitalize="none"
        spellCheck={false}
        placeholder={t.searchPlaceholder}
        maxLength={LIMITS.usernameMax + 1}
        value={prefix}
        onChange={(e) => setPrefix(e.target.value)}
      />
      {users && users.length === 0 && <p className="hint">{t.noResults}</p>}
      {users && users.length > 0 && (
        <ul className="people" aria-label={t.results}>
          {users.map((u) => {
            const name = u.id === me.id ? strings.conversations.notesToSelf : u.displayName || u.username;
            return (
              <li key={u.id}>
                <button type="button" disabled={busy} onClick={() => void start(u)} aria-label={t.start(name)}>
                  <span className="person-name">{name}</span>
                  <span className="person-username">@{u.username}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
