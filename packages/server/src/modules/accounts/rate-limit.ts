// Fixed-window attempt counters, per key, in the node's memory: login throttling and the
// per-user send limit on SQLite (one node; on PostgreSQL those use SharedRateLimiter, counted
// across nodes), and typing and presence-subscribe throttling everywhere (per connection).
export interface Limiter {
  /** Counts one attempt; resolves to 0 when allowed, else the seconds until the window resets. */
  hit(key: string): number | Promise<number>;
}

export class RateLimiter implements Limiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string): number {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.sweep(t);
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000));
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
