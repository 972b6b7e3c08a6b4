// @anytime/crypto: the client side of end-to-end encryption. Primitives come from ts-mls,
// @hpke/core, @noble/* and WebCrypto; this package is protocol glue only.
export * from './encoding.js';
export * from './key-store.js';
export * from './identity.js';
export * from './mls/index.js';
