// The history's rendering of every message field, receipts, typing, the message action entry
// points and keyboard navigation, and that a 10,000-message history renders only a window.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message, SystemAction } from '@anytime/protocol';
import { testMessage } from '@anytime/protocol/testing';
import { strings } from '../../strings.js';
import { MessageList, type MessageListProps } from '../MessageList.js';
import { buildTimeline } from '../timeline.js';
import type { MessageReceipt } from './MessageBubble.js';

afterEach(cleanup);

const names: Record<string, string> = { me: 'Me', bob: 'Bob', eve: 'Eve' };
const senderName = (id: string) => names[id] ?? id;
const msg = (seq: number, fields: Partial<Message> = {}): Message =>
  testMessage({ conversationId: 'c', seq, senderId: 'bob', createdAt: new Date().toISOString(), ...fields });
const items = (...messages: Message[]) => buildTimeline('c', { stored: [messages], pending: [], failed: [] });

function renderList(list: Message[], props: Partial<MessageListProps> = {}) {
  return render(
    <MessageList items={items(...list)} meId="me" senderName={senderName} showSenders={false} {...props} />,
  );
}
const historyList = () => screen.getByRole('list', { name: strings.chat.historyLabel });
const row = (text: string) => screen.getByText(text).closest('li')!;

describe('MessageList history', () => {
  it('separates days and marks where the unread messages start', () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    renderList(
      [msg(1, { createdAt: yesterday, text: 'old' }), msg(2, { text: 'new one' }), msg(3, { text: 'newer' })],
      {
        unreadAfterSeq: 1,
      },
    );
    expect(within(row('old')).getByText(strings.history.yesterday)).toBeTruthy();
    expect(within(row('new one')).getByText(strings.history.today)).toBeTruthy();
    expect(within(row('new one')).getByText(strings.history.unreadDivider)).toBeTruthy();
    expect(screen.getAllByText(strings.history.unreadDivider)).toHaveLength(1);
    expect(within(row('newer')).queryByText(strings.history.today)).toBeNull();
  });

  it('places the unread divider from a read position that becomes known after the first render', () => {
    const list = items(msg(1, { text: 'read' }), msg(2, { text: 'unread' }));
    const { rerender } = render(
      <MessageList items={list} meId="me" senderName={senderName} showSenders={false} loading />,
    );
    expect(screen.queryByText(strings.history.unreadDivider)).toBeNull();
    rerender(<MessageList items={list} meId="me" senderName={senderName} showSenders={false} unreadAfterSeq={1} />);
    expect(within(row('unread')).getByText(strings.history.unreadDivider)).toBeTruthy();
    // Reading moves the SDK's position, not the divider.
    rerender(<MessageList items={list} meId="me" senderName={senderName} showSenders={false} unreadAfterSeq={2} />);
    expect(within(row('unread')).getByText(strings.history.unreadDivider)).toBeTruthy();
  });

  it('shows a deleted message as a tombstone, and forwarded, edited, pinned and starred marks', () => {
    renderList(
      [
        msg(1, { text: '', deletedAt: new Date().toISOString() }),
        msg(2, {
          id: 'fw',
          text: 'passed on',
          forwarded: { senderId: 'eve' },
          editedAt: new Date().toISOString(),
          pin: { by: 'bob', at: new Date().toISOString() },
        }),
      ],
      { starred: { fw: new Date().toISOString() } },
    );
    expect(screen.getByText(strings.history.deleted)).toBeTruthy();
    const fw = row('passed on');
    expect(within(fw).getByText(strings.history.forwardedFrom('Eve'))).toBeTruthy();
    expect(within(fw).getByText(strings.history.edited)).toBeTruthy();
    expect(within(fw).getByText(strings.history.pinned)).toBeTruthy();
    expect(within(fw).getByText(strings.history.starred)).toBeTruthy();
    expect(within(row(strings.history.deleted)).queryByText(strings.history.starred)).toBeNull();
  });

  it('highlights mentions from entities, mine more, and shows a link preview card', () => {
    const text = 'hi @Me and @Eve see https://example.org';
    renderList([
      msg(1, {
        text,
        entities: [
          { type: 'mention', userId: 'me', offset: 3, length: 3 },
          { type: 'mention', userId: 'eve', offset: 11, length: 4 },
        ],
        linkPreview: {
          url: 'https://example.org',
          canonicalUrl: null,
          title: 'Example Domain',
          description: 'For examples',
          siteName: 'Example',
          imageUrl: null,
        },
      }),
    ]);
    const mentions = historyList().querySelectorAll('.mention');
    expect([...mentions].map((m) => [m.textContent, m.classList.contains('mention-me')])).toEqual([
      ['@Me', true],
      ['@Eve', false],
    ]);
    const card = screen.getByRole('link', { name: `${strings.history.linkPreview}: Example Domain` });
    expect(card.getAttribute('href')).toBe('https://example.org');
    expect(card.textContent).toContain('For examples');
  });

  it('shows the reply quote; clicking it highlights a loaded original, or loads earlier pages to find it', () => {
    const onLoadEarlier = vi.fn();
    const original = msg(1, { id: 'orig', senderId: 'me', text: 'Lunch?' });
    const reply = msg(2, { replyToId: 'orig', quote: { senderId: 'me', text: 'Lunch?' }, text: 'Yes!' });
    const { unmount } = renderList([original, reply]);
    const quote = screen.getByRole('button', { name: strings.history.quoteJump(strings.chat.you) });
    expect(quote.textContent).toContain('Lunch?');
    fireEvent.click(quote);
    const first = within(historyList()).getAllByRole('listitem')[0]!;
    expect(first.textContent).toContain('Lunch?');
    expect(first.querySelector('.message')!.className).toContain('highlighted');
    unmount();

    renderList([msg(5, { replyToId: 'far', quote: { senderId: 'bob', text: 'way back' }, text: 'reply' })], {
      hasEarlier: true,
      onLoadEarlier,
    });
    onLoadEarlier.mockClear();
    fireEvent.click(screen.getByRole('button', { name: strings.history.quoteJump('Bob') }));
    expect(onLoadEarlier).toHaveBeenCalled();
  });

  it('shows and highlights a message asked for from outside (a search result), or loads earlier pages for it', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      msg(i + 1, { id: `m${i + 1}`, text: `message number ${i + 1}` }),
    );
    const { unmount } = renderList(many, { focusMessageId: 'm10' });
    expect(row('message number 10').querySelector('.message')!.className).toContain('highlighted');
    unmount();

    const onLoadEarlier = vi.fn();
    renderList(many.slice(200), { focusMessageId: 'm10', hasEarlier: true, onLoadEarlier });
    expect(onLoadEarlier).toHaveBeenCalled();
    expect(screen.queryByText('message number 10')).toBeNull();
  });

  it('shows reaction chips with counts, mine pressed, who reacted in the title, and toggles on click', () => {
    const onToggleReaction = vi.fn();
    const m = msg(1, {
      text: 'party',
      reactions: [
        { emoji: '🎉', count: 2, userIds: ['me', 'eve'] },
        { emoji: '👍', count: 12, userIds: ['bob'] },
      ],
    });
    renderList([m], { onToggleReaction });
    const party = screen.getByRole('button', { name: strings.history.reaction('🎉', 2, true) });
    expect(party.getAttribute('aria-pressed')).toBe('true');
    expect(party.title).toBe('You, Eve');
    const thumbs = screen.getByRole('button', { name: strings.history.reaction('👍', 12, false) });
    expect(thumbs.getAttribute('aria-pressed')).toBe('false');
    expect(thumbs.title).toBe('Bob and 11 more');
    fireEvent.click(thumbs);
    expect(onToggleReaction).toHaveBeenCalledWith(m, '👍');
  });

  it('shows pending, sent, delivered and read on my messages only', () => {
    const ticks: Record<number, MessageReceipt> = {
      1: { ticks: 'sent', readBy: null },
      2: { ticks: 'delivered', readBy: null },
      3: { ticks: 'read', readBy: null },
    };
    const list = [1, 2, 3].map((s) => msg(s, { senderId: 'me', text: `mine ${s}` }));
    const timeline = buildTimeline('c', {
      stored: [[...list, msg(4, { text: 'theirs' })]],
      pending: [
        { conversationId: 'c', clientId: 'p', text: 'on its way', order: 1, createdAt: new Date().toISOString() },
      ],
      failed: [],
    });
    render(
      <MessageList
        items={timeline}
        meId="me"
        senderName={senderName}
        showSenders={false}
        receiptOf={(m) => ticks[m.seq]}
      />,
    );
    const state = (text: string) => row(text).querySelector('[data-receipt]')?.getAttribute('data-receipt') ?? null;
    expect(['mine 1', 'mine 2', 'mine 3', 'theirs', 'on its way'].map(state)).toEqual([
      'sent',
      'delivered',
      'read',
      null,
      'pending',
    ]);
    expect(within(row('mine 3')).getByText(strings.history.read)).toBeTruthy();
  });

  it('in groups, "Read by N" opens who read the message and who got it', async () => {
    const loadReceipts = vi.fn().mockResolvedValue({ readBy: ['bob'], deliveredTo: ['eve'] });
    renderList([msg(1, { senderId: 'me', text: 'hello all' })], {
      receiptOf: () => ({ ticks: 'delivered', readBy: 1 }),
      loadReceipts,
    });
    const button = screen.getByRole('button', { name: strings.history.readBy(1) });
    await act(async () => fireEvent.click(button));
    const panel = screen.getByRole('group', { name: strings.history.readBy(1) });
    expect(panel.textContent).toContain(`${strings.history.readByHeading}Bob`);
    expect(panel.textContent).toContain(`${strings.history.deliveredToHeading}Eve`);
    expect(loadReceipts).toHaveBeenCalledWith(expect.objectContaining({ seq: 1 }));
  });

  it('shows who is typing under the history', () => {
    const { rerender } = renderList([msg(1)], { typingNames: ['Bob'] });
    expect(screen.getByText(strings.history.typing(['Bob']))).toBeTruthy();
    expect(strings.history.typing(['Bob'])).toBe('Bob is typing…');
    rerender(
      <MessageList items={items(msg(1))} meId="me" senderName={senderName} showSenders typingNames={['Bob', 'Eve']} />,
    );
    expect(screen.getByText('Bob and Eve are typing…')).toBeTruthy();
  });

  it('says what every kind of system message did', () => {
    const actions: SystemAction[] = [
      'members_added',
      'member_joined',
      'member_removed',
      'member_left',
      'role_changed',
      'owner_changed',
      'conversation_updated',
    ];
    const list = actions.map((action, i) =>
      msg(i + 1, {
        text: '',
        system: {
          action,
          actorId: 'bob',
          userIds: ['eve'],
          role: 'admin',
          fields: ['title'],
          title: 'T',
          announcementsOnly: null,
        },
      }),
    );
    renderList(list);
    const lines = [...historyList().querySelectorAll('.message.system .text')].map((p) => p.textContent);
    expect(lines).toEqual(actions.map((a) => strings.chat.system(a, 'Bob', 'Eve', 'admin')));
  });

  it('opens message actions from the ⋯ button, right-click and Shift+F10', () => {
    const onOpenActions = vi.fn();
    const m = msg(1, { text: 'act on me' });
    renderList([m], { onOpenActions });
    const bubble = row('act on me').querySelector<HTMLElement>('.message')!;
    fireEvent.click(within(bubble).getByRole('button', { name: strings.history.actions }));
    fireEvent.contextMenu(bubble);
    fireEvent.keyDown(bubble, { key: 'F10', shiftKey: true });
    fireEvent.keyDown(bubble, { key: 'ContextMenu' });
    expect(onOpenActions).toHaveBeenCalledTimes(4);
    for (const [message, anchor] of onOpenActions.mock.calls) {
      expect(message).toBe(m);
      expect(anchor).toBeInstanceOf(HTMLElement);
    }
  });

  it('moves focus between messages with the arrow keys, Home and End', () => {
    renderList([msg(1, { text: 'one' }), msg(2, { text: 'two' }), msg(3, { text: 'three' })]);
    const rows = within(historyList()).getAllByRole('listitem');
    expect(rows.map((r) => r.tabIndex)).toEqual([-1, -1, 0]);
    rows[2]!.focus();
    fireEvent.keyDown(rows[2]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(row('two'));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(row('one'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(row('two'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(row('three'));
  });

  it('reports the newest message on screen as read when the window has focus', () => {
    const onReadUpTo = vi.fn();
    const focus = vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    renderList([msg(1), msg(2)], { onReadUpTo });
    expect(onReadUpTo).toHaveBeenLastCalledWith(2);
    focus.mockReturnValue(false);
    onReadUpTo.mockClear();
    renderList([msg(3)], { onReadUpTo });
    expect(onReadUpTo).not.toHaveBeenCalled();
    focus.mockRestore();
  });

  it('renders only a window of rows of a 10,000-message history', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => msg(i + 1, { text: `message number ${i + 1}` }));
    renderList(many);
    const rendered = within(historyList()).getAllByRole('listitem');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]!.getAttribute('aria-setsize')).toBe('10000');
    expect(screen.queryByText('message number 5000')).toBeNull();
  });
});
