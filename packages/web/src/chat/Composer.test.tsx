// The composer against the real server: @mention autocomplete produces entities whose offsets
// are UTF-16 code units (emoji and accented names before and inside), @all is offered to a
// group admin only, edit mode saves with Enter and cancels with Escape, replies carry replyToId.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '@anytime/protocol';
import { strings } from '../strings.js';
import {
  group,
  latest,
  person,
  signInAgain,
  startTestServer,
  until,
  wrapper,
  type Person,
} from './actions/test-world.js';
import type { ChildServer } from '../test-support/test-server.js';
import { Composer } from './Composer.js';

let server: ChildServer;
let ann: Person;
let bo: Person;
let chat: Conversation;

beforeAll(async () => {
  server = await startTestServer();
  ann = await person(server, 'ann', 'Ann Lee');
  bo = await person(server, 'bo', 'Bø Ærø');
  chat = await group(ann, [bo]);
  await until(() => ann.client.state.conversations[chat.id] && bo.client.state.conversations[chat.id]);
}, 60_000);
afterEach(cleanup);
afterAll(async () => {
  await ann?.client.close();
  await bo?.client.close();
  await server?.close();
}, 30_000);

const box = () => screen.getByRole('textbox', { name: strings.chat.composerLabel }) as HTMLTextAreaElement;
const type = (value: string) => fireEvent.change(box(), { target: { value } });
const names = (id: string) => (id === ann.id ? 'Ann Lee' : 'Bø Ærø');

describe('Composer', { timeout: 30_000 }, () => {
  it('picks a mention with the keyboard and sends entities in UTF-16 offsets', async () => {
    render(<Composer conversation={chat} meId={bo.id} senderName={names} />, { wrapper: wrapper(bo) });
    type('🙂 hi @an');
    const list = await screen.findByRole('listbox', { name: strings.composer.mentionList }, { timeout: 5000 });
    const options = Array.from(list.querySelectorAll('[role="option"]'));
    expect(options.map((o) => o.textContent)).toEqual([`@Ann Lee@${ann.username}`]);
    // Not an admin: no @all.
    type('@al');
    expect(screen.queryByRole('listbox')).toBeNull();
    type('🙂 hi @an');
    await screen.findByRole('listbox');
    fireEvent.keyDown(box(), { key: 'Tab' });
    expect(box().value).toBe('🙂 hi @Ann Lee ');
    type('🙂 hi @Ann Lee, café?');
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(box().value).toBe('');
    const sent = await until(async () => {
      const m = await latest(ann, chat.id);
      return m?.text === '🙂 hi @Ann Lee, café?' ? m : undefined;
    });
    expect(sent.entities).toEqual([{ type: 'mention', userId: ann.id, offset: 6, length: 8 }]);
    expect(sent.text.slice(6, 14)).toBe('@Ann Lee');
  });

  it('offers @all to a group admin, arrows move, Enter picks, and sends a mention_all entity', async () => {
    render(<Composer conversation={chat} meId={ann.id} senderName={names} />, { wrapper: wrapper(ann) });
    type('Ærø @');
    const list = await screen.findByRole('listbox', {}, { timeout: 5000 });
    await until(() => list.querySelectorAll('[role="option"]').length === 2 || undefined);
    expect(box().getAttribute('aria-activedescendant')).toBe(list.querySelector('[role="option"]')?.id);
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    expect(list.querySelector('[aria-selected="true"]')?.textContent).toContain('@Bø Ærø');
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(box().value).toBe('Ærø @all ');
    fireEvent.click(screen.getByRole('button', { name: strings.chat.send }));
    const sent = await until(async () => {
      const m = await latest(bo, chat.id);
      return m?.text === 'Ærø @all' ? m : undefined;
    });
    expect(sent.entities).toEqual([{ type: 'mention_all', offset: 4, length: 4 }]);
  });

  it('edits a sent message: prefilled, Enter saves; Escape cancels and restores what was typed', async () => {
    await ann.client.send(chat.id, 'first version');
    const original = await until(async () => {
      const m = await latest(ann, chat.id);
      return m?.text === 'first version' ? m : undefined;
    });
    const done = vi.fn();
    const view = render(
      <Composer
        conversation={chat}
        meId={ann.id}
        senderName={names}
        mode={{ kind: 'edit', message: original }}
        onModeDone={done}
      />,
      { wrapper: wrapper(ann) },
    );
    expect(box().value).toBe('first version');
    expect(screen.getByText(strings.composer.editing)).toBeTruthy();
    expect(screen.getByRole('button', { name: strings.composer.save })).toBeTruthy();
    type('second version');
    await act(async () => {
      fireEvent.keyDown(box(), { key: 'Enter' });
      await until(() => done.mock.calls.length > 0 || undefined);
    });
    const edited = await until(async () => {
      const m = await latest(bo, chat.id);
      return m?.id === original.id && m.text === 'second version' ? m : undefined;
    });
    expect(edited.editedAt).not.toBeNull();
    view.unmount();

    const cancel = vi.fn();
    const v2 = render(<Composer conversation={chat} meId={ann.id} senderName={names} onModeDone={cancel} />, {
      wrapper: wrapper(ann),
    });
    type('keep me');
    v2.rerender(
      <Composer
        conversation={chat}
        meId={ann.id}
        senderName={names}
        mode={{ kind: 'edit', message: edited }}
        onModeDone={cancel}
      />,
    );
    expect(box().value).toBe('second version');
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(cancel).toHaveBeenCalledOnce();
    expect(box().value).toBe('keep me');
  });

  it('shows a server refusal with the catalog text (editing someone else’s message)', async () => {
    const theirs = await until(() => latest(ann, chat.id));
    render(<Composer conversation={chat} meId={bo.id} senderName={names} mode={{ kind: 'edit', message: theirs }} />, {
      wrapper: wrapper(bo),
    });
    type('not mine');
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toBe(strings.errors.forbidden);
  });

  it('replies: shows "Replying to", sends replyToId with the quote, × cancels', async () => {
    const target = await until(() => latest(bo, chat.id));
    const done = vi.fn();
    render(
      <Composer
        conversation={chat}
        meId={bo.id}
        senderName={names}
        mode={{ kind: 'reply', message: target }}
        onModeDone={done}
      />,
      { wrapper: wrapper(bo) },
    );
    expect(screen.getByText(strings.composer.replyingTo('Ann Lee'))).toBeTruthy();
    type('a reply');
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(done).toHaveBeenCalledOnce();
    const reply = await until(async () => {
      const m = await latest(ann, chat.id);
      return m?.text === 'a reply' ? m : undefined;
    });
    expect(reply.replyToId).toBe(target.id);
    expect(reply.quote?.text).toBe(target.text);
    cleanup();

    const cancel = vi.fn();
    render(
      <Composer
        conversation={chat}
        meId={bo.id}
        senderName={names}
        mode={{ kind: 'reply', message: target }}
        onModeDone={cancel}
      />,
      { wrapper: wrapper(bo) },
    );
    fireEvent.click(screen.getByRole('button', { name: strings.composer.cancelReply }));
    expect(cancel).toHaveBeenCalledOnce();
  });

  it('keeps the draft in the conversation state: saved after typing stops, restored on another device', async () => {
    render(<Composer conversation={chat} meId={bo.id} senderName={names} />, { wrapper: wrapper(bo) });
    type('a draft 🙂');
    const second = await signInAgain(server, bo);
    await until(() => second.client.state.conversationStates[chat.id]?.draft?.text === 'a draft 🙂' || undefined);
    cleanup();
    render(<Composer conversation={chat} meId={bo.id} senderName={names} />, { wrapper: wrapper(second) });
    expect(box().value).toBe('a draft 🙂');
    // Sending clears it everywhere.
    fireEvent.keyDown(box(), { key: 'Enter' });
    await until(() => (bo.client.state.conversationStates[chat.id]?.draft === null ? true : undefined));
    await second.client.close();
  });
});
