// A KeyStore for browsers: IndexedDB holds every secret encrypted with AES-256-GCM under one
// wrapping key that WebCrypto generated as NON-EXTRACTABLE and that IndexedDB stores as a
// CryptoKey object (structured clone keeps it non-extractable). Script running in the page can
// use the key while the page is open but can never read its bytes, so a copy of the IndexedDB
// files or an export of the database holds ciphertext only. Each value's name is bound as AAD,
// so two values cannot be swapped. Where an algorithm allows it (AES, HMAC), callers can keep
// non-extractable CryptoKeys directly with putCryptoKey/getCryptoKey.
import { ab } from '../array-buffer.js';
import type { KeyStore } from '../key-store.js';

const STORE_SECRETS = 'secrets';
const STORE_KEYS = 'cryptokeys';
const WRAPPING_KEY = 'wrapping-key';

interface Sealed {
  iv: Uint8Array;
  ct: ArrayBuffer;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export interface BrowserKeyStoreOptions {
  /** Database name: one per account and server (default "anytime-keys"). */
  name?: string;
  /** The IndexedDB factory (default globalThis.indexedDB; tests pass fake-indexeddb). */
  indexedDB?: IDBFactory;
}

export class BrowserKeyStore implements KeyStore {
  private constructor(
    private readonly db: IDBDatabase,
    private readonly wrappingKey: CryptoKey,
  ) {}

  static async open(opts: BrowserKeyStoreOptions = {}): Promise<BrowserKeyStore> {
    const factory = opts.indexedDB ?? globalThis.indexedDB;
    const open = factory.open(opts.name ?? 'anytime-keys', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore(STORE_SECRETS);
      open.result.createObjectStore(STORE_KEYS);
    };
    const db = await req(open);
    const existing = await req(db.transaction(STORE_KEYS).objectStore(STORE_KEYS).get(WRAPPING_KEY));
    let wrappingKey = existing as CryptoKey | undefined;
    if (!wrappingKey) {
      const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      // Another tab may have created one meanwhile: add() fails then, and we use theirs.
      const tx = db.transaction(STORE_KEYS, 'readwrite');
      const store = tx.objectStore(STORE_KEYS);
      const current = (await req(store.get(WRAPPING_KEY))) as CryptoKey | undefined;
      if (current) wrappingKey = current;
      else {
        store.add(fresh, WRAPPING_KEY);
        wrappingKey = fresh;
      }
      await done(tx);
    }
    return new BrowserKeyStore(db, wrappingKey);
  }

  /** The wrapping key (for checks: it must report extractable === false). */
  get wrappingKeyInfo(): { extractable: boolean; algorithm: string } {
    return { extractable: this.wrappingKey.extractable, algorithm: this.wrappingKey.algorithm.name };
  }

  async get(name: string): Promise<Uint8Array | undefined> {
    const sealed = (await req(this.db.transaction(STORE_SECRETS).objectStore(STORE_SECRETS).get(name))) as
      Sealed | undefined;
    if (!sealed) return undefined;
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: ab(sealed.iv), additionalData: ab(new TextEncoder().encode(name)) },
      this.wrappingKey,
      sealed.ct,
    );
    return new Uint8Array(pt);
  }

  async put(name: string, value: Uint8Array): Promise<void> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: ab(iv), additionalData: ab(new TextEncoder().encode(name)) },
      this.wrappingKey,
      ab(value),
    );
    const tx = this.db.transaction(STORE_SECRETS, 'readwrite');
    tx.objectStore(STORE_SECRETS).put({ iv, ct } satisfies Sealed, name);
    await done(tx);
  }

  async delete(name: string): Promise<void> {
    const tx = this.db.transaction([STORE_SECRETS, STORE_KEYS], 'readwrite');
    tx.objectStore(STORE_SECRETS).delete(name);
    if (name !== WRAPPING_KEY) tx.objectStore(STORE_KEYS).delete(name);
    await done(tx);
  }

  async list(prefix: string): Promise<string[]> {
    const keys = await req(this.db.transaction(STORE_SECRETS).objectStore(STORE_SECRETS).getAllKeys());
    return keys.filter((k): k is string => typeof k === 'string' && k.startsWith(prefix)).sort();
  }

  /** Keeps a non-extractable CryptoKey as is (AES-GCM, HMAC...): its bytes never reach script. */
  async putCryptoKey(name: string, key: CryptoKey): Promise<void> {
    if (name === WRAPPING_KEY) throw new Error('reserved name');
    const tx = this.db.transaction(STORE_KEYS, 'readwrite');
    tx.objectStore(STORE_KEYS).put(key, name);
    await done(tx);
  }

  async getCryptoKey(name: string): Promise<CryptoKey | undefined> {
    if (name === WRAPPING_KEY) return undefined;
    return (await req(this.db.transaction(STORE_KEYS).objectStore(STORE_KEYS).get(name))) as CryptoKey | undefined;
  }

  close(): void {
    this.db.close();
  }
}
