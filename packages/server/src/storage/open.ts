// Chooses the storage backend from config (the one place that decides) and applies migrations.
import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import type { Config } from '../config.js';
import { migrationsFor } from './migrations/index.js';
import { PostgresStorage } from './postgres.js';
import type { DB } from './schema.js';
import { SqliteStorage } from './sqlite.js';
import type { Dialect, Storage } from './storage.js';

export async function migrate(db: Kysely<DB>, dialect: Dialect): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(dialect) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

export async function openStorage(
  config: Pick<Config, 'DATABASE_URL' | 'dataDir' | 'SQLITE_BATCH_MAX'>,
  onError: (e: unknown) => void,
): Promise<Storage> {
  if (config.DATABASE_URL) {
    const storage = new PostgresStorage(config.DATABASE_URL, onError);
    await migrate(storage.read, 'postgres');
    return storage;
  }
  const { storage, migrator } = SqliteStorage.create(config.dataDir, config.SQLITE_BATCH_MAX);
  await migrate(migrator, 'sqlite');
  storage.startCheckpoints((message) => onError(new Error(`WAL checkpoint: ${message}`)));
  return storage;
}
