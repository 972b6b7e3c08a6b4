import { deviceKeys, generateIdentity, signDeviceBundle, toB64 } from '@anytime/crypto';
import type { UserKeys } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, loginUser, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

async function setUp(u: TestUser, identity = generateIdentity()) {
  const r = await api(s.url, 'PUT', '/v1/keys/identity', {
    token: u.token,
    body: { identityKey: toB64(identity.publicKey) },
  });
  expect(r.status).toBe(200);
  return identity;
}

async function publish(u: TestUser, identity: ReturnType<typeof generateIdentity>) {
  const bundle = signDeviceBundle(identity, u.user.id, u.deviceId, deviceKeys());
  return api<{ keys: UserKeys }>(s.url, 'PUT', '/v1/keys/device', { token: u.token, body: bundle });
}

describe('key directory', () => {
  it('publishes signed device bundles and refuses forged ones', async () => {
    const alice = await registerUser(s.url);
    const early = await publish(alice, generateIdentity());
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'identity_key_missing' } });
    const identity = await setUp(alice);
    const ok = await publish(alice, identity);
    expect(ok.status).toBe(200);
    expect(ok.body.keys.identityKey).toBe(toB64(identity.publicKey));
    expect(ok.body.keys.devices.map((d) => d.deviceId)).toEqual([alice.deviceId]);
    // Signed by another identity key, or for another device: refused, nothing changes.
    const forged = await publish(alice, generateIdentity());
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: { code: 'invalid_signature' } });
    const otherDevice = signDeviceBundle(identity, alice.user.id, 'someone-else', deviceKeys());
    const r = await api(s.url, 'PUT', '/v1/keys/device', { token: alice.token, body: otherDevice });
    expect(r.status).toBe(400);
    const now = await api<{ keys: UserKeys }>(s.url, 'GET', `/v1/users/${alice.user.id}/keys`, {
      token: alice.token,
    });
    expect(now.body.keys).toEqual(ok.body.keys);
  });

  it('replaces the identity key only with replace: true, dropping old bundles, and tells peers', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const stranger = await registerUser(s.url);
    await direct(s.url, alice, bob);
    const identity = await setUp(alice);
    expect((await publish(alice, identity)).status).toBe(200);
    const wsBob = await WsClient.connect(s.url, bob.token);
    const wsStranger = await WsClient.connect(s.url, stranger.token);
    const next = generateIdentity();
    const refused = await api(s.url, 'PUT', '/v1/keys/identity', {
      token: alice.token,
      body: { identityKey: toB64(next.publicKey) },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'identity_key_exists' } });
    const same = await api(s.url, 'PUT', '/v1/keys/identity', {
      token: alice.token,
      body: { identityKey: toB64(identity.publicKey) },
    });
    expect(same.body.keys.devices).toHaveLength(1);
    const reset = await api<{ keys: UserKeys }>(s.url, 'PUT', '/v1/keys/identity', {
      token: alice.token,
      body: { identityKey: toB64(next.publicKey), replace: true },
    });
    expect(reset.status).toBe(200);
    expect(reset.body.keys.devices).toEqual([]);
    const ev = await wsBob.next((f) => f.type === 'keys.changed' && f['identityChanged'] === true, 10_000);
    expect(ev['userId']).toBe(alice.user.id);
    const q = await api<{ keys: UserKeys[] }>(s.url, 'POST', '/v1/keys/query', {
      token: bob.token,
      body: { userIds: [alice.user.id, bob.user.id] },
    });
    expect(q.body.keys.map((k) => [k.userId, k.identityKey])).toEqual([
      [alice.user.id, toB64(next.publicKey)],
      [bob.user.id, null],
    ]);
    expect(wsStranger.frames.some((f) => f.type === 'keys.changed')).toBe(false);
    wsBob.close();
    wsStranger.close();
  });

  it('revoking a device drops its bundle and key packages and emits keys.changed', async () => {
    const alice = await registerUser(s.url);
    const phone = await loginUser(s.url, alice);
    const identity = await setUp(alice);
    await publish(alice, identity);
    expect((await publish(phone, identity)).body.keys.devices).toHaveLength(2);
    const ws = await WsClient.connect(s.url, alice.token);
    const r = await api(s.url, 'DELETE', `/v1/devices/${phone.deviceId}`, { token: alice.token });
    expect(r.status).toBeLessThan(300);
    await ws.next((f) => f.type === 'keys.changed' && f['userId'] === alice.user.id, 10_000);
    const keys = await api<{ keys: UserKeys }>(s.url, 'GET', `/v1/users/${alice.user.id}/keys`, {
      token: alice.token,
    });
    expect(keys.body.keys.devices.map((d) => d.deviceId)).toEqual([alice.deviceId]);
    ws.close();
  });

  it('answers 404 for unknown users', async () => {
    const alice = await registerUser(s.url);
    expect((await api(s.url, 'GET', '/v1/users/nobody/keys', { token: alice.token })).status).toBe(404);
    const q = await api(s.url, 'POST', '/v1/keys/query', { token: alice.token, body: { userIds: ['nobody'] } });
    expect(q.status).toBe(404);
  });
});
