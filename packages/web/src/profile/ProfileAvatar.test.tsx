// The profile's avatar control against a real server: choosing an image uploads it and shows it,
// removing it goes back to the initial, and a file that is no image is refused before upload.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type AnytimeClient } from '@anytime/sdk';
import type { User } from '@anytime/protocol';
import { startTestServer, type ChildServer } from '../test-support/test-server.js';
import { ClientProvider } from '../client/client-context.js';
import { strings } from '../strings.js';
import { ProfilePanel } from './ProfilePanel.js';

let server: ChildServer;
const created: Blob[] = [];
beforeAll(async () => {
  server = await startTestServer();
  // jsdom's Blob cannot read itself: read through its FileReader as a browser's Blob would.
  Blob.prototype.arrayBuffer ??= function (this: Blob) {
    return new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
      reader.readAsArrayBuffer(this);
    });
  };
  // jsdom has no object URLs: note which images were turned into one.
  URL.createObjectURL = (blob: Blob) => {
    created.push(blob);
    return `blob:test/${created.length}`;
  };
});
afterAll(() => server?.close());
afterEach(cleanup);

let n = 0;
async function signedIn(): Promise<{ client: AnytimeClient; me: User }> {
  const client = createClient({ baseUrl: server.url });
  n += 1;
  const { user } = await client.register({
    username: `ava${Date.now().toString(36)}${n}`,
    password: 'correct horse battery',
    displayName: `Zed ${n}`,
  });
  return { client, me: user };
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(40).fill(7)]);
const t = strings.avatar;

function renderPanel(client: AnytimeClient, me: User) {
  render(
    <ClientProvider client={client}>
      <ProfilePanel me={me} onClose={() => undefined} onSignOut={async () => undefined} />
    </ClientProvider>,
  );
}

describe('profile avatar', () => {
  it('uploads the chosen image, shows it, and removes it', async () => {
    const { client, me } = await signedIn();
    renderPanel(client, me);
    const avatar = () => screen.getByRole('img', { name: t.of(me.displayName) });
    expect(avatar().textContent).toBe('Z');

    fireEvent.change(screen.getByLabelText(t.choose), {
      target: { files: [new File([png], 'me.png', { type: 'image/png' })] },
    });
    await waitFor(() => expect(avatar().querySelector('img')?.getAttribute('src')).toMatch(/^blob:test\//));
    const { user } = await client.api('me');
    expect(user.avatarUrl).toBe(`/v1/users/${me.id}/avatar?v=1`);
    // What is shown is the server's copy, fetched with the access token.
    const shown = created.at(-1)!;
    expect(shown.type).toBe('image/png');
    expect(new Uint8Array(await shown.arrayBuffer())).toEqual(png);

    fireEvent.click(screen.getByRole('button', { name: t.remove }));
    await waitFor(() => expect(avatar().querySelector('img')).toBeNull());
    expect(avatar().textContent).toBe('Z');
    expect((await client.api('me')).user.avatarUrl).toBeNull();
    expect(screen.getByRole('button', { name: t.choose })).toBeTruthy();
  });

  it('refuses a file that is no image, or too large, without uploading', async () => {
    const { client, me } = await signedIn();
    renderPanel(client, me);
    fireEvent.change(screen.getByLabelText(t.choose), {
      target: { files: [new File(['hello'], 'notes.txt', { type: 'text/plain' })] },
    });
    expect((await screen.findByRole('alert')).textContent).toBe(t.notImage);
    fireEvent.change(screen.getByLabelText(t.choose), {
      target: { files: [new File([png, new Uint8Array(600_000)], 'big.png', { type: 'image/png' })] },
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(t.tooLarge));
    // A PNG-named file whose bytes are no image: the server says so.
    fireEvent.change(screen.getByLabelText(t.choose), {
      target: { files: [new File(['not really'], 'fake.png', { type: 'image/png' })] },
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(strings.errors.invalid_image));
    expect((await client.api('me')).user.avatarUrl).toBeNull();
  });
});
