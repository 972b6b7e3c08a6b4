// Per-scope data keys (a scope is a conversation `c:<id>`, a user `u:<id>`, or a server-wide
// purpose `g:<name>`): random 32-byte AES-256-GCM keys, wrapped by the master key with AES-256-GCM
// and stored in data_keys (migration 0017) with their id, version and the master key's
// fingerprint. Unwrapped keys are kept in a bounded LRU; the table is read through whatever
// connection asks (inside its transaction), so a key made by a write commits with that write.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './master-key.js';
import type { DataKey } from './value-cipher.js';

export interface DataKeyRow {
  id: string;
  scope: string;
  version: number;
  wrapped: string;
  master_key_id: string;
  created_at: string;
}

/** Reads and writes data_keys on one connection (see key-table.ts). */
export interface KeyTable {
  byId(id: string): Promise<DataKeyRow | undefined>;
  /** The scope's newest key. */
  newest(scope: string): Promise<DataKeyRow | undefined>;
  /** Inserts unless a key with the same scope and version exists (another writer was first). */
  insertIfAbsent(row: DataKeyRow): Promise<void>;
}

const wrapAad = (id: string, scope: string, version: number) =>
  Buffer.from(`anytime/data-key/v1|${id}|${scope}|${version}`);

export function wrapDataKey(master: MasterKey, k: DataKey): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.key, iv);
  c.setAAD(wrapAad(k.id, k.scope, k.version));
  const body = Buffer.concat([c.update(k.key), c.final()]);
  return Buffer.concat([iv, body, c.getAuthTag()]).toString('base64');
}

export class WrongMasterKeyError extends Error {}

export function unwrapDataKey(master: MasterKey, row: DataKeyRow): DataKey {
  if (row.master_key_id !== master.id) {
    throw new WrongMasterKeyError(
      `data key ${row.id} is wrapped by master key ${row.master_key_id}, but the configured master key is ${master.id}`,
    );
  }
  const raw = Buffer.from(row.wrapped, 'base64');
  const d = createDecipheriv('aes-256-gcm', master.key, raw.subarray(0, 12));
  d.setAAD(wrapAad(row.id, row.scope, row.version));
  d.setAuthTag(raw.subarray(raw.length - 16));
  try {
    const key = Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
    return { id: row.id, scope: row.scope, version: row.version, key };
  } catch {
    throw new WrongMasterKeyError(`data key ${row.id} does not unwrap under master key ${master.id} (tampered?)`);
  }
}

/**
 * A cache of at most `max` entries that keeps the recently used ones, in two generations (as
 * segmented LRUs do): a hit in the current generation costs one Map lookup (a strict LRU moved
 * the entry on every hit, which the send path pays for on each sealed value); a hit in the
 * previous one moves the entry to the current; when the current holds max / 2 entries it
 * becomes the previous and the old previous is dropped.
 */
class Lru<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.current.get(k);
    if (v !== undefined) return v;
    const old = this.previous.get(k);
    if (old !== undefined) {
      this.previous.delete(k);
      this.set(k, old);
    }
    return old;
  }
  set(k: string, v: V): void {
    this.previous.delete(k);
    if (!this.current.has(k) && this.current.size >= Math.max(1, this.max >> 1)) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(k, v);
  }
  peek(k: string): V | undefined {
    return this.current.get(k) ?? this.previous.get(k);
  }
  delete(k: string): void {
    this.current.delete(k);
    this.previous.delete(k);
  }
  clear(): void {
    this.current.clear();
    this.previous.clear();
  }
}

export class Keyring {
  private readonly byId: Lru<DataKey>;
  private readonly newestOf: Lru<DataKey>;

  /** Keys made by a transaction that has not committed yet (see forWrite). */
  private readonly uncommitted = new Set<string>();

  constructor(
    readonly master: MasterKey,
    cacheSize = 10_000,
  ) {
    this.byId = new Lru(cacheSize);
    this.newestOf = new Lru(cacheSize);
  }

  /** The key new values of the scope are sealed with; made (and stored through `table`) if none. */
  async forWrite(table: KeyTable, scope: string): Promise<DataKey> {
    const cached = this.newestOf.get(scope);
    if (cached) return cached;
    let row = await table.newest(scope);
    let made: string | undefined;
    if (!row) {
      const k: DataKey = { id: randomBytes(16).toString('base64url'), scope, version: 1, key: randomBytes(32) };
      made = k.id;
      await table.insertIfAbsent({
        id: k.id,
        scope,
        version: 1,
        wrapped: wrapDataKey(this.master, k),
        master_key_id: this.master.id,
        created_at: new Date().toISOString(),
      });
      row = await table.newest(scope);
      if (!row) throw new Error(`data key for ${scope} vanished after its insert`);
    }
    const k = this.remember(row);
    // A key made by this write, or seen only by it, is not shared until its transaction commits
    // (committed()): on PostgreSQL another transaction would otherwise seal under a key whose row
    // may still roll back. Until then its own transaction finds it again through `table`.
    if (made === k.id) this.uncommitted.add(k.id);
    if (!this.uncommitted.has(k.id)) this.newestOf.set(scope, k);
    return k;
  }

  /** The transaction that made these keys committed: they may serve every writer now. */
  committed(keys: readonly { id: string }[]): void {
    for (const { id } of keys) this.uncommitted.delete(id);
  }

  /** Makes a new newest key for the scope (version + 1); values are sealed with it from now on. */
  async rotate(table: KeyTable, scope: string): Promise<DataKey> {
    const newest = await table.newest(scope);
    const k: DataKey = {
      id: randomBytes(16).toString('base64url'),
      scope,
      version: (newest?.version ?? 0) + 1,
      key: randomBytes(32),
    };
    await table.insertIfAbsent({
      id: k.id,
      scope,
      version: k.version,
      wrapped: wrapDataKey(this.master, k),
      master_key_id: this.master.id,
      created_at: new Date().toISOString(),
    });
    this.byId.set(k.id, k);
    this.newestOf.set(scope, k);
    return k;
  }

  /** The scope's newest key if it has one (never makes one: for read-only paths). */
  async existing(table: KeyTable, scope: string): Promise<DataKey | undefined> {
    const cached = this.newestOf.get(scope);
    if (cached) return cached;
    const row = await table.newest(scope);
    if (!row) return undefined;
    const k = this.remember(row);
    this.newestOf.set(scope, k);
    return k;
  }

  /** The key with this id, or undefined when there is none (the string only looked sealed). */
  async forRead(table: KeyTable, id: string): Promise<DataKey | undefined> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = await table.byId(id);
    return row ? this.remember(row) : undefined;
  }

  /** A key this process already holds (no query): for synchronous paths. */
  cached(id: string): DataKey | undefined {
    return this.byId.get(id);
  }

  /** The scope's newest key if this process holds it (no query). */
  cachedNewest(scope: string): DataKey | undefined {
    return this.newestOf.get(scope);
  }

  /** Forgets every unwrapped key (after a rotation changed the table under us). */
  forget(): void {
    this.byId.clear();
    this.newestOf.clear();
  }

  /**
   * Forgets keys whose rows were rolled back (key-journal.ts): a scope whose newest key was one
   * of them is looked up again (and a key made again) on its next write.
   */
  forgetKeys(keys: readonly { id: string; scope: string }[]): void {
    for (const { id, scope } of keys) {
      this.uncommitted.delete(id);
      this.byId.delete(id);
      if (this.newestOf.peek(scope)?.id === id) this.newestOf.delete(scope);
    }
  }

  private remember(row: DataKeyRow): DataKey {
    const k = unwrapDataKey(this.master, row);
    this.byId.set(k.id, k);
    return k;
  }
}
