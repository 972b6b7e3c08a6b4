// The real KeyStores: IndexedDB + a non-extractable wrapping key in browsers, a 0600 file in Node.
export * from './browser-key-store.js';
export * from './node-file-key-store.js';
