// Notices above the app: "a new version is available" (with Reload), and, once signed in, a
// one-time offer to turn on notifications. Both sit in the page flow, never over the app.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useClient } from '../client/client-context.js';
import { strings } from '../strings.js';
import { pushPermission, subscribePush } from './push-subscription.js';
import { applyUpdate, onUpdateWaiting, updateWaiting } from './register.js';
import './pwa.css';

export function UpdateNotice() {
  const waiting = useSyncExternalStore(onUpdateWaiting, updateWaiting);
  if (!waiting) return null;
  return (
    <div className="pwa-notice" role="status">
      <p>{strings.pwa.updateAvailable}</p>
      <button type="button" className="primary" onClick={applyUpdate}>
        {strings.pwa.reload}
      </button>
    </div>
  );
}

const DISMISSED = 'anytime.notifications.dismissed';

function dismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED) === '1';
  } catch {
    return false;
  }
}

/** Offers notifications once; with permission already granted, keeps the subscription current. */
export function NotificationsNotice() {
  const client = useClient();
  const [permission, setPermission] = useState(pushPermission);
  const [hidden, setHidden] = useState(dismissed);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Already allowed: register again on every start (the server drops a subscription that its
    // push service says is gone).
    if (pushPermission() !== 'granted') return;
    subscribePush(client).catch((e: unknown) => console.warn('push subscription failed', e));
  }, [client]);

  const turnOn = useCallback(async () => {
    setError(null);
    const answer = await Notification.requestPermission();
    setPermission(answer);
    if (answer === 'denied') setError(strings.pwa.notificationsBlocked);
    if (answer === 'granted') await subscribePush(client);
  }, [client]);

  const notNow = useCallback(() => {
    try {
      localStorage.setItem(DISMISSED, '1');
    } catch {
      // Private mode: it is offered again next time.
    }
    setHidden(true);
  }, []);

  if (error) {
    return (
      <div className="pwa-notice" role="alert">
        <p>{error}</p>
        <button type="button" onClick={() => setError(null)}>
          {strings.chat.dismiss}
        </button>
      </div>
    );
  }
  if (permission !== 'default' || hidden) return null;
  return (
    <div className="pwa-notice" role="region" aria-label={strings.pwa.turnOnNotifications}>
      <p>{strings.pwa.notificationsPrompt}</p>
      <div className="pwa-notice-actions">
        <button
          type="button"
          className="primary"
          onClick={() => void turnOn().catch(() => setError(strings.pwa.notificationsFailed))}
        >
          {strings.pwa.turnOnNotifications}
        </button>
        <button type="button" onClick={notNow}>
          {strings.pwa.notNow}
        </button>
      </div>
    </div>
  );
}
