// Where the offline cache keeps its entries: a small key-value interface (one value per key,
// keys grouped by a prefix per account) with a memory backend here and IndexedDB for browsers.

export interface CacheStore {
  /** Every entry whose key starts with `prefix`. */
  entries(prefix: string): Promise<[string, unknown][]>;
  /** Writes these entries (undefined deletes the key), all or nothing. */
  write(changes: readonly (readonly [string, unknown])[]): Promise<void>;
  /** Deletes every entry whose key starts with `prefix` ('' deletes everything). */
  clear(prefix: string): Promise<void>;
  close?(): Promise<void>;
}

export class MemoryCacheStore implements CacheStore {
  private readonly data = new Map<string, string>();

  async entries(prefix: string): Promise<[string, unknown][]> {
    return [...this.data]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k, JSON.parse(v) as unknown] as [string, unknown]);
  }

  async write(changes: readonly (readonly [string, unknown])[]): Promise<void> {
    // Stored as JSON, so that callers never share objects with the store (as with IndexedDB).
    for (const [k, v] of changes) {
      if (v === undefined) this.data.delete(k);
      else this.data.set(k, JSON.stringify(v));
    }
  }

  async clear(prefix: string): Promise<void> {
    for (const k of [...this.data.keys()]) if (k.startsWith(prefix)) this.data.delete(k);
  }
}
