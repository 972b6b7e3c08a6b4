// The master key: the key file (0600, made once, refused when others may read it or its size is
// wrong), ANYTIME_MASTER_KEY validation that never echoes the value, PostgreSQL needing a shared
// key, and a server given the wrong key refusing to start with a clear message.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createServer } from '../../app.js';
import { createTestDatabase, startTestServer, TEST_ENV, testBackend } from '../../testing.js';
import { registerUser, direct, send, api } from '../../test-support/harness.js';
import { loadMasterKey, MASTER_KEY_FILE, MasterKeyError } from './master-key.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'anytime-mk-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the master key file', () => {
  it('is made at first start with mode 0600 and 32 random bytes, then read back unchanged', () => {
    const dir = tempDir();
    const first = loadMasterKey({ dataDir: dir });
    const file = join(dir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file)).toEqual(first.key);
    expect(first.source).toBe('file');
    const again = loadMasterKey({ dataDir: dir });
    expect(again.key.equals(first.key)).toBe(true);
    expect(again.id).toBe(first.id);
    expect(loadMasterKey({ dataDir: tempDir() }).id).not.toBe(first.id);
  });

  it('is refused when others may read it, or when its size is wrong', () => {
    const dir = tempDir();
    loadMasterKey({ dataDir: dir });
    const file = join(dir, MASTER_KEY_FILE);
    chmodSync(file, 0o644);
    expect(() => loadMasterKey({ dataDir: dir })).toThrow(/readable by others \(mode 644\).*chmod 600/);
    chmodSync(file, 0o600);
    writeFileSync(file, randomBytes(31));
    expect(() => loadMasterKey({ dataDir: dir })).toThrow(/holds 31 bytes, not 32/);
  });

  it('is not made for PostgreSQL, whose nodes must share ANYTIME_MASTER_KEY', () => {
    const dir = tempDir();
    expect(() => loadMasterKey({ dataDir: dir, postgres: true })).toThrow(MasterKeyError);
    expect(() => loadMasterKey({ dataDir: dir, postgres: true })).toThrow(/set ANYTIME_MASTER_KEY/);
    const key = randomBytes(32).toString('base64');
    expect(loadMasterKey({ dataDir: dir, postgres: true, ANYTIME_MASTER_KEY: key }).source).toBe('env');
  });
});

describe('ANYTIME_MASTER_KEY', () => {
  it('must be base64 of exactly 32 bytes, and an error never shows the value', () => {
    const wrong = randomBytes(31).toString('base64');
    let message = '';
    try {
      loadConfig({ ANYTIME_MASTER_KEY: wrong });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/ANYTIME_MASTER_KEY: must be the base64 encoding of exactly 32 bytes/);
    expect(message).not.toContain(wrong);
    const good = randomBytes(32).toString('base64');
    expect(loadConfig({ ANYTIME_MASTER_KEY: good }).ANYTIME_MASTER_KEY).toBe(good);
  });
});

describe('a server given the wrong master key', () => {
  it('refuses to start, naming both keys, and starts again with the right one', async () => {
    const database = await createTestDatabase();
    const right = randomBytes(32).toString('base64');
    try {
      const s = await startTestServer({ database, env: { ANYTIME_MASTER_KEY: right } });
      const a = await registerUser(s.url);
      const b = await registerUser(s.url);
      const conv = await direct(s.url, a, b);
      await send(s.url, a, conv, 'kept safe');
      await s.close();
      const env = { ...TEST_ENV, ...database.env, ANYTIME_MASTER_KEY: randomBytes(32).toString('base64') };
      await expect(createServer(loadConfig(env))).rejects.toThrow(/wrong master key: the data keys of this database/);
      if (testBackend() === 'sqlite') {
        // Without ANYTIME_MASTER_KEY a new key file would be made: just as wrong.
        const { ANYTIME_MASTER_KEY: _, ...noKey } = env;
        await expect(createServer(loadConfig(noKey))).rejects.toThrow(/wrong master key/);
      }
      const again = await startTestServer({ database, env: { ANYTIME_MASTER_KEY: right } });
      const r = await api(again.url, 'GET', `/v1/conversations/${conv}/messages?afterSeq=0`, { token: a.token });
      expect(r.body.messages.map((m: { text: string }) => m.text)).toContain('kept safe');
      await again.close();
    } finally {
      await database.drop();
    }
  });
});
