// @anytime/protocol: every wire type once. Server, SDK and web import from here.
export * from './version.js';
export * from './limits.js';
export * from './errors.js';
export * from './common.js';
export * from './accounts.js';
export * from './conversations.js';
export * from './messages.js';
export * from './events.js';
export * from './sync.js';
export * from './frames.js';
export * from './routes.js';
export * from './parse.js';
export { buildOpenApiDocument } from './openapi.js';
