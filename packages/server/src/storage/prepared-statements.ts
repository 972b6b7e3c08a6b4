// Named (prepared) statements on PostgreSQL. node-postgres sends every query as an unnamed
// statement, which PostgreSQL parses, analyses and plans on every call: on the send path that
// was about a third of PostgreSQL's CPU (perf, docs/benchmarks.md). A statement text seen again
// is given a name derived from the text, so each connection parses it once and PostgreSQL
// reuses its plan (a generic plan once that is no costlier than the custom ones, plan_cache_mode
// auto). Only statements with parameters are named. Texts seen only once (ad hoc queries, `in`
// lists of a new length) stay unnamed, and the number of names is capped, so a connection holds
// a bounded number of prepared statements.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Most statement texts given a name per process; later new texts stay unnamed. */
const MAX_NAMED = 2_000;
/** Texts remembered as seen once; forgotten all at once when there are more. */
const MAX_SEEN = 20_000;

export class StatementNames {
  private readonly named = new Map<string, string>();
  private seen = new Set<string>();
  /** Texts whose prepared plan went stale: they run unnamed from then on. */
  private readonly stale = new Set<string>();

  constructor(private readonly maxNamed = MAX_NAMED) {}

  /** The name for this text, or undefined while it has been seen only once (or names ran out). */
  nameFor(text: string): string | undefined {
    const name = this.named.get(text);
    if (name !== undefined || this.named.size >= this.maxNamed || this.stale.has(text)) return name;
    if (!this.seen.has(text)) {
      if (this.seen.size >= MAX_SEEN) this.seen = new Set();
      this.seen.add(text);
      return undefined;
    }
    this.seen.delete(text);
    const made = `s_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.named.set(text, made);
    return made;
  }

  /**
   * The statement's prepared plan no longer fits its tables: a migration of a newer node added
   * columns that its `select *` now returns, which PostgreSQL refuses ("cached plan must not
   * change result type") on every connection that prepared it. The text runs unnamed from now
   * on, so the query fails once (its transaction is retried by the caller) instead of until
   * this node restarts.
   */
  forget(text: string): void {
    this.named.delete(text);
    this.stale.add(text);
  }

  get size(): number {
    return this.named.size;
  }
}

/** Makes a pool client run repeated `query(text, values)` calls as named statements. */
export function nameRepeatedStatements(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    // Only statements with parameters: a text without any may hold several statements (the
    // simple protocol allows that, a prepared statement does not), and costs little to plan.
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = names.nameFor(config);
      if (name !== undefined) {
        return (query({ name, text: config, values }) as Promise<unknown>).catch((err: unknown) => {
          if (isStalePlan(err)) names.forget(config);
          throw err;
        });
      }
    }
    return callback === undefined ? query(config, values) : query(config, values, callback);
  };
  client.query = named as typeof client.query;
}

/** PostgreSQL's refusal of a prepared statement whose result columns changed (SQLSTATE 0A000). */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan');
}
