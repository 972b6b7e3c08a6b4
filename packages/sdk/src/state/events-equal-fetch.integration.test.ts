// DESIGN invariant 4, from the client's side: the events a device received (over /v1/sync and
// the socket, across a killed socket) folded into an empty state with applyEvent equal the
// state loaded by a fresh fetch.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, PASSWORD, until } from '../test-support/harness.js';
import { buildWorld } from '../test-support/world.js';
import { applyEvents } from './apply-event.js';
import { emptyState } from './client-state.js';
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
      await c0!.client.send(group!.id, 'while reconnecting');
      await a0!.client.api('updateMe', { body: { displayName: 'Ann Updated', about: 'testing' } });
      // A third device of user 0 signs in and is revoked: device.revoked reaches the watched one.
      const extra = device(server.url);
      const { deviceId } = await extra.client.login({ username: world.users[0]!.username, password: PASSWORD });
      await a0!.client.api('revokeDevice', { params: { id: deviceId } });
      await b0!.client.send(group!.id, 'last');

      await until(() => world.devices.every((d) => d.client.pending.length === 0), 5000, 'sends');
      const fresh = await loadState(watched.client.call);
      await until(
        () => watched.events.some((e) => e.type === 'message.created' && e.message.text === 'last'),
        5000,
        'last event',
      );
      expect(watched.events.map((e) => e.type)).toEqual(expect.arrayContaining(['user.updated', 'device.revoked']));
      // Some events came over HTTP sync, others over the socket.
      const overSocket = watched.frames.filter(
        (f) => f.type !== 'hello' && f.type !== 'synced' && f.type !== 'pong' && f.type !== 'ack',
      );
      expect(overSocket.length).toBeGreaterThan(0);
      expect(overSocket.length).toBeLessThan(watched.events.length);

      const folded = applyEvents(emptyState(), watched.events);
      expect(folded).toEqual(fresh);
      expect(watched.client.state).toEqual(fresh);
      expect(fresh.user).toMatchObject({ displayName: 'Ann Updated', about: 'testing' });
      expect(Object.keys(fresh.conversations).sort()).toEqual([direct!.id, group!.id].sort());
      expect(fresh.messages[group!.id]!.map((m) => m.text)).toEqual([
        'before 2',
        'from the watched device',
        'while reconnecting',
        'last',
      ]);
      await extra.client.close();
    } finally {
      await world.close();
    }
  });
});
