// DESIGN invariant 4 for message actions: edits, reactions, deletes for everyone and for me,
// pins, stars, forwards, mentions, the disappearing timer and expiry, received by a device over
// /v1/sync and the socket (across a killed socket), fold into the same state as a fresh fetch.
// The server sweeps every 50 ms with its clock 400 s ahead, so a 5-minute timer expires at once.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../test-support/harness.js';
import { buildWorld } from '../test-support/world.js';
import { applyEvents } from './apply-event.js';
import { emptyState } from './client-state.js';
import { loadState } from './load-state.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { EXPIRY_SWEEP_INTERVAL_MS: '50', EXPIRY_CLOCK_SKEW_SECONDS: '400' } });
});
afterAll(async () => {
  await server?.close();
});

describe('message actions: events equal a fresh fetch', () => {
  it('applyEvent over everything a device received equals loadState', async () => {
    const world = await buildWorld(server.url, [2, 1, 1]);
    try {
      const [a0, a1, b0, c0] = world.devices;
      const watched = a1!; // user 0's second device
      const [direct, group] = world.conversations;
      const [ua, ub] = world.users;
      for (const d of [a0!, b0!, c0!]) await d.client.connect();
      const send = async (d: typeof a0, conv: string, text: string) => {
        const r = await d!.client.api('sendMessage', {
          params: { id: conv },
          body: { clientId: crypto.randomUUID(), text },
        });
        return r.message;
      };
      // Before the watched device connects: it gets these over HTTP sync.
      await a0!.client.api('updateMe', { body: { about: 'actions' } });
      await a0!.client.api('updateSettings', { body: { lastSeen: 'nobody' } });
      const edited = await send(a0, group!.id, 'first draft');
      await a0!.client.api('editMessage', { params: { id: edited.id }, body: { text: 'final text' } });
      const reacted = await send(b0, group!.id, 'react here');
      await a0!.client.api('addReaction', { params: { id: reacted.id }, body: { emoji: '👍' } });
      await c0!.client.api('addReaction', { params: { id: reacted.id }, body: { emoji: '🎉' } });
      await a0!.client.api('starMessage', { params: { id: reacted.id } });

      await watched.client.connect();
      await watched.client.whenSynced();
      // Live, over the socket.
      await c0!.client.api('removeReaction', { params: { id: reacted.id }, query: { emoji: '🎉' } });
      const doomed = await send(b0, group!.id, 'oops');
      await b0!.client.api('deleteMessage', { params: { id: doomed.id } });
      await a0!.client.api('pinMessage', { params: { id: reacted.id } });
      const hidden = await send(b0, direct!.id, 'hide this for me');
      await a0!.client.api('hideMessage', { params: { id: hidden.id } });
      // Someone reacts after it was hidden: the device must not bring it back.
      await b0!.client.api('addReaction', { params: { id: hidden.id }, body: { emoji: '😀' } });
      watched.kill();
      await a0!.client.api('forwardMessage', {
        params: { id: reacted.id },
        body: { clientId: crypto.randomUUID(), conversationId: direct!.id },
      });
      const text = `hi @${ub!.username}`;
      // Over the socket, through the outbox: the send frame carries the entities.
      await a0!.client.send(group!.id, text, {
        entities: [{ type: 'mention', userId: ub!.id, offset: 3, length: text.length - 3 }],
      });
      await until(() => a0!.client.pending.length === 0, 5000, 'mention send');
      await a0!.client.api('unstarMessage', { params: { id: reacted.id } });
      await a0!.client.api('starMessage', { params: { id: edited.id } });
      // Disappearing messages: on, one message that expires at once, off again.
      await b0!.client.api('setTimer', { params: { id: direct!.id }, body: { seconds: 300 } });
      const ephemeral = await send(b0, direct!.id, 'gone soon');
      await until(
        async () =>
          (await a0!.client.api('listMessages', { params: { id: direct!.id }, query: {} })).messages.every(
            (m) => m.id !== ephemeral.id,
          ),
        5000,
        'expiry',
      );
      await a0!.client.api('setTimer', { params: { id: direct!.id }, body: { seconds: 0 } });
      await a0!.client.api('setTimer', { params: { id: group!.id }, body: { seconds: 3600 } });
      await send(c0, group!.id, 'last');

      const fresh = await loadState(watched.client.call);
      await until(
        () => watched.events.some((e) => e.type === 'message.created' && e.message.text === 'last'),
        5000,
        'last event',
      );
      const types = new Set(watched.events.map((e) => e.type));
      for (const t of [
        'message.updated',
        'message.hidden',
        'message.starred',
        'messages.expired',
        'conversation.timer_set',
      ] as const) {
        expect(types.has(t), t).toBe(true);
      }
      const folded = applyEvents(emptyState(), watched.events);
      expect(folded).toEqual(fresh);
      expect(watched.client.state).toEqual(fresh);

      const groupMessages = fresh.messages[group!.id]!;
      expect(groupMessages.find((m) => m.id === edited.id)).toMatchObject({ text: 'final text' });
      expect(groupMessages.find((m) => m.id === reacted.id)).toMatchObject({
        reactions: [{ emoji: '👍', count: 1, userIds: [ua!.id] }],
        pin: { by: ua!.id },
      });
      expect(groupMessages.find((m) => m.id === doomed.id)?.deletedAt).not.toBeNull();
      expect(fresh.messages[direct!.id]!.some((m) => m.id === hidden.id || m.id === ephemeral.id)).toBe(false);
      expect(Object.keys(fresh.starred)).toEqual([edited.id]);
      expect(groupMessages.find((m) => m.text === text)?.entities).toEqual([
        { type: 'mention', userId: ub!.id, offset: 3, length: text.length - 3 },
      ]);
      expect(fresh.conversations[direct!.id]!.disappearAfterSeconds).toBeNull();
      expect(fresh.conversations[group!.id]!.disappearAfterSeconds).toBe(3600);
    } finally {
      await world.close();
    }
  });
});
