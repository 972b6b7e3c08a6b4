// The one place that picks the BlobStore implementation: the filesystem under DATA_DIR, encrypted
// at rest (object storage would be chosen here from config).
import { join } from 'node:path';
import type { Config } from '../config.js';
import { keyTableOf } from '../modules/at-rest/key-table.js';
import type { Storage } from '../storage/storage.js';
import type { BlobStore } from './blob-store.js';
import { EncryptedBlobStore } from './encrypted-blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';

/** Server-wide scope of the blob data key. */
export const BLOB_SCOPE = 'g:blobs';

/** Media is encrypted at rest whenever the storage has its keyring (always, outside bare tests). */
export async function openBlobStore(
  config: Config,
  storage: Pick<Storage, 'keyring' | 'write' | 'read'>,
): Promise<BlobStore> {
  const root = join(config.dataDir, 'blobs');
  const keyring = storage.keyring;
  if (!keyring) return FsBlobStore.open(root);
  const { value: key } = await storage.write((tx) => keyring.forWrite(keyTableOf(tx.db), BLOB_SCOPE));
  return EncryptedBlobStore.open(root, key, (id) => keyring.forRead(keyTableOf(storage.read), id));
}
