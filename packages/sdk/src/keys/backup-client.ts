// client.backup: the passphrase-protected key backup. upload() encrypts the identity private key
// and the history key on this device (Argon2id + AES-256-GCM, @anytime/crypto) and stores the
// result on the server, replacing the version it read (on a 409 it reads again and retries).
// restore() on a new device downloads it, opens it with the passphrase (a wrong one throws
// BackupDecryptError and changes nothing), installs the identity and history keys and the
// verification marks, publishes
// this device's bundle and downloads the secret-chat history.
import { decryptBackup, encryptBackup } from '@anytime/crypto';
import type { BackupKdf, KeyBackup } from '@anytime/protocol';
import { ApiError } from '../http/api-error.js';
import type { KeysClient } from '../secret/keys-client.js';
import type { CallRoute } from '../state/load-state.js';
import type { HistoryClient } from './history-client.js';
import type { HistoryKeyHolder } from './history-key.js';
import { VERIFY_PREFIX } from './verification-client.js';

/** The account has no key backup on the server. */
export class NoBackupError extends Error {
  override name = 'NoBackupError';
}

export class BackupClient {
  constructor(
    private readonly call: CallRoute,
    private readonly keys: KeysClient,
    private readonly historyKey: HistoryKeyHolder,
    private readonly history: HistoryClient,
  ) {}

  /** The stored backup's metadata, or null. */
  async current(): Promise<KeyBackup | null> {
    try {
      return (await this.call('getKeyBackup', {})).backup;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_found') return null;
      throw e;
    }
  }

  /** Encrypts this device's account secrets under `passphrase` and stores them (a new version). */
  async upload(passphrase: string, opts: { alg?: BackupKdf['alg'] } = {}): Promise<KeyBackup> {
    const { identity } = await this.keys.setUp();
    // Device-independent state goes too: which contacts were verified, and with which key.
    const extras: Record<string, Uint8Array> = {};
    for (const name of await this.keys.store.list(VERIFY_PREFIX)) {
      const value = await this.keys.store.get(name);
      if (value) extras[name] = value;
    }
    const contents = { identityPrivateKey: identity.privateKey, historyKey: await this.historyKey.get(), extras };
    for (let attempt = 1; ; attempt++) {
      const previousVersion = (await this.current())?.version ?? 0;
      const sealed = await encryptBackup(contents, passphrase, opts.alg ? { alg: opts.alg } : {});
      try {
        return (await this.call('putKeyBackup', { body: { previousVersion, ...sealed } })).backup;
      } catch (e) {
        if (e instanceof ApiError && e.code === 'backup_version_conflict' && attempt < 3) continue;
        throw e;
      }
    }
  }

  /** Restores this (new) device from the backup; returns the restored secret-chat history. */
  async restore(passphrase: string) {
    const backup = await this.current();
    if (!backup) throw new NoBackupError('this account has no key backup');
    const contents = await decryptBackup(backup, passphrase);
    await this.keys.importIdentity(contents.identityPrivateKey);
    await this.historyKey.set(contents.historyKey);
    for (const [name, value] of Object.entries(contents.extras ?? {})) {
      if (name.startsWith(VERIFY_PREFIX)) await this.keys.store.put(name, value);
    }
    this.history.reset();
    await this.keys.setUp();
    return this.history.download();
  }
}
