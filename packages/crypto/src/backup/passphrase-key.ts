// The passphrase of the key backup becomes an AES-256-GCM key through a memory-hard KDF:
// Argon2id (RFC 9106; m = 19 MiB, t = 2, p = 1, OWASP's minimum) by default, scrypt as the
// alternative the protocol allows. The parameters travel with the backup (protocol BackupKdf),
// so a later client can raise them without breaking old backups. @noble/hashes does the work.
import type { BackupKdf } from '@anytime/protocol';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { fromB64, toB64 } from '../encoding.js';
import { ab } from '../array-buffer.js';

export const DEFAULT_ARGON2ID = { m: 19_456, t: 2, p: 1 } as const;
export const DEFAULT_SCRYPT = { N: 131_072, r: 8, p: 1 } as const;

/** Fresh KDF parameters with a random 16-byte salt. */
export function newKdf(alg: BackupKdf['alg'] = 'argon2id'): BackupKdf {
  const salt = toB64(crypto.getRandomValues(new Uint8Array(16)));
  return alg === 'argon2id' ? { alg, salt, ...DEFAULT_ARGON2ID } : { alg, salt, ...DEFAULT_SCRYPT };
}

/** The 32 key bytes the passphrase gives under `kdf`. The passphrase is NFKC-normalized first. */
export async function passphraseKeyBytes(passphrase: string, kdf: BackupKdf): Promise<Uint8Array> {
  const password = new TextEncoder().encode(passphrase.normalize('NFKC'));
  const salt = fromB64(kdf.salt);
  if (kdf.alg === 'argon2id') {
    return argon2idAsync(password, salt, { m: kdf.m, t: kdf.t, p: kdf.p, dkLen: 32 });
  }
  return scryptAsync(password, salt, { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: 32, maxmem: 2 ** 31 });
}

/** The passphrase key as a non-extractable WebCrypto AES-GCM key. */
export async function passphraseKey(passphrase: string, kdf: BackupKdf): Promise<CryptoKey> {
  const bytes = await passphraseKeyBytes(passphrase, kdf);
  try {
    return await crypto.subtle.importKey('raw', ab(bytes), 'AES-GCM', false, ['encrypt', 'decrypt']);
  } finally {
    bytes.fill(0);
  }
}

/** The KDF parameters as AAD: a server that changes them makes the backup fail to open. */
export function kdfAad(kdf: BackupKdf): Uint8Array {
  const fields =
    kdf.alg === 'argon2id' ? ['argon2id', kdf.salt, kdf.m, kdf.t, kdf.p] : ['scrypt', kdf.salt, kdf.N, kdf.r, kdf.p];
  return new TextEncoder().encode(`anytime-key-backup-v1\n${fields.join('\n')}`);
}
