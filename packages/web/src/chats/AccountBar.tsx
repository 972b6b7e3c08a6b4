// Top of the sidebar: who is signed in, whether the live connection is up, and sign out.
import type { User } from '@anytime/protocol';
import { useConnectionState } from '../client/use-client-store.js';
import { strings } from '../strings.js';

export function AccountBar({ me, onSignOut }: { me: User; onSignOut: () => Promise<void> }) {
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
      <button type="button" onClick={() => void onSignOut()}>
        {strings.auth.signOut}
      </button>
    </header>
  );
}
