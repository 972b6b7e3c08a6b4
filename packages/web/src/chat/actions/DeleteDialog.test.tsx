// The delete dialog against the real server: "Delete for everyone" is offered only when the rules
// allow it; for everyone leaves a tombstone every member sees; for me hides the message for the
// user only; a refusal shows the catalog text.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Conversation, Message } from '@anytime/protocol';
import { strings } from '../../strings.js';
import { DeleteDialog } from './DeleteDialog.js';
import { messagePermissions } from './permissions.js';
import { group, latest, person, startTestServer, until, wrapper, type Person } from './test-world.js';
import type { ChildServer } from '../../test-support/test-server.js';

let server: ChildServer;
let ann: Person;
let bo: Person;
let chat: Conversation;

beforeAll(async () => {
  server = await startTestServer();
  ann = await person(server, 'ann', 'Ann');
  bo = await person(server, 'bo', 'Bo');
  chat = await group(ann, [bo]);
}, 60_000);
afterEach(cleanup);
afterAll(async () => {
  await ann?.client.close();
  await bo?.client.close();
  await server?.close();
}, 30_000);

async function sent(p: Person, text: string): Promise<Message> {
  await p.client.send(chat.id, text);
  return until(async () => {
    const m = await latest(p, chat.id);
    return m?.text === text ? m : undefined;
  });
}

function dialog(p: Person, m: Message, canDeleteForEveryone: boolean, onClose = vi.fn()) {
  render(
    <DeleteDialog
      canDeleteForEveryone={canDeleteForEveryone}
      onDeleteForMe={async () => void (await p.client.api('hideMessage', { params: { id: m.id } }))}
      onDeleteForEveryone={async () => void (await p.client.api('deleteMessage', { params: { id: m.id } }))}
      onClose={onClose}
    />,
    { wrapper: wrapper(p) },
  );
  return onClose;
}

describe('DeleteDialog', { timeout: 30_000 }, () => {
  it('a member deletes the owner’s message for themselves only', async () => {
    const m = await sent(ann, 'from ann');
    expect(messagePermissions(chat, m, bo.id).deleteForEveryone).toBe(false);
    const closed = dialog(bo, m, false);
    expect(screen.getByRole('dialog', { name: strings.actions.deleteTitle })).toBeTruthy();
    expect(screen.queryByRole('button', { name: strings.actions.deleteForEveryone })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: strings.actions.deleteForMe }));
      await until(() => closed.mock.calls.length > 0 || undefined);
    });
    const { messages } = await bo.client.api('listMessages', { params: { id: chat.id }, query: {} });
    expect(messages.some((x) => x.id === m.id)).toBe(false);
    expect((await latest(ann, chat.id))?.id).toBe(m.id);
  });

  it('the sender deletes for everyone: both see a tombstone', async () => {
    const m = await sent(bo, 'oops');
    expect(messagePermissions(chat, m, bo.id).deleteForEveryone).toBe(true);
    const closed = dialog(bo, m, true);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: strings.actions.deleteForEveryone }));
      await until(() => closed.mock.calls.length > 0 || undefined);
    });
    const seen = await latest(ann, chat.id);
    expect(seen?.id).toBe(m.id);
    expect(seen?.deletedAt).not.toBeNull();
    expect(seen?.text).toBe('');
  });

  it('shows the server’s refusal with the catalog text and stays open', async () => {
    const m = await sent(ann, 'not yours to delete');
    const closed = dialog(bo, m, true);
    fireEvent.click(screen.getByRole('button', { name: strings.actions.deleteForEveryone }));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.errors.forbidden);
    expect(closed).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(closed).toHaveBeenCalledOnce();
  });
});
