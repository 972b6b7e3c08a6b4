// Typing and presence through the SDK against a real server: ephemeral, outside the state.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, PASSWORD, uniqueName, until } from '../test-support/harness.js';
import { emptyState } from '../state/client-state.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('typing and presence in the SDK', () => {
  it("shows the other member typing, follows a user's presence across reconnects", async () => {
    const a = device(server.url);
    const b = device(server.url);
    const ra = await a.client.register({ username: uniqueName('ann'), password: PASSWORD });
    await b.client.register({ username: uniqueName('bob'), password: PASSWORD });
    const { conversation } = await b.client.api('createConversation', {
      body: { kind: 'direct', memberIds: [ra.user.id] },
    });
    await b.client.connect();
    await b.client.whenSynced();
    b.client.followPresence([ra.user.id]);
    await until(() => b.client.presence[ra.user.id]?.status === 'offline', 5000, 'offline at first');
    await a.client.connect();
    await a.client.whenSynced();
    await until(() => b.client.presence[ra.user.id]?.status === 'online', 5000, 'online');

    const changes: unknown[] = [];
    b.client.on('typing', (t) => changes.push(t));
    expect(a.client.typing(conversation.id)).toBe(true);
    await until(() => b.client.typingNow[conversation.id]?.includes(ra.user.id) === true, 5000, 'typing');
    expect(a.client.typingNow).toEqual({});
    a.client.typing(conversation.id, true);
    await until(() => b.client.typingNow[conversation.id] === undefined, 5000, 'stopped');
    expect(changes).toEqual([{ [conversation.id]: [ra.user.id] }, {}]);
    // Nothing of it entered the event-built state.
    expect(Object.keys(b.client.state).sort()).toEqual(Object.keys(emptyState()).sort());

    // b's socket drops and comes back: the follow is renewed by itself.
    const back = b.client.next('state', (c) => c.state === 'connected');
    b.kill();
    await back;
    a.client.disconnect();
    await until(() => b.client.presence[ra.user.id]?.status === 'offline', 5000, 'offline again');
    expect(b.client.presence[ra.user.id]?.lastSeenAt).toEqual(expect.any(String));
    await a.client.close();
    await b.client.close();
  });
});
