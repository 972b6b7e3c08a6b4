// The passphrase-protected key backup (backup.ts, passphrase-key.ts).
export * from './backup.js';
export { DEFAULT_ARGON2ID, DEFAULT_SCRYPT, newKdf } from './passphrase-key.js';
