// client.calls against a real server, signaling only: replies are matched by clientId, errors
// reject with the catalog code (a second answer: call_ended; a blocked chat: blocked), ring and
// state events reach every device, and the call log lists the call.
import { startTestServer, type TestServer } from '@anytime/server';
import type { Call } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { device, PASSWORD, uniqueName, until } from '../test-support/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { CALL_RING_SECONDS: '60' } });
});
afterAll(() => server?.close());

async function signedIn(username = uniqueName('cc')) {
  const d = device(server.url);
  await d.client.register({ username, password: PASSWORD });
  await d.client.connect();
  await until(() => d.client.connectionState === 'connected', 10_000, 'connected');
  return { ...d, username };
}

describe('client.calls', () => {
  it('invite, ring on every device, first answer wins, decline, blocked', async () => {
    const alice = await signedIn();
    const bob = await signedIn();
    const bob2 = device(server.url);
    await bob2.client.login({ username: bob.username, password: PASSWORD });
    await bob2.client.connect();
    await until(() => bob2.client.connectionState === 'connected', 10_000, 'bob2 connected');
    const conv = (
      await alice.client.call('createConversation', {
        body: { kind: 'direct', memberIds: [bob.client.session!.userId] },
      })
    ).conversation.id;

    const rings: Call[][] = [[], []];
    bob.client.calls.on('ring', (f) => rings[0]!.push(f.call));
    bob2.client.calls.on('ring', (f) => rings[1]!.push(f.call));
    const call = await alice.client.calls.invite(conv, 'audio');
    expect(call).toMatchObject({ status: 'ringing', topology: 'p2p', media: 'audio' });
    await until(() => rings[0]!.length === 1 && rings[1]!.length === 1, 10_000, 'both devices ring');

    const answered = await bob.client.calls.accept(call.id);
    expect(answered.status).toBe('active');
    const second = await bob2.client.calls.accept(call.id).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ApiError);
    expect((second as ApiError).code).toBe('call_ended');
    await until(() => alice.client.calls.latestState(call.id)?.status === 'active', 10_000, 'alice sees active');
    const ended = await alice.client.calls.hangup(call.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'hangup' });
    expect((await bob.client.calls.list())[0]).toMatchObject({ id: call.id, status: 'ended' });

    const again = await alice.client.calls.invite(conv, 'video');
    await until(() => rings[1]!.some((c) => c.id === again.id), 10_000, 'ring again');
    const declined = await bob2.client.calls.decline(again.id);
    expect(declined).toMatchObject({ status: 'ended', endReason: 'declined' });
    await until(() => alice.client.calls.latestState(again.id)?.endReason === 'declined', 10_000, 'declined seen');

    await bob.client.call('blockUser', { body: { userId: alice.client.session!.userId } });
    const refused = await alice.client.calls.invite(conv, 'audio').catch((e: unknown) => e);
    expect((refused as ApiError).code).toBe('blocked');
    for (const c of [alice.client, bob.client, bob2.client]) c.disconnect();
  });
});
