// data_keys read and written on one database connection (the one inside the caller's
// transaction), with queries compiled for the backend's dialect.
import { DummyDriver, Kysely, type CompiledQuery, type DatabaseConnection, type Dialect } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { DataKeyRow, KeyTable } from './keyring.js';

/** A Kysely that only compiles queries for `inner`'s SQL dialect; they run elsewhere. */
export function compilerFor(inner: Dialect): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => inner.createAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => inner.createIntrospector(db),
      createQueryCompiler: () => inner.createQueryCompiler(),
    },
  });
}

/** `inserted` hears of every data key row this table inserted (key-journal.ts). */
export function keyTableOn(conn: DatabaseConnection, q: Kysely<DB>, inserted: (row: DataKeyRow) => void): KeyTable {
  const first = async (c: { compile(): CompiledQuery }) => (await conn.executeQuery<DataKeyRow>(c.compile())).rows[0];
  return {
    byId: (id) => first(q.selectFrom('data_keys').selectAll().where('id', '=', id)),
    newest: (scope) =>
      first(q.selectFrom('data_keys').selectAll().where('scope', '=', scope).orderBy('version', 'desc').limit(1)),
    insertIfAbsent: async (row) => {
      await conn.executeQuery(
        q
          .insertInto('data_keys')
          .values(row)
          .onConflict((oc) => oc.columns(['scope', 'version']).doNothing())
          .compile(),
      );
      inserted(row);
    },
  };
}

/** data_keys through a Kysely handle (a transaction's, or the read pool's for lookups only). */
export function keyTableOf(db: Kysely<DB>): KeyTable {
  return {
    byId: (id) => db.selectFrom('data_keys').selectAll().where('id', '=', id).executeTakeFirst(),
    newest: (scope) =>
      db
        .selectFrom('data_keys')
        .selectAll()
        .where('scope', '=', scope)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst(),
    insertIfAbsent: async (row) => {
      await db
        .insertInto('data_keys')
        .values(row)
        .onConflict((oc) => oc.columns(['scope', 'version']).doNothing())
        .execute();
    },
  };
}
