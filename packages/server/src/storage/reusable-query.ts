// Fixed-shape queries on the hot write path, compiled once and reused. Kysely builds and
// compiles a query's operation tree on every call; on the send path that cost more CPU than
// SQLite itself. A reusable query is built once per dialect with placeholder arguments; each
// call swaps the real values into the compiled parameters and runs the SQL as it is. Only for
// queries whose shape never depends on the arguments (no `in` lists, no optional clauses).
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { paramColumnsOf, type SealableQuery, type SealParams } from '../modules/at-rest/param-sealing.js';
import type { DB } from './schema.js';

/** Stands for argument `index` while the query is compiled. */
class Placeholder {
  constructor(readonly index: number) {}
}

interface Template {
  sql: string;
  parameters: readonly unknown[];
  /** For an insert into a table with content sealed at rest: the column of each parameter. */
  seal: SealParams | undefined;
}

export type ReusableQuery<A extends unknown[], R> = (db: Kysely<DB>, ...args: A) => Promise<QueryResult<R>>;

export function reusableQuery<A extends unknown[], R>(
  arity: A['length'],
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
): ReusableQuery<A, R> {
  // One template per dialect: the compiled SQL differs (placeholders, quoting), the shape does not.
  const templates = new Map<unknown, Template>();
  return async (db, ...args) => {
    const key = db.getExecutor().adapter.constructor;
    let t = templates.get(key);
    if (!t) {
      const slots = Array.from({ length: arity }, (_, i) => new Placeholder(i)) as unknown as A;
      const compiled = build(db, ...slots).compile();
      const seal = paramColumnsOf(
        compiled.query,
        (v) => (v instanceof Placeholder ? v.index : undefined),
        (i) => compiled.parameters.findIndex((p) => p instanceof Placeholder && p.index === i),
      );
      t = { sql: compiled.sql, parameters: compiled.parameters, seal };
      templates.set(key, t);
    }
    const parameters = t.parameters.map((p) => (p instanceof Placeholder ? args[p.index] : p));
    const raw = CompiledQuery.raw(t.sql, parameters);
    const query: CompiledQuery<R> & SealableQuery = t.seal ? { ...raw, seal: t.seal } : raw;
    return db.executeQuery<R>(query);
  };
}
