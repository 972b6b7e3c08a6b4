// Fresh, empty databases for tests and the benchmark: a new SQLite directory, or a new
// PostgreSQL database created from an admin connection and dropped afterwards. Kept apart from
// testing.ts so that tools can use it without loading the server (`@anytime/server/test-databases`).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const TEST_PG_ADMIN_URL = process.env['ANYTIME_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testBackend(): 'sqlite' | 'postgres' {
  return process.env['ANYTIME_TEST_DB'] === 'postgres' ? 'postgres' : 'sqlite';
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** Server environment that points at the database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export interface PostgresDatabase extends TestDatabase {
  name: string;
  url: string;
}

/**
 * A fresh, empty PostgreSQL database, dropped by drop(). `adminUrl` names any database the
 * user may connect to and create databases from.
 */
export async function createPostgresDatabase(
  adminUrl: string = TEST_PG_ADMIN_URL,
  prefix = 'anytime_t',
): Promise<PostgresDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // Every node of a shared database needs the same master key of encryption at rest.
    env: { DATABASE_URL: url.toString(), ANYTIME_MASTER_KEY: randomBytes(32).toString('base64') },
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A fresh, empty database for the backend under test, described as server environment. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'anytime-test-'));
  if (testBackend() === 'postgres') {
    // Files (media blobs, uploads) go to a directory of their own too, not ./data.
    const db = await createPostgresDatabase().catch((e: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    });
    return {
      env: { ...db.env, DATA_DIR: dir },
      drop: async () => {
        await db.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
