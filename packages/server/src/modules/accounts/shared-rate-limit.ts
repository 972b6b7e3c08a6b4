// Fixed-window counters shared by every node through PostgreSQL (table rate_windows): the same
// answers as RateLimiter, but a user or address that spreads attempts over N nodes still gets
// the limit once, not N times. One upsert per attempt, outside any transaction.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { Limiter } from './rate-limit.js';

export class SharedRateLimiter implements Limiter {
  constructor(
    private readonly db: Kysely<DB>,
    /** Keeps the keys of different limiters apart in the one table. */
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string): Promise<number> {
    const t = this.now();
    const expired = t - this.windowMs;
    const { rows } = await sql<{ window_start: number; count: number }>`
      INSERT INTO rate_windows (key, window_start, count) VALUES (${this.prefix + key}, ${t}, 1)
      ON CONFLICT (key) DO UPDATE SET
        window_start = CASE WHEN rate_windows.window_start <= ${expired}::bigint THEN ${t}::bigint
                            ELSE rate_windows.window_start END,
        count = CASE WHEN rate_windows.window_start <= ${expired}::bigint THEN 1 ELSE rate_windows.count + 1 END
      RETURNING window_start, count`.execute(this.db);
    const w = rows[0]!;
    if (w.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((Number(w.window_start) + this.windowMs - t) / 1000));
  }
}
