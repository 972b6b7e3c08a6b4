// BrowserKeyStore logic on fake-indexeddb with Node's WebCrypto (the Chromium check is
// browser-key-store.chromium.test.ts): values are stored encrypted, the wrapping key is a
// non-extractable CryptoKey kept across reopen, names are bound.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { BrowserKeyStore } from './browser-key-store.js';

describe('BrowserKeyStore (fake-indexeddb)', () => {
  it('round trips, lists by prefix, and reopens with the same non-extractable wrapping key', async () => {
    const indexedDB = new IDBFactory();
    const store = await BrowserKeyStore.open({ indexedDB });
    expect(store.wrappingKeyInfo).toEqual({ extractable: false, algorithm: 'AES-GCM' });
    await store.put('identity', new Uint8Array([9, 8, 7]));
    await store.put('mls/a', new Uint8Array([1]));
    await store.put('mls/b', new Uint8Array([2]));
    await store.delete('mls/b');
    expect(await store.list('mls/')).toEqual(['mls/a']);
    store.close();
    const again = await BrowserKeyStore.open({ indexedDB });
    expect(await again.get('identity')).toEqual(new Uint8Array([9, 8, 7]));
    expect(await again.get('missing')).toBeUndefined();
    again.close();
  });

  it('stores ciphertext only, bound to its name', async () => {
    const indexedDB = new IDBFactory();
    const store = await BrowserKeyStore.open({ indexedDB, name: 'raw-check' });
    const secret = new TextEncoder().encode('SECRET-IDENTITY-KEY-BYTES');
    await store.put('a', secret);
    await store.put('b', new Uint8Array([1]));
    store.close();
    const raw = await new Promise<IDBDatabase>((resolve) => {
      const r = indexedDB.open('raw-check', 1);
      r.onsuccess = () => resolve(r.result);
    });
    const get = (name: string) =>
      new Promise<{ iv: Uint8Array; ct: ArrayBuffer }>((resolve) => {
        const r = raw.transaction('secrets').objectStore('secrets').get(name);
        r.onsuccess = () => resolve(r.result as { iv: Uint8Array; ct: ArrayBuffer });
      });
    const a = await get('a');
    expect(Buffer.from(a.ct).toString('latin1')).not.toContain('SECRET');
    // Swap a's ciphertext under b's name: it must not open.
    await new Promise<void>((resolve) => {
      const tx = raw.transaction('secrets', 'readwrite');
      tx.objectStore('secrets').put(a, 'b');
      tx.oncomplete = () => resolve();
    });
    raw.close();
    const reopened = await BrowserKeyStore.open({ indexedDB, name: 'raw-check' });
    await expect(reopened.get('b')).rejects.toThrow();
    expect(await reopened.get('a')).toEqual(secret);
    reopened.close();
  });

  it('keeps non-extractable CryptoKeys as they are', async () => {
    const store = await BrowserKeyStore.open({ indexedDB: new IDBFactory() });
    const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    await store.putCryptoKey('hmac', key);
    const back = await store.getCryptoKey('hmac');
    expect(back?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', back!)).rejects.toThrow();
    await expect(store.putCryptoKey('wrapping-key', key)).rejects.toThrow();
    expect(await store.getCryptoKey('wrapping-key')).toBeUndefined();
    store.close();
  });
});
