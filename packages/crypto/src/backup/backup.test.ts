// Key backup: round trip with Argon2id and scrypt, wrong passphrase and tampering refused.
import { describe, expect, it } from 'vitest';
import { decryptBackup, encryptBackup, BackupDecryptError, type BackupContents } from './backup.js';
import { passphraseKeyBytes } from './passphrase-key.js';

const contents: BackupContents = {
  identityPrivateKey: crypto.getRandomValues(new Uint8Array(32)),
  historyKey: crypto.getRandomValues(new Uint8Array(32)),
  extras: { verified: new TextEncoder().encode('{"bob":"key"}') },
};

describe('key backup', () => {
  it('round trips with Argon2id (m = 19 MiB) and refuses a wrong passphrase', async () => {
    const b = await encryptBackup(contents, 'correct horse battery staple');
    expect(b.kdf).toMatchObject({ alg: 'argon2id', m: 19_456, t: 2, p: 1 });
    expect(b.ciphertext).not.toContain(Buffer.from(contents.identityPrivateKey).toString('base64url'));
    const back = await decryptBackup(b, 'correct horse battery staple');
    expect(back.identityPrivateKey).toEqual(contents.identityPrivateKey);
    expect(back.historyKey).toEqual(contents.historyKey);
    expect(back.extras?.['verified']).toEqual(contents.extras?.['verified']);
    await expect(decryptBackup(b, 'correct horse battery stapler')).rejects.toBeInstanceOf(BackupDecryptError);
  });

  it('round trips with scrypt; the KDF parameters are bound (a weaker N does not open)', async () => {
    const b = await encryptBackup(contents, 'pässwörd', { alg: 'scrypt' });
    expect(b.kdf.alg).toBe('scrypt');
    // NFKC: the composed and decomposed forms are the same passphrase.
    expect((await decryptBackup(b, 'pa\u0308sswo\u0308rd')).historyKey).toEqual(contents.historyKey);
    if (b.kdf.alg !== 'scrypt') throw new Error('unreachable');
    await expect(decryptBackup({ ...b, kdf: { ...b.kdf, N: 16_384 } }, 'pässwörd')).rejects.toBeInstanceOf(
      BackupDecryptError,
    );
  });

  it('a flipped ciphertext byte is refused', async () => {
    const b = await encryptBackup(contents, 'pw-1234567', { alg: 'scrypt' });
    const ct = Buffer.from(b.ciphertext, 'base64url');
    ct[5]! ^= 1;
    await expect(decryptBackup({ ...b, ciphertext: ct.toString('base64url') }, 'pw-1234567')).rejects.toBeInstanceOf(
      BackupDecryptError,
    );
  });

  it('the passphrase key depends on the passphrase and the salt only', async () => {
    const kdf = { alg: 'argon2id' as const, salt: 'c2FsdHNhbHRzYWx0c2FsdA', m: 19_456, t: 2, p: 1 };
    const a = await passphraseKeyBytes('x', kdf);
    expect(await passphraseKeyBytes('x', kdf)).toEqual(a);
    expect(await passphraseKeyBytes('x', { ...kdf, salt: 'ZGlmZmVyZW50c2FsdHNhbA' })).not.toEqual(a);
    expect(await passphraseKeyBytes('y', kdf)).not.toEqual(a);
    expect(a).toHaveLength(32);
  });
});
