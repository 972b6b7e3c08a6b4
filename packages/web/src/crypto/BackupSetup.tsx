// "Set up a backup": the passphrase twice, a strength hint, then the KDF (seconds of work, run
// off the main thread by the port) with its progress. The server only ever gets the encrypted
// backup; a passphrase below the minimum strength or two different entries are refused here.
import { useState, type FormEvent } from 'react';
import { Panel } from '../app/Panel.js';
import { TextField } from '../app/TextField.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import type { EncryptionPort } from './encryption-port.js';
import { MIN_SCORE, passphraseScore } from './passphrase-strength.js';
import { ProgressLine } from './ProgressLine.js';
import './keys.css';

export interface BackupSetupProps {
  port: EncryptionPort;
  onClose: () => void;
  onDone: () => void;
}

export function BackupSetup({ port, onClose, onDone }: BackupSetupProps) {
  const t = strings.keys;
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const score = passphraseScore(first);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (progress !== null) return;
    if (score < MIN_SCORE) return setError(t.tooWeak);
    if (first !== second) return setError(t.mismatch);
    setError(null);
    setProgress(0);
    try {
      await port.createBackup(first, setProgress);
      setDone(true);
      setFirst('');
      setSecond('');
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setProgress(null);
    }
  }

  return (
    <Panel heading={t.backupTitle} onClose={onClose} error={error}>
      {done ? (
        <p role="status">{t.backupDone}</p>
      ) : (
        <form className="key-screen" onSubmit={(e) => void submit(e)}>
          <p>{t.backupIntro}</p>
          <TextField
            label={t.newPassphrase}
            hint={t.strengthHint}
            type="password"
            autoComplete="new-password"
            value={first}
            onChange={(e) => setFirst(e.target.value)}
            required
          />
          {first && (
            <div className="strength" data-score={score} aria-live="polite">
              <meter min={0} max={4} low={2} high={3} optimum={4} value={score} aria-hidden="true" />
              <span>{t.strength(t.strengthLabels[score] ?? '')}</span>
            </div>
          )}
          <TextField
            label={t.repeatPassphrase}
            type="password"
            autoComplete="new-password"
            value={second}
            onChange={(e) => setSecond(e.target.value)}
            aria-invalid={second && second !== first ? true : undefined}
            required
          />
          {progress !== null && <ProgressLine label={t.creating} fraction={progress} />}
          <div className="key-actions">
            <button className="primary" type="submit" disabled={progress !== null}>
              {t.createBackup}
            </button>
          </div>
        </form>
      )}
    </Panel>
  );
}
