// Shared by the secret-media tests: keyed devices, a secret chat of two whose MLS group the first
// made (the second added), sending MLS application messages that name blobs, and uploading,
// fetching and deleting encrypted blobs through the HTTP routes.
import { DirectoryAuthService, generateKeyPackages, MlsGroup } from '@anytime/crypto';
import type { Event, UserKeys } from '@anytime/protocol';
import { expect } from 'vitest';
import type { TestServer } from '../testing.js';
import { api } from './harness.js';
import { keyedUser, type KeyedDevice } from './keyed-devices.js';

export interface Dev {
  token: string;
  user: { id: string };
  deviceId: string;
  keys: KeyedDevice['keys'];
  auth: DirectoryAuthService;
}

export async function keyed(s: TestServer): Promise<Dev> {
  const [d] = await keyedUser(s.url);
  return {
    token: d!.user.token,
    user: d!.user.user,
    deviceId: d!.deviceId,
    keys: d!.keys,
    auth: new DirectoryAuthService(),
  };
}

/** A secret chat of alice and bob whose MLS group alice made (bob added), ready for application messages. */
export async function secretChat(s: TestServer, alice: Dev, bob: Dev) {
  const r = await api(s.url, 'POST', '/v1/conversations', {
    token: alice.token,
    body: { kind: 'direct', memberIds: [bob.user.id], encryption: 'mls' },
  });
  expect(r.status).toBe(201);
  const conv = r.body.conversation.id as string;
  const keys = await api<{ keys: UserKeys[] }>(s.url, 'POST', '/v1/keys/query', {
    token: alice.token,
    body: { userIds: [alice.user.id, bob.user.id] },
  });
  alice.auth.learn(keys.body.keys);
  const group = await MlsGroup.create(
    conv,
    { userId: alice.user.id, deviceId: alice.deviceId },
    alice.keys.signing,
    alice.auth,
  );
  const [kp] = await generateKeyPackages({ userId: bob.user.id, deviceId: bob.deviceId }, bob.keys.signing, 1);
  const adding = await group.commit({ add: [kp!.publicB64] });
  const c = await api(s.url, 'POST', `/v1/conversations/${conv}/mls/commits`, {
    token: alice.token,
    body: { epoch: 0, commit: adding.commit, welcome: { data: adding.welcome!, deviceIds: [bob.deviceId] } },
  });
  expect(c.status).toBe(201);
  group.apply(adding);
  let n = 0;
  /** Sends an MLS application message (from alice) naming `blobIds`, with more body fields if given. */
  const send = async (blobIds?: string[], more: Record<string, unknown> = {}) =>
    api(s.url, 'POST', `/v1/conversations/${conv}/mls/messages`, {
      token: alice.token,
      body: {
        clientId: `m${++n}`,
        epoch: group.epoch,
        ciphertext: await group.encrypt(new Uint8Array([n])),
        ...(blobIds ? { blobIds } : {}),
        ...more,
      },
    });
  return { conv, send };
}

export async function upload(s: TestServer, token: string, conv: string, bytes: Uint8Array, query = '') {
  const res = await fetch(`${s.url}/v1/conversations/${conv}/mls/blobs${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Blob([new Uint8Array(bytes)]),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

export async function download(s: TestServer, token: string, conv: string, blobId: string) {
  const res = await fetch(`${s.url}/v1/conversations/${conv}/mls/blobs/${blobId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

export const usage = async (s: TestServer, token: string) =>
  (await api<{ usedBytes: number }>(s.url, 'GET', '/v1/me/media-usage', { token })).body.usedBytes;

/** The conversation's last seq as stored (a refused request must not have taken one). */
export async function lastSeq(s: TestServer, conversationId: string): Promise<number> {
  const r = await s.server.ctx.storage.read
    .selectFrom('conversations')
    .select('last_seq')
    .where('id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return r.last_seq;
}

/** Every event the token's user can sync, all pages. */
export async function allEvents(s: TestServer, token: string): Promise<Event[]> {
  const out: Event[] = [];
  let cursor: string | undefined;
  for (;;) {
    const q = cursor ? `?limit=200&cursor=${cursor}` : '?limit=200';
    const r = await api<{ events: Event[]; cursor: string; hasMore: boolean }>(s.url, 'GET', `/v1/sync${q}`, { token });
    out.push(...r.body.events);
    cursor = r.body.cursor;
    if (!r.body.hasMore) return out;
  }
}
