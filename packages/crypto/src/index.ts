// @anytime/crypto: the client side of end-to-end encryption. Primitives come from ts-mls,
// @hpke/core, @noble/* and WebCrypto; this package is protocol glue only.
export * from './encoding.js';
export * from './attachments.js';
export * from './key-store.js';
export * from './identity.js';
export * from './sealed/index.js';
export * from './backup/index.js';
export * from './history/index.js';
export * from './safety-number.js';
export * from './stores/index.js';
export * from './mls/index.js';
