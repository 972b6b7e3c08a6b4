// Sealing to several devices and opening on each: only the right device with the right binding opens.
import { describe, expect, it } from 'vitest';
import { deviceKeys } from '../identity.js';
import { toB64 } from '../encoding.js';
import { openSealed, sealSecret, SealedOpenError, SealedSecretTooLarge, type SealedBinding } from './seal.js';

const binding: SealedBinding = { conversationId: 'c1', clientId: 'client-1', senderId: 'alice' };

function device(userId: string, deviceId: string) {
  const keys = deviceKeys();
  return {
    recipient: { userId, deviceId, hpkeKey: toB64(keys.hpke.publicKey) },
    me: { userId, deviceId, hpkePrivateKey: keys.hpke.privateKey },
  };
}

describe('sealSecret / openSealed', () => {
  const bob1 = device('bob', 'b1');
  const bob2 = device('bob', 'b2');
  const alice2 = device('alice', 'a2');
  const secret = { text: 'IBAN DE89 3704 0044 0532 0130 00 · door 4711' };

  it('every recipient device opens its own envelope', async () => {
    const envelopes = await sealSecret(secret, binding, [bob1.recipient, bob2.recipient, alice2.recipient]);
    expect(envelopes.map((e) => e.deviceId)).toEqual(['b1', 'b2', 'a2']);
    expect(new Set(envelopes.map((e) => e.enc)).size).toBe(3);
    for (const [i, d] of [bob1, bob2, alice2].entries()) {
      expect(await openSealed(envelopes[i]!, binding, d.me)).toEqual(secret);
    }
    expect(JSON.stringify(envelopes)).not.toContain('4711');
  });

  it("another device's envelope does not open", async () => {
    const [forBob1] = await sealSecret(secret, binding, [bob1.recipient]);
    await expect(openSealed(forBob1!, binding, bob2.me)).rejects.toBeInstanceOf(SealedOpenError);
    // Right key, but claimed for another device id: the info differs.
    await expect(openSealed(forBob1!, binding, { ...bob1.me, deviceId: 'b2' })).rejects.toBeInstanceOf(SealedOpenError);
  });

  it('an envelope moved to another message or conversation does not open', async () => {
    const [e] = await sealSecret(secret, binding, [bob1.recipient]);
    await expect(openSealed(e!, { ...binding, clientId: 'client-2' }, bob1.me)).rejects.toThrow(SealedOpenError);
    await expect(openSealed(e!, { ...binding, conversationId: 'c2' }, bob1.me)).rejects.toThrow(SealedOpenError);
    await expect(openSealed(e!, { ...binding, senderId: 'mallory' }, bob1.me)).rejects.toThrow(SealedOpenError);
  });

  it('a tampered ciphertext or enc is rejected', async () => {
    const [e] = await sealSecret(secret, binding, [bob1.recipient]);
    const ct = Buffer.from(e!.ciphertext, 'base64url');
    ct[3]! ^= 0x40;
    await expect(openSealed({ ...e!, ciphertext: ct.toString('base64url') }, binding, bob1.me)).rejects.toThrow(
      SealedOpenError,
    );
    const other = await sealSecret(secret, binding, [bob1.recipient]);
    await expect(openSealed({ ...e!, enc: other[0]!.enc }, binding, bob1.me)).rejects.toThrow(SealedOpenError);
  });

  it('refuses a secret over the limit', async () => {
    await expect(sealSecret({ text: 'x'.repeat(4097) }, binding, [bob1.recipient])).rejects.toBeInstanceOf(
      SealedSecretTooLarge,
    );
    const ok = await sealSecret({ text: 'é'.repeat(2048) }, binding, [bob1.recipient]);
    expect((await openSealed(ok[0]!, binding, bob1.me)).text).toHaveLength(2048);
  });
});
