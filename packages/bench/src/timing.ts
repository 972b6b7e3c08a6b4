// Small waiting helpers and the per-scenario time budget (full run vs --quick).
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Polls `done` every `everyMs` until it is true or `timeoutMs` passed; returns whether it became true. */
export async function waitUntil(done: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

export interface Timing {
  /** Sending before measuring starts (JIT, caches, SQLite page cache). */
  warmupMs: number;
  /** The measured window of a throughput scenario. */
  durationMs: number;
  /** The measured window of the fixed-rate latency scenario. */
  latencyDurationMs: number;
  /** How long to wait for outstanding acks after sending stops. */
  drainMs: number;
  /** Scenario e: members of the big group and how many of them are connected. */
  bigGroup: { members: number; connected: number };
  /** Scenario h: messages a new device syncs. */
  syncMessages: number;
  /** Scenario f: messages searched over. */
  searchMessages: number;
}

export const FULL_TIMING: Timing = {
  warmupMs: 2_000,
  durationMs: 10_000,
  latencyDurationMs: 20_000,
  drainMs: 15_000,
  bigGroup: { members: 10_000, connected: 2_000 },
  syncMessages: 100_000,
  searchMessages: 1_000_000,
};
export const QUICK_TIMING: Timing = {
  warmupMs: 300,
  durationMs: 1_000,
  latencyDurationMs: 1_500,
  drainMs: 10_000,
  bigGroup: { members: 300, connected: 100 },
  syncMessages: 2_000,
  searchMessages: 50_000,
};
