// The account's key backup, encrypted on the client: what a new or restored device needs to act
// as the account (the identity private key) and to read secret-chat history (the history key),
// plus any other device-independent secrets. Sealed with AES-256-GCM under the passphrase key
// (passphrase-key.ts); the server stores the result (PUT /v1/keys/backup) and cannot open it.
import type { BackupKdf, KeyBackup, PutKeyBackupRequest } from '@anytime/protocol';
import { fromB64, toB64 } from '../encoding.js';
import { ab } from '../array-buffer.js';
import { kdfAad, newKdf, passphraseKey } from './passphrase-key.js';

/** What the backup holds. */
export interface BackupContents {
  /** Ed25519 identity private key (32 bytes). */
  identityPrivateKey: Uint8Array;
  /** The secret-chat history archive key (32 bytes, history/archive-key.ts). */
  historyKey: Uint8Array;
  /** Other device-independent secrets by name (e.g. verification state); optional. */
  extras?: Record<string, Uint8Array>;
}

/** Wrong passphrase, or a backup that was changed: nothing can be read from it. */
export class BackupDecryptError extends Error {
  constructor() {
    super('the key backup could not be opened: wrong passphrase, or the backup was changed');
  }
}

interface Document {
  v: 1;
  identityPrivateKey: string;
  historyKey: string;
  extras: Record<string, string>;
}

function encode(c: BackupContents): Uint8Array {
  const doc: Document = {
    v: 1,
    identityPrivateKey: toB64(c.identityPrivateKey),
    historyKey: toB64(c.historyKey),
    extras: Object.fromEntries(Object.entries(c.extras ?? {}).map(([k, v]) => [k, toB64(v)])),
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

function decode(bytes: Uint8Array): BackupContents {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Document>;
  if (doc.v !== 1 || typeof doc.identityPrivateKey !== 'string' || typeof doc.historyKey !== 'string') {
    throw new BackupDecryptError();
  }
  return {
    identityPrivateKey: fromB64(doc.identityPrivateKey),
    historyKey: fromB64(doc.historyKey),
    extras: Object.fromEntries(Object.entries(doc.extras ?? {}).map(([k, v]) => [k, fromB64(v)])),
  };
}

export interface EncryptBackupOptions {
  /** Reuse these KDF parameters (and salt) instead of fresh ones. */
  kdf?: BackupKdf;
  alg?: BackupKdf['alg'];
}

/** The body of PUT /v1/keys/backup (without previousVersion). */
export async function encryptBackup(
  contents: BackupContents,
  passphrase: string,
  opts: EncryptBackupOptions = {},
): Promise<Omit<PutKeyBackupRequest, 'previousVersion'>> {
  const kdf = opts.kdf ?? newKdf(opts.alg);
  const key = await passphraseKey(passphrase, kdf);
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = encode(contents);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: ab(nonce), additionalData: ab(kdfAad(kdf)) },
    key,
    ab(plaintext),
  );
  plaintext.fill(0);
  return { kdf, nonce: toB64(nonce), ciphertext: toB64(new Uint8Array(ct)) };
}

/** Opens a backup; BackupDecryptError on a wrong passphrase or a changed backup. */
export async function decryptBackup(
  backup: Pick<KeyBackup, 'kdf' | 'nonce' | 'ciphertext'>,
  passphrase: string,
): Promise<BackupContents> {
  const key = await passphraseKey(passphrase, backup.kdf);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: ab(fromB64(backup.nonce)), additionalData: ab(kdfAad(backup.kdf)) },
      key,
      ab(fromB64(backup.ciphertext)),
    );
  } catch {
    throw new BackupDecryptError();
  }
  return decode(new Uint8Array(plaintext));
}
