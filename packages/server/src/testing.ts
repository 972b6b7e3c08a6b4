// Test harness: a real server on a free loopback port with a fresh database: a new SQLite file,
// or (ANYTIME_TEST_DB=postgres) a new PostgreSQL database that is dropped on close.
import type { DestinationStream } from 'pino';
import { createServer, type AnytimeServer } from './app.js';
import { loadConfig } from './config.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

export {
  createPostgresDatabase,
  createTestDatabase,
  testBackend,
  TEST_PG_ADMIN_URL,
  type TestDatabase,
} from './test-databases.js';

export interface TestServer {
  url: string;
  server: AnytimeServer;
  env: Record<string, string>;
  close(): Promise<void>;
}

export const TEST_ENV: Record<string, string> = {
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
  PASSWORD_HASH_COST: '10',
  LOGIN_LIMIT_PER_IP: '100000',
  SEND_LIMIT_MESSAGES: '1000000',
  PRESENCE_OFFLINE_GRACE_MS: '0',
  VALIDATE_RESPONSES: 'true',
};

export async function startTestServer(
  opts: { env?: Record<string, string>; database?: TestDatabase; logDestination?: DestinationStream } = {},
): Promise<TestServer> {
  const database = opts.database ?? (await createTestDatabase());
  const env = { ...TEST_ENV, ...database.env, ...opts.env };
  const server = await createServer(loadConfig(env), { logDestination: opts.logDestination });
  const url = await server.listen();
  return {
    url,
    server,
    env,
    async close() {
      await server.close();
      if (!opts.database) await database.drop();
    },
  };
}
