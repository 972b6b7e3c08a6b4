// Creates a group from a title and a list of usernames, each looked up exactly.
import { useId, useState, type FormEvent } from 'react';
import { LIMITS, type Conversation, type User } from '@anytime/protocol';
import type { AnytimeClient } from '@anytime/sdk';
import { TextField } from '../app/TextField.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';

export function parseUsernames(text: string): string[] {
  const names = text
    .split(/[\s,;]+/)
    .map((n) => n.replace(/^@/, '').toLowerCase())
    .filter(Boolean);
  return [...new Set(names)];
}

/** The users with exactly these usernames, and the names nobody has. */
export async function lookUp(client: AnytimeClient, names: string[]): Promise<{ users: User[]; missing: string[] }> {
  const results = await Promise.all(
    names.map(async (name) => {
      const { users } = await client.api('searchUsers', { query: { prefix: name, limit: 5 } });
      return users.find((u) => u.username === name) ?? name;
    }),
  );
  return {
    users: results.filter((r): r is User => typeof r !== 'string'),
    missing: results.filter((r): r is string => typeof r === 'string'),
  };
}

export function NewGroupForm({ onCreated }: { onCreated: (c: Conversation) => void }) {
  const client = useClient();
  const id = useId();
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per group being created: a retry after a lost answer returns the same group.
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const t = strings.newGroup;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) return setError(t.missingTitle);
    setBusy(true);
    setError(null);
    try {
      const { users, missing } = await lookUp(client, parseUsernames(members));
      if (missing.length > 0) {
        setError(t.unknownUsers(missing));
        return;
      }
      const { conversation } = await client.api('createConversation', {
        body: { kind: 'group', title: title.trim(), memberIds: users.map((u) => u.id), clientId },
      });
      setClientId(crypto.randomUUID());
      onCreated(conversation);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>{t.heading}</h2>
      <TextField label={t.title} maxLength={LIMITS.titleMax} value={title} onChange={(e) => setTitle(e.target.value)} />
      <TextField
        label={t.members}
        hint={t.membersHint}
        autoCapitalize="none"
        spellCheck={false}
        value={members}
        onChange={(e) => setMembers(e.target.value)}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? t.working : t.create}
      </button>
    </form>
  );
}
