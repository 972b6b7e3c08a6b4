// Forwarding against the real server: the dialog lists the user's chats (searchable), forwards to
// each chosen one, and the copies arrive marked as forwarded from the original sender. The pinned
// bar shows a pin made elsewhere and unpins it.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Conversation, Message } from '@anytime/protocol';
import { strings } from '../../strings.js';
import { ForwardDialog } from './ForwardDialog.js';
import { PinnedBar } from './PinnedBar.js';
import { group, latest, person, startTestServer, until, wrapper, type Person } from './test-world.js';
import type { ChildServer } from '../../test-support/test-server.js';

let server: ChildServer;
let ann: Person;
let bo: Person;
let chat: Conversation;
let direct: Conversation;
let notes: Conversation;

beforeAll(async () => {
  server = await startTestServer();
  ann = await person(server, 'ann', 'Ann');
  bo = await person(server, 'bo', 'Bo');
  chat = await group(ann, [bo]);
  direct = (await ann.client.api('createConversation', { body: { kind: 'direct', memberIds: [bo.id] } })).conversation;
  notes = (
    await ann.client.api('createConversation', {
      body: { kind: 'group', title: 'Notes and plans', memberIds: [] },
    })
  ).conversation;
  await until(() => [chat, direct, notes].every((c) => ann.client.state.conversations[c.id]) || undefined);
}, 60_000);
afterEach(cleanup);
afterAll(async () => {
  await ann?.client.close();
  await bo?.client.close();
  await server?.close();
}, 30_000);

async function sent(p: Person, c: Conversation, text: string): Promise<Message> {
  await p.client.send(c.id, text);
  return until(async () => {
    const m = await latest(p, c.id);
    return m?.text === text ? m : undefined;
  });
}

describe('ForwardDialog and PinnedBar', { timeout: 30_000 }, () => {
  it('forwards to the chosen chats; the copies are marked forwarded from the sender', async () => {
    const original = await sent(bo, chat, 'worth sharing');
    const closed = vi.fn();
    render(<ForwardDialog message={original} meId={ann.id} onClose={closed} />, { wrapper: wrapper(ann) });
    const dialog = screen.getByRole('dialog', { name: strings.actions.forwardTitle });
    const send = within(dialog).getByRole('button', { name: strings.actions.forwardSend(0) }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(within(dialog).getByRole('searchbox', { name: strings.actions.forwardSearch }), {
      target: { value: 'notes' },
    });
    expect(within(dialog).getAllByRole('checkbox')).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Notes and plans' }));
    fireEvent.change(within(dialog).getByRole('searchbox'), { target: { value: '' } });
    await within(dialog).findByRole('checkbox', { name: 'Bo' }, { timeout: 5000 });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Bo' }));
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: strings.actions.forwardSend(2) }));
      await until(() => closed.mock.calls.length > 0 || undefined);
    });
    for (const c of [notes, direct]) {
      const copy = await latest(ann, c.id);
      expect(copy?.text).toBe('worth sharing');
      expect(copy?.forwarded).toEqual({ senderId: bo.id });
      expect(copy?.senderId).toBe(ann.id);
    }
  });

  it('shows the latest pin, updates when a pin arrives, and unpins', async () => {
    const m = await sent(ann, chat, 'pin me');
    render(<PinnedBar conversation={chat} meId={ann.id} />, { wrapper: wrapper(ann) });
    expect(screen.queryByRole('region', { name: strings.actions.pinnedLabel })).toBeNull();
    await ann.client.api('pinMessage', { params: { id: m.id } });
    const bar = await screen.findByRole('region', { name: strings.actions.pinnedLabel }, { timeout: 5000 });
    expect(within(bar).getByText('pin me')).toBeTruthy();
    fireEvent.click(within(bar).getByRole('button', { name: strings.actions.unpin }));
    await until(() => (screen.queryByRole('region', { name: strings.actions.pinnedLabel }) ? undefined : true));
    const { messages } = await bo.client.api('listPins', { params: { id: chat.id } });
    expect(messages).toEqual([]);
  });

  it('a group member who may not pin sees the pin without an Unpin button', async () => {
    const m = await sent(ann, chat, 'pinned by the owner');
    await ann.client.api('pinMessage', { params: { id: m.id } });
    render(<PinnedBar conversation={chat} meId={bo.id} />, { wrapper: wrapper(bo) });
    const bar = await screen.findByRole('region', { name: strings.actions.pinnedLabel }, { timeout: 5000 });
    expect(within(bar).getByText('pinned by the owner')).toBeTruthy();
    expect(within(bar).queryByRole('button', { name: strings.actions.unpin })).toBeNull();
  });
});
