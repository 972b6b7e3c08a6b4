// Which SearchIndex the server uses, decided in this one place (the privacy issue swaps in a
// blind index here).
import type { Dialect } from '../../storage/storage.js';
import { postgresSearchIndex } from './postgres-index.js';
import type { SearchIndex } from './search-index.js';
import { sqliteSearchIndex } from './sqlite-index.js';

export function searchIndexFor(dialect: Dialect): SearchIndex {
  return dialect === 'postgres' ? postgresSearchIndex : sqliteSearchIndex;
}
