import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, loginUser, registerUser, uniqueName, WsClient } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { LOGIN_LIMIT_PER_USERNAME: '5', LOGIN_LIMIT_WINDOW_SECONDS: '60' } });
});
afterAll(() => s.close());

describe('register and login', () => {
  it('registers with the contract shape and a lowercase username', async () => {
    const name = uniqueName('Mixed');
    const r = await api(s.url, 'POST', '/v1/auth/register', {
      body: { username: name, password: 'longenough', displayName: 'Ann', deviceName: 'laptop' },
    });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ username: name.toLowerCase(), displayName: 'Ann' });
    expect(typeof r.body.deviceId).toBe('string');
    expect(typeof r.body.accessToken).toBe('string');
    expect(typeof r.body.refreshToken).toBe('string');
    const me = await api(s.url, 'GET', '/v1/me', { token: r.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(r.body.user.id);
  });

  it('refuses a taken username case-insensitively with 409', async () => {
    const name = uniqueName('dup');
    expect(
      (await api(s.url, 'POST', '/v1/auth/register', { body: { username: name, password: 'longenough' } })).status,
    ).toBe(201);
    const again = await api(s.url, 'POST', '/v1/auth/register', {
      body: { username: name.toUpperCase(), password: 'longenough' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('username_taken');
  });

  it.each([['ab'], ['a'.repeat(33)], ['has space'], ['dash-name'], ['émile']])(
    'refuses username %j',
    async (username) => {
      const r = await api(s.url, 'POST', '/v1/auth/register', { body: { username, password: 'longenough' } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    },
  );

  it('makes a new device on each login and refuses a wrong password', async () => {
    const u = await registerUser(s.url);
    const second = await loginUser(s.url, u);
    expect(second.deviceId).not.toBe(u.deviceId);
    const devices = await api(s.url, 'GET', '/v1/devices', { token: second.token });
    expect(devices.body.devices).toHaveLength(2);
    expect(devices.body.devices.filter((d: { current: boolean }) => d.current)).toHaveLength(1);
    const bad = await api(s.url, 'POST', '/v1/auth/login', {
      body: { username: u.user.username, password: 'wrong-one' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_credentials');
    const unknown = await api(s.url, 'POST', '/v1/auth/login', {
      body: { username: 'nobody_here', password: 'whatever1' },
    });
    expect(unknown.status).toBe(401);
  });

  it('rate-limits login attempts per username with 429 and Retry-After', async () => {
    const u = await registerUser(s.url);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await api(s.url, 'POST', '/v1/auth/login', {
        body: { username: u.user.username, password: 'wrong-pass' },
      });
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get('retry-after');
        expect(r.body.error.code).toBe('rate_limited');
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits until the window ends.
    const right = await api(s.url, 'POST', '/v1/auth/login', {
      body: { username: u.user.username, password: u.password },
    });
    expect(right.status).toBe(429);
  });
});

describe('tokens and devices', () => {
  it('rotates refresh tokens and revokes the device when an old one is reused', async () => {
    const u = await registerUser(s.url);
    const r1 = await api(s.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(u.refreshToken);
    expect((await api(s.url, 'GET', '/v1/me', { token: r1.body.accessToken })).status).toBe(200);
    const reuse = await api(s.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('invalid_refresh_token');
    // The theft response signs the device out: the newest refresh token no longer works either.
    const after = await api(s.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } });
    expect(after.status).toBe(401);
    expect((await api(s.url, 'GET', '/v1/me', { token: r1.body.accessToken })).status).toBe(401);
  });

  it('logout revokes this device only; revoke closes the device socket with 4003', async () => {
    const u = await registerUser(s.url);
    const other = await loginUser(s.url, u);
    const third = await loginUser(s.url, u);
    const ws = await WsClient.connect(s.url, other.token);
    expect((await api(s.url, 'POST', '/v1/auth/logout', { token: u.token })).status).toBe(204);
    expect((await api(s.url, 'GET', '/v1/me', { token: u.token })).status).toBe(401);
    expect((await api(s.url, 'GET', '/v1/me', { token: other.token })).status).toBe(200);
    const revoked = await api(s.url, 'DELETE', `/v1/devices/${other.deviceId}`, { token: third.token });
    expect(revoked.status).toBe(204);
    // Both the logout and the revoke reach the user's other devices, in order.
    const first = await ws.next((f) => f.type === 'device.revoked');
    expect(first['deviceId']).toBe(u.deviceId);
    const second = await ws.next((f) => f.type === 'device.revoked');
    expect(second['deviceId']).toBe(other.deviceId);
    expect((await ws.closed).code).toBe(4003);
    expect((await api(s.url, 'GET', '/v1/me', { token: other.token })).status).toBe(401);
    const list = await api(s.url, 'GET', '/v1/devices', { token: third.token });
    expect(list.body.devices.map((d: { id: string }) => d.id)).toEqual([third.deviceId]);
    // Someone else's device, or an unknown one, is not found.
    const stranger = await registerUser(s.url);
    expect((await api(s.url, 'DELETE', `/v1/devices/${third.deviceId}`, { token: stranger.token })).status).toBe(404);
  });

  it('refuses missing, malformed and foreign-signed tokens with 401', async () => {
    expect((await api(s.url, 'GET', '/v1/me')).body.error.code).toBe('unauthorized');
    expect((await api(s.url, 'GET', '/v1/me', { token: 'not.a.jwt' })).status).toBe(401);
    const forged =
      'eyJhbGciOiJIUzI1NiJ9.eyJkaWQiOiJ4Iiwic3ViIjoieSIsImlzcyI6ImFueXRpbWUiLCJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJl';
    expect((await api(s.url, 'GET', '/v1/me', { token: forged })).status).toBe(401);
  });
});

describe('profiles and lookup', () => {
  it('updates the profile and tells the other devices', async () => {
    const u = await registerUser(s.url);
    const other = await loginUser(s.url, u);
    const ws = await WsClient.connect(s.url, other.token);
    const r = await api(s.url, 'PATCH', '/v1/me', { token: u.token, body: { displayName: 'New Name', about: 'hi' } });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ displayName: 'New Name', about: 'hi' });
    const ev = await ws.next((f) => f.type === 'user.updated');
    expect((ev['user'] as { displayName: string }).displayName).toBe('New Name');
    expect((await api(s.url, 'PATCH', '/v1/me', { token: u.token, body: {} })).status).toBe(400);
    ws.close();
  });

  it('looks users up by username prefix, treating _ literally', async () => {
    const base = uniqueName('look');
    const a = await registerUser(s.url, `${base}_a`);
    await registerUser(s.url, `${base}xb`);
    const r = await api(s.url, 'GET', `/v1/users?prefix=${base}_`, { token: a.token });
    expect(r.body.users.map((u: { username: string }) => u.username)).toEqual([`${base}_a`]);
    const all = await api(s.url, 'GET', `/v1/users?prefix=${base.toUpperCase()}`, { token: a.token });
    expect(all.body.users).toHaveLength(2);
    const one = await api(s.url, 'GET', `/v1/users/${a.user.id}`, { token: a.token });
    expect(one.body.user.username).toBe(`${base}_a`);
    expect((await api(s.url, 'GET', '/v1/users/nope', { token: a.token })).status).toBe(404);
  });
});
