// The page: a start-up screen, the sign-in form, or the chats, depending on the session, under
// the PWA notices (update available, turn on notifications).
import { AuthForm } from '../auth/AuthForm.js';
import { ChatApp } from '../chats/ChatApp.js';
import { NotificationsNotice, UpdateNotice } from '../pwa/PwaNotices.js';
import { applyTheme, storedTheme } from '../settings/theme.js';
import '../settings/theme.css';
import { strings } from '../strings.js';
import { useSession, type SessionView } from './use-session.js';

// The theme chosen on this device applies before the first paint of the app.
applyTheme(storedTheme());

export function App() {
  const view = useSession();
  return (
    <div className="app-frame">
      <UpdateNotice />
      {view.session.status === 'signedIn' && <NotificationsNotice key={view.session.me.id} />}
      <Screen {...view} />
    </div>
  );
}

function Screen({ session, retry, signIn, signOut }: SessionView) {
  switch (session.status) {
    case 'starting':
      return (
        <main className="center" aria-busy="true">
          <p>{strings.loading}</p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="center">
          <p className="error" role="alert">
            {session.error}
          </p>
          <button className="primary" type="button" onClick={retry}>
            {strings.retry}
          </button>
        </main>
      );
    case 'signedOut':
      return (
        <main className="center">
          <AuthForm onSubmit={signIn} />
        </main>
      );
    case 'signedIn':
      return <ChatApp key={session.me.id} me={session.me} onSignOut={signOut} />;
  }
}
