// The composer takes attachments from the file picker, from images pasted into the text box and
// from files dropped on it; the tray lists them, and Send is enabled without any text.
import { cleanup, createEvent, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '@anytime/protocol';
import { createClient } from '@anytime/sdk';
import { Composer } from '../../chat/Composer.js';
import { ClientProvider } from '../../client/client-context.js';
import { strings } from '../../strings.js';
import { UserDirectoryContext } from '../../users/use-users.js';
import { UserDirectory } from '../../users/user-directory.js';

afterEach(cleanup);

const client = createClient({ baseUrl: 'http://127.0.0.1:9' });
const directory = new UserDirectory(async (id) => (await client.api('getUser', { params: { id } })).user);
const wrapper = ({ children }: { children: ReactNode }) => (
  <ClientProvider client={client}>
    <UserDirectoryContext.Provider value={directory}>{children}</UserDirectoryContext.Provider>
  </ClientProvider>
);
const chat = {
  id: 'c1',
  kind: 'direct',
  memberIds: ['me', 'bo'],
  memberCount: 2,
} as unknown as Conversation;
const png = (name: string) => new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' });

function tray() {
  return screen.queryByRole('list', { name: strings.media.attachments });
}

describe('Composer attachments', () => {
  it('adds picked files, pasted images and dropped files to the tray', () => {
    render(<Composer conversation={chat} meId="me" senderName={() => ''} />, { wrapper });
    const send = screen.getByRole('button', { name: strings.chat.send }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(tray()).toBeNull();

    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, {
      target: { files: [png('a.png'), new File(['x'], 'notes.txt', { type: 'text/plain' })] },
    });
    expect(tray()!.children.length).toBe(2);
    expect(send.disabled).toBe(false);

    const box = screen.getByRole('textbox', { name: strings.chat.composerLabel });
    const paste = createEvent.paste(box, { clipboardData: { files: [png('pasted.png')] } });
    fireEvent(box, paste);
    expect(paste.defaultPrevented).toBe(true);
    expect(tray()!.children.length).toBe(3);

    const form = box.closest('form')!;
    const dataTransfer = { types: ['Files'], files: [png('dropped.png')] };
    fireEvent.dragOver(form, { dataTransfer });
    expect(screen.getByText(strings.media.dropHere)).toBeTruthy();
    fireEvent.drop(form, { dataTransfer });
    expect(screen.queryByText(strings.media.dropHere)).toBeNull();
    expect([...tray()!.querySelectorAll('.attach-item > .name')].map((n) => n.textContent)).toEqual([
      'a.png',
      'notes.txt',
      'pasted.png',
      'dropped.png',
    ]);
    // Text pasted as text is left to the text box.
    const text = createEvent.paste(box, { clipboardData: { files: [] } });
    fireEvent(box, text);
    expect(text.defaultPrevented).toBe(false);
  });
});
