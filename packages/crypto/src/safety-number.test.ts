// Safety numbers: the same on both sides, different when a key changes, QR codes cross-check.
import { describe, expect, it } from 'vitest';
import { generateIdentity } from './identity.js';
import { toB64 } from './encoding.js';
import { compareQr, partyFingerprint, safetyNumber } from './safety-number.js';

const party = (userId: string) => ({ userId, identityKey: toB64(generateIdentity().publicKey) });

describe('safety numbers', () => {
  const alice = party('alice');
  const bob = party('bob');

  it('is 60 digits in 12 groups and the same on both phones', () => {
    const a = safetyNumber(alice, bob);
    const b = safetyNumber(bob, alice);
    expect(a.digits).toMatch(/^\d{60}$/);
    expect(a.groups).toHaveLength(12);
    expect(b.digits).toBe(a.digits);
    expect(compareQr(a, b.qrPayload)).toBe('match');
    expect(compareQr(b, a.qrPayload)).toBe('match');
  });

  it('changes when either identity key changes, and the QR says mismatch', () => {
    const before = safetyNumber(alice, bob);
    const bobReset = { ...bob, identityKey: toB64(generateIdentity().publicKey) };
    const after = safetyNumber(alice, bobReset);
    expect(after.digits).not.toBe(before.digits);
    // Half the number (alice's) stays.
    const aliceHalf =
      before.digits.includes(after.digits.slice(0, 30)) || before.digits.includes(after.digits.slice(30));
    expect(aliceHalf).toBe(true);
    expect(compareQr(before, safetyNumber(bobReset, alice).qrPayload)).toBe('mismatch');
    expect(compareQr(before, 'hello')).toBe('invalid');
    expect(compareQr(before, `${before.qrPayload}.x`)).toBe('invalid');
  });

  it('binds the user id: the same key under another id gives another number', () => {
    expect(partyFingerprint(alice)).not.toEqual(partyFingerprint({ ...alice, userId: 'mallory' }));
  });

  it('follows the NumericFingerprint construction (checked against an independent computation)', async () => {
    const { createHash } = await import('node:crypto');
    const key = Buffer.from(alice.identityKey, 'base64url');
    let h = createHash('sha512')
      .update(Buffer.from([0, 0]))
      .update(key)
      .update('alice')
      .digest();
    for (let i = 0; i < 5200; i++) h = createHash('sha512').update(h).update(key).digest();
    expect(Buffer.from(partyFingerprint(alice))).toEqual(h);
  });
});
