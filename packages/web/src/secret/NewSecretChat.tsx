// "New secret chat" in the new-chat panel: one username starts an end-to-end encrypted 1:1
// chat, several (with a group name) a secret group. Every device of every member becomes a leaf
// of the MLS group; the port does that through the SDK.
import { useId, useState, type FormEvent } from 'react';
import { LIMITS, type Conversation } from '@anytime/protocol';
import { TextField } from '../app/TextField.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { lookUp, parseUsernames } from '../chats/NewGroupForm.js';
import { useEncryption } from '../crypto/encryption-context.js';
import { useKeyStatus } from '../crypto/KeyGate.js';
import { strings } from '../strings.js';
import { LockIcon } from './LockIcon.js';
import './secret.css';

export function NewSecretChat({ onCreated }: { onCreated: (c: Conversation) => void }) {
  const client = useClient();
  const port = useEncryption();
  const { state } = useKeyStatus();
  const id = useId();
  const [names, setNames] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = strings.secret;
  const usernames = parseUsernames(names);
  const group = usernames.length > 1;
  if (!port) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!port || busy) return;
    if (usernames.length === 0) return setError(strings.newGroup.membersHint);
    if (group && !title.trim()) return setError(strings.newGroup.missingTitle);
    setBusy(true);
    setError(null);
    try {
      const { users, missing } = await lookUp(client, usernames);
      if (missing.length > 0) return setError(strings.newGroup.unknownUsers(missing));
      const ids = users.map((u) => u.id);
      onCreated(await (group ? port.createSecretChat(ids, title.trim()) : port.createSecretChat(ids)));
      setNames('');
      setTitle('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>
        <LockIcon /> {group ? t.newSecretGroup : t.newSecretChat}
      </h2>
      <p className="hint">{state.status === 'needsRestore' ? t.needsKeys : t.secretHint}</p>
      <TextField
        label={t.members}
        hint={strings.newGroup.membersHint}
        autoCapitalize="none"
        spellCheck={false}
        value={names}
        onChange={(e) => setNames(e.target.value)}
      />
      {group && (
        <TextField
          label={t.groupTitle}
          maxLength={LIMITS.titleMax}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy || state.status !== 'ready'}>
        {group ? t.newSecretGroup : t.newSecretChat}
      </button>
    </form>
  );
}
