// The warning in a chat with someone whose identity key changed (a reinstall, a new phone — or
// someone else): "Alice's safety number changed. Verify", shown until acknowledged (OK) or
// verified.
import { useEncryption } from '../crypto/encryption-context.js';
import { strings } from '../strings.js';

export interface KeyChangeBannerProps {
  /** The other members of the chat. */
  userIds: readonly string[];
  name: (userId: string) => string;
  onVerify: (userId: string) => void;
}

export function KeyChangeBanner({ userIds, name, onVerify }: KeyChangeBannerProps) {
  const port = useEncryption();
  if (!port) return null;
  const changed = port.keyChanges().filter((id) => userIds.includes(id));
  if (changed.length === 0) return null;
  const t = strings.secret;
  return (
    <div className="key-change-banners">
      {changed.map((id) => (
        <p key={id} className="key-change-banner" role="alert">
          <span>{t.keyChanged(name(id))}</span>{' '}
          <button type="button" className="link" onClick={() => onVerify(id)}>
            {t.keyChangedVerify}
          </button>{' '}
          <button type="button" className="link" onClick={() => void port.acknowledgeKeyChange(id)}>
            {t.keyChangedDismiss}
          </button>
        </p>
      ))}
    </div>
  );
}
