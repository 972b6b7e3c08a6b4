// MLS (RFC 9420) glue over ts-mls for secret chats.
export * from './suite.js';
export * from './credential.js';
export * from './auth-service.js';
export * from './key-packages.js';
export * from './group.js';
export * from './inspect.js';
