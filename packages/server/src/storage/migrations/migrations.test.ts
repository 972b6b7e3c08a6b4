// Every migration applied to a real, fresh database of the backend under test.
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createTestDatabase, testBackend, TEST_ENV, type TestDatabase } from '../../testing.js';
import { migrate } from '../open.js';
import { PostgresStorage } from '../postgres.js';
import { SqliteStorage } from '../sqlite.js';
import { MIGRATION_NAMES } from './index.js';

let db: TestDatabase | undefined;
afterEach(async () => db?.drop());

it('numbers migrations 0001, 0002, ... without gaps', () => {
  MIGRATION_NAMES.forEach((name, i) => expect(name.slice(0, 4)).toBe(String(i + 1).padStart(4, '0')));
});

it(`applies every migration to a fresh ${testBackend()} database, once`, async () => {
  db = await createTestDatabase();
  const config = loadConfig({ ...TEST_ENV, ...db.env });
  const dialect = testBackend();
  const opened =
    dialect === 'postgres'
      ? { storage: new PostgresStorage(config.DATABASE_URL!), migrator: undefined }
      : SqliteStorage.create(config.dataDir, 16);
  const storage = opened.storage;
  const k = opened.migrator ?? storage.read;
  try {
    const first = await migrate(k, dialect);
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(MIGRATION_NAMES.map((n) => [n, 'Success']));
    const second = await migrate(k, dialect);
    expect(second.results).toEqual([]);
    // The schema works: a user, a conversation, an event that reads back in stream order.
    const now = new Date().toISOString();
    await storage.write(async (tx) => {
      await tx.db
        .insertInto('users')
        .values({
          id: 'u1',
          username: 'ann',
          display_name: 'Ann',
          about: '',
          password_hash: 'x',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await tx.append(
        {
          type: 'user.updated',
          at: now,
          user: { id: 'u1', username: 'ann', displayName: 'Ann', about: '', avatarUrl: null, createdAt: now },
        },
        { userId: 'u1' },
      );
    });
    // 0010_media: a blob, a media item using it, and sizes past 2^31 (bigint on PostgreSQL).
    await storage.write(async (tx) => {
      await tx.db.insertInto('blobs').values({ hash: 'h1', size: 5_000_000_000, created_at: now }).execute();
      await tx.db
        .insertInto('media')
        .values({
          id: 'm1',
          uploader_id: 'u1',
          kind: 'image',
          status: 'ready',
          content_type: 'image/jpeg',
          size: 5_000_000_000,
          file_name: null,
          width: 1,
          height: 1,
          duration_ms: null,
          placeholder: null,
          waveform: null,
          filter: null,
          variants: '{}',
          source_hash: 'h1',
          error: null,
          created_at: now,
        })
        .execute();
    });
    const media = await storage.read.selectFrom('media').select(['size', 'variants']).executeTakeFirstOrThrow();
    expect(Number(media.size)).toBe(5_000_000_000);
    expect(media.variants).toBe('{}');
    const events = await storage.readUserEvents('u1', { t: 0, p: 0 }, 10);
    expect(events.map((e) => e.type)).toEqual(['user.updated']);
    const dup = storage.write(async (tx) => {
      await tx.db
        .insertInto('users')
        .values({
          id: 'u2',
          username: 'ann',
          display_name: 'A',
          about: '',
          password_hash: 'x',
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    await expect(dup).rejects.toThrow();
    const count = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM users`.execute(storage.read);
    expect(Number(count.rows[0]!.n)).toBe(1);
  } finally {
    await storage.close();
  }
});
