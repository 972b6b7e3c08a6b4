// A sealed message in the timeline: "Sealed message · tap to reveal" until an explicit tap, then
// the secret until "Close" (a view-once message is gone afterwards), or its opened / expired /
// deleted state. The sender sees the reveal log instead of a reveal button for others.
import { useState } from 'react';
import { formatWhen } from '../app/format-time.js';
import { errorText } from '../client/error-text.js';
import { useEncryption } from '../crypto/encryption-context.js';
import type { SealedInfo } from '../crypto/encryption-port.js';
import { LockIcon } from '../secret/LockIcon.js';
import { strings } from '../strings.js';
import { RevealLog } from './RevealLog.js';
import './sealed.css';

export interface SealedBubbleProps {
  info: SealedInfo;
  fromMe: boolean;
  name: (userId: string) => string;
}

export function SealedBubble({ info, fromMe, name }: SealedBubbleProps) {
  const port = useEncryption();
  const t = strings.sealed;
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [logOpen, setLogOpen] = useState(false);
  const expired = info.expiresAt !== null && Date.parse(info.expiresAt) <= Date.now();

  async function reveal() {
    if (!port || busy) return;
    setBusy(true);
    setError(null);
    try {
      setSecret(await port.reveal(info.messageId));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  function close() {
    setSecret(null);
    port?.close(info.messageId);
  }

  const state = secret === null && expired && info.state === 'sealed' ? 'expired' : info.state;
  return (
    <div className="sealed-bubble" data-state={secret !== null ? 'revealed' : state}>
      {secret !== null ? (
        <div className="sealed-secret" role="region" aria-label={t.open}>
          <p className="sealed-text">{secret}</p>
          <button type="button" onClick={close} data-autofocus>
            {t.close}
          </button>
        </div>
      ) : state === 'sealed' && fromMe ? (
        <p className="sealed-state">
          <LockIcon /> {t.open}
        </p>
      ) : state === 'sealed' ? (
        <button
          type="button"
          className="sealed-reveal"
          onClick={() => void reveal()}
          aria-label={t.reveal}
          disabled={busy}
        >
          <LockIcon /> {busy ? t.revealing : t.bubble}
        </button>
      ) : (
        <p className="sealed-state">
          <LockIcon /> {state === 'opened' ? t.opened : state === 'expired' ? t.expired : t.deleted}
        </p>
      )}
      <p className="sealed-meta hint">
        {info.viewOnce && <span>{t.viewOnceBadge}</span>}
        {info.expiresAt && state === 'sealed' && <span>{t.expiresAt(formatWhen(info.expiresAt))}</span>}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {fromMe && (
        <>
          <button type="button" className="link" aria-expanded={logOpen} onClick={() => setLogOpen((v) => !v)}>
            {t.log}
          </button>
          {logOpen && <RevealLog messageId={info.messageId} name={name} />}
        </>
      )}
    </div>
  );
}
