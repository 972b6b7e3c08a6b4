// Welcomes into trees whose unmerged_leaves lists legitimately differ along a path (RFC 9420
// section 12.4.3.1). ts-mls 1.6.4 demanded equal lists over the whole direct path and refused
// them; packages/crypto/patches/ts-mls+1.6.4.patch makes it check what the RFC asks.
import { describe, expect, it } from 'vitest';
import { MlsGroup } from './group.js';
import { keyPackageOf, TestDirectory, type TestDevice } from './test-devices.js';

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

/** A group of `size` devices (leaves 0..size-1) made by the first one, every member joined. */
async function groupOf(size: number) {
  const dir = new TestDirectory();
  const devices = Array.from({ length: size }, (_, i) => dir.device(`u${i}`, `d${i}`));
  const creator = devices[0]!;
  const first = await MlsGroup.create('conv-rta', creator, creator.keys.signing, creator.auth);
  const pending = await first.commit({ add: await Promise.all(devices.slice(1).map(keyPackageOf)) });
  first.apply(pending);
  const groups = new Map<TestDevice, MlsGroup>([[creator, first]]);
  for (const d of devices.slice(1))
    groups.set(d, await MlsGroup.join(pending.welcome!, d.store, d.keys.signing, d.auth));
  return { dir, devices, groups };
}

describe('MLS: add after remove (unmerged_leaves differing along a path)', () => {
  it('8 members, leaves 3 and 6 removed, then two devices added in one commit: both join and agree', async () => {
    const { dir, devices, groups } = await groupOf(8);
    const committer = groups.get(devices[0]!)!;
    const removal = await committer.commit({ remove: [3, 6] });
    committer.apply(removal);
    for (const [d, g] of groups) {
      if (d === devices[0]) continue;
      await g.receive(removal.commit);
    }
    for (const i of [3, 6]) {
      expect(groups.get(devices[i]!)!.active).toBe(false);
      groups.delete(devices[i]!);
    }
    const joiners = [dir.device('new1', 'n1'), dir.device('new2', 'n2')];
    const add = await committer.commit({ add: await Promise.all(joiners.map(keyPackageOf)) });
    committer.apply(add);
    for (const [d, g] of groups) if (d !== devices[0]) await g.receive(add.commit);
    // The new leaves fill the blanks: 3 is unmerged at its grandparent only, 6 at the root too.
    expect(
      committer
        .leaves()
        .filter((l) => l.userId.startsWith('new'))
        .map((l) => l.leafIndex),
    ).toEqual([3, 6]);
    for (const j of joiners) groups.set(j, await MlsGroup.join(add.welcome!, j.store, j.keys.signing, j.auth));

    const authenticators = new Set([...groups.values()].map((g) => g.epochAuthenticator));
    expect(authenticators.size).toBe(1);
    expect([...groups.values()].map((g) => g.epoch)).toEqual(Array(8).fill(3));

    // The joiners read the group and are read by it.
    const hello = await committer.encrypt(text('welcome both'));
    for (const j of joiners) {
      const r = await groups.get(j)!.receive(hello);
      expect(r.kind === 'application' && read(r.plaintext)).toBe('welcome both');
    }
    const reply = await groups.get(joiners[1]!)!.encrypt(text('thanks'));
    for (const [d, g] of groups) {
      if (d === joiners[1]) continue;
      const r = await g.receive(reply);
      expect(r.kind === 'application' && read(r.plaintext)).toBe('thanks');
    }
  });
});
