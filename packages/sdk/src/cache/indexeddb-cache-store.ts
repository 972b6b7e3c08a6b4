// The offline cache in a browser: one IndexedDB object store of key -> value, read by key
// range (an account's prefix) and written in one transaction per batch.
import { committed, openDatabase, requestResult } from '../browser/indexeddb.js';
import type { CacheStore } from './cache-store.js';

const VERSION = 1;
const ENTRIES = 'entries';

export interface IndexedDbCacheStoreOptions {
  /** Database name. */
  name?: string;
  /** Defaults to the global indexedDB. */
  factory?: IDBFactory;
  /** Defaults to the global IDBKeyRange (give the one of `factory` when it is not global). */
  keyRange?: typeof IDBKeyRange;
}

export class IndexedDbCacheStore implements CacheStore {
  private db: Promise<IDBDatabase> | null = null;
  private readonly name: string;
  private readonly factory: IDBFactory | undefined;
  private readonly keyRange: typeof IDBKeyRange | undefined;

  constructor(opts: IndexedDbCacheStoreOptions = {}) {
    this.name = opts.name ?? 'anytime-cache';
    this.factory = opts.factory;
    this.keyRange = opts.keyRange;
  }

  async entries(prefix: string): Promise<[string, unknown][]> {
    const db = await this.open();
    const store = db.transaction(ENTRIES, 'readonly').objectStore(ENTRIES);
    const r = this.range(prefix);
    const [keys, values] = await Promise.all([
      requestResult(store.getAllKeys(r)),
      requestResult(store.getAll(r) as IDBRequest<unknown[]>),
    ]);
    return keys.map((k, i) => [String(k), values[i]]);
  }

  async write(changes: readonly (readonly [string, unknown])[]): Promise<void> {
    if (changes.length === 0) return;
    await this.transact((s) => {
      for (const [k, v] of changes) {
        if (v === undefined) s.delete(k);
        else s.put(v, k);
      }
    });
  }

  async clear(prefix: string): Promise<void> {
    const r = this.range(prefix);
    await this.transact((s) => (r ? s.delete(r) : s.clear()));
  }

  async close(): Promise<void> {
    if (!this.db) return;
    const db = await this.db;
    this.db = null;
    db.close();
  }

  /** The keys that start with `prefix` (U+FFFF sorts after every character used in keys). */
  private range(prefix: string): IDBKeyRange | undefined {
    if (prefix === '') return undefined;
    return (this.keyRange ?? globalThis.IDBKeyRange).bound(prefix, `${prefix}\uffff`);
  }

  private async transact(fn: (s: IDBObjectStore) => void): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(ENTRIES, 'readwrite');
    const done = committed(tx);
    fn(tx.objectStore(ENTRIES));
    await done;
  }

  private open(): Promise<IDBDatabase> {
    return (this.db ??= openDatabase(this.factory, this.name, VERSION, (db) => {
      if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES);
    }));
  }
}
