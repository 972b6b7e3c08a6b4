// Where a device keeps its secrets. MLS group states, the identity private key, device keys and
// the history key all go through this interface, so the same glue runs in browsers (IndexedDB,
// wrapped by a non-extractable WebCrypto key) and in Node (a 0600 file); MemoryKeyStore is the
// in-process store for tests and short-lived clients.

/** Where a device keeps its secrets (identity private key, device keys, MLS group states, history key). */
export interface KeyStore {
  get(name: string): Promise<Uint8Array | undefined>;
  put(name: string, value: Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
  /** Names starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** A KeyStore in memory: lost when the process ends. Values are copied in and out. */
export class MemoryKeyStore implements KeyStore {
  private readonly entries = new Map<string, Uint8Array>();

  async get(name: string): Promise<Uint8Array | undefined> {
    const value = this.entries.get(name);
    return value === undefined ? undefined : value.slice();
  }

  async put(name: string, value: Uint8Array): Promise<void> {
    this.entries.set(name, value.slice());
  }

  async delete(name: string): Promise<void> {
    this.entries.delete(name);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.entries.keys()].filter((name) => name.startsWith(prefix)).sort();
  }
}
