// The secret-chat history archive (archive.ts) under the account's history key (archive-key.ts).
export * from './archive.js';
export { newHistoryKey } from './archive-key.js';
