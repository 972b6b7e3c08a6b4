// A data key made by a write that rolls back (its transaction, or on SQLite its savepoint inside a
// group commit) is forgotten with it (key-journal.ts): the keyring must not keep sealing the
// scope's values under a key whose row never committed, or they are unreadable after a restart.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { newId } from '../../ids.js';
import { openStorage } from '../../storage/open.js';
import type { Storage } from '../../storage/storage.js';
import { createTestDatabase, TEST_ENV } from '../../testing.js';

const event = (conversationId: string, text: string) => ({
  conversation_id: conversationId,
  user_id: null,
  seq: null,
  type: 'test.note',
  payload: text,
  created_at: new Date().toISOString(),
});

/** A write that seals a value under the conversation's data key (making it), then fails. */
const failingWrite = (storage: Storage, conversationId: string) =>
  storage.write(async (tx) => {
    await tx.db.insertInto('events').values(event(conversationId, 'words rolled back')).execute();
    throw new Error('refused after sealing');
  });

const keptWrite = (storage: Storage, conversationId: string, text: string) =>
  storage.write(async (tx) => {
    await tx.db.insertInto('events').values(event(conversationId, text)).execute();
  });

async function payloads(storage: Storage, conversationId: string): Promise<string[]> {
  const rows = await storage.read
    .selectFrom('events')
    .select('payload')
    .where('conversation_id', '=', conversationId)
    .orderBy('pos')
    .execute();
  return rows.map((r) => r.payload);
}

describe('data keys made by a write that rolls back', () => {
  it('are forgotten with it: later values of the scope still open after a restart', async () => {
    const database = await createTestDatabase();
    const env = { ...TEST_ENV, ...database.env, ANYTIME_MASTER_KEY: randomBytes(32).toString('base64') };
    const [alone, grouped] = [newId(), newId()];
    try {
      let storage = await openStorage(loadConfig(env), () => undefined);
      try {
        // A write that fails on its own (its whole transaction rolls back).
        await expect(failingWrite(storage, alone)).rejects.toThrow('refused after sealing');
        await keptWrite(storage, alone, 'kept after a lone rollback');
        // Queued together: on SQLite one group commit, where only the failing write's savepoint
        // rolls back and the next write continues in the same transaction.
        const failing = failingWrite(storage, grouped);
        const kept = keptWrite(storage, grouped, 'kept after a savepoint rollback');
        await expect(failing).rejects.toThrow('refused after sealing');
        await kept;
        await keptWrite(storage, grouped, 'kept in a later transaction');
        // This process reads them back either way (its keyring holds whatever key it used).
        expect(await payloads(storage, grouped)).toEqual([
          'kept after a savepoint rollback',
          'kept in a later transaction',
        ]);
      } finally {
        await storage.close();
      }
      // After a restart only the data_keys table can open them.
      storage = await openStorage(loadConfig(env), () => undefined);
      try {
        expect(await payloads(storage, grouped)).toEqual([
          'kept after a savepoint rollback',
          'kept in a later transaction',
        ]);
        expect(await payloads(storage, alone)).toEqual(['kept after a lone rollback']);
        const keys = await storage.read
          .selectFrom('data_keys')
          .select('scope')
          .where('scope', 'in', [`c:${alone}`, `c:${grouped}`])
          .execute();
        expect(keys.map((k) => k.scope).sort()).toEqual([`c:${alone}`, `c:${grouped}`].sort());
      } finally {
        await storage.close();
      }
    } finally {
      await database.drop();
    }
  });
});
