// Key rotation through the operator's command (rotate-keys-cli.ts) on a stopped server's data:
// re-encrypting conversations under fresh data keys (old versions deleted once no value needs
// them) and rewrapping every data key under a new master key; afterwards the old key is refused,
// the new one reads everything, search still finds, and new messages are sealed as before.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { createServer } from '../../app.js';
import { loadConfig } from '../../config.js';
import { runRotateKeysCli } from '../../rotate-keys-cli.js';
import { openStorage } from '../../storage/open.js';
import { createTestDatabase, startTestServer, TEST_ENV, testBackend, type TestDatabase } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { MASTER_KEY_FILE } from './master-key.js';

const tmp = mkdtempSync(join(tmpdir(), 'anytime-rotate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function world(database: TestDatabase, env: Record<string, string>) {
  const s = await startTestServer({ database, env });
  const a = await registerUser(s.url);
  const b = await registerUser(s.url);
  const conv = await direct(s.url, a, b);
  await send(s.url, a, conv, 'the vault code is rhubarbpie');
  await send(s.url, b, conv, 'noted');
  await s.server.searchIndexer.idle();
  await s.close();
  return { a, b, conv };
}

async function readsBack(
  database: TestDatabase,
  env: Record<string, string>,
  w: { a: TestUser; conv: string },
): Promise<void> {
  const s = await startTestServer({ database, env });
  try {
    const r = await api(s.url, 'GET', `/v1/conversations/${w.conv}/messages?afterSeq=0`, { token: w.a.token });
    expect((r.body.messages as Message[]).map((m) => m.text)).toEqual(
      expect.arrayContaining(['the vault code is rhubarbpie', 'noted']),
    );
    const found = await api(s.url, 'GET', '/v1/search?q=barbpi', { token: w.a.token });
    expect((found.body.messages as Message[]).map((m) => m.text)).toEqual(['the vault code is rhubarbpie']);
    await send(s.url, w.a, w.conv, 'after rotation');
    const sync = await api(s.url, 'GET', `/v1/conversations/${w.conv}/messages?afterSeq=0`, { token: w.a.token });
    expect((sync.body.messages as Message[]).at(-1)!.text).toBe('after rotation');
  } finally {
    await s.close();
  }
}

async function dataKeys(env: Record<string, string>) {
  const storage = await openStorage(loadConfig(env), () => undefined);
  try {
    return await storage.read.selectFrom('data_keys').selectAll().orderBy('scope').execute();
  } finally {
    await storage.close();
  }
}

describe('rotate-keys', () => {
  it('re-encrypts under fresh data keys and rewraps under a new master key; the old key is refused', async () => {
    const database = await createTestDatabase();
    try {
      const oldKey = randomBytes(32).toString('base64');
      const env = { ...TEST_ENV, ...database.env, ANYTIME_MASTER_KEY: oldKey };
      const w = await world(database, { ANYTIME_MASTER_KEY: oldKey });
      const before = await dataKeys(env);
      const convKey = before.find((k) => k.scope === `c:${w.conv}`)!;
      expect(convKey.version).toBe(1);

      const newKey = randomBytes(32);
      const file = join(tmp, 'new.key');
      writeFileSync(file, newKey.toString('base64'), { mode: 0o600 });
      const out: string[] = [];
      await runRotateKeysCli(env, ['--reencrypt', w.conv, '--new-master-key-file', file], (l) => out.push(l));
      const steps = out.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(steps[0]).toMatchObject({ step: 'reencrypt', conversationId: w.conv, keyVersion: 2 });
      expect(steps[0]!['rows']).toBeGreaterThan(3);
      expect(steps[1]).toMatchObject({ step: 'rewrap', dataKeys: before.length });
      expect(out.join('\n')).not.toContain(newKey.toString('base64'));

      const newEnv = { ...env, ANYTIME_MASTER_KEY: newKey.toString('base64') };
      const after = await dataKeys(newEnv);
      // The conversation has only its fresh key; every key is wrapped by the new master key.
      expect(after.filter((k) => k.scope === `c:${w.conv}`).map((k) => k.version)).toEqual([2]);
      expect(new Set(after.map((k) => k.master_key_id)).size).toBe(1);
      expect(after.map((k) => k.wrapped)).not.toEqual(expect.arrayContaining([convKey.wrapped]));
      await expect(createServer(loadConfig(env))).rejects.toThrow(/wrong master key/);
      await readsBack(database, { ANYTIME_MASTER_KEY: newKey.toString('base64') }, w);
    } finally {
      await database.drop();
    }
  });

  it('makes a new key file (0600) in key file mode and re-encrypts all', async () => {
    const database = await createTestDatabase();
    try {
      // Key file mode: no ANYTIME_MASTER_KEY (an empty value is unset). PostgreSQL accepts a key
      // file only when it is already there.
      const noEnvKey = { ANYTIME_MASTER_KEY: '' };
      const env: Record<string, string> = { ...TEST_ENV, ...database.env, ...noEnvKey };
      const file = join(env['DATA_DIR']!, MASTER_KEY_FILE);
      if (testBackend() === 'postgres') writeFileSync(file, randomBytes(32), { mode: 0o600 });
      const w = await world(database, noEnvKey);
      const oldKey = readFileSync(file);
      const out: string[] = [];
      await runRotateKeysCli(env, ['--reencrypt-all', '--new-master-key'], (l) => out.push(l));
      expect(out.filter((l) => l.includes('"reencrypt"'))).toHaveLength(1);
      expect(readFileSync(file).equals(oldKey)).toBe(false);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await readsBack(database, noEnvKey, w);
    } finally {
      await database.drop();
    }
  });

  it('refuses to run without a task, and --new-master-key with ANYTIME_MASTER_KEY', async () => {
    const env = { ...TEST_ENV, DATA_DIR: tmp, ANYTIME_MASTER_KEY: randomBytes(32).toString('base64') };
    await expect(runRotateKeysCli(env, [], () => undefined)).rejects.toThrow(/say what to do/);
    await expect(runRotateKeysCli(env, ['--new-master-key'], () => undefined)).rejects.toThrow(
      /give the new key with --new-master-key-file/,
    );
  });
});
