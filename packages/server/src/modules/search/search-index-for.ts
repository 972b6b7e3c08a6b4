// Which SearchIndex the server uses, decided in this one place: the blind index, which keeps no
// plaintext (encryption at rest), on both backends.
import type { Storage } from '../../storage/storage.js';
import { blindSearchIndex } from './blind-index.js';
import { termStoreFor } from './term-store.js';
import type { SearchIndex } from './search-index.js';

const indexes = new WeakMap<object, SearchIndex>();

export function searchIndexFor(storage: Pick<Storage, 'keyring' | 'dialect'>): SearchIndex {
  const keyring = storage.keyring;
  if (!keyring) throw new Error('search needs the storage opened with its at-rest keyring (openStorage)');
  let index = indexes.get(keyring);
  if (!index) {
    index = blindSearchIndex(keyring, termStoreFor(storage.dialect));
    indexes.set(keyring, index);
  }
  return index;
}
