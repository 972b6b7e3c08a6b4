// Reconnect delays: exponential growth with "full jitter" (a uniform pick in [0, cap]), so many
// clients that lost the same server do not come back in lockstep.
export interface BackoffOptions {
  /** Ceiling of the first delay, ms. */
  baseMs?: number;
  /** Largest delay, ms. */
  capMs?: number;
  /** Source of randomness in [0, 1). */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.baseMs = opts.baseMs ?? 500;
    this.capMs = opts.capMs ?? 30_000;
    this.random = opts.random ?? Math.random;
  }

  get attempts(): number {
    return this.attempt;
  }

  /** The ceiling for the next delay: base * 2^attempt, at most cap. */
  ceiling(): number {
    return Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
  }

  /** The next delay in ms, and counts the attempt. */
  next(): number {
    const delay = Math.floor(this.random() * this.ceiling());
    this.attempt += 1;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
