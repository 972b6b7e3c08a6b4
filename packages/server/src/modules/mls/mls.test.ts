// The MLS delivery service against a real database: key packages (checked on upload, claimed
// once, last resort reused), epoch-ordered commits (409 stale_epoch), welcomes only for the
// devices added, ciphertext-only application messages, idempotent by clientId.
import {
  DirectoryAuthService,
  MemoryKeyStore,
  MlsGroup,
  deviceKeys,
  generateIdentity,
  generateKeyPackages,
  signDeviceBundle,
  toB64,
  type DeviceKeyPairs,
} from '@anytime/crypto';
import type { MlsMessage, UserKeys } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

interface Dev extends TestUser {
  keys: DeviceKeyPairs;
  store: MemoryKeyStore;
  auth: DirectoryAuthService;
}

async function keyed(): Promise<Dev> {
  const u = await registerUser(s.url);
  const identity = generateIdentity();
  await api(s.url, 'PUT', '/v1/keys/identity', { token: u.token, body: { identityKey: toB64(identity.publicKey) } });
  const keys = deviceKeys();
  const r = await api(s.url, 'PUT', '/v1/keys/device', {
    token: u.token,
    body: signDeviceBundle(identity, u.user.id, u.deviceId, keys),
  });
  expect(r.status).toBe(200);
  return { ...u, keys, store: new MemoryKeyStore(), auth: new DirectoryAuthService() };
}

async function packages(d: Dev, n: number, lastResort = false) {
  const kps = await generateKeyPackages({ userId: d.user.id, deviceId: d.deviceId }, d.keys.signing, n, { lastResort });
  for (const kp of kps) await d.store.put(`mls/kp/${kp.ref}`, kp.privateBytes);
  return kps.map((k) => k.publicB64);
}

async function learn(devs: Dev[]) {
  const r = await api<{ keys: UserKeys[] }>(s.url, 'POST', '/v1/keys/query', {
    token: devs[0]!.token,
    body: { userIds: devs.map((d) => d.user.id) },
  });
  for (const d of devs) d.auth.learn(r.body.keys);
}

async function secretChat(owner: Dev, others: Dev[]) {
  const r = await api(s.url, 'POST', '/v1/conversations', {
    token: owner.token,
    body: { kind: 'group', title: 'secret', memberIds: others.map((o) => o.user.id), encryption: 'mls' },
  });
  expect(r.status).toBe(201);
  expect(r.body.conversation.encryption).toBe('mls');
  return r.body.conversation.id as string;
}

describe('MLS key packages', () => {
  it('checks uploads, hands each one-time package out once, then the last resort again and again', async () => {
    const alice = await keyed();
    const bob = await keyed();
    await secretChat(alice, [bob]);
    const stranger = await keyed();
    const garbage = await api(s.url, 'POST', '/v1/mls/key-packages', {
      token: bob.token,
      body: { keyPackages: ['AAAA'] },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe('invalid_mls_message');
    // Alice's package uploaded by bob: it names another device.
    const foreign = await api(s.url, 'POST', '/v1/mls/key-packages', {
      token: bob.token,
      body: { keyPackages: await packages(alice, 1) },
    });
    expect(foreign.status).toBe(400);
    const ok = await api(s.url, 'POST', '/v1/mls/key-packages', {
      token: bob.token,
      body: { keyPackages: await packages(bob, 2), lastResort: (await packages(bob, 1, true))[0] },
    });
    expect(ok.body).toEqual({ count: 2, lastResort: true });
    const claim = () =>
      api(s.url, 'POST', '/v1/mls/key-packages/claim', {
        token: alice.token,
        body: { devices: [{ userId: bob.user.id, deviceId: bob.deviceId }] },
      });
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await claim()).body.keyPackages[0]);
    expect(got.map((k) => k.lastResort)).toEqual([false, false, true, true]);
    expect(new Set(got.map((k) => k.keyPackage)).size).toBe(3);
    expect((await api(s.url, 'GET', '/v1/mls/key-packages', { token: bob.token })).body).toEqual({
      count: 0,
      lastResort: true,
    });
    // Someone who shares no conversation with bob gets nothing.
    const none = await api(s.url, 'POST', '/v1/mls/key-packages/claim', {
      token: stranger.token,
      body: { devices: [{ userId: bob.user.id, deviceId: bob.deviceId }] },
    });
    expect(none.body.keyPackages).toEqual([]);
  });
});

describe('MLS delivery service', () => {
  it('orders commits by epoch, welcomes only the added device, stores ciphertext only', async () => {
    const alice = await keyed();
    const bob = await keyed();
    const carol = await keyed();
    const conv = await secretChat(alice, [bob, carol]);
    await learn([alice, bob, carol]);
    const info = await api(s.url, 'GET', `/v1/conversations/${conv}/mls`, { token: bob.token });
    expect(info.body.group).toMatchObject({ epoch: 0, creatorDeviceId: alice.deviceId });
    expect(info.body.group.devices).toHaveLength(3);

    const ga = await MlsGroup.create(
      conv,
      { userId: alice.user.id, deviceId: alice.deviceId },
      alice.keys.signing,
      alice.auth,
    );
    const gb = await MlsGroup.create(conv, { userId: bob.user.id, deviceId: bob.deviceId }, bob.keys.signing, bob.auth);
    // Only the creating device makes epoch 0's commit.
    const bobsFirst = await gb.commit({});
    const refused = await api(s.url, 'POST', `/v1/conversations/${conv}/mls/commits`, {
      token: bob.token,
      body: { epoch: 0, commit: bobsFirst.commit },
    });
    expect(refused.status).toBe(403);

    const wsCarol = await WsClient.connect(s.url, carol.token);
    const adding = await ga.commit({ add: await packages(bob, 1) });
    const r = await api<{ message: MlsMessage }>(s.url, 'POST', `/v1/conversations/${conv}/mls/commits`, {
      token: alice.token,
      body: { epoch: 0, commit: adding.commit, welcome: { data: adding.welcome!, deviceIds: [bob.deviceId] } },
    });
    expect(r.status).toBe(201);
    ga.apply(adding);
    // The same commit again, from epoch 0, is stale.
    const again = await api(s.url, 'POST', `/v1/conversations/${conv}/mls/commits`, {
      token: alice.token,
      body: { epoch: 0, commit: adding.commit },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('stale_epoch');
    // Welcomes: bob has one, carol none (and no mls.welcome event either).
    const wb = await api(s.url, 'GET', '/v1/mls/welcomes', { token: bob.token });
    expect(wb.body.welcomes.map((w: { seq: number }) => w.seq)).toEqual([r.body.message.seq]);
    expect((await api(s.url, 'GET', '/v1/mls/welcomes', { token: carol.token })).body.welcomes).toEqual([]);
    const bobGroup = await MlsGroup.join(wb.body.welcomes[0].data, bob.store, bob.keys.signing, bob.auth);
    expect(bobGroup.epoch).toBe(1);
    await wsCarol.next((f) => f.type === 'mls.message', 10_000);
    expect(wsCarol.frames.some((f) => f.type === 'mls.welcome')).toBe(false);
    wsCarol.close();

    // Bob's commit from epoch 1 is accepted; alice's, also from epoch 1, is then stale.
    const fromBob = await bobGroup.commit({});
    const fromAlice = await ga.commit({});
    const submit = (u: Dev, commit: string) =>
      api(s.url, 'POST', `/v1/conversations/${conv}/mls/commits`, { token: u.token, body: { epoch: 1, commit } });
    expect((await submit(bob, fromBob.commit)).status).toBe(201);
    expect((await submit(alice, fromAlice.commit)).body.error.code).toBe('stale_epoch');
    expect((await api(s.url, 'GET', `/v1/conversations/${conv}/mls`, { token: alice.token })).body.group.epoch).toBe(2);
  });

  it('takes application ciphertext only, idempotent by clientId, and refuses garbage', async () => {
    const alice = await keyed();
    const bob = await keyed();
    const conv = await secretChat(alice, [bob]);
    await learn([alice, bob]);
    const ga = await MlsGroup.create(
      conv,
      { userId: alice.user.id, deviceId: alice.deviceId },
      alice.keys.signing,
      alice.auth,
    );
    const adding = await ga.commit({ add: await packages(bob, 1) });
    await api(s.url, 'POST', `/v1/conversations/${conv}/mls/commits`, {
      token: alice.token,
      body: { epoch: 0, commit: adding.commit, welcome: { data: adding.welcome!, deviceIds: [bob.deviceId] } },
    });
    ga.apply(adding);
    const ciphertext = await ga.encrypt(new TextEncoder().encode('sierra mango'));
    const send = (body: unknown) =>
      api<{ message: MlsMessage }>(s.url, 'POST', `/v1/conversations/${conv}/mls/messages`, {
        token: alice.token,
        body,
      });
    const first = await send({ clientId: 'c1', epoch: 1, ciphertext });
    expect(first.status).toBe(201);
    const repeat = await send({ clientId: 'c1', epoch: 1, ciphertext });
    expect(repeat.status).toBe(200);
    expect(repeat.body.message.id).toBe(first.body.message.id);
    expect((await send({ clientId: 'c2', epoch: 1, ciphertext: 'AAAA' })).status).toBe(400);
    expect((await send({ clientId: 'c3', epoch: 0, ciphertext })).status).toBe(400); // epoch differs from the message's
    expect((await send({ clientId: 'c4', epoch: 1, ciphertext: adding.commit })).status).toBe(400); // a commit
    const list = await api(s.url, 'GET', `/v1/conversations/${conv}/mls/messages?afterSeq=0`, { token: bob.token });
    expect(list.body.messages.map((m: MlsMessage) => m.kind)).toEqual(['commit', 'application']);
    const bobGroup = await MlsGroup.join(
      (await api(s.url, 'GET', '/v1/mls/welcomes', { token: bob.token })).body.welcomes[0].data,
      bob.store,
      bob.keys.signing,
      bob.auth,
    );
    const got = await bobGroup.receive(list.body.messages[1].data);
    expect(got.kind === 'application' && new TextDecoder().decode(got.plaintext)).toBe('sierra mango');
    // Cloud routes refuse the secret chat; MLS routes refuse a cloud chat.
    const cloud = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: alice.token,
      body: { clientId: 'p1', text: 'plain' },
    });
    expect(cloud.body.error.code).toBe('secret_conversation');
    const direct = await api(s.url, 'POST', '/v1/conversations', {
      token: alice.token,
      body: { kind: 'direct', memberIds: [bob.user.id] },
    });
    expect(direct.body.conversation.id).not.toBe(conv);
    const wrong = await api(s.url, 'GET', `/v1/conversations/${direct.body.conversation.id}/mls`, {
      token: alice.token,
    });
    expect(wrong.body.error.code).toBe('not_secret_conversation');
  });
});
