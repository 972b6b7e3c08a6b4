// The message list: stored messages show as sent, unacknowledged sends as "Sending…", failed
// sends with their reason; the timeline merges sources without duplicates.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '@anytime/protocol';
import type { PendingMessage } from '@anytime/sdk';
import { strings } from '../strings.js';
import { MessageList } from './MessageList.js';
import { buildTimeline } from './timeline.js';
import { testMessage } from '@anytime/protocol/testing';

afterEach(cleanup);

const conv = 'c1';
const message = (seq: number, senderId: string, text: string, clientId = `cid-${seq}`): Message =>
  testMessage({
    id: `m${seq}`,
    conversationId: conv,
    seq,
    senderId,
    senderDeviceId: `${senderId}-d`,
    clientId,
    text,
    replyToId: null,
    mediaIds: [],
    createdAt: '2030-01-02T10:0' + (seq % 10) + ':00.000Z',
  });
const pending = (clientId: string, text: string, order: number): PendingMessage => ({
  conversationId: conv,
  clientId,
  text,
  order,
  createdAt: '2030-01-02T10:09:00.000Z',
});

const names: Record<string, string> = { me: 'Me', bob: 'Bob' };
const renderList = (items: ReturnType<typeof buildTimeline>, onDismiss = vi.fn()) =>
  render(
    <MessageList
      items={items}
      meId="me"
      senderName={(id) => names[id] ?? id}
      showSenders={false}
      onDismiss={onDismiss}
    />,
  );

describe('MessageList', () => {
  it('shows a system message as a line naming who did what', () => {
    const system = {
      action: 'members_added' as const,
      actorId: 'bob',
      userIds: ['me'],
      role: null,
      fields: [],
      title: null,
      announcementsOnly: null,
    };
    const items = buildTimeline(conv, {
      stored: [[{ ...message(2, 'bob', ''), system }, message(3, 'bob', 'welcome')]],
      pending: [],
      failed: [],
    });
    renderList(items);
    const rows = within(screen.getByRole('list', { name: strings.chat.historyLabel })).getAllByRole('listitem');
    expect(rows[0]!.querySelector('.message')!.className).toContain('system');
    expect(rows.map((r) => r.querySelector('.text')?.textContent)).toEqual(['Bob added You', 'welcome']);
  });

  it('shows acknowledged messages as sent and outbox messages as sending, in order', () => {
    const items = buildTimeline(conv, {
      stored: [[message(2, 'bob', 'hi there'), message(3, 'me', 'hello bob')]],
      pending: [pending('p1', 'on my way', 1), { ...pending('other', 'elsewhere', 2), conversationId: 'c2' }],
      failed: [],
    });
    renderList(items);
    const list = screen.getByRole('list', { name: strings.chat.historyLabel });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('.text')?.textContent)).toEqual(['hi there', 'hello bob', 'on my way']);

    const [theirs, sent, sending] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(theirs.querySelector('.message')!.className).toContain('theirs');
    expect(within(theirs).queryByText(strings.chat.sent)).toBeNull();
    expect(within(theirs).queryByText(strings.chat.sending)).toBeNull();

    expect(sent.querySelector('.message')!.className).toContain('mine');
    expect(within(sent).getByText(strings.chat.sent)).toBeTruthy();
    expect(within(sent).queryByText(strings.chat.sending)).toBeNull();

    expect(sending.querySelector('.message')!.className).toContain('pending');
    expect(within(sending).getByText(strings.chat.sending)).toBeTruthy();
    expect(within(sending).queryByText(strings.chat.sent)).toBeNull();
  });

  it('turns a pending message into a sent one when its stored copy arrives (no duplicate)', () => {
    const p = pending('p1', 'on my way', 1);
    const { rerender } = renderList(buildTimeline(conv, { stored: [], pending: [p], failed: [] }));
    expect(screen.getByText(strings.chat.sending)).toBeTruthy();
    const acked = message(4, 'me', 'on my way', 'p1');
    // The ack and the event can both arrive while the outbox still holds the send.
    const items = buildTimeline(conv, { stored: [[acked], [acked]], pending: [p], failed: [] });
    rerender(<MessageList items={items} meId="me" senderName={(id) => names[id] ?? id} showSenders={false} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.queryByText(strings.chat.sending)).toBeNull();
    expect(screen.getByText(strings.chat.sent)).toBeTruthy();
  });

  it('shows a failed send with the catalog reason and can dismiss it', () => {
    const onDismiss = vi.fn();
    const items = buildTimeline(conv, {
      stored: [],
      pending: [],
      failed: [{ pending: pending('p9', 'x'.repeat(10), 1), error: { code: 'forbidden', message: 'not a member' } }],
    });
    renderList(items, onDismiss);
    expect(screen.getByRole('alert').textContent).toContain(strings.chat.failed(strings.errors.forbidden));
    fireEvent.click(screen.getByRole('button', { name: strings.chat.dismiss }));
    expect(onDismiss).toHaveBeenCalledWith('p9');
  });

  it('names the sender of other people’s messages in groups', () => {
    const items = buildTimeline(conv, { stored: [[message(2, 'bob', 'hey all')]], pending: [], failed: [] });
    render(<MessageList items={items} meId="me" senderName={(id) => names[id] ?? id} showSenders />);
    expect(screen.getByText('Bob')).toBeTruthy();
  });
});
