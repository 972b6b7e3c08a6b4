// A sealed message's chat-list preview says "Sealed message" (with its state), never anything else.
import type { Conversation, ConversationState, Message } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import { rowPreview } from './row-preview.js';

const message = (sealed: Message['sealed']): Message =>
  ({
    id: 'm1',
    conversationId: 'c1',
    seq: 3,
    senderId: 'bob',
    senderDeviceId: 'd',
    clientId: 'x',
    text: '',
    replyToId: null,
    mediaIds: [],
    media: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    system: null,
    entities: [],
    quote: null,
    forwarded: null,
    editedAt: null,
    deletedAt: null,
    expiresAt: null,
    updatedSeq: 3,
    reactions: [],
    pin: null,
    sealed,
  }) as Message;

const input = (m: Message) => ({
  conversation: { id: 'c1', kind: 'direct', memberCount: 2 } as Conversation,
  state: {} as ConversationState,
  lastMessage: m,
  meId: 'alice',
  typing: [],
  user: () => undefined,
});

describe('row preview of a sealed message', () => {
  it('names it by state', () => {
    const summary = { suite: 'x25519-hkdf-sha256-aes128gcm', viewOnce: true, expiresAt: null } as const;
    expect(rowPreview(input(message({ ...summary, state: 'sealed' })))).toEqual({
      kind: 'message',
      prefix: '',
      text: '🔒 Sealed message',
    });
    expect(rowPreview(input(message({ ...summary, state: 'opened' }))).text).toBe('🔒 Sealed message · opened');
    expect(rowPreview(input(message({ ...summary, state: 'expired' }))).text).toBe('🔒 Sealed message · expired');
    expect(rowPreview(input(message(null))).text).toBe('');
  });
});
