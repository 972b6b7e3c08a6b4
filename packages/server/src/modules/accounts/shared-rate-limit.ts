// Fixed-window counters shared by every node through PostgreSQL (table rate_windows): the same
// answers as RateLimiter, but a user or address that spreads attempts over N nodes still gets
// the limit once, not N times. One upsert per attempt, outside any transaction; every
// SWEEP_EVERY attempts, the node also deletes this limiter's expired windows (sign-in attempts
// with made-up usernames would otherwise leave rows behind forever).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { Limiter } from './rate-limit.js';

const SWEEP_EVERY = 1_000;

export class SharedRateLimiter implements Limiter {
  private hits = 0;

  constructor(
    private readonly db: Kysely<DB>,
    /** Keeps the keys of different limiters apart in the one table. */
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string): Promise<number> {
    if (++this.hits % SWEEP_EVERY === 0) void this.sweep().catch(() => undefined);
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
