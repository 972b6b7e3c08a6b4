// Sealed messages against an in-memory port: the composer sends the secret with its options;
// the bubble reveals only on a tap, shows the secret until closed, and a view-once secret is
// gone afterwards; the sender sees the reveal log grow; previews say "Sealed message".
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConversationState, SEALED_SUITE, type Message, type SealedSummary } from '@anytime/protocol';
import { testConversation, testMessage } from '@anytime/protocol/testing';
import { rowPreview } from '../chats/row-preview.js';
import { EncryptionProvider, useEncryption } from '../crypto/encryption-context.js';
import { strings } from '../strings.js';
import { FakeEncryptionPort } from '../test-support/fake-encryption-port.js';
import { SealedBubble } from './SealedBubble.js';
import { SealedComposer } from './SealedComposer.js';
import { sealedInfoOf } from './sealed-info.js';

afterEach(cleanup);
const t = strings.sealed;

function sealedMessage(viewOnce: boolean, senderId = 'bob'): Message {
  const sealed: SealedSummary = { suite: SEALED_SUITE, viewOnce, expiresAt: null, state: 'sealed' };
  return { ...testMessage({ id: 'm1', conversationId: 'c1', seq: 3, senderId, text: '' }), sealed };
}

function Bubble({ message, me }: { message: Message; me: string }) {
  const port = useEncryption();
  return <SealedBubble info={sealedInfoOf(message, me, port)} fromMe={message.senderId === me} name={(id) => id} />;
}

describe('SealedComposer', () => {
  it('sends the secret with view-once and the expiry chosen, and refuses an empty one', async () => {
    const port = new FakeEncryptionPort();
    const onClose = vi.fn();
    render(<SealedComposer port={port} conversationId="c1" onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: t.send }));
    expect((await screen.findByRole('alert')).textContent).toContain(t.empty);
    fireEvent.change(screen.getByLabelText(t.secret), { target: { value: 'IBAN DE89 3704 0044 0532 0130 00' } });
    fireEvent.click(screen.getByLabelText(new RegExp(t.viewOnce)));
    fireEvent.change(screen.getByLabelText(new RegExp(t.expiry)), { target: { value: 'day' } });
    fireEvent.click(screen.getByRole('button', { name: t.send }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(port.sent).toEqual([
      {
        conversationId: 'c1',
        draft: { text: 'IBAN DE89 3704 0044 0532 0130 00', viewOnce: true, expiresInSeconds: 86_400 },
      },
    ]);
  });
});

describe('SealedBubble', () => {
  it('reveals on a tap only, shows the secret until closed, and a view-once secret is gone after', async () => {
    const port = new FakeEncryptionPort();
    port.secrets.set('m1', 'door code 4711');
    render(
      <EncryptionProvider port={port}>
        <Bubble message={sealedMessage(true)} me="ann" />
      </EncryptionProvider>,
    );
    expect(screen.queryByText('door code 4711')).toBeNull();
    expect(screen.getByRole('button', { name: t.reveal }).textContent).toContain(t.bubble);
    fireEvent.click(screen.getByRole('button', { name: t.reveal }));
    expect(await screen.findByText('door code 4711')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: t.close }));
    await waitFor(() => expect(screen.queryByText('door code 4711')).toBeNull());
    expect(screen.getByText(t.opened)).toBeTruthy();
    expect(screen.queryByRole('button', { name: t.reveal })).toBeNull();
  });

  it('can be revealed again when it is not view-once', async () => {
    const port = new FakeEncryptionPort();
    port.secrets.set('m1', 'wifi: hunter22');
    render(
      <EncryptionProvider port={port}>
        <Bubble message={sealedMessage(false)} me="ann" />
      </EncryptionProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: t.reveal }));
    fireEvent.click(await screen.findByRole('button', { name: t.close }));
    fireEvent.click(await screen.findByRole('button', { name: t.reveal }));
    expect(await screen.findByText('wifi: hunter22')).toBeTruthy();
  });

  it('shows the sender the reveal log, updating as openings arrive', async () => {
    const port = new FakeEncryptionPort();
    render(
      <EncryptionProvider port={port}>
        <Bubble message={sealedMessage(false, 'ann')} me="ann" />
      </EncryptionProvider>,
    );
    expect(screen.queryByRole('button', { name: t.reveal })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: t.log }));
    expect(await screen.findByText(t.logEmpty)).toBeTruthy();
    act(() =>
      port.addReveal('m1', {
        userId: 'bob',
        deviceId: 'd2',
        deviceName: 'Chrome (web)',
        openedAt: new Date().toISOString(),
      }),
    );
    const list = await screen.findByRole('list', { name: t.log });
    expect(list.textContent).toContain('bob on Chrome (web)');
  });

  it('says expired, opened (recipient) and opened-by-everyone (sender) without a reveal button', () => {
    const port = new FakeEncryptionPort();
    const expired = sealedMessage(false);
    expired.sealed = { ...expired.sealed!, state: 'expired' };
    const gone = { ...sealedMessage(true), id: 'm2' };
    gone.sealed = { ...gone.sealed!, state: 'opened' };
    render(
      <EncryptionProvider port={port}>
        <Bubble message={expired} me="ann" />
        <Bubble message={gone} me="ann" />
        <Bubble message={{ ...gone, id: 'm3', senderId: 'ann' }} me="ann" />
      </EncryptionProvider>,
    );
    expect(screen.getByText(t.expired)).toBeTruthy();
    expect(screen.getByText(t.opened)).toBeTruthy();
    expect(screen.getByText(t.deleted)).toBeTruthy();
    expect(screen.queryByRole('button', { name: t.reveal })).toBeNull();
  });
});

describe('sealed previews', () => {
  it('never show the secret or its text in the chat list', () => {
    const conversation = testConversation({ id: 'c1', memberIds: ['me', 'bob'] });
    const p = rowPreview({
      conversation,
      state: defaultConversationState('c1'),
      lastMessage: { ...sealedMessage(false), text: 'should never show' },
      meId: 'me',
      typing: [],
      user: () => undefined,
    });
    expect(p).toEqual({ kind: 'message', prefix: '', text: strings.chatList.sealed('sealed') });
    expect(JSON.stringify(p)).not.toContain('should never show');
  });
});
