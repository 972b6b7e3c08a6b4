// Creates a fresh, uniquely named PostgreSQL database for one run (so results never depend on
// leftovers) and drops it afterwards.
export interface FreshDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function withClient(url: string, sql: string): Promise<void> {
  // Loaded only for --database-url runs: the default SQLite run needs no PostgreSQL driver.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `serverUrl` names any database the user may connect to and create databases from. */
export async function createFreshDatabase(serverUrl: string): Promise<FreshDatabase> {
  const name = `anytime_bench_${Date.now().toString(36)}_${process.pid}`;
  await withClient(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withClient(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
