import { describe, expect, it } from 'vitest';
import { fromB64, toB64 } from '../encoding.js';
import { deviceKeys } from '../identity.js';
import { MlsGroup } from './group.js';
import { generateKeyPackages, inspectKeyPackage, keyPackageSignatureValid, decodeKeyPackage } from './key-packages.js';
import { keyPackageOf, TestDirectory } from './test-devices.js';

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

async function threeDeviceGroup() {
  const dir = new TestDirectory();
  const a = dir.device('alice', 'a1');
  const b1 = dir.device('bob', 'b1');
  const b2 = dir.device('bob', 'b2');
  const ga = await MlsGroup.create('conv1', a, a.keys.signing, a.auth);
  const pending = await ga.commit({ add: [await keyPackageOf(b1), await keyPackageOf(b2)] });
  ga.apply(pending);
  const gb1 = await MlsGroup.join(pending.welcome!, b1.store, b1.keys.signing, b1.auth);
  const gb2 = await MlsGroup.join(pending.welcome!, b2.store, b2.keys.signing, b2.auth);
  return { dir, a, b1, b2, ga, gb1, gb2, pending };
}

describe('MLS group glue (ts-mls, suite 1)', () => {
  it('adds devices with a welcome and exchanges messages both ways with authenticated senders', async () => {
    const { ga, gb1, gb2, pending } = await threeDeviceGroup();
    expect(pending.added).toEqual([
      { userId: 'bob', deviceId: 'b1' },
      { userId: 'bob', deviceId: 'b2' },
    ]);
    expect(ga.epoch).toBe(1);
    expect(gb1.epoch).toBe(1);
    expect(gb1.groupId).toBe('conv1');
    expect(ga.leaves().map((l) => l.deviceId)).toEqual(['a1', 'b1', 'b2']);
    const m1 = await ga.encrypt(text('hello bob'));
    for (const g of [gb1, gb2]) {
      const r = await g.receive(m1);
      expect(r.kind === 'application' && read(r.plaintext)).toBe('hello bob');
      expect(r.kind === 'application' && r.sender).toEqual({ userId: 'alice', deviceId: 'a1' });
    }
    const m2 = await gb2.encrypt(text('hi alice'));
    const r2 = await ga.receive(m2);
    expect(r2.kind === 'application' && read(r2.plaintext)).toBe('hi alice');
    expect(r2.kind === 'application' && r2.sender.deviceId).toBe('b2');
  });

  it('rejects a tampered ciphertext and a replayed one', async () => {
    const { ga, gb1 } = await threeDeviceGroup();
    const m = await ga.encrypt(text('account 12345'));
    const bytes = fromB64(m);
    bytes[bytes.length - 5]! ^= 0x01;
    await expect(gb1.receive(toB64(bytes))).rejects.toThrow();
    const ok = await gb1.receive(m);
    expect(ok.kind === 'application' && read(ok.plaintext)).toBe('account 12345');
    await expect(gb1.receive(m)).rejects.toThrow();
  });

  it('decrypts messages of one epoch out of order, and late messages of the previous epoch', async () => {
    const { ga, gb1, gb2 } = await threeDeviceGroup();
    const first = await ga.encrypt(text('one'));
    const second = await ga.encrypt(text('two'));
    const r2 = await gb1.receive(second);
    const r1 = await gb1.receive(first);
    expect([r1, r2].map((r) => (r.kind === 'application' ? read(r.plaintext) : ''))).toEqual(['one', 'two']);
    const late = await gb2.encrypt(text('late'));
    const update = await ga.commit({});
    ga.apply(update);
    await gb1.receive(update.commit);
    expect(gb1.epoch).toBe(2);
    const r = await gb1.receive(late);
    expect(r.kind === 'application' && read(r.plaintext)).toBe('late');
  });

  it('removes a device: it cannot read what is sent after', async () => {
    const { ga, gb1, gb2 } = await threeDeviceGroup();
    const removal = await ga.commit({ remove: [gb2.ownLeafIndex] });
    ga.apply(removal);
    await gb1.receive(removal.commit);
    await gb2.receive(removal.commit);
    expect(gb2.active).toBe(false);
    expect(ga.leaves().map((l) => l.deviceId)).toEqual(['a1', 'b1']);
    const secret = await ga.encrypt(text('after removal'));
    await expect(gb2.receive(secret)).rejects.toThrow();
    const ok = await gb1.receive(secret);
    expect(ok.kind === 'application' && read(ok.plaintext)).toBe('after removal');
  });

  it("refuses a key package whose device is not in its owner's signed bundles", async () => {
    const { dir, ga } = await threeDeviceGroup();
    const mallory = dir.device('carol', 'c1');
    // A key package signed with a key that is not the bundle's signing key.
    const [forged] = await generateKeyPackages(mallory, deviceKeys().signing, 1);
    await expect(ga.commit({ add: [forged!.publicB64] })).rejects.toThrow(/bundle/);
    // A device revoked from the directory is refused too.
    const kp = await keyPackageOf(mallory);
    dir.revoke(mallory);
    await expect(ga.commit({ add: [kp] })).rejects.toThrow(/bundle/);
  });

  it('a joiner refuses a welcome whose tree holds a leaf the directory does not vouch for', async () => {
    const dir = new TestDirectory();
    const a = dir.device('alice', 'a1');
    const b = dir.device('bob', 'b1');
    const ga = await MlsGroup.create('conv2', a, a.keys.signing, a.auth);
    const pending = await ga.commit({ add: [await keyPackageOf(b)] });
    // Bob's view of the directory has lost alice's device (say, a server slipped in its own).
    dir.revoke(a);
    await expect(MlsGroup.join(pending.welcome!, b.store, b.keys.signing, b.auth)).rejects.toThrow();
  });

  it('saves and loads the group state through the KeyStore', async () => {
    const { ga, gb1, b1 } = await threeDeviceGroup();
    await gb1.save(b1.store);
    const loaded = (await MlsGroup.load('conv1', b1.store, b1.auth))!;
    expect(loaded.epoch).toBe(1);
    const m = await ga.encrypt(text('after reload'));
    const r = await loaded.receive(m);
    expect(r.kind === 'application' && read(r.plaintext)).toBe('after reload');
  });

  it('inspects key packages for the server: owner, signing key, signature', async () => {
    const dir = new TestDirectory();
    const a = dir.device('alice', 'a1');
    const [kp] = await generateKeyPackages(a, a.keys.signing, 1);
    expect(inspectKeyPackage(kp!.publicB64)).toEqual({
      userId: 'alice',
      deviceId: 'a1',
      signingKey: toB64(a.keys.signing.publicKey),
    });
    expect(await keyPackageSignatureValid(decodeKeyPackage(kp!.publicB64)!)).toBe(true);
    const bytes = fromB64(kp!.publicB64);
    bytes[bytes.length - 3]! ^= 1;
    const broken = decodeKeyPackage(toB64(bytes));
    expect(broken === null || !(await keyPackageSignatureValid(broken))).toBe(true);
    expect(inspectKeyPackage('AAAA')).toBeNull();
  });
});
