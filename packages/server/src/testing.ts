// Test harness: a real server on a free loopback port with a fresh database: a new SQLite file,
// or (ANYTIME_TEST_DB=postgres) a new PostgreSQL database that is dropped on close.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { createServer, type AnytimeServer } from './app.js';
import { loadConfig } from './config.js';

export const TEST_PG_ADMIN_URL = process.env['ANYTIME_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testBackend(): 'sqlite' | 'postgres' {
  return process.env['ANYTIME_TEST_DB'] === 'postgres' ? 'postgres' : 'sqlite';
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database, dropped by drop(). */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `anytime_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A fresh, empty database for the backend under test, described as server environment. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testBackend() === 'postgres') return createPostgresDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'anytime-test-'));
  return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

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
