import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults: SQLite under ./data on 127.0.0.1:8080', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('names every bad variable with the reason and the value', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', ACCESS_TOKEN_TTL: '5' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT: must be a number \(got "eighty"\)/);
      expect(msg).toMatch(/LOG_LEVEL: .*"loud"/);
      expect(msg).toMatch(/DATABASE_URL: must be a postgres/);
      expect(msg).toMatch(/ACCESS_TOKEN_TTL: must be at least 30/);
    }
  });

  it('refuses NATS without PostgreSQL, since SQLite is single-node', () => {
    expect(() => loadConfig({ BROKER_URL: 'nats://127.0.0.1:4222' })).toThrow(/set DATABASE_URL too/);
    expect(loadConfig({ BROKER_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://h/db' }).BROKER_URL).toBe(
      'nats://127.0.0.1:4222',
    );
  });
});
