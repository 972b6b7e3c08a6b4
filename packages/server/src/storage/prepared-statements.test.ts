// Named statements on a real PostgreSQL (always, whatever ANYTIME_TEST_DB says): a text run a
// second time becomes a prepared statement of the connection and gives the right results with
// new parameters; a text run once stays unnamed; the names are capped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createPostgresDatabase, type PostgresDatabase } from '../test-databases.js';
import { PostgresStorage } from './postgres.js';
import { StatementNames } from './prepared-statements.js';

let db: PostgresDatabase;
let storage: PostgresStorage;

beforeAll(async () => {
  db = await createPostgresDatabase();
  // One connection, so that every query below runs on the one whose statements are listed.
  storage = new PostgresStorage(db.url, undefined, 1);
});

afterAll(async () => {
  await storage.close();
  await db.drop();
});

const prepared = async () =>
  (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(storage.read)).rows.map(
    (r) => r.statement,
  );

describe('named statements on PostgreSQL', () => {
  it('prepares a statement text on its second run, and reuses it with new parameters', async () => {
    const twice = (n: number) => sql<{ v: number }>`SELECT ${n}::int + 1 AS v /* twice */`.execute(storage.read);
    expect((await twice(1)).rows).toEqual([{ v: 2 }]);
    expect((await prepared()).some((s) => s.includes('/* twice */'))).toBe(false);
    expect((await twice(2)).rows).toEqual([{ v: 3 }]);
    expect((await twice(41)).rows).toEqual([{ v: 42 }]);
    expect((await prepared()).filter((s) => s.includes('/* twice */'))).toHaveLength(1);
    expect(storage.stats()['prepared_statements']).toBeGreaterThanOrEqual(1);
  });

  it('leaves a text run once, or one without parameters, unnamed', async () => {
    await sql`SELECT ${1}::int AS once /* once */`.execute(storage.read);
    for (let i = 0; i < 3; i++) await sql`SELECT 1 AS bare /* bare */; SELECT 2`.execute(storage.read);
    const names = await prepared();
    expect(names.some((s) => s.includes('/* once */') || s.includes('/* bare */'))).toBe(false);
  });

  it('runs a text unnamed once a migration changed what its prepared plan returns', async () => {
    await sql`CREATE TABLE stale_plan (a int)`.execute(storage.read);
    await sql`INSERT INTO stale_plan VALUES (1)`.execute(storage.read);
    const all = () => sql<Record<string, number>>`SELECT * FROM stale_plan WHERE a = ${1}`.execute(storage.read);
    await all();
    expect((await all()).rows).toEqual([{ a: 1 }]); // now a prepared statement of the connection
    await sql`ALTER TABLE stale_plan ADD COLUMN b int DEFAULT 7`.execute(storage.read);
    await expect(all()).rejects.toThrow(/cached plan must not change result type/);
    expect((await all()).rows).toEqual([{ a: 1, b: 7 }]);
    expect((await all()).rows).toEqual([{ a: 1, b: 7 }]);
  });

  it('names at most the given number of texts', () => {
    const names = new StatementNames(2);
    const seenTwice = (text: string) => [names.nameFor(text), names.nameFor(text)];
    const [first, a] = seenTwice('a');
    expect(first).toBeUndefined();
    expect(a).toMatch(/^s_/);
    expect(names.nameFor('a')).toBe(a);
    expect(seenTwice('b')[1]).toMatch(/^s_/);
    expect(seenTwice('c')).toEqual([undefined, undefined]);
    expect(names.size).toBe(2);
  });
});
