// Top of the sidebar: who is signed in, whether the live connection is up, the profile and
// settings panels, and sign out.
import type { User } from '@anytime/protocol';
import { useConnectionState } from '../client/use-client-store.js';
import { strings } from '../strings.js';

export interface AccountBarProps {
  me: User;
  onSignOut: () => Promise<void>;
  onProfile: () => void;
  onSettings: () => void;
}

export function AccountBar({ me, onSignOut, onProfile, onSettings }: AccountBarProps) {
  const connection = useConnectionState();
  return (
    <header className="account-bar">
      <div className="who">
        <p className="brand-line">
          <span className="brand">{strings.appName}</span>
          <span className={`connection ${connection}`} role="status">
            {strings.connection[connection]}
          </span>
        </p>
        <p className="signed-in-as">{strings.auth.signedInAs(me.displayName || me.username)}</p>
      </div>
      <div className="account-actions">
        <button type="button" onClick={onProfile} aria-label={strings.profile.open}>
          <span aria-hidden="true">👤</span>
        </button>
        <button type="button" onClick={onSettings} aria-label={strings.settings.open}>
          <span aria-hidden="true">⚙</span>
        </button>
        <button type="button" onClick={() => void onSignOut()}>
          {strings.auth.signOut}
        </button>
      </div>
    </header>
  );
}
