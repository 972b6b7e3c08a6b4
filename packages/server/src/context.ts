// What every module's actions get: config, logger, storage, broker and the token service.
import type { Logger } from 'pino';
import type { Broker } from './broker/broker.js';
import type { Config } from './config.js';
import type { Storage } from './storage/storage.js';
import type { Tokens } from './modules/accounts/tokens.js';
import type { Limiter } from './modules/accounts/rate-limit.js';

export interface AppContext {
  config: Config;
  log: Logger;
  storage: Storage;
  broker: Broker;
  tokens: Tokens;
  /** Shared by every node on PostgreSQL, in memory on SQLite. */
  loginLimits: { perIp: Limiter; perUsername: Limiter };
  /** Messages per user (modules/safety/send-limit.ts); shared like loginLimits. */
  sendLimit: Limiter;
}

export const nowIso = (): string => new Date().toISOString();
