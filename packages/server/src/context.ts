// What every module's actions get: config, logger, storage, broker and the token service.
import type { Logger } from 'pino';
import type { Broker } from './broker/broker.js';
import type { Config } from './config.js';
import type { Storage } from './storage/storage.js';
import type { Tokens } from './modules/accounts/tokens.js';
import type { RateLimiter } from './modules/accounts/rate-limit.js';

export interface AppContext {
  config: Config;
  log: Logger;
  storage: Storage;
  broker: Broker;
  tokens: Tokens;
  loginLimits: { perIp: RateLimiter; perUsername: RateLimiter };
  /** Messages per user (modules/safety/send-limit.ts). */
  sendLimit: RateLimiter;
}

export const nowIso = (): string => new Date().toISOString();
