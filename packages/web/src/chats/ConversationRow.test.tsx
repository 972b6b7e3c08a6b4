// A chat list row: the preview in each of its forms, the unread badge (grey when muted), the
// pinned and muted marks, and the actions menu opened from ⋯.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConversationState, type ConversationState, type Message, type User } from '@anytime/protocol';
import { testConversation, testMessage } from '@anytime/protocol/testing';
import type { ConversationListItem } from '@anytime/sdk';
import { strings } from '../strings.js';
import { ConversationRow } from './ConversationRow.js';

afterEach(cleanup);

const NOW = new Date('2030-01-02T12:00:00.000Z');
const users: Record<string, User> = {
  me: { id: 'me', username: 'me', displayName: 'Me Myself', about: '', avatarUrl: null } as unknown as User,
  bob: { id: 'bob', username: 'bob', displayName: 'Bob', about: '', avatarUrl: null } as unknown as User,
  cat: { id: 'cat', username: 'cat', displayName: 'Cat', about: '', avatarUrl: null } as unknown as User,
};
const direct = testConversation({ id: 'd1', memberIds: ['me', 'bob'] });
const group = testConversation({ id: 'g1', kind: 'group', title: 'Family', memberIds: [], memberCount: 3 });

function item(
  kind: 'direct' | 'group',
  last: Partial<Message> | null,
  state: Partial<ConversationState> = {},
): ConversationListItem {
  const conversation = kind === 'direct' ? direct : group;
  return {
    conversation,
    state: { ...defaultConversationState(conversation.id), ...state },
    lastMessage: last
      ? testMessage({ conversationId: conversation.id, seq: 5, createdAt: NOW.toISOString(), ...last })
      : null,
  };
}

function renderRow(i: ConversationListItem, typing: string[] = [], onAction = vi.fn()) {
  render(
    <ul>
      <ConversationRow
        item={i}
        meId="me"
        typing={typing}
        user={(id) => users[id]}
        open={false}
        onOpen={vi.fn()}
        onAction={onAction}
        now={() => NOW}
      />
    </ul>,
  );
  return screen.getAllByRole('button')[0]!;
}

describe('ConversationRow', () => {
  it('shows the other person as title and their last message without a prefix', () => {
    const row = renderRow(item('direct', { senderId: 'bob', text: 'see you' }));
    expect(row.textContent).toContain('Bob');
    expect(row.querySelector('.conversation-preview')?.textContent).toBe('see you');
  });

  it('prefixes the user’s own message with “You:” and a group message with the sender', () => {
    renderRow(item('direct', { senderId: 'me', text: 'on my way' }));
    expect(document.querySelector('.conversation-preview')?.textContent).toBe('You: on my way');
    cleanup();
    renderRow(item('group', { senderId: 'cat', text: 'dinner at 7' }));
    expect(document.querySelector('.conversation-preview')?.textContent).toBe('Cat: dinner at 7');
  });

  it('says a deleted message was deleted and puts system items in words', () => {
    renderRow(item('group', { senderId: 'bob', text: '', deletedAt: NOW.toISOString() }));
    expect(document.querySelector('.conversation-preview')?.textContent).toBe(`Bob: ${strings.chatList.deleted}`);
    cleanup();
    renderRow(
      item('group', {
        senderId: 'bob',
        text: '',
        system: {
          action: 'members_added',
          actorId: 'bob',
          userIds: ['cat'],
          role: null,
          fields: [],
          title: null,
          announcementsOnly: null,
        },
      }),
    );
    expect(document.querySelector('.conversation-preview')?.textContent).toBe('Bob added Cat');
  });

  it('puts calls in words: missed for the callee, the length of completed ones', () => {
    const callMessage = (actorId: string, outcome: 'missed' | 'completed', durationMs: number) =>
      item('direct', {
        senderId: actorId,
        text: '',
        system: {
          action: 'call',
          actorId,
          userIds: [],
          role: null,
          fields: [],
          title: null,
          announcementsOnly: null,
          call: { callId: 'k1', media: 'audio', outcome, durationMs },
        },
      });
    renderRow(callMessage('bob', 'missed', 0));
    expect(document.querySelector('.conversation-preview')?.textContent).toBe('Missed voice call');
    cleanup();
    renderRow(callMessage('me', 'completed', 65_000));
    expect(document.querySelector('.conversation-preview')?.textContent).toBe('Voice call · 1:05');
  });

  it('shows the draft in place of the last message, marked “Draft:”', () => {
    renderRow(
      item(
        'direct',
        { senderId: 'bob', text: 'hi' },
        { draft: { text: 'half written', updatedAt: NOW.toISOString() } },
      ),
    );
    const preview = document.querySelector('.conversation-preview')!;
    expect(preview.textContent).toBe(`${strings.chatList.draftPrefix}half written`);
    expect(preview.querySelector('.draft-label')).not.toBeNull();
  });

  it('shows who is typing over the draft and the last message', () => {
    renderRow(item('group', { senderId: 'bob', text: 'hi' }, { draft: { text: 'x', updatedAt: NOW.toISOString() } }), [
      'cat',
    ]);
    expect(document.querySelector('.conversation-preview')?.textContent).toBe(strings.chatList.nameTyping('Cat'));
    cleanup();
    renderRow(item('direct', null), ['bob']);
    expect(document.querySelector('.conversation-preview')?.textContent).toBe(strings.chatList.typing);
  });

  it('shows an unread badge, grey and with a muted mark when muted; none when all is read', () => {
    renderRow(item('direct', { senderId: 'bob' }, { unreadCount: 3 }));
    const badge = screen.getByLabelText(strings.chatList.unread(3));
    expect(badge.textContent).toBe('3');
    expect(badge.className).not.toContain('badge-muted');
    expect(screen.queryByLabelText(strings.chatList.muted)).toBeNull();
    cleanup();
    renderRow(item('direct', { senderId: 'bob' }, { unreadCount: 2, mutedUntil: 'forever' }));
    expect(screen.getByLabelText(strings.chatList.unread(2)).className).toContain('badge-muted');
    expect(screen.getByLabelText(strings.chatList.muted)).toBeTruthy();
    cleanup();
    // A mute that ended is no mute.
    renderRow(item('direct', { senderId: 'bob' }, { unreadCount: 1, mutedUntil: '2030-01-02T11:00:00.000Z' }));
    expect(screen.queryByLabelText(strings.chatList.muted)).toBeNull();
    cleanup();
    renderRow(item('direct', { senderId: 'bob' }, { unreadCount: 0 }));
    expect(document.querySelector('.badge')).toBeNull();
  });

  it('shows an @ badge while there are unread mentions', () => {
    renderRow(item('group', { senderId: 'bob' }, { unreadCount: 4, unreadMentions: 2 }));
    expect(screen.getByLabelText(strings.chatList.mentions(2)).textContent).toBe('@');
    expect(screen.getByLabelText(strings.chatList.unread(4))).toBeTruthy();
    cleanup();
    renderRow(item('group', { senderId: 'bob' }, { unreadCount: 4, unreadMentions: 0 }));
    expect(document.querySelector('.badge-mention')).toBeNull();
  });

  it('marks a pinned chat and a group without messages shows its member count', () => {
    renderRow(item('group', null, { pinnedAt: NOW.toISOString() }));
    expect(screen.getByLabelText(strings.chatList.pinned)).toBeTruthy();
    expect(document.querySelector('.conversation-preview')?.textContent).toBe(strings.conversations.members(3));
  });

  it('opens its menu from ⋯ and from a right click, and reports the chosen action', () => {
    const onAction = vi.fn();
    renderRow(item('direct', { senderId: 'bob' }, { unreadCount: 1 }), [], onAction);
    fireEvent.click(screen.getByRole('button', { name: strings.chatList.menuButton('Bob') }));
    const menu = screen.getByRole('menu', { name: strings.chatList.menuLabel('Bob') });
    expect(menu).toBeTruthy();
    fireEvent.click(screen.getByRole('menuitem', { name: strings.chatList.pin }));
    expect(onAction).toHaveBeenCalledWith({ type: 'pin', pinned: true });
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.contextMenu(document.querySelector('.chat-row')!);
    fireEvent.click(screen.getByRole('menuitem', { name: strings.chatList.markRead }));
    expect(onAction).toHaveBeenLastCalledWith({ type: 'markRead' });
  });
});
