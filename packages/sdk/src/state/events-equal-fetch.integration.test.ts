// DESIGN invariant 4, from the client's side: the events a device received (over /v1/sync and
// the socket, across a killed socket) folded into an empty state with applyEvent equal the
// state loaded by a fresh fetch.
import { isDeepStrictEqual } from 'node:util';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, PASSWORD, until } from '../test-support/harness.js';
import { buildWorld } from '../test-support/world.js';
import { applyEvents } from './apply-event.js';
import { emptyState } from './client-state.js';
import { conversationList } from './conversation-list.js';
import { loadState } from './load-state.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('events equal a fresh fetch', () => {
  it('applyEvent over everything a device received equals loadState', async () => {
    const world = await buildWorld(server.url, [2, 1, 2]);
    try {
      const [a0, a1, b0, c0] = world.devices;
      const watched = a1!; // user 0's second device
      const [direct, group, other] = world.conversations;
      // History that the watched device will get over HTTP (it has no cursor yet).
      for (const d of [a0!, b0!, c0!]) await d.client.connect();
      await a0!.client.send(direct!.id, 'before 1');
      await b0!.client.send(group!.id, 'before 2');
      await c0!.client.send(other!.id, 'not for user 0');
      await until(() => [a0!, b0!, c0!].every((d) => d.client.pending.length === 0), 5000, 'early sends');

      await watched.client.connect();
      await watched.client.whenSynced();
      await b0!.client.send(direct!.id, 'live 1');
      await watched.client.send(group!.id, 'from the watched device');
      watched.kill();
      // A message that mentions user 0 (their unread mentions count it).
      await c0!.client.send(group!.id, 'while reconnecting', {
        entities: [{ type: 'mention', userId: world.users[0]!.id, offset: 0, length: 5 }],
      });
      await a0!.client.api('updateMe', { body: { displayName: 'Ann Updated', about: 'testing' } });
      await a0!.client.api('updateSettings', { body: { lastSeen: 'contacts', readReceipts: false } });
      // Contacts and blocks: saved, renamed, removed, blocked and unblocked from another device.
      const [, u1, u2] = world.users;
      await a0!.client.api('saveContact', { body: { userId: u1!.id } });
      await a0!.client.api('saveContact', { body: { userId: u2!.id, name: 'Cee' } });
      await a0!.client.api('saveContact', { body: { userId: u1!.id, name: 'Bee' } });
      await a0!.client.api('removeContact', { params: { id: u2!.id } });
      await a0!.client.api('blockUser', { body: { userId: u1!.id } });
      await a0!.client.api('blockUser', { body: { userId: u2!.id } });
      await a0!.client.api('unblockUser', { params: { id: u1!.id } });
      // A third device of user 0 signs in and is revoked: device.revoked reaches the watched one.
      const extra = device(server.url);
      const { deviceId } = await extra.client.login({ username: world.users[0]!.username, password: PASSWORD });
      await a0!.client.api('revokeDevice', { params: { id: deviceId } });
      // Group changes: a title change, a role change, a removal and an addition (the removed
      // user coming back), each a system message and a new snapshot of the group.
      const [, user1, user2] = world.users;
      await a0!.client.api('updateConversation', { params: { id: group!.id }, body: { title: 'renamed' } });
      await a0!.client.api('setMemberRole', { params: { id: group!.id, userId: user1!.id }, body: { role: 'admin' } });
      await b0!.client.api('removeMember', { params: { id: group!.id, userId: user2!.id } });
      await b0!.client.api('addMembers', { params: { id: group!.id }, body: { userIds: [user2!.id] } });
      // The user's own conversation state, changed from another device and by messages.
      await a0!.client.updateConversationState(group!.id, { pinned: true, draft: { text: 'to the group' } });
      await a0!.client.updateConversationState(direct!.id, { archived: true, draft: { text: 'to b' } });
      await b0!.client.send(direct!.id, 'unarchives the direct chat');
      await until(() => b0!.client.pending.length === 0, 5000, 'unarchiving send');
      await a0!.client.api('reportReceipts', { params: { id: group!.id }, body: { readSeq: 2 } });
      await a0!.client.send(group!.id, 'clears the draft');
      await until(() => a0!.client.pending.length === 0, 5000, 'draft-clearing send');
      await a0!.client.updateConversationState(group!.id, { mutedUntil: 'forever' });
      // Reading from the other side: receipts reach user 0 (the sender).
      const directLast = b0!.client.state.conversations[direct!.id]?.lastSeq ?? 1;
      await b0!.client.markRead(direct!.id, directLast);
      await b0!.client.send(group!.id, 'last');
      await until(() => world.devices.every((d) => d.client.pending.length === 0), 5000, 'sends');
      await Promise.all(world.devices.map((d) => d.client.receiptsIdle()));
      await until(
        () => watched.events.some((e) => e.type === 'message.created' && e.message.text === 'last'),
        5000,
        'last event',
      );
      // An unread message edited to mention user 0 counts as a mention too.
      const last = b0!.client.state.messages[group!.id]!.find((m) => m.text === 'last')!;
      await b0!.client.api('editMessage', {
        params: { id: last.id },
        body: { text: 'last', entities: [{ type: 'mention', userId: world.users[0]!.id, offset: 0, length: 4 }] },
      });
      await until(
        () => watched.events.some((e) => e.type === 'message.updated' && e.message.id === last.id),
        5000,
        'edit event',
      );
      // Delivered reports of other devices are asynchronous: wait until their receipts arrived.
      let fresh = await loadState(watched.client.call);
      await until(
        async () => {
          fresh = await loadState(watched.client.call);
          return isDeepStrictEqual(watched.client.state, fresh);
        },
        5000,
        'receipts to settle',
      ).catch(() => undefined);
      expect(watched.events.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'user.updated',
          'device.revoked',
          'settings.updated',
          'contact.saved',
          'contact.removed',
          'block.added',
          'block.removed',
        ]),
      );
      // Some events came over HTTP sync, others over the socket.
      const overSocket = watched.frames.filter(
        (f) => f.type !== 'hello' && f.type !== 'synced' && f.type !== 'pong' && f.type !== 'ack',
      );
      expect(overSocket.length).toBeGreaterThan(0);
      expect(overSocket.length).toBeLessThan(watched.events.length);

      // Folded from the state the client starts with once signed in (it knows who it is).
      const folded = applyEvents({ ...emptyState(), user: world.users[0]! }, watched.events);
      expect(folded).toEqual(fresh);
      expect(watched.client.state).toEqual(fresh);
      // The list built from events previews the same last messages, in the same order, as the server's list.
      const listed = await watched.client.api('listConversations');
      const items = conversationList(folded);
      expect(items.map((i) => i.conversation.id)).toEqual(listed.conversations.map((c) => c.id));
      expect(items.map((i) => i.lastMessage)).toEqual(listed.lastMessages);
      expect(fresh.user).toMatchObject({ displayName: 'Ann Updated', about: 'testing' });
      expect(fresh.settings).toEqual({ readReceipts: false, lastSeen: 'contacts', notificationPreviews: true });
      expect(Object.values(fresh.contacts)).toEqual([
        expect.objectContaining({ userId: world.users[1]!.id, name: 'Bee' }),
      ]);
      expect(Object.keys(fresh.blocks)).toEqual([world.users[2]!.id]);
      expect(Object.keys(fresh.conversations).sort()).toEqual([direct!.id, group!.id].sort());
      // The watched device's send races its killed socket: the outbox may resend it after
      // 'while reconnecting' (seen on PostgreSQL under load), so these two may come either way.
      const timeline = fresh.messages[group!.id]!.map((m) => m.system?.action ?? m.text);
      expect([timeline[0], ...timeline.slice(1, 3).sort(), ...timeline.slice(3)]).toEqual([
        'before 2',
        'from the watched device',
        'while reconnecting',
        'conversation_updated',
        'role_changed',
        'member_removed',
        'members_added',
        'clears the draft',
        'last',
      ]);
      expect(fresh.conversations[group!.id]).toMatchObject({
        title: 'renamed',
        memberCount: 3,
        ownerId: world.users[0]!.id,
        adminIds: [user1!.id],
      });
      expect(watched.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['conversation.updated', 'member.role_changed', 'member.removed', 'member.added']),
      );
      expect(fresh.conversationStates[group!.id]).toMatchObject({
        mutedUntil: 'forever',
        draft: null,
        archived: false,
        // Read up to 'before 2'; 'while reconnecting' and 'last' are from others (system items do not count).
        readSeq: 2,
        unreadCount: 2,
        unreadMentions: 2,
      });
      expect(fresh.conversationStates[group!.id]!.pinnedAt).not.toBeNull();
      expect(fresh.conversationStates[direct!.id]).toMatchObject({ archived: false, draft: { text: 'to b' } });
      // User 0 turned read receipts off above: b's reading is not shown to them, delivery is.
      expect(fresh.receipts[direct!.id]?.[world.users[1]!.id]?.readSeq).toBe(0);
      expect(fresh.receipts[direct!.id]?.[world.users[1]!.id]?.deliveredSeq).toBeGreaterThan(0);
      expect(watched.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['conversation.state.updated', 'receipt.updated']),
      );
      await extra.client.close();
    } finally {
      await world.close();
    }
  });
});
