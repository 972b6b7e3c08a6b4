// Message actions in a secret chat, against an in-memory encryption port (any cloud API call
// would fail: the client points nowhere): a decrypted message offers reply, copy and delete but
// not pin, star or forward, and edit only on my own (no edit history, which is server-side);
// reactions, edits and deletions go through the port (a reaction replaces the user's earlier one;
// tapping your own takes it back); only the sender may delete for everyone. The secret composer
// sends a reply with the message it answers, edits in place (Save), and Escape cancels either.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Message } from '@anytime/protocol';
import { testConversation } from '@anytime/protocol/testing';
import { createClient } from '@anytime/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useChatActions } from '../chat/actions/use-chat-actions.js';
import { QUICK_REACTIONS } from '../chat/actions/recent-emoji.js';
import { EDIT_WINDOW_MS } from '../chat/actions/permissions.js';
import { ClientProvider } from '../client/client-context.js';
import { EncryptionProvider } from '../crypto/encryption-context.js';
import { strings } from '../strings.js';
import { FakeEncryptionPort } from '../test-support/fake-encryption-port.js';
import { SecretComposer } from './SecretComposer.js';
import { secretTimelineMessage } from './secret-timeline.js';

afterEach(cleanup);

const client = createClient({ baseUrl: 'http://127.0.0.1:9' });
const conv = testConversation({ id: 'c1', kind: 'direct', encryption: 'mls' });
const message = (
  id: string,
  senderId: string,
  reactions: { userId: string; emoji: string }[] = [],
  editedAt: string | null = null,
) =>
  secretTimelineMessage(
    {
      id,
      conversationId: 'c1',
      seq: 5,
      senderId,
      senderDeviceId: 'd',
      text: `text of ${id}`,
      createdAt: new Date().toISOString(),
    },
    { reactions, editedAt },
  );

function Harness({ m }: { m: Message }) {
  const actions = useChatActions(conv, 'me');
  return (
    <>
      <button type="button" onClick={(e) => actions.openActions(m, e.currentTarget)}>
        open
      </button>
      {actions.composerMode && (
        <p>
          {actions.composerMode.kind === 'edit' ? 'editing' : 'replying to'} {actions.composerMode.message.id}
        </p>
      )}
      {actions.error && <p role="alert">{actions.error}</p>}
      {actions.overlays}
    </>
  );
}

function renderActions(m: Message) {
  const port = new FakeEncryptionPort();
  port.secretTimeline.set('c1', [m]);
  render(
    <ClientProvider client={client}>
      <EncryptionProvider port={port}>
        <Harness m={m} />
      </EncryptionProvider>
    </ClientProvider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'open' }));
  return port;
}

const labels = () => screen.getAllByRole('menuitem').map((i) => i.textContent);

describe('message actions in a secret chat', () => {
  it('offers reply, copy, edit and delete on my own message, and deletes it for everyone through the port', async () => {
    const port = renderActions(message('m1', 'me', [], new Date().toISOString()));
    const items = labels();
    expect(items).toEqual(
      expect.arrayContaining([
        strings.actions.reply,
        strings.actions.copy,
        strings.actions.edit,
        strings.actions.delete,
      ]),
    );
    for (const cloudOnly of [
      strings.actions.pin,
      strings.actions.star,
      strings.actions.forward,
      strings.actions.editHistory,
    ]) {
      expect(items).not.toContain(cloudOnly);
    }
    fireEvent.click(screen.getByRole('menuitem', { name: strings.actions.delete }));
    fireEvent.click(await screen.findByRole('button', { name: strings.actions.deleteForEveryone }));
    await waitFor(() => expect(port.deleted).toEqual([{ conversationId: 'c1', messageId: 'm1', forEveryone: true }]));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('edits my own message in the window: the menu puts the composer in edit mode', () => {
    renderActions(message('m6', 'me'));
    fireEvent.click(screen.getByRole('menuitem', { name: strings.actions.edit }));
    expect(screen.getByText('editing m6')).toBeTruthy();
  });

  it("offers no edit on someone else's message, nor on mine after the edit window", () => {
    renderActions(message('m7', 'bob'));
    expect(labels()).not.toContain(strings.actions.edit);
    cleanup();
    const old = secretTimelineMessage({
      id: 'm8',
      conversationId: 'c1',
      seq: 5,
      senderId: 'me',
      senderDeviceId: 'd',
      text: 'old',
      createdAt: new Date(Date.now() - EDIT_WINDOW_MS - 60_000).toISOString(),
    });
    renderActions(old);
    expect(labels()).not.toContain(strings.actions.edit);
  });

  it("deletes someone else's message for me only", async () => {
    const port = renderActions(message('m2', 'bob'));
    fireEvent.click(screen.getByRole('menuitem', { name: strings.actions.delete }));
    await screen.findByRole('button', { name: strings.actions.deleteForMe });
    expect(screen.queryByRole('button', { name: strings.actions.deleteForEveryone })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: strings.actions.deleteForMe }));
    await waitFor(() => expect(port.deleted).toEqual([{ conversationId: 'c1', messageId: 'm2', forEveryone: false }]));
  });

  it('reacts through the port; my own reaction tapped again is taken back', async () => {
    const emoji = QUICK_REACTIONS[0]!;
    const port = renderActions(message('m3', 'bob'));
    fireEvent.click(screen.getAllByRole('menuitem').find((i) => i.textContent === emoji)!);
    await waitFor(() => expect(port.reactions).toEqual([{ conversationId: 'c1', messageId: 'm3', emoji }]));
    cleanup();
    const again = renderActions(message('m4', 'bob', [{ userId: 'me', emoji }]));
    fireEvent.click(screen.getAllByRole('menuitem').find((i) => i.textContent === emoji)!);
    await waitFor(() => expect(again.reactions).toEqual([{ conversationId: 'c1', messageId: 'm4', emoji: null }]));
  });

  it('replies: the menu puts the composer in reply mode', () => {
    renderActions(message('m5', 'bob'));
    fireEvent.click(screen.getByRole('menuitem', { name: strings.actions.reply }));
    expect(screen.getByText('replying to m5')).toBeTruthy();
  });
});

describe('SecretComposer editing', () => {
  it('puts the text in the box, saves the new text through the port, and Escape cancels', async () => {
    const port = new FakeEncryptionPort();
    const done = vi.fn();
    const mine = message('m1', 'me');
    render(
      <EncryptionProvider port={port}>
        <SecretComposer conversationId="c1" editing={mine} onReplyDone={done} />
      </EncryptionProvider>,
    );
    expect(screen.getByRole('status').textContent).toContain(strings.composer.editing);
    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: strings.chat.composerLabel });
    await waitFor(() => expect(box.value).toBe('text of m1'));
    expect(screen.queryByRole('button', { name: strings.media.attach })).toBeNull();
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(done).toHaveBeenCalledOnce();
    fireEvent.change(box, { target: { value: 'text of m1, fixed' } });
    fireEvent.click(screen.getByRole('button', { name: strings.composer.save }));
    await waitFor(() =>
      expect(port.edits).toEqual([{ conversationId: 'c1', messageId: 'm1', text: 'text of m1, fixed' }]),
    );
    expect(port.secretSent).toEqual([]);
    expect(done).toHaveBeenCalledTimes(2);
  });
});

describe('SecretComposer replying', () => {
  it('shows what it answers, sends the reply with it, and Escape cancels', async () => {
    const port = new FakeEncryptionPort();
    const done = vi.fn();
    const original = message('m1', 'bob');
    render(
      <EncryptionProvider port={port}>
        <SecretComposer conversationId="c1" replyTo={original} onReplyDone={done} senderName={() => 'Bob'} />
      </EncryptionProvider>,
    );
    expect(screen.getByRole('status').textContent).toContain(strings.composer.replyingTo('Bob'));
    expect(screen.getByRole('status').textContent).toContain('text of m1');
    const box = screen.getByRole('textbox', { name: strings.chat.composerLabel });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(done).toHaveBeenCalledOnce();
    fireEvent.change(box, { target: { value: 'agreed' } });
    fireEvent.click(screen.getByRole('button', { name: strings.chat.send }));
    await waitFor(() => expect(port.secretSent).toHaveLength(1));
    expect(port.secretSent[0]).toMatchObject({ conversationId: 'c1', text: 'agreed', replyTo: original });
    expect(done).toHaveBeenCalledTimes(2);
  });
});
