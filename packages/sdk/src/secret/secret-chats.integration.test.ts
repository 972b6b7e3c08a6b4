// Secret chats end to end: 3 users x 2 devices (and a fourth user added later) in one MLS group
// against a real server (SQLite, or PostgreSQL with ANYTIME_TEST_DB=postgres): messages both
// ways, adding and removing a member, revoking a device, out-of-order delivery, concurrent
// commits, a tampered and a replayed ciphertext, and no plaintext anywhere in the database. Then a
// revoked device replaced by two new ones, which ts-mls 1.6.4 unpatched could not let join.
import { MemoryKeyStore, MlsGroup, DirectoryAuthService, fromB64, toB64 } from '@anytime/crypto';
import type { MlsMessage } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import { uniqueName, until } from '../test-support/harness.js';
import { dataDirText, dumpDatabase } from '../test-support/server-dump.js';
import { secretDevice, type SecretDevice } from '../test-support/secret-devices.js';
import { setUpServerWorld } from '../test-support/server-world.js';

const world = setUpServerWorld();

interface Device extends SecretDevice {
  /** Statuses of the commit submissions this device made. */
  commitStatuses: number[];
}

function recordingFetch(statuses: number[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).endsWith('/mls/commits')) statuses.push(res.status);
    return res;
  };
}

async function newDevice(username: string, first?: Device): Promise<Device> {
  const commitStatuses: number[] = [];
  const d = await secretDevice(world, username, {
    ...(first ? { identityFrom: first } : {}),
    fetch: recordingFetch(commitStatuses),
  });
  return { ...d, commitStatuses };
}

async function user(prefix: string): Promise<[Device, Device]> {
  const name = uniqueName(prefix);
  const one = await newDevice(name);
  const two = await newDevice(name, one);
  return [one, two];
}

const texts = (d: Device, conv: string) => d.client.secret.messages(conv).map((m) => m.text);

async function everyoneReads(devices: Device[], conv: string, text: string): Promise<void> {
  for (const d of devices) {
    await until(() => texts(d, conv).includes(text), 30_000, `${d.deviceId} reading "${text}"`);
  }
}

async function leavesSettle(devices: Device[], conv: string, count: number): Promise<void> {
  await until(
    async () => {
      const epochs = new Set(devices.map((d) => d.client.secret.epochOf(conv)));
      return epochs.size === 1 && devices.every((d) => d.client.secret.leavesOf(conv).length === count);
    },
    45_000,
    `${count} leaves on every device`,
  );
}

/** A copy of a device's stored group state, to try decrypting with it later. */
async function frozenGroup(d: Device, conv: string) {
  const copy = new MemoryKeyStore();
  await copy.put(`mls/group/${conv}`, (await d.store.get(`mls/group/${conv}`))!);
  return MlsGroup.load(conv, copy, new DirectoryAuthService());
}

async function timeline(d: Device, conv: string): Promise<MlsMessage[]> {
  return (await d.client.api('listMlsMessages', { params: { id: conv }, query: { afterSeq: 0, limit: 200 } })).messages;
}

describe('secret chats (MLS) between 3 users x 2 devices', () => {
  it('runs a secret group through adds, removes, revocation, races and attacks', { timeout: 120_000 }, async () => {
    const [a1, a2] = await user('alice');
    const [b1, b2] = await user('bob');
    const [c1, c2] = await user('carol');
    const six = [a1, a2, b1, b2, c1, c2];

    // Create: a1 makes the group and adds the five other devices.
    const conv = await a1.client.secret.create({ kind: 'group', title: 'plans', memberIds: [b1.userId, c1.userId] });
    expect(conv.encryption).toBe('mls');
    await leavesSettle(six, conv.id, 6);

    // Messages both ways.
    await a1.client.secret.send(conv.id, 'alpha tangerine from alice');
    await b2.client.secret.send(conv.id, 'bravo kumquat from bob');
    await everyoneReads(six, conv.id, 'alpha tangerine from alice');
    await everyoneReads(six, conv.id, 'bravo kumquat from bob');
    const fromBob = a2.client.secret.messages(conv.id).find((m) => m.text === 'bravo kumquat from bob')!;
    expect(fromBob).toMatchObject({ senderId: b2.userId, senderDeviceId: b2.deviceId });
    // A cloud send into a secret chat is refused: the server takes ciphertext only.
    await expect(
      a1.client.api('sendMessage', { params: { id: conv.id }, body: { clientId: 'x1', text: 'plain' } }),
    ).rejects.toMatchObject({ code: 'secret_conversation' });

    // Add a member: dave's device joins through a welcome and reads what follows.
    const [d1] = [await newDevice(uniqueName('dave'))];
    await a1.client.api('addMembers', { params: { id: conv.id }, body: { userIds: [d1.userId] } });
    const seven = [...six, d1];
    await leavesSettle(seven, conv.id, 7);
    await c1.client.secret.send(conv.id, 'charlie persimmon for dave');
    await everyoneReads(seven, conv.id, 'charlie persimmon for dave');
    expect(texts(d1, conv.id)).not.toContain('alpha tangerine from alice');

    // Remove a member: carol's devices lose their leaves and cannot read what follows.
    const carolsOldState = await frozenGroup(c1, conv.id);
    const removed = c1.client.secret.next('removed');
    await a1.client.api('removeMember', { params: { id: conv.id, userId: c1.userId } });
    const five = [a1, a2, b1, b2, d1];
    await leavesSettle(five, conv.id, 5);
    await removed;
    expect(c1.client.secret.epochOf(conv.id)).toBeUndefined();
    await a1.client.secret.send(conv.id, 'delta guava without carol');
    await everyoneReads(five, conv.id, 'delta guava without carol');
    const afterCarol = (await timeline(a1, conv.id)).at(-1)!;
    await expect(carolsOldState!.receive(afterCarol.data)).rejects.toThrow();
    expect(texts(c1, conv.id)).not.toContain('delta guava without carol');

    // Revoke a device: bob's second device loses its leaf and cannot read what follows.
    const b2OldState = await frozenGroup(b2, conv.id);
    await b1.client.api('revokeDevice', { params: { id: b2.deviceId } });
    const four = [a1, a2, b1, d1];
    await leavesSettle(four, conv.id, 4);
    expect(a1.client.secret.leavesOf(conv.id).map((l) => l.deviceId)).not.toContain(b2.deviceId);
    await a2.client.secret.send(conv.id, 'echo papaya after revocation');
    await everyoneReads(four, conv.id, 'echo papaya after revocation');
    const afterRevoke = (await timeline(a1, conv.id)).at(-1)!;
    await expect(b2OldState!.receive(afterRevoke.data)).rejects.toThrow();

    // Out-of-order delivery: dave's device, offline, is handed three messages last-first.
    d1.client.disconnect();
    for (const t of ['foxtrot one', 'foxtrot two', 'foxtrot three']) await a1.client.secret.send(conv.id, t);
    const last3 = (await timeline(a1, conv.id)).slice(-3);
    for (const m of [last3[2]!, last3[0]!, last3[1]!, last3[2]!, last3[0]!]) await d1.client.secret.ingest(m);
    expect(texts(d1, conv.id).filter((t) => t.startsWith('foxtrot'))).toEqual([
      'foxtrot one',
      'foxtrot two',
      'foxtrot three',
    ]);
    await d1.client.connect();

    // Two devices commit at once: one is refused 409 stale_epoch, retries, and all converge.
    const epochBefore = a1.client.secret.epochOf(conv.id)!;
    a2.commitStatuses.length = 0;
    b1.commitStatuses.length = 0;
    await Promise.all([a2.client.secret.updateKeys(conv.id), b1.client.secret.updateKeys(conv.id)]);
    expect([...a2.commitStatuses, ...b1.commitStatuses].sort()).toEqual([201, 201, 409]);
    await until(
      () => four.every((d) => d.client.secret.epochOf(conv.id) === epochBefore + 2),
      30_000,
      'epochs converge',
    );
    await b1.client.secret.send(conv.id, 'golf lychee after the race');
    await everyoneReads(four, conv.id, 'golf lychee after the race');

    // A tampered ciphertext and a replayed one are rejected by every receiver.
    const original = (await timeline(a1, conv.id)).at(-1)!;
    const bytes = fromB64(original.data);
    bytes[bytes.length - 4]! ^= 0x40;
    const rejectedOnA1: number[] = [];
    a1.client.secret.on('rejected', (r) => rejectedOnA1.push(r.seq));
    const tampered = await b1.client.api('sendMlsMessage', {
      params: { id: conv.id },
      body: { clientId: 'tampered-1', epoch: original.epoch, ciphertext: toB64(bytes) },
    });
    const replayed = await b1.client.api('sendMlsMessage', {
      params: { id: conv.id },
      body: { clientId: 'replayed-1', epoch: original.epoch, ciphertext: original.data },
    });
    await a1.client.secret.send(conv.id, 'hotel quince after the attacks');
    await everyoneReads([a1, a2, d1], conv.id, 'hotel quince after the attacks');
    expect(rejectedOnA1).toEqual([tampered.message.seq, replayed.message.seq]);
    expect(texts(a1, conv.id).filter((t) => t === 'golf lychee after the race')).toHaveLength(1);

    // A new device of a member (as after restoring the key backup) is added by the others.
    const aliceName = (await a1.client.api('me', undefined)).user.username;
    const a3 = await newDevice(aliceName, a1);
    const withNewDevice = [...four, a3];
    await leavesSettle(withNewDevice, conv.id, 5);
    await b1.client.secret.send(conv.id, 'india apricot for the new device');
    await everyoneReads(withNewDevice, conv.id, 'india apricot for the new device');
    expect(texts(a3, conv.id)).not.toContain('hotel quince after the attacks');

    // The server holds ciphertext only: no word of any secret message in any table or file.
    const words = ['tangerine', 'kumquat', 'persimmon', 'guava', 'papaya', 'foxtrot', 'lychee', 'quince', 'apricot'];
    const dump = (await dumpDatabase(world.server)) + (await dataDirText(world.server.env['DATA_DIR']));
    expect(dump).toContain(original.data.slice(0, 40));
    for (const w of words) expect(dump, w).not.toContain(w);
  });

  it(
    'a device revoked, then two new devices added in one commit: both join, update their keys and read',
    { timeout: 120_000 },
    async () => {
      const [a1, a2] = await user('erin');
      const [b1, b2] = await user('frank');
      const [c1, c2] = await user('grace');
      const six = [a1, a2, b1, b2, c1, c2];
      const conv = await a1.client.secret.create({ kind: 'group', title: 'rejoin', memberIds: [b1.userId, c1.userId] });
      await leavesSettle(six, conv.id, 6);
      await a1.client.secret.send(conv.id, 'juliet mango before');
      await everyoneReads(six, conv.id, 'juliet mango before');

      // The members go offline, so that nothing but a1 (leaf 0) commits: first the removal of the
      // device at leaf 3 (with a path through node 3 and the root), then one commit adding two new
      // devices at leaves 3 and 6, without a path: node 3 lists [3], the root [3, 6].
      for (const d of six) d.client.disconnect();
      const leaves = a1.client.secret.leavesOf(conv.id);
      const revoked = six.find((d) => d.deviceId === leaves.find((l) => l.leafIndex === 3)!.deviceId)!;
      const sibling = six.find((d) => d.userId === revoked.userId && d !== revoked)!;
      await sibling.client.api('revokeDevice', { params: { id: revoked.deviceId } });
      await a1.client.secret.reconcile(conv.id);
      expect(a1.client.secret.leavesOf(conv.id).map((l) => l.deviceId)).not.toContain(revoked.deviceId);
      const name = (await sibling.client.api('me', undefined)).user.username;
      const fresh = [await newDevice(name, sibling), await newDevice(name, sibling)];
      await a1.client.secret.reconcile(conv.id);
      const added = a1.client.secret.leavesOf(conv.id).filter((l) => fresh.some((f) => f.deviceId === l.deviceId));
      expect(added.map((l) => l.leafIndex)).toEqual([3, 6]);
      const addEpoch = a1.client.secret.epochOf(conv.id)!;

      const members = [...six.filter((d) => d !== revoked), ...fresh];
      for (const d of six) if (d !== revoked) await d.client.connect();
      for (const d of members) await d.client.secret.catchUp(conv.id);
      await until(
        () => fresh.every((d) => d.client.secret.epochOf(conv.id) !== undefined),
        30_000,
        'the new devices join from the welcome',
      );
      // Each new device commits an update soon after joining (unless the other's merged it first).
      await until(
        () => members.every((d) => (d.client.secret.epochOf(conv.id) ?? 0) > addEpoch),
        30_000,
        'an update after joining',
      );
      await leavesSettle(members, conv.id, 7);
      await a2.client.secret.send(conv.id, 'kilo nectarine after');
      await fresh[1]!.client.secret.send(conv.id, 'lima plum from a new device');
      await everyoneReads(members, conv.id, 'kilo nectarine after');
      await everyoneReads(members, conv.id, 'lima plum from a new device');
      for (const f of fresh) expect(texts(f, conv.id)).not.toContain('juliet mango before');
      expect(texts(revoked, conv.id)).not.toContain('kilo nectarine after');
      // Let the history archive uploads of the last messages finish before the server closes.
      for (const d of members) await Promise.all([d.client.secret.idle(), d.client.history.flush()]);
    },
  );
});
