// Migration 0016 on a real database of the backend under test: messages.sealed is null on plain
// messages, one envelope and one reveal per (message, device), one history record per
// (account, key), and a backup row per account.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { direct, registerUser, send } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

it(`adds messages.sealed, sealed_*, key_backups and key_history on ${testBackend()}`, async () => {
  const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  const conv = await direct(s.url, a, b);
  const m = (await send(s.url, a, conv, 'plain')).body.message;
  const db = s.server.ctx.storage;
  const row = await db.read.selectFrom('messages').select('sealed').where('id', '=', m.id).executeTakeFirstOrThrow();
  expect(row.sealed).toBeNull();

  const envelope = { message_id: m.id, device_id: b.deviceId, user_id: b.user.id, enc: 'e', ciphertext: 'c' };
  await db.write((tx) => tx.db.insertInto('sealed_envelopes').values(envelope).execute());
  await expect(db.write((tx) => tx.db.insertInto('sealed_envelopes').values(envelope).execute())).rejects.toThrow();
  const reveal = { message_id: m.id, device_id: b.deviceId, user_id: b.user.id, at: new Date().toISOString() };
  await db.write((tx) => tx.db.insertInto('sealed_reveals').values(reveal).execute());
  await expect(db.write((tx) => tx.db.insertInto('sealed_reveals').values(reveal).execute())).rejects.toThrow();

  const record = {
    user_id: a.user.id,
    record_key: 'k1',
    nonce: 'n',
    ciphertext: 'c',
    created_at: new Date().toISOString(),
  };
  await db.write((tx) =>
    tx.db
      .insertInto('key_history')
      .values({ ...record, pos: 1 })
      .execute(),
  );
  // Same key again (even at another pos) and same pos again are refused.
  await expect(
    db.write((tx) =>
      tx.db
        .insertInto('key_history')
        .values({ ...record, pos: 2 })
        .execute(),
    ),
  ).rejects.toThrow();
  await expect(
    db.write((tx) =>
      tx.db
        .insertInto('key_history')
        .values({ ...record, record_key: 'k2', pos: 1 })
        .execute(),
    ),
  ).rejects.toThrow();
  // Another account may use the same key.
  await db.write((tx) =>
    tx.db
      .insertInto('key_history')
      .values({ ...record, user_id: b.user.id, pos: 1 })
      .execute(),
  );

  const backup = {
    user_id: a.user.id,
    version: 1,
    kdf: '{}',
    nonce: 'n',
    ciphertext: 'c',
    updated_at: new Date().toISOString(),
  };
  await db.write((tx) => tx.db.insertInto('key_backups').values(backup).execute());
  await expect(db.write((tx) => tx.db.insertInto('key_backups').values(backup).execute())).rejects.toThrow();
});
