// Chooses the storage backend from config (the one place that decides), opens it with the
// at-rest encryption of message content (modules/at-rest) and applies migrations.
import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import type { Config } from '../config.js';
import { checkMasterKey } from '../modules/at-rest/check-master-key.js';
import { Keyring } from '../modules/at-rest/keyring.js';
import { loadMasterKey } from '../modules/at-rest/master-key.js';
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
  config: Pick<Config, 'DATABASE_URL' | 'dataDir' | 'SQLITE_BATCH_MAX' | 'ANYTIME_MASTER_KEY'>,
  onError: (e: unknown) => void,
): Promise<Storage> {
  const keyring = new Keyring(loadMasterKey({ ...config, postgres: config.DATABASE_URL !== undefined }));
  let storage: Storage;
  if (config.DATABASE_URL) {
    storage = new PostgresStorage(config.DATABASE_URL, onError, 10, keyring);
    await migrate(storage.read, 'postgres');
  } else {
    const opened = SqliteStorage.create(config.dataDir, config.SQLITE_BATCH_MAX, keyring);
    storage = opened.storage;
    await migrate(opened.migrator, 'sqlite');
    opened.storage.attachSearchFile();
    opened.storage.startCheckpoints((message) => onError(new Error(`WAL checkpoint: ${message}`)));
  }
  try {
    await checkMasterKey(storage.read, keyring.master);
  } catch (e) {
    await storage.close();
    throw e;
  }
  return storage;
}
