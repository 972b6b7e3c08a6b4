// The settings screen against a real server: it shows the user's settings, a change reaches the
// server, blocked people are listed and can be unblocked, and the theme is kept on this device.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type AnytimeClient } from '@anytime/sdk';
import { startTestServer, type ChildServer } from '../test-support/test-server.js';
import { ClientProvider } from '../client/client-context.js';
import { strings } from '../strings.js';
import { UserDirectory } from '../users/user-directory.js';
import { UserDirectoryContext } from '../users/use-users.js';
import { SettingsPanel } from './SettingsPanel.js';

let server: ChildServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());
afterEach(() => {
  cleanup();
  localStorage.clear();
  delete document.documentElement.dataset['theme'];
});

let n = 0;
async function signedIn(): Promise<AnytimeClient> {
  const client = createClient({ baseUrl: server.url });
  n += 1;
  await client.register({
    username: `set${Date.now().toString(36)}${n}`,
    password: 'correct horse battery',
    displayName: `User ${n}`,
  });
  return client;
}

function renderPanel(client: AnytimeClient) {
  const directory = new UserDirectory(async (id) => (await client.api('getUser', { params: { id } })).user);
  render(
    <ClientProvider client={client}>
      <UserDirectoryContext.Provider value={directory}>
        <SettingsPanel onClose={() => undefined} />
      </UserDirectoryContext.Provider>
    </ClientProvider>,
  );
}

const t = strings.settings;

describe('SettingsPanel', () => {
  it('changes read receipts, last-seen visibility and notification content on the server', async () => {
    const client = await signedIn();
    renderPanel(client);
    const receipts = await screen.findByRole('checkbox', { name: new RegExp(t.readReceipts) });
    expect((receipts as HTMLInputElement).checked).toBe(true);
    fireEvent.click(receipts);
    await waitFor(async () => expect((await client.api('getSettings')).settings.readReceipts).toBe(false));
    fireEvent.change(screen.getByRole('combobox', { name: t.lastSeen }), { target: { value: 'nobody' } });
    await waitFor(async () => expect((await client.api('getSettings')).settings.lastSeen).toBe('nobody'));
    fireEvent.click(screen.getByRole('checkbox', { name: new RegExp(t.hideContent) }));
    await waitFor(async () => expect((await client.api('getSettings')).settings.notificationPreviews).toBe(false));
    await waitFor(() =>
      expect((screen.getByRole('checkbox', { name: new RegExp(t.hideContent) }) as HTMLInputElement).checked).toBe(
        true,
      ),
    );
    await client.close();
  });

  it('lists blocked people by name and unblocks them', async () => {
    const client = await signedIn();
    const other = await signedIn();
    await client.api('blockUser', { body: { userId: other.state.user!.id } });
    renderPanel(client);
    const unblock = await screen.findByRole('button', {
      name: new RegExp(`^${t.unblock} ${other.state.user!.displayName}`),
    });
    fireEvent.click(unblock);
    await screen.findByText(t.noneBlocked);
    expect((await client.api('listBlocks')).blocks).toEqual([]);
    await client.close();
    await other.close();
  });

  it('keeps the theme on this device and sets it on <html>', async () => {
    const client = await signedIn();
    renderPanel(client);
    fireEvent.click(screen.getByRole('radio', { name: t.themes.dark }));
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(localStorage.getItem('anytime.theme')).toBe('dark');
    fireEvent.click(screen.getByRole('radio', { name: t.themes.system }));
    expect(document.documentElement.dataset['theme']).toBeUndefined();
    expect(localStorage.getItem('anytime.theme')).toBeNull();
    await client.close();
  });
});
