import { describe, expect, it } from 'vitest';
import {
  deviceKeys,
  generateIdentity,
  identityFromPrivateKey,
  signDeviceBundle,
  verifyDeviceBundle,
} from './identity.js';
import { MemoryKeyStore } from './key-store.js';

describe('identity and device bundles', () => {
  it('signs a device bundle that verifies for the same user and device only', () => {
    const identity = generateIdentity();
    const keys = deviceKeys();
    const bundle = signDeviceBundle(identity, 'u1', 'd1', keys);
    const identityKey = Buffer.from(identity.publicKey).toString('base64url');
    expect(verifyDeviceBundle(identityKey, 'u1', { deviceId: 'd1', ...bundle })).toBe(true);
    expect(verifyDeviceBundle(identityKey, 'u2', { deviceId: 'd1', ...bundle })).toBe(false);
    expect(verifyDeviceBundle(identityKey, 'u1', { deviceId: 'd2', ...bundle })).toBe(false);
    const other = Buffer.from(generateIdentity().publicKey).toString('base64url');
    expect(verifyDeviceBundle(other, 'u1', { deviceId: 'd1', ...bundle })).toBe(false);
    const swapped = { deviceId: 'd1', ...bundle, hpkeKey: bundle.signingKey };
    expect(verifyDeviceBundle(identityKey, 'u1', swapped)).toBe(false);
    expect(verifyDeviceBundle('garbage', 'u1', { deviceId: 'd1', ...bundle })).toBe(false);
  });

  it('restores an identity from its private key', () => {
    const identity = generateIdentity();
    expect(identityFromPrivateKey(identity.privateKey).publicKey).toEqual(identity.publicKey);
    expect(identity.publicKey).toHaveLength(32);
  });

  it('keeps copies in the memory key store', async () => {
    const store = new MemoryKeyStore();
    const value = new Uint8Array([1, 2, 3]);
    await store.put('mls/group/a', value);
    await store.put('mls/group/b', new Uint8Array([4]));
    await store.put('identity', new Uint8Array([5]));
    value[0] = 9;
    expect(await store.get('mls/group/a')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store.list('mls/')).toEqual(['mls/group/a', 'mls/group/b']);
    await store.delete('mls/group/a');
    expect(await store.get('mls/group/a')).toBeUndefined();
  });
});
