// The directory-backed authentication service: it accepts a leaf only for a signed bundle of the
// named device, remembers bundles it verified, and still refuses what changed or was revoked.
import { describe, expect, it } from 'vitest';
import { fromB64, toB64 } from '../encoding.js';
import { deviceCredential } from './credential.js';
import { TestDirectory } from './test-devices.js';

describe('DirectoryAuthService', () => {
  it('accepts a signed bundle again from memory, and refuses a forged, replaced or revoked one', () => {
    const dir = new TestDirectory();
    const a = dir.device('alice', 'a1');
    const b = dir.device('bob', 'b1');
    const credential = deviceCredential(a.userId, a.deviceId);
    const key = a.keys.signing.publicKey;
    expect(b.auth.check(credential, key)).toBe(true);
    expect(b.auth.check(credential, key)).toBe(true);
    // Another device's key under alice's credential.
    expect(b.auth.check(credential, b.keys.signing.publicKey)).toBe(false);
    // The directory now carries a bundle whose signature does not verify (same keys).
    const user = dir.users.get('alice')!;
    const bundle = user.keys.devices[0]!;
    const forged = fromB64(bundle.signature);
    forged[0]! ^= 1;
    user.keys = { ...user.keys, devices: [{ ...bundle, signature: toB64(forged) }] };
    dir.share();
    expect(b.auth.check(credential, key)).toBe(false);
    user.keys = { ...user.keys, devices: [bundle] };
    dir.share();
    expect(b.auth.check(credential, key)).toBe(true);
    dir.revoke(a);
    expect(b.auth.check(credential, key)).toBe(false);
  });
});
