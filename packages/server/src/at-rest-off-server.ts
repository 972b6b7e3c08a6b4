// For the at-rest benchmark only (`--server-entry packages/server/dist/at-rest-off-server.js`,
// docs/benchmarks.md "Encryption at rest"): the real server with encryption at rest OFF, on
// SQLite: the same code, but its storage is opened without a keyring (nothing sealed, media not
// encrypted) and search indexes the plaintext as the server did before encryption at rest
// (at-rest-off/plain-search-index.ts). It lets the benchmark drive "on" and "off" through the
// same HTTP/WebSocket path in the same minutes. The server has no such switch: never run this
// on real data (it writes message text in the clear).
import { createServer } from './app.js';
import { createPlainSearchTables, plainSearchIndex } from './at-rest-off/plain-search-index.js';
import { loadConfig } from './config.js';
import { useSearchIndex } from './modules/search/search-index-for.js';
import { migrate } from './storage/open.js';
import { SqliteStorage } from './storage/sqlite.js';

const config = loadConfig();
if (config.DATABASE_URL) {
  console.error('the at-rest-off server runs on SQLite only');
  process.exit(1);
}
const server = await createServer(config, {
  openStorage: async (cfg, onError) => {
    const opened = SqliteStorage.create(cfg.dataDir, cfg.SQLITE_BATCH_MAX);
    await migrate(opened.migrator, 'sqlite');
    await createPlainSearchTables(opened.migrator);
    opened.storage.startCheckpoints((message) => onError(new Error(`WAL checkpoint: ${message}`)));
    useSearchIndex(opened.storage, plainSearchIndex);
    return opened.storage;
  },
});
const url = await server.listen();
process.stdout.write(`Anytime is running at ${url} (storage: SQLite in ${config.dataDir}, NOT encrypted at rest)\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
