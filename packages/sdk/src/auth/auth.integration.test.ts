// Signing in and staying signed in, against a real server: expiry and single-flight refresh,
// rotation, revocation, logout, and sessions that survive a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../client.js';
import { HttpClient } from '../http/http-client.js';
import type { ConnectionStateChange } from '../realtime/realtime-connection.js';
import { device, FAST_REALTIME, PASSWORD, socketTracker, uniqueName, until } from '../test-support/harness.js';
import { NotSignedInError } from './auth.js';
import { FileSessionStore } from './file-session-store.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'anytime-auth-'));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that counts refresh requests and passes everything on to the real server. */
function countingFetch(): { fetch: typeof fetch; refreshes: () => number } {
  let n = 0;
  return {
    fetch: (input, init) => {
      if (String(input).endsWith('/v1/auth/refresh')) n += 1;
      return globalThis.fetch(input, init);
    },
    refreshes: () => n,
  };
}

/** Moves the clock (of this process, so of the in-process server too) past the token's expiry. */
function expireAccessTokens(): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 16 * 60_000);
}

describe('auth', () => {
  it('after expiry, concurrent calls share one refresh and all succeed; the refresh token rotates', async () => {
    const counter = countingFetch();
    const client = createClient({ baseUrl: server.url, fetch: counter.fetch });
    const { user } = await client.register({ username: uniqueName('exp'), password: PASSWORD });
    const before = client.session!;
    expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 6 }, () => client.api('me')));
    expect(results.map((r) => r.user.id)).toEqual(Array(6).fill(user.id));
    expect(counter.refreshes()).toBe(1);
    const after = client.session!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The used refresh token is dead: presenting it again is refused (and signs the device out).
    const raw = new HttpClient({ baseUrl: server.url });
    await expect(raw.call('refresh', { body: { refreshToken: before.refreshToken } })).rejects.toMatchObject({
      code: 'invalid_refresh_token',
      status: 401,
    });
  });

  it('a socket refused with 4001 refreshes the token once, then connects', async () => {
    const counter = countingFetch();
    const tracker = socketTracker();
    const client = createClient({
      baseUrl: server.url,
      fetch: counter.fetch,
      WebSocket: tracker.WebSocket,
      realtime: FAST_REALTIME,
    });
    await client.register({ username: uniqueName('ws4001'), password: PASSWORD });
    // A cursor is stored, so connecting goes straight to the socket with the (expired) token.
    await client.api('sync');
    await client.connect();
    await client.whenSynced();
    client.disconnect();
    const states: ConnectionStateChange[] = [];
    client.on('state', (s) => states.push(s));
    expireAccessTokens();
    await client.connect();
    await client.whenSynced();
    expect(states.some((s) => s.state === 'reconnecting' && s.code === 4001)).toBe(true);
    expect(counter.refreshes()).toBe(1);
    await client.close();
  });

  it('a revoked device is told with 4003 and does not reconnect', async () => {
    const name = uniqueName('rev');
    const first = device(server.url);
    const { deviceId } = await first.client.register({ username: name, password: PASSWORD });
    await first.client.connect();
    await first.client.whenSynced();
    const states: ConnectionStateChange[] = [];
    first.client.on('state', (s) => states.push(s));
    const signedOut = first.client.next('signedOut');
    const second = device(server.url);
    await second.client.login({ username: name, password: PASSWORD });
    await second.client.api('revokeDevice', { params: { id: deviceId } });
    expect(await signedOut).toEqual({ reason: 'revoked' });
    await until(() => first.client.connectionState === 'closed', 5000, 'closed state');
    expect(states.find((s) => s.state === 'closed')?.code).toBe(4003);
    await new Promise((r) => setTimeout(r, 300));
    expect(states.filter((s) => s.state === 'connecting')).toEqual([]);
    expect(first.client.session).toBeNull();
    await expect(first.client.api('me')).rejects.toBeInstanceOf(NotSignedInError);
  });

  it('a session in a file survives a restart; logout clears it and revokes the device', async () => {
    const path = join(dir, `session-${uniqueName('s')}.json`);
    const one = createClient({ baseUrl: server.url, stores: { session: new FileSessionStore(path) } });
    const { user } = await one.register({ username: uniqueName('file'), password: PASSWORD });
    const two = createClient({ baseUrl: server.url, stores: { session: new FileSessionStore(path) } });
    expect((await two.api('me')).user.id).toBe(user.id);
    const oldToken = two.session!.accessToken;
    await two.logout();
    expect(await new FileSessionStore(path).load()).toBeNull();
    await expect(new HttpClient({ baseUrl: server.url }).call('me', undefined, oldToken)).rejects.toMatchObject({
      status: 401,
    });
  });
});
