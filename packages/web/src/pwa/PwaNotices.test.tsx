// The one-time "Turn on notifications" offer: shown only where Web Push exists and the choice
// is still open, "Not now" is remembered, a refusal says how to undo it. (The browser's
// Notification permission is the only stand-in here; subscribing is covered by the e2e test.)
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '@anytime/sdk';
import { ClientProvider } from '../client/client-context.js';
import { strings } from '../strings.js';
import { NotificationsNotice } from './PwaNotices.js';

const g = globalThis as unknown as Record<string, unknown>;

function browserWithPush(permission: NotificationPermission, answer: NotificationPermission) {
  g['Notification'] = { permission, requestPermission: async () => answer };
  g['PushManager'] = class {};
  Object.defineProperty(navigator, 'serviceWorker', { value: {}, configurable: true });
}

function show() {
  // Never reached: nothing here calls the server unless permission is granted.
  const client = createClient({ baseUrl: 'http://127.0.0.1:9' });
  return render(
    <ClientProvider client={client}>
      <NotificationsNotice />
    </ClientProvider>,
  );
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  delete g['Notification'];
  delete g['PushManager'];
  Reflect.deleteProperty(navigator, 'serviceWorker');
});

describe('NotificationsNotice', () => {
  it('offers notifications once; "Not now" is remembered', () => {
    browserWithPush('default', 'default');
    const first = show();
    expect(screen.getByRole('region', { name: strings.pwa.turnOnNotifications })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: strings.pwa.notNow }));
    expect(screen.queryByRole('region', { name: strings.pwa.turnOnNotifications })).toBeNull();
    first.unmount();
    show();
    expect(screen.queryByRole('button', { name: strings.pwa.turnOnNotifications })).toBeNull();
  });

  it('says how to allow them again when the browser refuses', async () => {
    browserWithPush('default', 'denied');
    show();
    fireEvent.click(screen.getByRole('button', { name: strings.pwa.turnOnNotifications }));
    expect((await screen.findByRole('alert')).textContent).toContain(strings.pwa.notificationsBlocked);
  });

  it('shows nothing without Web Push, or once the choice is made', () => {
    show();
    expect(screen.queryByRole('button', { name: strings.pwa.turnOnNotifications })).toBeNull();
    cleanup();
    browserWithPush('denied', 'denied');
    show();
    expect(screen.queryByRole('button', { name: strings.pwa.turnOnNotifications })).toBeNull();
  });
});
