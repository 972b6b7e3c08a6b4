// The sealed composer (from the lock button of the composer): the secret, "View once", and how
// long it can be opened. The secret never goes into the draft or the outbox's plain text: the
// port encrypts it to each recipient device before it leaves.
import { useId, useState, type FormEvent } from 'react';
import { Modal } from '../chat/actions/Modal.js';
import { errorText } from '../client/error-text.js';
import type { EncryptionPort } from '../crypto/encryption-port.js';
import { strings } from '../strings.js';
import { EXPIRY_OPTIONS, expirySeconds } from './expiry-options.js';
import './sealed.css';

export interface SealedComposerProps {
  port: EncryptionPort;
  conversationId: string;
  onClose: () => void;
}

export function SealedComposer({ port, conversationId, onClose }: SealedComposerProps) {
  const t = strings.sealed;
  const id = useId();
  const [text, setText] = useState('');
  const [viewOnce, setViewOnce] = useState(false);
  const [expiry, setExpiry] = useState<string>('never');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!text.trim()) return setError(t.empty);
    setBusy(true);
    setError(null);
    try {
      await port.sendSealed(conversationId, { text, viewOnce, expiresInSeconds: expirySeconds(expiry) });
      setText('');
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t.composerTitle} onClose={onClose} className="sealed-composer">
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <p className="hint">{t.composerIntro}</p>
        <label htmlFor={`${id}-secret`}>{t.secret}</label>
        <textarea
          id={`${id}-secret`}
          data-autofocus
          rows={3}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={viewOnce} onChange={(e) => setViewOnce(e.target.checked)} /> {t.viewOnce}
          <small className="hint"> {t.viewOnceHint}</small>
        </label>
        <label className="select">
          {t.expiry}{' '}
          <select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRY_OPTIONS.map((o) => (
              <option key={o.id} value={o.id}>
                {t.expiryOptions[o.id]}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="key-actions">
          <button className="primary" type="submit" disabled={busy}>
            {t.send}
          </button>
          <button type="button" onClick={onClose}>
            {t.cancel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
