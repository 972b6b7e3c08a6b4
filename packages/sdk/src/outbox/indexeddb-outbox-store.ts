// Outbox store for browsers: IndexedDB, one object store for pending messages (by clientId,
// indexed by order) and one for the cursor. Every write waits for its transaction to commit.
import { committed, openDatabase, requestResult } from '../browser/indexeddb.js';
import { asPendingMessage, byOrder, type OutboxStore, type PendingMessage } from './outbox-store.js';

const VERSION = 1;
const MESSAGES = 'outbox';
const META = 'meta';
const CURSOR_KEY = 'cursor';

export interface IndexedDbOutboxStoreOptions {
  /** Database name; one per account on a shared browser. */
  name?: string;
  /** Defaults to the global indexedDB. */
  factory?: IDBFactory;
}

export class IndexedDbOutboxStore implements OutboxStore {
  private db: Promise<IDBDatabase> | null = null;
  private readonly name: string;
  private readonly factory: IDBFactory | undefined;

  constructor(opts: IndexedDbOutboxStoreOptions = {}) {
    this.name = opts.name ?? 'anytime-outbox';
    this.factory = opts.factory;
  }

  async list(): Promise<PendingMessage[]> {
    const db = await this.open();
    const tx = db.transaction(MESSAGES, 'readonly');
    const rows = await requestResult(tx.objectStore(MESSAGES).index('order').getAll());
    return rows.flatMap((r: unknown) => asPendingMessage(r) ?? []).sort(byOrder);
  }

  async put(message: PendingMessage): Promise<void> {
    await this.write(MESSAGES, (s) => s.put({ ...message }));
  }

  async remove(clientId: string): Promise<void> {
    await this.write(MESSAGES, (s) => s.delete(clientId));
  }

  async getCursor(): Promise<string | null> {
    const db = await this.open();
    const v: unknown = await requestResult(db.transaction(META, 'readonly').objectStore(META).get(CURSOR_KEY));
    return typeof v === 'string' ? v : null;
  }

  async setCursor(cursor: string | null): Promise<void> {
    await this.write(META, (s) => (cursor === null ? s.delete(CURSOR_KEY) : s.put(cursor, CURSOR_KEY)));
  }

  async close(): Promise<void> {
    if (!this.db) return;
    const db = await this.db;
    this.db = null;
    db.close();
  }

  private async write(store: string, fn: (s: IDBObjectStore) => void): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(store, 'readwrite', { durability: 'strict' });
    const done = committed(tx);
    fn(tx.objectStore(store));
    await done;
  }

  private open(): Promise<IDBDatabase> {
    return (this.db ??= openDatabase(this.factory, this.name, VERSION, (db) => {
      if (!db.objectStoreNames.contains(MESSAGES)) {
        db.createObjectStore(MESSAGES, { keyPath: 'clientId' }).createIndex('order', 'order');
      }
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    }));
  }
}
