// User avatars: uploaded as a sniffed raw image of at most 512 KB, seen by any signed-in user,
// told to the user's other devices as user.updated; bad input gets a catalog error.
import { LIMITS } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, loginUser, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const put = (token: string | null, body: Buffer, type = 'image/jpeg') =>
  fetch(`${s.url}/v1/me/avatar`, {
    method: 'PUT',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type },
    body: new Uint8Array(body),
  });
const errorCode = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;

describe('user avatars', () => {
  it('uploads, serves to any signed-in user, tells other devices, and removes', async () => {
    const u: TestUser = await registerUser(s.url);
    const viewer = await registerUser(s.url);
    expect((await api(s.url, 'GET', '/v1/me', { token: u.token })).body.user.avatarUrl).toBeNull();
    expect((await api(s.url, 'GET', `/v1/users/${u.user.id}/avatar`, { token: viewer.token })).status).toBe(404);

    const second = await loginUser(s.url, u);
    const ws = await WsClient.connect(s.url, second.token);
    // The declared type is ignored: a PNG sent as JPEG is stored as PNG.
    const ok = await put(u.token, png);
    expect(ok.status).toBe(200);
    const user = ((await ok.json()) as { user: { avatarUrl: string } }).user;
    expect(user.avatarUrl).toBe(`/v1/users/${u.user.id}/avatar?v=1`);
    const ev = await ws.next((f) => f.type === 'user.updated');
    expect((ev['user'] as { avatarUrl: string }).avatarUrl).toBe(user.avatarUrl);
    ws.close();

    const got = await fetch(s.url + user.avatarUrl, { headers: { authorization: `Bearer ${viewer.token}` } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(s.url + user.avatarUrl)).status).toBe(401);
    // Every User carries it: lookup by id and by username.
    expect((await api(s.url, 'GET', `/v1/users/${u.user.id}`, { token: viewer.token })).body.user.avatarUrl).toBe(
      user.avatarUrl,
    );
    const found = await api(s.url, 'GET', `/v1/users?prefix=${u.user.username}`, { token: viewer.token });
    expect(found.body.users[0].avatarUrl).toBe(user.avatarUrl);

    // The same bytes again (a retried upload) keep the URL.
    expect(((await (await put(u.token, png)).json()) as { user: { avatarUrl: string } }).user.avatarUrl).toBe(
      user.avatarUrl,
    );
    const removed = await api(s.url, 'DELETE', '/v1/me/avatar', { token: u.token });
    expect(removed.status).toBe(200);
    expect(removed.body.user.avatarUrl).toBeNull();
    expect((await api(s.url, 'GET', `/v1/users/${u.user.id}/avatar`, { token: viewer.token })).status).toBe(404);
    // Removing again changes nothing; a new upload takes a new URL.
    expect((await api(s.url, 'DELETE', '/v1/me/avatar', { token: u.token })).body.user.avatarUrl).toBeNull();
    const next = ((await (await put(u.token, gif)).json()) as { user: { avatarUrl: string } }).user;
    expect(next.avatarUrl).toBe(`/v1/users/${u.user.id}/avatar?v=2`);
  });

  it('refuses what is no image, too large, empty or anonymous', async () => {
    const u = await registerUser(s.url);
    const svg = await put(u.token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png');
    expect(svg.status).toBe(400);
    expect(await errorCode(svg)).toBe('invalid_image');
    const huge = await put(u.token, Buffer.concat([png, Buffer.alloc(LIMITS.avatarBytesMax)]), 'image/png');
    expect(huge.status).toBe(413);
    const empty = await fetch(`${s.url}/v1/me/avatar`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'image/png' },
    });
    expect(empty.status).toBe(400);
    expect(await errorCode(empty)).toBe('invalid_image');
    const anonymous = await put(null, png, 'image/png');
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe('unauthorized');
    expect((await api(s.url, 'GET', '/v1/users/nobody/avatar', { token: u.token })).status).toBe(404);
    expect((await api(s.url, 'GET', '/v1/me', { token: u.token })).body.user.avatarUrl).toBeNull();
  });
});
