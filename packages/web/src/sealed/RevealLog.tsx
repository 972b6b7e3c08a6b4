// The sender's reveal log of a sealed message: who opened it, on which device, when. It loads
// when opened and again whenever the port reports a change (a new opening arrives as an event).
import { useEffect, useState } from 'react';
import { formatWhen } from '../app/format-time.js';
import { errorText } from '../client/error-text.js';
import { useEncryption } from '../crypto/encryption-context.js';
import type { RevealEntry } from '../crypto/encryption-port.js';
import { strings } from '../strings.js';

export function RevealLog({ messageId, name }: { messageId: string; name: (userId: string) => string }) {
  const port = useEncryption();
  const [entries, setEntries] = useState<RevealEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = strings.sealed;

  useEffect(() => {
    if (!port) return;
    let live = true;
    const load = () =>
      port.revealLog(messageId).then(
        (e) => live && (setEntries(e), setError(null)),
        (e: unknown) => live && setError(errorText(e)),
      );
    void load();
    const off = port.subscribe(() => void load());
    return () => {
      live = false;
      off();
    };
  }, [port, messageId]);

  return (
    <div className="reveal-log">
      <h4>{t.log}</h4>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries && entries.length === 0 && <p className="hint">{t.logEmpty}</p>}
      {entries && entries.length > 0 && (
        <ul aria-label={t.log}>
          {entries.map((e) => (
            <li key={`${e.userId}/${e.deviceId}/${e.openedAt}`}>
              {t.logEntry(name(e.userId), e.deviceName, formatWhen(e.openedAt))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
