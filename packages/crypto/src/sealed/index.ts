// Sealed messages on the client: HPKE to each recipient device (seal.ts, suite.ts).
export * from './seal.js';
export { sealedSuite } from './suite.js';
