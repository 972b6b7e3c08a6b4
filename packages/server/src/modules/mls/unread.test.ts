// Unread counts and mark-as-read in secret chats, against a real database (SQLite, or PostgreSQL
// with ANYTIME_TEST_DB=postgres): urgent application messages from others count; reactions and
// edits (not urgent), one's own messages and commits do not; a message deleted for everyone stops
// counting (its entry says where it was: formerSeq). Reading goes through the cloud chats' receipts
// route, clears the count on every device of the reader and tells the sender; a read position past
// the conversation, or in someone else's conversation, is refused and changes nothing. Only
// urgent messages unarchive the chat for the others.
import { DirectoryAuthService } from '@anytime/crypto';
import type { ConversationState, Event, MlsMessage } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, loginUser } from '../../test-support/harness.js';
import { keyedUser } from '../../test-support/keyed-devices.js';
import * as kit from '../../test-support/secret-chat.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

async function stateOf(token: string, conv: string): Promise<ConversationState> {
  const r = await api<{ states: ConversationState[] }>(s.url, 'GET', '/v1/conversations', { token });
  expect(r.status).toBe(200);
  return r.body.states.find((x) => x.conversationId === conv)!;
}

const allEvents = (token: string) => kit.allEvents(s, token);

const read = (token: string, conv: string, body: Record<string, unknown>) =>
  api(s.url, 'POST', `/v1/conversations/${conv}/receipts`, { token, body });

const lastSeq = (conv: string) => kit.lastSeq(s, conv);

describe('secret chats: unread counts and mark-as-read', () => {
  it('counts urgent messages from others only; deleting one uncounts it; a read clears every device', async () => {
    const [alice, stranger] = await Promise.all([kit.keyed(s), kit.keyed(s)]);
    const [bobKeyed] = await keyedUser(s.url);
    const bob: kit.Dev = {
      token: bobKeyed!.user.token,
      user: bobKeyed!.user.user,
      deviceId: bobKeyed!.deviceId,
      keys: bobKeyed!.keys,
      auth: new DirectoryAuthService(),
    };
    const bob2 = await loginUser(s.url, bobKeyed!.user);
    const { conv, send } = await kit.secretChat(s, alice, bob);

    // Alice's commit (adding bob's device) is no message.
    expect((await stateOf(bob.token, conv)).unreadCount).toBe(0);
    const sent = async (more: Record<string, unknown> = {}) => {
      const r = await send(undefined, more);
      expect(r.status).toBe(201);
      return r.body.message as MlsMessage;
    };
    const m1 = await sent();
    const m2 = await sent({ urgent: true });
    const reaction = await sent({ urgent: false });
    const m3 = await sent();
    expect(reaction.urgent).toBe(false);
    expect((await stateOf(bob.token, conv)).unreadCount).toBe(3);
    expect((await stateOf(bob2.token, conv)).unreadCount).toBe(3);
    // Her own messages are not unread for the sender.
    expect((await stateOf(alice.token, conv)).unreadCount).toBe(0);

    // Deleted for everyone: it no longer counts; the entry names the seq it had.
    const del = await api(s.url, 'DELETE', `/v1/conversations/${conv}/mls/messages/${m2.id}`, { token: alice.token });
    expect(del.status).toBe(200);
    const deleted = del.body.message as MlsMessage;
    expect(deleted).toMatchObject({ kind: 'deleted', formerSeq: m2.seq });
    expect(deleted.seq).toBeGreaterThan(m3.seq);
    const line = await api<{ messages: MlsMessage[] }>(s.url, 'GET', `/v1/conversations/${conv}/mls/messages`, {
      token: bob.token,
    });
    expect(line.body.messages.at(-1)).toEqual(deleted);
    expect((await stateOf(bob.token, conv)).unreadCount).toBe(2);

    // Refused, nothing changes: past the conversation's last seq; someone else's conversation.
    const before = await stateOf(bob.token, conv);
    const last = await lastSeq(conv);
    const past = await read(bob.token, conv, { readSeq: last + 1 });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('invalid_seq');
    expect(past.body.error.message).toContain(`last seq ${last}`);
    const outsider = await read(stranger.token, conv, { readSeq: m1.seq });
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('not_found');
    expect(await stateOf(bob.token, conv)).toEqual(before);
    expect(await lastSeq(conv)).toBe(last);

    // Reading up to m1 on bob's first device: m3 is left.
    const partly = await read(bob.token, conv, { readSeq: m1.seq });
    expect(partly.status).toBe(200);
    expect(partly.body.state).toMatchObject({ readSeq: m1.seq, unreadCount: 1 });
    // Reading everything: zero on both of bob's devices, told to the second one as an event.
    const all = await read(bob.token, conv, { readSeq: last });
    expect(all.body.state).toMatchObject({ readSeq: last, unreadCount: 0 });
    expect((await stateOf(bob2.token, conv)).unreadCount).toBe(0);
    const bob2Events = await allEvents(bob2.token);
    const stateEvents = bob2Events.filter(
      (e): e is Extract<Event, { type: 'conversation.state.updated' }> =>
        e.type === 'conversation.state.updated' && e.state.conversationId === conv,
    );
    expect(stateEvents.at(-1)!.state).toMatchObject({ readSeq: last, unreadCount: 0 });
    // Alice (the sender) learns how far bob read, as in cloud chats: up to her latest urgent message.
    const receipts = (await allEvents(alice.token)).filter(
      (e): e is Extract<Event, { type: 'receipt.updated' }> =>
        e.type === 'receipt.updated' && e.receipt.conversationId === conv,
    );
    expect(receipts.at(-1)!.receipt).toMatchObject({ userId: bob.user.id, readSeq: m3.seq });

    // A new message after the read counts again; a reaction does not.
    await sent();
    await sent({ urgent: false });
    expect((await stateOf(bob2.token, conv)).unreadCount).toBe(1);
  });

  it('only urgent messages unarchive the chat for the others', async () => {
    const [alice, bob] = await Promise.all([kit.keyed(s), kit.keyed(s)]);
    const { conv, send } = await kit.secretChat(s, alice, bob);
    const archive = await api(s.url, 'PATCH', `/v1/conversations/${conv}/state`, {
      token: bob.token,
      body: { archived: true },
    });
    expect(archive.status).toBe(200);
    expect((await send(undefined, { urgent: false })).status).toBe(201);
    expect((await stateOf(bob.token, conv)).archived).toBe(true);
    expect((await send()).status).toBe(201);
    expect((await stateOf(bob.token, conv)).archived).toBe(false);
  });
});
