// Whether someone is signed in on this device: restores the stored session at start, signs in,
// up and out, and follows the SDK when the server ends the session (revoked device).
import { useCallback, useEffect, useState } from 'react';
import type { User } from '@anytime/protocol';
import { ApiError, NotSignedInError } from '@anytime/sdk';
import type { AuthMode, Credentials } from '../auth/validate-credentials.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { unsubscribePush } from '../pwa/push-subscription.js';

export type SessionStatus =
  | { status: 'starting' }
  | { status: 'signedOut' }
  | { status: 'unreachable'; error: string }
  | { status: 'signedIn'; me: User };

export interface SessionView {
  session: SessionStatus;
  retry: () => void;
  signIn: (mode: AuthMode, c: Credentials) => Promise<void>;
  signOut: () => Promise<void>;
}

const signedOutError = (e: unknown) => e instanceof NotSignedInError || (e instanceof ApiError && e.status === 401);

export function useSession(): SessionView {
  const client = useClient();
  const [session, setSession] = useState<SessionStatus>({ status: 'starting' });

  const start = useCallback(async () => {
    setSession({ status: 'starting' });
    try {
      await client.connect();
      const { user } = await client.api('me');
      setSession({ status: 'signedIn', me: user });
    } catch (e) {
      setSession(signedOutError(e) ? { status: 'signedOut' } : { status: 'unreachable', error: errorText(e) });
    }
  }, [client]);

  useEffect(() => {
    void start();
    return client.on('signedOut', () => setSession({ status: 'signedOut' }));
  }, [client, start]);

  const signIn = useCallback(
    async (mode: AuthMode, c: Credentials) => {
      const displayName = c.displayName.trim();
      const res =
        mode === 'signUp'
          ? await client.register({
              username: c.username,
              password: c.password,
              ...(displayName ? { displayName } : {}),
            })
          : await client.login({ username: c.username, password: c.password });
      await client.connect();
      setSession({ status: 'signedIn', me: res.user });
    },
    [client],
  );

  const signOut = useCallback(async () => {
    try {
      // While the session is still valid: the server forgets this device's push subscription.
      await unsubscribePush(client).catch(() => undefined);
      await client.logout();
    } catch {
      // The session is forgotten on this device even when the server could not be told.
    }
    setSession({ status: 'signedOut' });
  }, [client]);

  return { session, retry: () => void start(), signIn, signOut };
}
