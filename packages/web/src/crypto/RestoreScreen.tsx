// A new device of an account that already has an identity key: the backup passphrase restores
// the keys and the secret-chat history before secret chats and sealed messages can be used. A
// wrong passphrase says so clearly and keeps what was typed; "Not now" leaves them locked.
import { useState, type FormEvent } from 'react';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import { TextField } from '../app/TextField.js';
import { WrongPassphraseError, type EncryptionPort } from './encryption-port.js';
import { ProgressLine } from './ProgressLine.js';
import './keys.css';

export interface RestoreScreenProps {
  port: EncryptionPort;
  onRestored: () => void;
  onSkip: () => void;
}

export function RestoreScreen({ port, onRestored, onSkip }: RestoreScreenProps) {
  const t = strings.keys;
  const [passphrase, setPassphrase] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!passphrase || progress !== null) return;
    setError(null);
    setProgress(0);
    try {
      await port.restore(passphrase, setProgress);
      onRestored();
    } catch (err) {
      setError(err instanceof WrongPassphraseError ? t.wrongPassphrase : errorText(err));
    } finally {
      setProgress(null);
    }
  }

  return (
    <main className="center">
      <form className="key-screen" onSubmit={(e) => void submit(e)} aria-labelledby="restore-heading">
        <h1 id="restore-heading">{t.restoreTitle}</h1>
        <p>{t.restoreIntro}</p>
        <TextField
          label={t.passphrase}
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-invalid={error ? true : undefined}
          required
          autoFocus
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {progress !== null && <ProgressLine label={t.restoring} fraction={progress} />}
        <div className="key-actions">
          <button className="primary" type="submit" disabled={progress !== null || !passphrase}>
            {t.restore}
          </button>
          <button type="button" onClick={onSkip} disabled={progress !== null}>
            {t.skipRestore}
          </button>
        </div>
        <p className="hint">{t.skipNote}</p>
      </form>
    </main>
  );
}
