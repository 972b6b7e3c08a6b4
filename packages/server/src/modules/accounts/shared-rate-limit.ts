// Fixed-window counters shared by every node through PostgreSQL (table rate_windows): the same
// answers as RateLimiter, but a user or address that spreads attempts over N nodes still gets
// the limit once, not N times. One upsert per attempt: on its own (hit), or as part of another
// statement inside the caller's transaction (attempt + settle: the send's seq statement,
// messages/actions.ts), where it commits or rolls back with that transaction. A key seen over its
// limit is refused from memory until its window ends: no node can count it back under the limit
// before then (a window only resets once it has ended), so the answer is the database's. Every
// SWEEP_EVERY attempts, the node also deletes this limiter's expired windows (sign-in attempts
// with made-up usernames would otherwise leave rows behind forever).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { Limiter } from './rate-limit.js';

const SWEEP_EVERY = 1_000;
/** Keys remembered as refused; forgotten all at once when there are more. */
const MAX_REFUSED = 100_000;

/** The row of a counted attempt: when its window started and how many attempts it holds. */
export interface CountedWindow {
  window_start: number;
  count: number;
}

/** One attempt to count inside another statement (see countAttempt). */
export interface Attempt {
  /** The key with its limiter's prefix, as stored. */
  key: string;
  /** The attempt's time, ms. */
  t: number;
  /** A window that started at or before this has ended. */
  expired: number;
}

/**
 * The upsert that counts one attempt and returns its window (window_start, count); usable as a
 * common table expression of another statement. Its values may be placeholders.
 */
export function countAttempt(key: unknown, t: unknown, expired: unknown): RawBuilder<CountedWindow> {
  return sql<CountedWindow>`
      INSERT INTO rate_windows (key, window_start, count) VALUES (${key}, ${t}::bigint, 1)
      ON CONFLICT (key) DO UPDATE SET
        window_start = CASE WHEN rate_windows.window_start <= ${expired}::bigint THEN ${t}::bigint
                            ELSE rate_windows.window_start END,
        count = CASE WHEN rate_windows.window_start <= ${expired}::bigint THEN 1 ELSE rate_windows.count + 1 END
      RETURNING window_start, count`;
}

export class SharedRateLimiter implements Limiter {
  private hits = 0;
  /** Keys over the limit, with the end of their window (ms). */
  private refused = new Map<string, number>();

  constructor(
    private readonly db: Kysely<DB>,
    /** Keeps the keys of different limiters apart in the one table. */
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string): Promise<number> {
    const a = this.attempt(key);
    if (typeof a === 'number') return a;
    const { rows } = await countAttempt(a.key, a.t, a.expired).execute(this.db);
    return this.settle(a, rows[0]!);
  }

  /**
   * Seconds to wait when the key is known to be over the limit in its current window; else the
   * attempt to count (then settle its window).
   */
  attempt(key: string): number | Attempt {
    if (++this.hits % SWEEP_EVERY === 0) void this.sweep().catch(() => undefined);
    const t = this.now();
    const k = this.prefix + key;
    const until = this.refused.get(k);
    if (until !== undefined) {
      if (t < until) return retryAfter(until, t);
      this.refused.delete(k);
    }
    return { key: k, t, expired: t - this.windowMs };
  }

  /** 0 when the counted attempt is within the limit, else the seconds until its window ends. */
  settle(a: Attempt, w: CountedWindow): number {
    if (w.count <= this.limit) return 0;
    const until = Number(w.window_start) + this.windowMs;
    if (this.refused.size >= MAX_REFUSED) this.refused = new Map();
    this.refused.set(a.key, until);
    return retryAfter(until, a.t);
  }

  /** Deletes this limiter's windows that have ended; resolves to how many. */
  async sweep(): Promise<number> {
    const r = await this.db
      .deleteFrom('rate_windows')
      .where('key', 'like', `${this.prefix.replace(/[\\%_]/g, '\\$&')}%`)
      .where('window_start', '<=', this.now() - this.windowMs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

function retryAfter(until: number, t: number): number {
  return Math.max(1, Math.ceil((until - t) / 1000));
}
