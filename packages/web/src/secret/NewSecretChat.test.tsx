// "New secret chat": one username makes a 1:1 secret chat, several (with a name) a secret group,
// unknown usernames are refused, all through the encryption port.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@anytime/protocol';
import type { AnytimeClient } from '@anytime/sdk';
import { ClientProvider } from '../client/client-context.js';
import { EncryptionProvider } from '../crypto/encryption-context.js';
import { KeyGate } from '../crypto/KeyGate.js';
import { strings } from '../strings.js';
import { FakeEncryptionPort } from '../test-support/fake-encryption-port.js';
import { NewSecretChat } from './NewSecretChat.js';

afterEach(cleanup);
const t = strings.secret;
const people: User[] = ['bob', 'cat'].map((u) => ({ id: `id-${u}`, username: u, displayName: u }) as unknown as User);
/** Only what the form calls: the exact-username lookup. */
const client = {
  api: async (_name: string, args: { query: { prefix: string } }) => ({
    users: people.filter((p) => p.username.startsWith(args.query.prefix)),
  }),
} as unknown as AnytimeClient;

function renderForm(port: FakeEncryptionPort, onCreated = vi.fn()) {
  render(
    <ClientProvider client={client}>
      <EncryptionProvider port={port}>
        <KeyGate port={port}>
          <NewSecretChat onCreated={onCreated} />
        </KeyGate>
      </EncryptionProvider>
    </ClientProvider>,
  );
  return onCreated;
}

describe('NewSecretChat', () => {
  it('starts a 1:1 secret chat from one username', async () => {
    const port = new FakeEncryptionPort();
    const onCreated = renderForm(port);
    fireEvent.change(screen.getByLabelText(t.members), { target: { value: '@bob' } });
    const button = screen.getByRole('button', { name: t.newSecretChat });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    await waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
    expect(port.created).toEqual([{ memberIds: ['id-bob'], title: undefined }]);
  });

  it('makes a secret group from several usernames and a name, and refuses unknown people', async () => {
    const port = new FakeEncryptionPort();
    const onCreated = renderForm(port);
    fireEvent.change(screen.getByLabelText(t.members), { target: { value: 'bob cat zed' } });
    fireEvent.change(screen.getByLabelText(t.groupTitle), { target: { value: 'Vault' } });
    const button = screen.getByRole('button', { name: t.newSecretGroup });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toContain(strings.newGroup.unknownUsers(['zed']));
    expect(port.created).toEqual([]);
    fireEvent.change(screen.getByLabelText(t.members), { target: { value: 'bob cat' } });
    fireEvent.click(button);
    await waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
    expect(port.created).toEqual([{ memberIds: ['id-bob', 'id-cat'], title: 'Vault' }]);
  });
});
