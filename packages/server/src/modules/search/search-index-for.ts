// Which SearchIndex the server uses, decided in this one place: the blind index, which keeps no
// plaintext (encryption at rest), on both backends.
import type { Storage } from '../../storage/storage.js';
import { blindSearchIndex, keyringIndexKeys } from './blind-index.js';
import { termStoreFor } from './term-store.js';
import type { SearchIndex } from './search-index.js';

const indexes = new WeakMap<object, SearchIndex>();

/**
 * Another index for one storage (the at-rest benchmark's unencrypted comparison server, which
 * opens its storage without a keyring and indexes plaintext as the server did before
 * encryption at rest: at-rest-off-server.ts). Never used by the server itself.
 */
export function useSearchIndex(storage: object, index: SearchIndex): void {
  indexes.set(storage, index);
}

export function searchIndexFor(storage: Pick<Storage, 'keyring' | 'dialect'>): SearchIndex {
  const chosen = indexes.get(storage);
  if (chosen) return chosen;
  const keyring = storage.keyring;
  if (!keyring) throw new Error('search needs the storage opened with its at-rest keyring (openStorage)');
  let index = indexes.get(keyring);
  if (!index) {
    index = blindSearchIndex(keyringIndexKeys(keyring), termStoreFor(storage.dialect));
    indexes.set(keyring, index);
  }
  return index;
}

/** Whether the storage's search index is the blind index (not another one set by useSearchIndex). */
export function usesBlindIndex(storage: object): boolean {
  return !indexes.has(storage);
}
